// Legacy Word (.doc) through antiword, run with fork/exec (no shell) on a
// copy of the bytes in a private temporary directory, under a time limit.
// antiword's DocBook output (-x db) is read because it keeps what its text
// output loses: table rows and cells (OHCHR matrices are tables, which the
// text output lays out side by side in columns), lists, the title and the
// author. When that XML is unusable, the plain UTF-8 text output is read
// instead, split into paragraphs on blank lines.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "core/text.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/office_doc.hpp"
#include "indexer/extract/office_xml.hpp"
#include "indexer/extract/ooxml_numbering.hpp"

namespace hrdex::indexer::extract {
namespace {

using office::attr;
using office::is;

const char* const kInstallHint = "install antiword to read .doc files (apt-get install antiword)";

// A private directory holding one input file, removed with its content.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/hrdex-doc-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data())) path_ = buf.data();
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    if (path_.empty()) return;
    if (!file_.empty()) unlink(file_.c_str());
    rmdir(path_.c_str());
  }

  bool ok() const { return !path_.empty(); }

  // Writes `bytes` to a new file in the directory; empty on failure.
  std::string write(std::string_view name, std::string_view bytes) {
    file_ = path_ + "/" + std::string(name);
    int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      file_.clear();
      return {};
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        return {};
      }
      done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) return {};
    return file_;
  }

 private:
  std::string path_;
  std::string file_;
};

// The executable a command name resolves to, searched in PATH as execvp
// would; resolved here so the child needs nothing but execv.
std::optional<std::string> find_program(const std::string& program) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string::npos) {
    if (access(program.c_str(), X_OK) == 0) return program;
    return std::nullopt;
  }
  const char* env = std::getenv("PATH");
  std::string path = env && *env ? env : "/usr/local/bin:/usr/bin:/bin";
  for (const std::string& dir : core::split(path, ':')) {
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return std::nullopt;
}

struct RunResult {
  std::string out;
  std::string err;
  int status = 0;
  bool timed_out = false;
  bool too_large = false;
};

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

core::Expected<RunResult> run(const std::string& program, const std::vector<std::string>& args,
                              const AntiwordOptions& options) {
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return core::make_error("", std::string("cannot run antiword: ") + std::strerror(errno));
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return core::make_error("", std::string("cannot run antiword: ") + std::strerror(errno));
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) return core::make_error("", std::string("cannot run antiword: ") + std::strerror(errno));
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(out_write.get(), 1);
    dup2(err_write.get(), 2);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  out_write.reset();
  err_write.reset();

  RunResult result;
  const auto deadline = std::chrono::steady_clock::now() + options.time_limit;
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd fds[2] = {{out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}};
    if (!out_open) fds[0].fd = -1;
    if (!err_open) fds[1].fd = -1;
    int ready = poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
        continue;
      }
      std::string& target = i == 0 ? result.out : result.err;
      if (i == 1 && target.size() > 4096) continue;  // enough to explain a failure
      target.append(buf, static_cast<std::size_t>(n));
    }
    if (result.out.size() > options.max_output_bytes) {
      result.too_large = true;
      break;
    }
  }
  // A child that closed its output may still be running; it gets until the
  // deadline to exit.
  if (!result.timed_out && !result.too_large) {
    for (;;) {
      int status = 0;
      pid_t done = waitpid(pid, &status, WNOHANG);
      if (done == pid) {
        result.status = status;
        return result;
      }
      if (done < 0 && errno != EINTR) return result;
      if (std::chrono::steady_clock::now() >= deadline) {
        result.timed_out = true;
        break;
      }
      usleep(2000);
    }
  }
  kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = status;
  return result;
}

// antiword names the file in its messages; the temporary path means nothing
// to the user.
std::string first_line_without(const std::string& text, const std::string& path) {
  std::string line = text.substr(0, text.find('\n'));
  for (std::size_t at; !path.empty() && (at = line.find(path)) != std::string::npos;) line.replace(at, path.size(), "the file");
  return core::collapse_spaces(line);
}

class DocBookWalker {
 public:
  explicit DocBookWalker(ExtractedDocument& doc) : doc_(doc) {}

  void walk(const xmlNode* first, int section_depth) {
    for (const xmlNode* n = first; n; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) buffer_ += reinterpret_cast<const char*>(n->content);
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      if (is(n, "bookinfo")) {
        info(n);
      } else if (is(n, "chapter") || is(n, "section") || is(n, "sect1") || is(n, "sect2") || is(n, "sect3") ||
                 is(n, "sect4") || is(n, "sect5") || is(n, "appendix") || is(n, "preface")) {
        flush(BlockKind::paragraph);
        walk(n->children, section_depth + 1);
        flush(BlockKind::paragraph);
      } else if (is(n, "title")) {
        flush(BlockKind::paragraph);
        walk(n->children, section_depth);
        flush(BlockKind::heading, std::max(1, section_depth));
      } else if (is(n, "para") || is(n, "simpara") || is(n, "formalpara") || is(n, "blockquote")) {
        flush(BlockKind::paragraph);
        walk(n->children, section_depth);
        flush(BlockKind::paragraph);
      } else if (is(n, "itemizedlist") || is(n, "orderedlist")) {
        list(n, section_depth);
      } else if (is(n, "row")) {
        row(n);
      } else if (is(n, "footnote")) {
        footnote(n);
      } else if (is(n, "colspec") || is(n, "spanspec") || is(n, "indexterm") || is(n, "remark")) {
        continue;
      } else {
        walk(n->children, section_depth);
      }
    }
  }

  void finish() {
    flush(BlockKind::paragraph);
    for (Block& b : notes_) doc_.blocks.push_back(std::move(b));
    notes_.clear();
  }

 private:
  void info(const xmlNode* node) {
    for (const xmlNode* n = node->children; n; n = n->next) {
      if (is(n, "title")) {
        doc_.meta.title = office::clean_text(office::text_content(n));
        doc_.meta.title_from_properties = !doc_.meta.title.empty();
      } else if (is(n, "date")) doc_.meta.created = office::iso_date(office::text_content(n));
      else if (is(n, "author") || is(n, "authorgroup")) {
        std::string first, last;
        for (const xmlNode* p = n->children; p; p = p->next) {
          if (is(p, "firstname")) first = office::text_content(p);
          if (is(p, "surname")) last = office::text_content(p);
        }
        doc_.meta.author = office::clean_text(first + " " + last);
      }
    }
  }

  void list(const xmlNode* list_node, int section_depth) {
    flush(BlockKind::paragraph);
    bool ordered = is(list_node, "orderedlist");
    std::string numeration = attr(list_node, "numeration");
    std::string format = numeration == "loweralpha"   ? "lowerLetter"
                         : numeration == "upperalpha" ? "upperLetter"
                         : numeration == "lowerroman" ? "lowerRoman"
                         : numeration == "upperroman" ? "upperRoman"
                                                      : "decimal";
    long counter = 0;
    ++depth_;
    for (const xmlNode* item = list_node->children; item; item = item->next) {
      if (!is(item, "listitem")) continue;
      std::string number = ordered ? ooxml::format_counter(++counter, format) + "." : "•";
      // The item's first paragraph carries the number; nested lists and
      // further paragraphs follow as their own blocks.
      pending_number_ = number;
      walk(item->children, section_depth);
      flush(BlockKind::paragraph);
      pending_number_.clear();
    }
    --depth_;
  }

  void row(const xmlNode* row_node) {
    flush(BlockKind::paragraph);
    Block b;
    b.kind = BlockKind::table_row;
    for (const xmlNode* e = row_node->children; e; e = e->next) {
      if (!is(e, "entry")) continue;
      // antiword writes each paragraph and line break of a cell on a line.
      std::string text = office::text_content(e);
      std::replace(text.begin(), text.end(), '\n', office::kLineBreak);
      b.cells.push_back(office::clean_lines(text));
    }
    b.text = table_row_text(b.cells);
    if (!b.text.empty()) doc_.blocks.push_back(std::move(b));
  }

  void footnote(const xmlNode* note) {
    Block b;
    b.kind = BlockKind::footnote;
    b.text = office::clean_text(office::text_content(note));
    b.number = std::to_string(notes_.size() + 1);
    if (!b.text.empty()) notes_.push_back(std::move(b));
  }

  void flush(BlockKind kind, int level = 0) {
    std::string text = office::clean_text(buffer_);
    buffer_.clear();
    if (text.empty()) return;
    Block b;
    b.kind = kind;
    b.text = std::move(text);
    b.level = level;
    if (kind == BlockKind::paragraph && depth_ > 0) {
      b.kind = BlockKind::list_item;
      b.level = depth_ - 1;
      b.number = std::move(pending_number_);
      pending_number_.clear();
    }
    doc_.blocks.push_back(std::move(b));
  }

  ExtractedDocument& doc_;
  std::string buffer_;
  std::string pending_number_;
  int depth_ = 0;
  std::vector<Block> notes_;
};

void read_docbook(const xmlDoc* tree, ExtractedDocument& doc) {
  const xmlNode* root = xmlDocGetRootElement(tree);
  doc.meta.language = office::iso639_1(attr(root, "lang"));
  DocBookWalker walker(doc);
  walker.walk(root->children, 0);
  walker.finish();
}

void read_plain_text(std::string_view text, ExtractedDocument& doc) {
  std::string paragraph;
  auto flush = [&] {
    std::string clean = office::clean_text(paragraph);
    paragraph.clear();
    if (clean.empty()) return;
    Block b;
    b.text = std::move(clean);
    doc.blocks.push_back(std::move(b));
  };
  for (const std::string& line : core::split(text, '\n')) {
    if (core::trim(line).empty()) {
      flush();
      continue;
    }
    paragraph += line;
    paragraph += ' ';
  }
  flush();
}

}  // namespace

core::Expected<ExtractedDocument> extract_doc_with(std::string_view bytes, const AntiwordOptions& options) {
  std::string wanted = options.program;
  if (wanted.empty()) {
    const char* env = std::getenv("HRDEX_ANTIWORD");
    wanted = env && *env ? env : "antiword";
  }
  std::optional<std::string> program = find_program(wanted);
  if (!program) return core::make_error("", kInstallHint);

  TempDir dir;
  if (!dir.ok()) return core::make_error("", std::string("cannot create a temporary directory for antiword: ") + std::strerror(errno));
  std::string input = dir.write("input.doc", bytes);
  if (input.empty()) return core::make_error("", std::string("cannot write a temporary copy for antiword: ") + std::strerror(errno));

  auto explain = [&](const RunResult& r) -> std::optional<core::Error> {
    auto seconds = std::to_string((options.time_limit.count() + 999) / 1000);
    if (r.timed_out) return core::make_error("", "antiword took longer than " + seconds + " s; gave up");
    if (r.too_large) return core::make_error("", "antiword output exceeds " + std::to_string(options.max_output_bytes >> 20) + " MiB; gave up");
    if (WIFSIGNALED(r.status))
      return core::make_error("", "antiword crashed (signal " + std::to_string(WTERMSIG(r.status)) + ") reading it");
    if (WIFEXITED(r.status) && WEXITSTATUS(r.status) == 127 && r.out.empty() && r.err.empty()) return core::make_error("", kInstallHint);
    if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0) {
      std::string why = first_line_without(r.err, input);
      return core::make_error("", "not a readable DOC (antiword: " + (why.empty() ? "failed" : why) + ")");
    }
    return std::nullopt;
  };

  ExtractedDocument doc;
  doc.format = Format::doc;
  auto xml_run = run(*program, {"-x", "db", input}, options);
  if (!xml_run) return xml_run.error();
  if (auto error = explain(*xml_run)) return *error;
  auto tree = office::parse_xml(xml_run->out, "DOC", "antiword's DocBook output");
  if (tree) read_docbook(tree->get(), doc);

  if (doc.blocks.empty()) {
    // Malformed XML or nothing in it: the plain text output is the fallback.
    ExtractedDocument plain;
    plain.format = Format::doc;
    plain.meta = doc.meta;
    auto text_run = run(*program, {"-m", "UTF-8.txt", "-w", "0", input}, options);
    if (!text_run) return text_run.error();
    if (auto error = explain(*text_run)) return *error;
    read_plain_text(core::repair_utf8(text_run->out), plain);
    if (!tree) plain.warnings.push_back("antiword's structured output was unusable (" + tree.error().what + "); read as plain text");
    doc = std::move(plain);
  }
  office::fill_title_from_headings(doc);
  if (doc.blocks.empty()) return core::make_error("", "no text in DOC");
  return doc;
}

core::Expected<ExtractedDocument> extract_doc(std::string_view bytes) { return extract_doc_with(bytes, AntiwordOptions{}); }

}  // namespace hrdex::indexer::extract
