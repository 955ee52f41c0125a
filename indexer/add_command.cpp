#include "indexer/add_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <ostream>
#include <stdexcept>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/ingest.hpp"
#include "indexer/pipeline/cpu_time.hpp"
#include "indexer/pipeline/manifest.hpp"
#include "indexer/pipeline/progress.hpp"
#include "indexer/pipeline/transport.hpp"
#include "indexer/pipeline/worker_pool.hpp"
#include "indexer/write/format_copies.hpp"
#include "indexer/write/index_writer.hpp"

namespace hrdex::indexer {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kFailedKeyPrefix = core::schema::kMetaFailedPrefix;
// A file left out as a copy, in another format, of a document the index
// keeps (write/format_copies.hpp), so the next run need not read it again.
constexpr std::string_view kCopyKeyPrefix = core::schema::kMetaCopyPrefix;
constexpr auto kCommitInterval = std::chrono::seconds(10);

std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) { g_interrupted = true; }

// A file found on disk, before anything is read from it.
struct Candidate {
  fs::path path;
  std::string id;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
};

struct Failure {
  std::string path;
  std::string reason;  // without the path: "no text layer (scanned image?)"
  std::string status;  // failed, crashed, timed_out, failed_before
};

struct Duplicate {
  std::string path;
  std::string same_as;
  bool another_format = false;  // the same document's units, not the same bytes
};

struct Summary {
  std::size_t indexed = 0, unchanged = 0, pruned = 0, units = 0, pages = 0, not_done = 0;
  std::size_t other_shards = 0;  // files of other shards than --shard's
  std::vector<std::string> skipped;  // files in folders that are not documents (collect_files)
  std::uint64_t bytes = 0;
  std::vector<Failure> failures;
  std::vector<Duplicate> duplicates;
  std::vector<std::string> warnings;
  bool interrupted = false;
  double seconds = 0;
  // CPU seconds by stage: the workers' (summed over files), the writer's
  // (this process's thread that adds and commits), and the whole run's.
  pipeline::StageTimes workers;
  double writing = 0, cpu = 0;
};

std::int64_t mtime_of(const fs::path& p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::file_clock::to_sys(t).time_since_epoch()).count();
}

fs::path canonical_of(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

// What was recorded about a file that failed, so it is not retried until it
// changes. Stored in the index's metadata, keyed by the file's id.
struct FailureRecord {
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  std::string reason;
};

// What was recorded about a file left out as a copy in another format: it
// stays left out while neither it nor the copy kept has changed.
struct CopyRecord {
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  std::string kept_id, kept_hash;
};

std::optional<CopyRecord> read_copy(const write::IndexWriter& writer, const std::string& id) {
  json j = json::parse(writer.metadata(std::string(kCopyKeyPrefix) + id), nullptr, false);
  if (!j.is_object()) return std::nullopt;
  return CopyRecord{j.value("path", ""), j.value("size", std::uint64_t{0}), j.value("mtime", std::int64_t{0}),
                    j.value("kept_id", ""), j.value("kept_hash", "")};
}

std::optional<FailureRecord> read_failure(const write::IndexWriter& writer, const std::string& id) {
  std::string text = writer.metadata(std::string(kFailedKeyPrefix) + id);
  if (text.empty()) return std::nullopt;
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  FailureRecord r;
  r.path = j.value("path", "");
  r.size = j.value("size", std::uint64_t{0});
  r.mtime = j.value("mtime", std::int64_t{0});
  r.reason = j.value("reason", "");
  return r;
}

// The test-only fault hook: with HRDEX_TEST_FAULTS=1 in the environment, a
// file whose name contains "hrdex-test-abort" aborts its worker and one with
// "hrdex-test-hang" hangs it, so tests can prove a crash or a hang in a
// parsing library costs one file and not the run.
void maybe_inject_fault(const std::string& path) {
  static const bool enabled = [] {
    const char* v = std::getenv("HRDEX_TEST_FAULTS");
    return v && std::string_view(v) == "1";
  }();
  if (!enabled) return;
  if (path.find("hrdex-test-abort") != std::string::npos) std::abort();
  if (path.find("hrdex-test-hang") != std::string::npos)
    while (true) pause();
}

// A task crosses the pipe as the path, then (after a unit separator) the
// manifest's overrides for it as JSON.
std::string task_input(const fs::path& path, const DocumentOverrides* o) {
  std::string input = path.string();
  if (!o) return input;
  json j = {{"kind", o->kind}, {"symbol", o->symbol}, {"state", o->state}, {"date", o->date},
            {"language", o->language}, {"title", o->title}, {"source_url", o->source_url}};
  return input + '\x1f' + j.dump();
}

std::string prepare_in_worker(const std::string& input, const tag::UnitTagger* tagger, bool ocr) {
  auto sep = input.find('\x1f');
  std::string path = input.substr(0, sep);
  DocumentOverrides overrides;
  if (sep != std::string::npos) {
    json j = json::parse(input.substr(sep + 1));
    overrides.kind = j.value("kind", "");
    overrides.symbol = j.value("symbol", "");
    overrides.state = j.value("state", "");
    overrides.date = j.value("date", "");
    overrides.language = j.value("language", "");
    overrides.title = j.value("title", "");
    overrides.source_url = j.value("source_url", "");
  }
  maybe_inject_fault(path);
  pipeline::StageTimes times;
  double start = pipeline::thread_cpu_seconds();
  auto doc = prepare_document(path, overrides, nullptr, ocr);
  if (!doc) throw std::runtime_error(pipeline::serialize(doc.error()));
  double now = pipeline::thread_cpu_seconds();
  times.reading = now - start;
  if (tagger) {
    tag_document(*doc, *tagger);
    times.tagging = pipeline::thread_cpu_seconds() - now;
  }
  return pipeline::serialize(*doc, times);
}

std::string status_name(pipeline::TaskResult::Status s) {
  switch (s) {
    case pipeline::TaskResult::Status::ok: return "ok";
    case pipeline::TaskResult::Status::failed: return "failed";
    case pipeline::TaskResult::Status::crashed: return "crashed";
    case pipeline::TaskResult::Status::timed_out: return "timed_out";
  }
  return "failed";
}

bool under(const std::string& path, const std::vector<fs::path>& roots) {
  for (const fs::path& root : roots) {
    std::string r = canonical_of(root).string();
    if (path == r) return true;
    if (!r.empty() && r.back() != '/') r += '/';
    if (path.compare(0, r.size(), r) == 0) return true;
  }
  return false;
}

void write_report(const fs::path& file, const AddOptions& options, const Summary& s) {
  json failed = json::array();
  for (const auto& f : s.failures) failed.push_back({{"path", f.path}, {"reason", f.reason}, {"status", f.status}});
  json duplicates = json::array();
  for (const auto& d : s.duplicates)
    duplicates.push_back({{"path", d.path}, {"same_as", d.same_as}, {"another_format", d.another_format}});
  std::map<std::string, std::size_t> by_reason;
  for (const auto& f : s.failures) ++by_reason[f.reason];
  json j = {{"index", options.db.string()},
            {"seconds", s.seconds},
            {"interrupted", s.interrupted},
            {"counts",
             {{"indexed", s.indexed},
              {"unchanged", s.unchanged},
              {"duplicates", s.duplicates.size()},
              {"failed", s.failures.size()},
              {"pruned", s.pruned},
              {"not_done", s.not_done},
              {"other_shards", s.other_shards},
              {"skipped", s.skipped.size()},
              {"units", s.units},
              {"pages", s.pages},
              {"bytes", s.bytes}}},
            {"cpu_seconds",
             {{"reading", s.workers.reading},
              {"tagging", s.workers.tagging},
              {"building", s.workers.building},
              {"writing", s.writing},
              {"total", s.cpu}}},
            {"failed_by_reason", by_reason},
            {"failed", failed},
            {"duplicates", duplicates},
            {"skipped", s.skipped}};
  std::ofstream out(file);
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  if (!out) throw std::runtime_error(file.string() + ": cannot write the report");
}

// Where the run's CPU went: the stages a worker times per file, the
// writer's thread, and the rest (starting workers, reading the index's
// state, pruning) in the whole.
void print_timings(std::ostream& out, const Summary& s) {
  char line[256];
  const double share = s.cpu > 0 ? 100 * s.workers.tagging / s.cpu : 0;
  std::snprintf(line, sizeof line,
                "CPU: reading and understanding %.2f s, tagging %.2f s (%.1f%%), building index documents %.2f s, "
                "writing %.2f s; in all %.2f s\n",
                s.workers.reading, s.workers.tagging, share, s.workers.building, s.writing, s.cpu);
  out << line;
}

void print_summary(std::ostream& out, const Summary& s) {
  out << (s.interrupted ? "interrupted: " : "") << "indexed " << s.indexed << " file" << (s.indexed == 1 ? "" : "s")
      << " (" << s.units << " units, " << s.pages << " pages)";
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f", s.seconds);
  out << " in " << secs << " s; unchanged " << s.unchanged << ", duplicates " << s.duplicates.size() << ", failed "
      << s.failures.size();
  if (s.pruned) out << ", pruned " << s.pruned;
  if (s.not_done) out << ", not done " << s.not_done;
  if (s.other_shards) out << ", other shards' " << s.other_shards;
  if (!s.skipped.empty()) {
    std::map<std::string, std::size_t> by_extension;
    for (const auto& f : s.skipped) ++by_extension[core::ascii_lower(fs::path(f).extension().string())];
    std::string counts;
    for (const auto& [ext, n] : by_extension) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + ext;
    out << ", skipped " << s.skipped.size() << " (not documents: " << counts << ")";
  }
  out << '\n';
  for (const auto& d : s.duplicates)
    if (d.another_format)
      out << "duplicate: " << d.path << " is the same document as " << d.same_as
          << " in another format; the index keeps " << d.same_as << '\n';
    else
      out << "duplicate: " << d.path << " has the same content as " << d.same_as << '\n';
  if (!s.failures.empty()) {
    std::map<std::string, std::size_t> by_reason;
    for (const auto& f : s.failures) ++by_reason[f.reason];
    out << "failed by reason:\n";
    for (const auto& [reason, n] : by_reason) out << "  " << n << "  " << reason << '\n';
  }
}

class AddRun {
 public:
  AddRun(const AddOptions& options, write::IndexWriter& writer, const pipeline::Manifest* manifest, std::ostream& out,
         std::ostream& err)
      : options_(options), writer_(writer), manifest_(manifest), out_(out), err_(err) {}

  int run() {
    auto start = std::chrono::steady_clock::now();
    FileList list = collect_files(options_.inputs);
    for (const auto& e : list.errors) fail(e.where, e.what, "failed");
    for (const auto& f : list.skipped) summary_.skipped.push_back(f.string());
    if (options_.shard) keep_shard(list.files);

    std::vector<Candidate> to_index = select(list.files);

    std::uint64_t bytes = 0;
    for (const auto& c : to_index) bytes += c.size;
    pipeline::ProgressStyle style = options_.quiet ? pipeline::ProgressStyle::quiet
                                    : options_.progress_bar.value_or(isatty(STDERR_FILENO) != 0)
                                        ? pipeline::ProgressStyle::bar
                                        : pipeline::ProgressStyle::lines;
    progress_.emplace(err_, style, to_index.size(), bytes);

    if (!to_index.empty() && !fatal_) ingest(to_index);
    if (options_.prune && !fatal_ && !summary_.interrupted) prune();
    if (!fatal_) commit();
    progress_->finish();
    // Ctrl-C asks for a prompt stop; the next run brings the column up.
    if (!fatal_ && !summary_.interrupted) writer_.refresh_columns(err_);

    summary_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary_.cpu = pipeline::process_cpu_seconds();
    print_summary(out_, summary_);
    if (options_.timings) print_timings(out_, summary_);
    if (options_.report) write_report(*options_.report, options_, summary_);
    if (fatal_) return kExitFatal;
    if (summary_.interrupted) return 130;
    return summary_.failures.empty() ? kExitOk : kExitSomeFailed;
  }

 private:
  void say(std::string_view severity, const std::string& message) {
    if (progress_) progress_->clear();
    err_ << "hrdex-index: " << severity << ": " << message << '\n';
  }

  void fail(const std::string& path, const std::string& reason, const std::string& status) {
    say("error", path + ": " + reason);
    summary_.failures.push_back({path, reason, status});
  }

  // Leaves the files of this shard; every process given the same files
  // and N agrees on which are whose.
  void keep_shard(std::vector<fs::path>& files) {
    const std::size_t before = files.size();
    std::erase_if(files, [&](const fs::path& f) {
      return !core::in_shard(write::document_id_for_path(canonical_of(f)), *options_.shard);
    });
    summary_.other_shards = before - files.size();
  }

  // Decides, file by file, what needs extracting: unchanged files and files
  // that failed before are skipped, duplicates are reported.
  std::vector<Candidate> select(const std::vector<fs::path>& files) {
    std::vector<Candidate> chosen;
    for (const fs::path& file : files) {
      Candidate c;
      c.path = file;
      c.id = write::document_id_for_path(canonical_of(file));
      std::error_code ec;
      c.size = fs::file_size(file, ec);
      c.mtime = mtime_of(file);
      auto existing = writer_.find(c.id);
      if (existing && existing->size == c.size && existing->mtime == c.mtime && !options_.reindex) {
        ++summary_.unchanged;
        continue;
      }
      if (!options_.retry_failed && !options_.reindex) {
        auto failure = read_failure(writer_, c.id);
        if (failure && failure->size == c.size && failure->mtime == c.mtime) {
          fail(file.string(), failure->reason, "failed_before");
          continue;
        }
      }
      if (!options_.reindex) {
        auto copy = read_copy(writer_, c.id);
        auto kept = copy ? writer_.find(copy->kept_id) : std::nullopt;
        std::error_code ec;
        if (copy && kept && copy->size == c.size && copy->mtime == c.mtime && kept->content_hash == copy->kept_hash &&
            fs::exists(kept->path, ec)) {
          summary_.duplicates.push_back({file.string(), kept->path, true});
          continue;
        }
      }
      // Only a file whose size or time changed, or that is new, is read here:
      // its hash tells a touched file from a changed one, and a copy from a
      // new document.
      auto bytes = extract::read_file_bytes(file);
      if (!bytes) {
        record_failure(c, bytes.error().what, "failed");
        continue;
      }
      std::string hash = core::content_hash(*bytes);
      if (existing && existing->content_hash == hash && !options_.reindex) {
        ++summary_.unchanged;
        continue;
      }
      if (auto other = duplicate_of(hash, c.id)) {
        summary_.duplicates.push_back({file.string(), *other});
        continue;
      }
      hashes_this_run_.emplace(hash, file.string());
      chosen.push_back(std::move(c));
    }
    return chosen;
  }

  std::optional<std::string> duplicate_of(const std::string& hash, const std::string& id) {
    if (auto it = hashes_this_run_.find(hash); it != hashes_this_run_.end()) return it->second;
    for (const auto& record : writer_.documents_with_hash(hash)) {
      std::error_code ec;
      if (record.id != id && fs::exists(record.path, ec)) return record.path;
    }
    return std::nullopt;
  }

  void record_failure(const Candidate& c, const std::string& reason, const std::string& status) {
    fail(c.path.string(), reason, status);
    json j = {{"path", canonical_of(c.path).string()}, {"size", c.size}, {"mtime", c.mtime}, {"reason", reason}};
    if (auto s = writer_.set_metadata(std::string(kFailedKeyPrefix) + c.id, j.dump()); !s) fatal(s.error());
  }

  void fatal(const core::Error& e) {
    if (!fatal_) say("error", e.message());
    fatal_ = true;
  }

  void ingest(const std::vector<Candidate>& files) {
    std::vector<std::string> inputs;
    inputs.reserve(files.size());
    for (const auto& c : files)
      inputs.push_back(task_input(c.path, manifest_ ? manifest_->find(canonical_of(c.path)) : nullptr));

    int jobs = options_.jobs > 0 ? options_.jobs : static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    jobs = std::min<int>(jobs, static_cast<int>(std::max<std::size_t>(1, files.size())));
    pipeline::WorkerPool pool({jobs, std::chrono::duration_cast<std::chrono::milliseconds>(options_.timeout)},
                              [this](const std::string& input) {
                                return prepare_in_worker(input, options_.tagger.get(), options_.ocr);
                              });

    g_interrupted = false;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    struct sigaction previous {};
    sigaction(SIGINT, &action, &previous);
    sigaction(SIGTERM, &action, nullptr);

    last_commit_ = std::chrono::steady_clock::now();
    summary_.not_done = pool.run(
        inputs, [&](pipeline::TaskResult&& r) { on_result(files[r.task], std::move(r)); },
        [&] { return g_interrupted.load() || fatal_; });
    sigaction(SIGINT, &previous, nullptr);
    signal(SIGTERM, SIG_DFL);
    if (g_interrupted) summary_.interrupted = true;
  }

  void on_result(const Candidate& c, pipeline::TaskResult&& r) {
    if (fatal_) return;
    bool failed = true;
    int pages = 0;
    if (r.status == pipeline::TaskResult::Status::ok) {
      const double start = pipeline::thread_cpu_seconds();
      pipeline::StageTimes times;
      auto doc = pipeline::deserialize(r.payload, &times);
      if (!doc) {
        record_failure(c, "worker result unreadable: " + doc.error().what, "failed");
      } else {
        for (const auto& w : doc->record.warnings) say("warning", c.path.string() + ": " + w);
        if (left_out_as_copy(c, *doc)) {
          progress_->file_done(c.size, 0, false);
          return;
        }
        if (auto s = writer_.replace(*doc); !s) {
          fatal(s.error());
          return;
        }
        summary_.workers.reading += times.reading;
        summary_.workers.tagging += times.tagging;
        summary_.workers.building += times.building;
        if (auto s = writer_.set_metadata(std::string(kFailedKeyPrefix) + c.id, ""); !s) return fatal(s.error());
        if (auto s = writer_.set_metadata(std::string(kCopyKeyPrefix) + c.id, ""); !s) return fatal(s.error());
        ++summary_.indexed;
        indexed_this_run_[c.id] = doc->units.size();
        ++pending_;
        summary_.units += doc->units.size();
        pending_units_ += doc->units.size();
        summary_.pages += static_cast<std::size_t>(std::max(0, doc->record.page_count));
        summary_.bytes += c.size;
        pages = doc->record.page_count;
        summary_.writing += pipeline::thread_cpu_seconds() - start;
        failed = false;
      }
    } else if (r.status == pipeline::TaskResult::Status::failed) {
      core::Error e = pipeline::deserialize_error(r.error);
      // Extraction errors name the file, and perhaps a page, in `where`; the
      // reason kept for grouping is the page (if any) and the problem.
      std::string where = e.where;
      std::string path = c.path.string();
      if (where.compare(0, path.size(), path) == 0) where = where.substr(path.size());
      if (!where.empty() && where.front() == ':') where = where.substr(1);
      record_failure(c, where.empty() ? e.what : where + ": " + e.what, "failed");
    } else {
      record_failure(c, r.error, status_name(r.status));
    }
    progress_->file_done(c.size, pages, failed);
    if (pending_ >= options_.batch_size || std::chrono::steady_clock::now() - last_commit_ >= kCommitInterval) commit();
  }

  // One document in two formats is indexed once (write/format_copies.hpp):
  // true when `doc` is a copy the index already holds in a better form;
  // copies it is better than leave the index. Either way the copy left out
  // is recorded, so an unchanged copy is not read again.
  bool left_out_as_copy(const Candidate& c, const write::BuiltDocument& doc) {
    std::vector<core::DocumentRecord> copies;
    try {
      copies = write::format_copies(writer_, doc);
    } catch (const Xapian::Error& e) {
      fatal(core::make_error(options_.db.string(), "reading the index failed: " + e.get_description()));
      return true;
    }
    for (const core::DocumentRecord& other : copies) {
      std::error_code ec;
      if (!fs::exists(other.path, ec)) continue;  // prune's to remove
      if (core::better_copy(other, doc.record)) {
        summary_.duplicates.push_back({c.path.string(), other.path, true});
        record_copy(c.id, doc.record.path, c.size, c.mtime, other);
        if (auto s = writer_.set_metadata(std::string(kFailedKeyPrefix) + c.id, ""); !s) fatal(s.error());
        // The file may have been indexed before, as itself.
        if (auto removed = writer_.remove(c.id); !removed) fatal(removed.error());
        return true;
      }
    }
    for (const core::DocumentRecord& other : copies) {
      std::error_code ec;
      if (!fs::exists(other.path, ec)) continue;
      if (auto removed = writer_.remove(other.id); !removed) {
        fatal(removed.error());
        return true;
      }
      summary_.duplicates.push_back({other.path, doc.record.path, true});
      if (auto it = indexed_this_run_.find(other.id); it != indexed_this_run_.end()) {
        --summary_.indexed;
        summary_.units -= it->second;
        indexed_this_run_.erase(it);
      }
      record_copy(other.id, other.path, other.size, other.mtime, doc.record);
    }
    return false;
  }

  void record_copy(const std::string& id, const std::string& path, std::uint64_t size, std::int64_t mtime,
                   const core::DocumentRecord& kept) {
    if (auto s = writer_.set_metadata(std::string(kCopyKeyPrefix) + id, write::copy_metadata(path, size, mtime, kept)); !s)
      fatal(s.error());
  }

  void commit() {
    const double start = pipeline::thread_cpu_seconds();
    auto committed = writer_.commit();
    summary_.writing += pipeline::thread_cpu_seconds() - start;
    if (!committed) {
      // What was written since the last commit is lost with it: those files
      // are not indexed, and the next run does them again.
      summary_.indexed -= std::min(summary_.indexed, pending_);
      summary_.units -= std::min(summary_.units, pending_units_);
      summary_.not_done += pending_;
      fatal(committed.error());
    }
    pending_ = 0;
    pending_units_ = 0;
    last_commit_ = std::chrono::steady_clock::now();
  }

  // Removes documents (and failure records) of files under the inputs that
  // no longer exist.
  void prune() {
    for (const auto& record : writer_.documents()) {
      std::error_code ec;
      // Gone, or in a folder and no longer taken for a document.
      const bool named = std::any_of(options_.inputs.begin(), options_.inputs.end(),
                                     [&](const fs::path& input) { return canonical_of(input).string() == record.path; });
      const bool skipped = !named && not_a_document(record.path);
      if (!under(record.path, options_.inputs) || (fs::exists(record.path, ec) && !skipped)) continue;
      auto removed = writer_.remove(record.id);
      if (!removed) return fatal(removed.error());
      if (*removed) ++summary_.pruned;
    }
    for (const std::string& key : writer_.metadata_keys(std::string(kCopyKeyPrefix))) {
      auto copy = read_copy(writer_, key.substr(kCopyKeyPrefix.size()));
      std::error_code ec;
      if (copy && under(copy->path, options_.inputs) && !fs::exists(copy->path, ec))
        if (auto s = writer_.set_metadata(key, ""); !s) return fatal(s.error());
    }
    for (const std::string& key : writer_.metadata_keys(std::string(kFailedKeyPrefix))) {
      auto failure = read_failure(writer_, key.substr(kFailedKeyPrefix.size()));
      std::error_code ec;
      if (failure && under(failure->path, options_.inputs) && !fs::exists(failure->path, ec))
        if (auto s = writer_.set_metadata(key, ""); !s) return fatal(s.error());
    }
  }

  const AddOptions& options_;
  write::IndexWriter& writer_;
  const pipeline::Manifest* manifest_;
  std::ostream& out_;
  std::ostream& err_;
  std::optional<pipeline::Progress> progress_;
  Summary summary_;
  std::unordered_map<std::string, std::string> hashes_this_run_;
  std::unordered_map<std::string, std::size_t> indexed_this_run_;  // document id -> units
  std::size_t pending_ = 0, pending_units_ = 0;  // files and units since the last commit
  std::chrono::steady_clock::time_point last_commit_;
  bool fatal_ = false;
};

}  // namespace

int run_add(const AddOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<pipeline::Manifest> manifest;
  if (options.manifest) {
    auto loaded = pipeline::Manifest::load(*options.manifest);
    if (!loaded) {
      err << "hrdex-index: error: " << loaded.error().message() << '\n';
      return kExitFatal;
    }
    manifest = std::move(*loaded);
  }
  // A broken taxonomy stops the run before anything is indexed.
  AddOptions tagged = options;
  auto taxonomies = taxonomy::load_taxonomy_source(tagged.taxonomies);
  if (!taxonomies) {
    err << "hrdex-index: error: " << taxonomies.error().message() << '\n';
    return kExitFatal;
  }
  // Read once here: the workers are forked from this process and share it.
  auto model = tag::read_index_model(options.db);
  if (!model) {
    err << "hrdex-index: error: " << model.error().message() << '\n';
    return kExitFatal;
  }
  tagged.tagger = std::make_shared<tag::UnitTagger>(std::move(*taxonomies), *model);
  auto writer = write::IndexWriter::open(options.db);
  if (!writer) {
    err << "hrdex-index: error: " << writer.error().message() << '\n';
    return kExitFatal;
  }
  // Tags of earlier runs' taxonomies stay named; this run's are added.
  core::TagVocabulary vocabulary =
      core::TagVocabulary::from_json(writer->metadata(std::string(core::schema::kMetaTagVocabulary)));
  taxonomy::add_vocabulary(tagged.tagger->taxonomies(), vocabulary);
  for (auto [key, value] : {std::pair{core::schema::kMetaTaxonomies, taxonomy::source_to_json(tagged.taxonomies)},
                            std::pair{core::schema::kMetaTagVocabulary, vocabulary.to_json()},
                            std::pair{core::schema::kMetaWrittenBy, taxonomy::written_by_json(tagged.tagger->taxonomies())}}) {
    // Unchanged, it is not written: a run that changes nothing commits
    // nothing, so readers' caches and the columns stay valid.
    if (writer->metadata(std::string(key)) == value) continue;
    if (auto s = writer->set_metadata(std::string(key), value); !s) {
      err << "hrdex-index: error: " << s.error().message() << '\n';
      return kExitFatal;
    }
  }
  // A shard holds the documents of one K/N and no others.
  const std::string shard_key(core::schema::kMetaShard);
  const std::string was = writer->metadata(shard_key), now = options.shard ? options.shard->to_string() : "";
  if (was != now) {
    if (!was.empty()) {
      err << "hrdex-index: error: " << options.db.string() << ": this index is shard " << was << "; add to it with --shard "
          << was << '\n';
      return kExitFatal;
    }
    if (!writer->documents().empty()) {
      err << "hrdex-index: error: " << options.db.string() << ": index holds documents of every shard; --shard "
          << now << " needs an index of its own\n";
      return kExitFatal;
    }
    if (auto s = writer->set_metadata(shard_key, now); !s) {
      err << "hrdex-index: error: " << s.error().message() << '\n';
      return kExitFatal;
    }
  }
  return AddRun(tagged, *writer, manifest ? &*manifest : nullptr, out, err).run();
}

}  // namespace hrdex::indexer
