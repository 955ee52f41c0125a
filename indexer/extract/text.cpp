// Plain text and Markdown. Two kinds of plain text reach us: hard-wrapped
// text, whose paragraphs are runs of lines separated by blank lines, and
// text exported from PDF with one paragraph per line. Either way a line that
// opens with a paragraph number ("12.", "92.1") or a list marker starts a new
// block, as in text copied out of UN documents. Form feeds (pdftotext) mark
// pages; short lines that repeat through the file and hold a digit or a
// slash (a document symbol, a job number) are running headers, and bare
// numbers beside them are page numbers: both are dropped.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <utf8proc.h>

#include "core/text.hpp"
#include "indexer/extract/encoding.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/numbering.hpp"

namespace hrdex::indexer::extract {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Whether the text opens with a lower-case letter, in any script ("out
// its mandate", "выполнения его мандата"): a line that goes on a sentence.
bool starts_lower(std::string_view s) {
  if (s.empty()) return false;
  utf8proc_int32_t cp = 0;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &cp);
  return n > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

// How long a line looks: code points, a Chinese, Japanese or Korean one
// counting two, as it takes two columns. A hard-wrapped line of Russian
// takes twice the bytes of an English one, and one of Chinese three times.
std::size_t line_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    // Lead bytes E3-E9 and EA-ED start U+3000-U+9FFF and U+A000-U+DFFF:
    // CJK punctuation, kana, Han and Hangul.
    width += c >= 0xE3 && c <= 0xED ? 2 : 1;
  }
  return width;
}

std::size_t indent_of(std::string_view line) {
  std::size_t n = 0;
  for (char c : line) {
    if (c == ' ') ++n;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}

// The punctuation of Chinese (full stop, full-width semicolon, colon,
// exclamation and question marks, closing bracket) and Arabic (semicolon,
// question mark) that ends a sentence or a clause, as '.' ';' ':' do.
bool ends_with_wide_mark(std::string_view text) {
  for (std::string_view mark : {"\xE3\x80\x82", "\xEF\xBC\x8E", "\xEF\xBC\x9B", "\xEF\xBC\x9A", "\xEF\xBC\x81",
                                "\xEF\xBC\x9F", "\xEF\xBC\x89", "\xD8\x9B", "\xD8\x9F", "\xDB\x94"})
    if (text.ends_with(mark)) return true;
  return false;
}

bool ends_sentence(std::string_view text) {
  text = core::trim(text);
  if (text.empty()) return true;
  char last = text.back();
  return last == '.' || last == ';' || last == ':' || last == '!' || last == '?' || last == ')' || last == '"' ||
         ends_with_wide_mark(text);
}

// Roman numerals and capital letters that open UN section headings:
// "II. Scope of ...", "B. National ...".
int heading_level_of(std::string_view text) {
  std::size_t dot = text.find(". ");
  if (dot == std::string_view::npos || dot == 0 || dot > 6) return 2;
  std::string_view label = text.substr(0, dot);
  if (std::all_of(label.begin(), label.end(), [](char c) { return c == 'I' || c == 'V' || c == 'X' || c == 'L'; }))
    return 1;
  if (label.size() == 1 && label[0] >= 'A' && label[0] <= 'Z') return 2;
  return 3;
}

// A short line on its own with no closing punctuation reads as a heading
// ("Working Group Consultations").
bool looks_like_heading(std::string_view text) {
  if (line_width(text) > 120 || text.size() < 3) return false;
  char last = text.back();
  if (last == '.' || last == ',' || last == ';' || last == ':' || last == ')' || ends_with_wide_mark(text)) return false;
  unsigned char first = static_cast<unsigned char>(text.front());
  if (starts_lower(text) || is_digit(static_cast<char>(first))) return false;
  if (!leading_paragraph_number(text).empty()) return false;
  return true;
}

// "1. Equality and non-discrimination": a numbered sub-section title, short
// and ending in a word, where numbered paragraphs end in punctuation or a
// footnote number.
bool looks_like_numbered_heading(std::string_view text) {
  std::string_view number = leading_paragraph_number(text);
  if (number.empty() || number.find('.') != std::string_view::npos || text.size() > 100) return false;
  unsigned char last = static_cast<unsigned char>(text.back());
  return (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z') || (last >= 0x80 && !ends_with_wide_mark(text));
}

// "(a) ", "(iv) ", "a) " at the start of a line: a lettered sub-paragraph.
bool opens_with_letter_item(std::string_view t) {
  std::size_t i = 0;
  bool paren = !t.empty() && t[0] == '(';
  if (paren) ++i;
  std::size_t start = i;
  while (i < t.size() && i - start < 5 && ((t[i] >= 'a' && t[i] <= 'z') || is_digit(t[i]))) ++i;
  if (i == start || i >= t.size() || t[i] != ')') return false;
  if (!paren && i - start > 1) return false;  // "ab)" is not an item; "a)" is
  return i + 1 < t.size() && t[i + 1] == ' ';
}

// The text after a bullet ("- ", "* ", "• "), or nullopt.
std::optional<std::string_view> after_bullet(std::string_view t, bool markdown) {
  static constexpr std::string_view kBullets[] = {"\xE2\x80\xA2 ", "\xE2\x80\x93 ", "\xE2\x97\x8F ", "\xEF\x82\xB7 ",
                                                  "\xE2\x96\xAA "};
  if (t.size() > 2 && (t[0] == '-' || t[0] == '*' || (markdown && t[0] == '+')) && t[1] == ' ')
    return core::trim(t.substr(2));
  for (std::string_view b : kBullets)
    if (starts_with(t, b)) return core::trim(t.substr(b.size()));
  return std::nullopt;
}

// Markdown's inline markup removed: emphasis, code spans, links and images
// (their text kept), footnote references, inline HTML tags, escapes.
std::string strip_inline_markdown(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size() && std::string_view("\\`*_{}[]()#+-.!|<>").find(s[i + 1]) != std::string_view::npos) {
      out.push_back(s[++i]);
    } else if (c == '[' && i + 1 < s.size() && s[i + 1] == '^') {
      std::size_t close = s.find(']', i);
      if (close != std::string_view::npos && close - i < 20) i = close;
      else out.push_back(c);
    } else if ((c == '!' && i + 1 < s.size() && s[i + 1] == '[') || c == '[') {
      // [text](target) -> text; anything else stays as typed.
      std::size_t open = c == '!' ? i + 1 : i;
      std::size_t close = s.find(']', open);
      if (close != std::string_view::npos && close + 1 < s.size() && s[close + 1] == '(') {
        std::size_t end = s.find(')', close);
        if (end != std::string_view::npos) {
          out += strip_inline_markdown(s.substr(open + 1, close - open - 1));
          i = end;
          continue;
        }
      }
      out.push_back(c);
    } else if (c == '*' || c == '`') {
      // Emphasis and code markers never carry text.
    } else if (c == '_') {
      // Underscores inside words (file_names) are text; at word edges, markup.
      bool inner = i > 0 && i + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[i - 1])) &&
                   std::isalnum(static_cast<unsigned char>(s[i + 1]));
      if (inner) out.push_back(c);
    } else if (c == '<' && i + 1 < s.size() && (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/')) {
      std::size_t close = s.find('>', i);
      if (close != std::string_view::npos && close - i < 200) {
        std::string_view tag = s.substr(i + 1, close - i - 1);
        if (starts_with(tag, "http") || starts_with(tag, "mailto:")) out += tag;  // autolink
        else out.push_back(' ');
        i = close;
      } else {
        out.push_back(c);
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool is_rule(std::string_view t) {
  if (t.size() < 3) return false;
  char c = t[0];
  if (c != '-' && c != '*' && c != '_') return false;
  std::size_t marks = 0;
  for (char x : t) {
    if (x == c) ++marks;
    else if (x != ' ') return false;
  }
  return marks >= 3;
}

bool is_table_separator(std::string_view t) {
  return t.find('-') != std::string_view::npos &&
         std::all_of(t.begin(), t.end(), [](char c) { return c == '|' || c == '-' || c == ':' || c == ' '; });
}

std::vector<std::string> table_cells(std::string_view t) {
  if (!t.empty() && t.front() == '|') t.remove_prefix(1);
  if (!t.empty() && t.back() == '|') t.remove_suffix(1);
  std::vector<std::string> cells;
  for (const std::string& cell : core::split(t, '|')) {
    // A Markdown cell breaks its lines with <br>: one theme or group a line.
    std::string lines;
    std::string_view rest = cell;
    while (!rest.empty()) {
      std::size_t br = rest.find("<br");
      std::size_t close = br == std::string_view::npos ? br : rest.find('>', br);
      std::string line = tidy_text(strip_inline_markdown(rest.substr(0, br)));
      if (!line.empty()) lines += (lines.empty() ? "" : "\n") + line;
      if (close == std::string_view::npos) break;
      rest.remove_prefix(close + 1);
    }
    cells.push_back(std::move(lines));
  }
  return cells;
}

// Lines of the decoded text with CR LF and lone CR line ends made LF.
std::vector<std::string> split_lines(const std::string& text) {
  std::string unified;
  unified.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      unified.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      unified.push_back(text[i]);
    }
  }
  return core::split(unified, '\n');
}

// Running headers and footers: short lines that recur at least three times
// and carry a digit or a slash, as document symbols and job numbers do.
// Repeated headings ("Women") have neither and are kept.
std::map<std::string, std::size_t> furniture_lines(const std::vector<std::string>& lines) {
  std::map<std::string, std::size_t> counts;
  for (const std::string& raw : lines) {
    std::string line;
    for (char c : raw)
      if (c != '\f') line.push_back(c);
    std::string_view t = core::trim(line);
    if (t.size() < 4 || t.size() > 60 || ends_sentence(t) || t.back() == ',' || all_digits(t)) continue;
    if (t.find('/') == std::string_view::npos && std::none_of(t.begin(), t.end(), is_digit)) continue;
    ++counts[std::string(t)];
  }
  for (auto it = counts.begin(); it != counts.end();) it = it->second >= 3 ? std::next(it) : counts.erase(it);
  return counts;
}

// Text exported one paragraph per line: many lines far longer than any
// hard-wrapped text has.
bool one_paragraph_per_line(const std::vector<std::string>& lines) {
  std::size_t nonblank = 0, long_lines = 0;
  for (const std::string& l : lines) {
    if (core::trim(l).empty()) continue;
    ++nonblank;
    if (line_width(l) >= 150) ++long_lines;
  }
  return nonblank > 0 && long_lines * 5 >= nonblank;
}

struct FrontMatter {
  std::size_t lines = 0;  // lines to skip
  std::string title, author, date, language;
  std::vector<std::string> keywords;
};

// A YAML scalar as written, unquoted.
std::string unquoted(std::string_view value) {
  value = core::trim(value);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
    value = value.substr(1, value.size() - 2);
  return std::string(value);
}

// YAML front matter of static-site Markdown ("---\ntitle: ...\n---").
FrontMatter read_front_matter(const std::vector<std::string>& lines) {
  FrontMatter fm;
  if (lines.empty() || core::trim(lines[0]) != "---") return fm;
  // The list keys whose items are what the file is filed under: a flow
  // list ("[a, b]"), a scalar, or the block list on the lines below.
  static const std::set<std::string, std::less<>> kFiledUnder = {"categories", "category", "tags", "keywords",
                                                                 "country", "countries"};
  bool in_list = false;
  for (std::size_t i = 1; i < lines.size() && i < 200; ++i) {
    std::string_view t = core::trim(lines[i]);
    if (t == "---" || t == "...") {
      fm.lines = i + 1;
      return fm;
    }
    if (in_list && t.starts_with("- ")) {
      if (std::string item = unquoted(t.substr(2)); !item.empty()) fm.keywords.push_back(tidy_text(item));
      continue;
    }
    in_list = false;
    std::size_t colon = t.find(':');
    if (colon == std::string_view::npos || indent_of(lines[i]) > 0) continue;
    std::string key = core::ascii_lower(core::trim(t.substr(0, colon)));
    std::string value = unquoted(t.substr(colon + 1));
    if (key == "title") fm.title = tidy_text(value);
    if (key == "author") fm.author = tidy_text(value);
    if (key == "date") fm.date = value.substr(0, 10);
    if (key == "lang" || key == "language") fm.language = value;
    if (kFiledUnder.count(key)) {
      in_list = value.empty();
      const bool flow = value.size() >= 2 && value.front() == '[' && value.back() == ']';
      if (!flow && !value.empty()) fm.keywords.push_back(tidy_text(value));
      const std::string_view list = flow ? std::string_view(value).substr(1, value.size() - 2) : std::string_view();
      for (std::size_t at = 0; flow && at <= list.size();) {
        const std::size_t comma = std::min(list.find(',', at), list.size());
        if (std::string item = unquoted(list.substr(at, comma - at)); !item.empty())
          fm.keywords.push_back(tidy_text(item));
        at = comma + 1;
      }
    }
  }
  return FrontMatter{};  // no closing line: not front matter
}

class Builder {
 public:
  Builder(ExtractedDocument& doc) : doc_(doc) {}

  void start(BlockKind kind, int level, int page, std::string number = {}) {
    flush();
    kind_ = kind;
    level_ = level;
    page_ = page;
    number_ = std::move(number);
    lines_ = 0;
  }
  void add(std::string_view line, int page) {
    if (lines_ == 0 && text_.empty()) page_ = page;
    if (!text_.empty()) text_.push_back(' ');
    text_.append(line);
    ++lines_;
    last_line_size_ = line_width(line);
  }
  // A line as long as no hard-wrapped text has: the text was exported one
  // paragraph per line.
  bool last_line_long() const { return last_line_size_ >= 150; }
  bool open() const { return !text_.empty(); }
  BlockKind kind() const { return kind_; }
  int lines() const { return lines_; }
  std::string_view text() const { return text_; }

  void flush() {
    std::string text = tidy_text(markdown_ ? strip_inline_markdown(text_) : text_);
    text_.clear();
    if (!text.empty()) {
      Block b;
      b.kind = kind_;
      b.level = level_;
      b.page = page_;
      b.number = std::move(number_);
      if (b.kind == BlockKind::paragraph && !markdown_ && lines_ == 1 && looks_like_heading(text)) {
        b.kind = BlockKind::heading;
        b.level = heading_level_of(text);
      }
      if (b.kind == BlockKind::paragraph && !markdown_ && lines_ == 1 && looks_like_numbered_heading(text)) {
        b.kind = BlockKind::heading;
        b.level = 3;
      }
      if (b.kind == BlockKind::paragraph && in_notes_) b.kind = BlockKind::footnote;
      if (b.kind == BlockKind::heading) {
        std::string lower = core::ascii_lower(text);
        in_notes_ = lower == "notes" || lower == "footnotes" || lower == "endnotes";
      }
      b.text = std::move(text);
      doc_.blocks.push_back(std::move(b));
    }
    kind_ = BlockKind::paragraph;
    level_ = 0;
    number_.clear();
    lines_ = 0;
  }
  void push(Block b) {
    flush();
    doc_.blocks.push_back(std::move(b));
  }
  void set_markdown(bool m) { markdown_ = m; }

 private:
  ExtractedDocument& doc_;
  std::string text_;
  BlockKind kind_ = BlockKind::paragraph;
  int level_ = 0;
  int page_ = 0;
  int lines_ = 0;
  std::size_t last_line_size_ = 0;
  std::string number_;
  bool markdown_ = false;
  bool in_notes_ = false;
};

// After a blank line, `next` continues the open paragraph when that
// paragraph stops mid-sentence and `next` reads on: it starts in lower case,
// or the paragraph ends on a comma (unless it is one short line, as a
// salutation is) or a word that cannot end a sentence, or the paragraph is
// a long exported line and `next` is no heading.
bool continues_across_blank(const Builder& builder, std::string_view next) {
  if (!builder.open() || next.empty()) return false;
  if (!leading_paragraph_number(next).empty() || opens_with_letter_item(next) || after_bullet(next, false)) return false;
  std::string_view text = core::trim(builder.text());
  if (ends_sentence(text)) return false;
  if (starts_lower(next)) return true;
  // A letter's salutation or closing on a line of its own ("Dear Minister,",
  // "Yours sincerely,") is a paragraph: the body does not run on from it.
  if (text.back() == ',') return builder.lines() > 1 || text.size() > 60;
  std::string last = core::ascii_lower(text.substr(text.find_last_of(' ') == std::string_view::npos ? 0 : text.find_last_of(' ') + 1));
  static constexpr std::string_view kOpenWords[] = {"of", "and", "the", "for", "to", "in", "on", "with", "by", "a",
                                                    "an", "or", "de", "la", "y", "et", "des", "du", "le", "les", "el"};
  for (std::string_view w : kOpenWords)
    if (last == w) return true;
  return builder.last_line_long() && !looks_like_heading(next);
}

}  // namespace

core::Expected<ExtractedDocument> extract_text(std::string_view bytes, Format format) {
  DecodedText decoded = decode_to_utf8(bytes);
  ExtractedDocument doc;
  doc.format = format;
  doc.warnings = std::move(decoded.warnings);
  const bool markdown = format == Format::markdown;

  std::vector<std::string> lines = split_lines(decoded.utf8);
  const bool paged = decoded.utf8.find('\f') != std::string::npos;
  const auto furniture = markdown ? std::map<std::string, std::size_t>{} : furniture_lines(lines);
  // The most frequent furniture line is the running header at the top of
  // each page; its occurrences count pages when the text has no form feeds.
  std::string header;
  std::size_t header_count = 0;
  for (const auto& [line, count] : furniture)
    if (count > header_count) {
      header = line;
      header_count = count;
    }
  const bool per_line = !markdown && one_paragraph_per_line(lines);

  FrontMatter fm = markdown ? read_front_matter(lines) : FrontMatter{};
  doc.meta.author = fm.author;
  doc.meta.language = fm.language;
  doc.meta.keywords = std::move(fm.keywords);
  if (fm.date.size() == 10 && fm.date[4] == '-' && fm.date[7] == '-') doc.meta.created = fm.date;

  Builder builder(doc);
  builder.set_markdown(markdown);
  int page = paged || !header.empty() ? 1 : 0;
  bool header_seen = false;
  long page_number = -1;  // a bare number dropped since the last header; -1 for none
  bool in_fence = false;
  bool in_comment = false;
  bool pending_blank = false;

  for (std::size_t index = fm.lines; index < lines.size(); ++index) {
    std::string line;
    for (char c : lines[index]) {
      if (c == '\f') {
        ++page;
        // A page break ends a paragraph unless the text reads on across it.
        if (builder.open()) pending_blank = true;
      } else {
        line.push_back(c);
      }
    }
    std::string_view t = core::trim(line);

    if (markdown && in_fence) {
      if (starts_with(t, "```") || starts_with(t, "~~~")) {
        in_fence = false;
        builder.flush();
      } else {
        builder.add(t, page);
      }
      continue;
    }
    if (markdown && (in_comment || starts_with(t, "<!--"))) {
      in_comment = t.find("-->") == std::string_view::npos;
      continue;
    }
    if (t.empty()) {
      // Whether a blank line ends the paragraph is decided by the next
      // line: text exported from PDF puts blank lines around page furniture
      // and between the lines of narrow columns, inside paragraphs.
      if (markdown) builder.flush();
      else if (builder.open()) pending_blank = true;
      continue;
    }
    if (!furniture.empty()) {
      if (all_digits(t) && t.size() <= 4) {
        page_number = std::strtol(std::string(t).c_str(), nullptr, 10);
        continue;
      }
      auto f = furniture.find(std::string(t));
      if (f == furniture.end() && t.size() <= 60) {
        // "GE.25-13106 (E) 270825" is the job number plus dates.
        std::string_view first = t.substr(0, t.find(' '));
        if (first.size() < t.size() && furniture.count(std::string(first))) {
          continue;
        }
      }
      if (f != furniture.end()) {
        // Kept as the PDF extractor keeps its running headers: a UN
        // document's symbol is there, and only there once removed.
        auto& kept = doc.meta.running_headers;
        if (std::find(kept.begin(), kept.end(), f->first) == kept.end()) kept.push_back(f->first);
        if (builder.open()) pending_blank = true;
        if (!paged && f->first == header) {
          if (page_number >= 0) page = static_cast<int>(page_number) + 1;
          else if (header_seen) ++page;
          header_seen = true;
          page_number = -1;
        }
        continue;
      }
    }

    if (pending_blank) {
      pending_blank = false;
      if (!continues_across_blank(builder, t)) builder.flush();
    }

    if (markdown) {
      if (starts_with(t, "```") || starts_with(t, "~~~")) {
        builder.start(BlockKind::paragraph, 0, page);
        in_fence = true;
        continue;
      }
      std::size_t hashes = 0;
      while (hashes < t.size() && t[hashes] == '#') ++hashes;
      if (hashes >= 1 && hashes <= 6 && (hashes == t.size() || t[hashes] == ' ')) {
        std::string_view h = core::trim(t.substr(hashes));
        while (!h.empty() && h.back() == '#') h.remove_suffix(1);
        builder.start(BlockKind::heading, static_cast<int>(hashes), page);
        builder.add(h, page);
        builder.flush();
        continue;
      }
      if (builder.open() && builder.lines() == 1 && builder.kind() == BlockKind::paragraph &&
          (std::all_of(t.begin(), t.end(), [](char c) { return c == '='; }) ||
           (t.size() >= 2 && std::all_of(t.begin(), t.end(), [](char c) { return c == '-'; })))) {
        std::string text(builder.text());
        builder.start(BlockKind::heading, t[0] == '=' ? 1 : 2, page);
        builder.add(text, page);
        builder.flush();
        continue;
      }
      if (is_rule(t)) {
        builder.flush();
        continue;
      }
      while (!t.empty() && t[0] == '>') t = core::trim(t.substr(1));  // block quotes
      if (t.empty()) continue;
      if (t[0] == '|') {
        if (is_table_separator(t)) continue;
        Block b;
        b.kind = BlockKind::table_row;
        b.page = page;
        b.cells = table_cells(t);
        b.text = table_row_text(b.cells);
        if (!b.text.empty()) builder.push(std::move(b));
        continue;
      }
      if (starts_with(t, "[^")) {
        std::size_t close = t.find("]:");
        if (close != std::string_view::npos && close < 20) {
          builder.start(BlockKind::footnote, 0, page, std::string(t.substr(2, close - 2)));
          builder.add(core::trim(t.substr(close + 2)), page);
          continue;
        }
      }
      // An ordered-list marker is markup: the number is shown apart.
      std::size_t digits = 0;
      while (digits < t.size() && digits < 9 && is_digit(t[digits])) ++digits;
      if (digits > 0 && digits + 1 < t.size() && (t[digits] == '.' || t[digits] == ')') && t[digits + 1] == ' ') {
        builder.start(BlockKind::list_item, static_cast<int>(indent_of(line) / 3), page,
                      std::string(t.substr(0, digits + 1)));
        builder.add(core::trim(t.substr(digits + 1)), page);
        continue;
      }
    }

    if (auto rest = after_bullet(t, markdown)) {
      builder.start(BlockKind::list_item, static_cast<int>(indent_of(line) / 2), page);
      builder.add(*rest, page);
      continue;
    }
    std::string lower = core::ascii_lower(t);
    bool notes_heading = lower == "notes" || lower == "footnotes" || lower == "endnotes";
    if (!markdown && looks_like_heading(t) &&
        ((heading_level_of(t) <= 2 && t.find(". ") != std::string_view::npos) || notes_heading)) {
      // "II. Information provided by stakeholders" on a line of its own is
      // a section heading even when the text around it is hard-wrapped.
      builder.start(BlockKind::paragraph, 0, page);
      builder.add(t, page);
      builder.flush();
      continue;
    }
    bool numbered = !leading_paragraph_number(t).empty() || opens_with_letter_item(t);
    if (markdown && !builder.open() && indent_of(line) >= 2 && !doc.blocks.empty() &&
        doc.blocks.back().kind == BlockKind::list_item) {
      // An indented paragraph after a list item belongs to that item.
      builder.start(BlockKind::list_item, doc.blocks.back().level, page);
    } else if (numbered) {
      builder.start(opens_with_letter_item(t) ? BlockKind::list_item : BlockKind::paragraph, 0, page);
    } else if ((per_line || builder.last_line_long()) && builder.open()) {
      // One paragraph per line, except where a paragraph was cut by a page
      // break or a narrow column: the previous line ends mid-sentence and
      // this one goes on in lower case, or the previous one is too long to
      // be a heading.
      std::string_view before = builder.text();
      bool continues =
          !ends_sentence(before) && (starts_lower(t) || (line_width(before) > 100 && !looks_like_heading(t)));
      if (!continues) builder.start(BlockKind::paragraph, 0, page);
    }
    builder.add(t, page);
  }
  builder.flush();

  if (doc.blocks.empty()) return core::make_error("", "no text in file (only white space or markup)");
  if (paged || !header.empty()) doc.meta.page_count = page;
  doc.meta.title = !fm.title.empty() ? fm.title : doc.blocks.front().text.substr(0, 200);
  doc.meta.title_guessed = fm.title.empty();
  return doc;
}

}  // namespace hrdex::indexer::extract
