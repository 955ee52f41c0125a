#include "indexer/extract/pdf_layout.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"
#include "indexer/extract/numbering.hpp"
#include "indexer/extract/unicode.hpp"

namespace hrdex::indexer::extract {
namespace {

// --- characters --------------------------------------------------------

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// The code point at s[i] and its length; U+FFFD with length 1 on bad bytes.
std::pair<char32_t, std::size_t> code_point_at(std::string_view s, std::size_t i) {
  utf8proc_int32_t cp = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                            static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0) return {0xFFFD, 1};
  return {static_cast<char32_t>(cp), static_cast<std::size_t>(n)};
}

// The code point that ends s[0, end) and where it starts.
std::pair<char32_t, std::size_t> code_point_before(std::string_view s, std::size_t end) {
  std::size_t start = end;
  while (start > 0 && (static_cast<unsigned char>(s[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  return {code_point_at(s, start).first, start};
}

bool is_letter(char32_t c) {
  auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}
bool is_lower(char32_t c) { return utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_LL; }
bool is_upper_or_title(char32_t c) {
  auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
}

bool starts_lowercase(std::string_view s) { return !s.empty() && is_lower(code_point_at(s, 0).first); }

bool is_superscript_digit(char32_t c) { return c == 0xB9 || c == 0xB2 || c == 0xB3 || c == 0x2070 || (c >= 0x2074 && c <= 0x2079); }

// Superscript digit characters glued to a word are footnote references
// ("rights¹"); NFKC would turn them into ordinary digits ("rights1"), so
// they go first. Soft hyphens inside a line only mark possible breaks.
std::string drop_reference_marks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto [c, n] = code_point_at(s, i);
    bool inside_word = !out.empty() && out.back() != ' ';
    bool soft_hyphen_mid_line = c == 0xAD && i + n < s.size();
    if (!(is_superscript_digit(c) && inside_word) && !soft_hyphen_mid_line) out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

bool ends_with_any(std::string_view s, std::string_view chars) {
  return !s.empty() && chars.find(s.back()) != std::string_view::npos;
}

// --- lines -------------------------------------------------------------

double height(const PdfWord& w) { return w.y1 - w.y0; }

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

bool is_marker_text(std::string_view s) {
  if (s.empty() || s.size() > 3) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_ascii_digit(c) || c == '*'; });
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

PdfLine finish_line(const std::vector<const PdfWord*>& words) {
  std::vector<double> values;
  values.reserve(words.size());
  for (const PdfWord* w : words) values.push_back(height(*w));
  const double typical = median(values);
  values.clear();
  for (const PdfWord* w : words) values.push_back(w->y1);
  const double baseline = median(std::move(values));

  PdfLine line;
  line.size = typical;
  std::string text;
  const PdfWord* previous = nullptr;
  bool first = true;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const PdfWord& w = *words[i];
    const bool raised_small_number = words.size() > 1 && w.rotation == 0 && is_marker_text(w.text) &&
                                     height(w) < 0.8 * typical && w.y1 < baseline - 0.12 * typical;
    if (raised_small_number) {
      if (i == 0) line.footnote_label = w.text;
      continue;  // a reference mark inside the text
    }
    if (first) {
      line.x0 = w.x0;
      line.y0 = w.y0;
      line.x1 = w.x1;
      line.y1 = w.y1;
    } else {
      line.x0 = std::min(line.x0, w.x0);
      line.y0 = std::min(line.y0, w.y0);
      line.x1 = std::max(line.x1, w.x1);
      line.y1 = std::max(line.y1, w.y1);
    }
    if (previous) {
      // poppler splits words at font changes too ("State" + italic "'s"),
      // so only a real gap or poppler's own space flag separates words.
      const bool gap = w.rotation == 0 ? w.x0 - previous->x1 > 0.12 * typical : true;
      // Justified lines stretch the space after a compound's hyphen
      // ("Timor- Leste"); a capital after a letter's hyphen continues it.
      const std::string& pt = previous->text;
      const bool compound = pt.size() >= 2 && pt.back() == '-' && is_letter(code_point_before(pt, pt.size() - 1).first) &&
                            is_upper_or_title(code_point_at(w.text, 0).first);
      if ((previous->space_after || gap) && !compound) text.push_back(' ');
    }
    text += w.text;
    previous = &w;
    first = false;
  }
  // Reference marks and compatibility forms are all outside ASCII, and most
  // lines are ASCII: they skip two copies and a decoding pass.
  line.text = is_ascii(text) ? core::collapse_spaces(text)
                             : core::collapse_spaces(normalize_nfkc(drop_reference_marks(text)));
  return line;
}

// --- page furniture ----------------------------------------------------

// Lines of a page that differ only in their digits ("19", "20"; "Page 3 of
// 9") are the same furniture.
std::string furniture_key(std::string_view text) {
  std::string key;
  bool in_digits = false;
  for (char c : text) {
    if (is_ascii_digit(c)) {
      if (!in_digits) key.push_back('#');
      in_digits = true;
      continue;
    }
    in_digits = false;
    if (c == ' ') continue;
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return key;
}

bool is_page_number_key(std::string_view key) {
  return key == "#" || key == "-#-" || key == "page#" || key == "#/#" || key == "page#of#" || key == "p.#" ||
         key == "–#–" || key == "—#—";
}

// The UN's job number and its barcode text ("GE.11-10069 (E) 060111",
// "*1110069*") sit at the foot of a document's first page only.
bool is_un_job_number(std::string_view text) {
  if (text.size() >= 6 && text.substr(0, 3) == "GE." && is_ascii_digit(text[3]) && is_ascii_digit(text[4]) &&
      text[5] == '-')
    return true;
  if (text.size() >= 5 && text.front() == '*' && text.back() == '*')
    return std::all_of(text.begin() + 1, text.end() - 1, [](char c) { return is_ascii_digit(c); });
  return false;
}

// A rule drawn with characters: the footnote separator of many producers.
bool is_rule(std::string_view text) {
  if (text.size() < 5) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c == '_' || c == '-' || c == '.' || c == ' '; });
}

// Indexes of the lines nearest the top and bottom edges of a page.
std::vector<std::size_t> edge_lines(const PdfPage& page) {
  std::vector<std::size_t> order(page.lines.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return page.lines[a].y0 < page.lines[b].y0; });
  std::vector<std::size_t> edges;
  const std::size_t per_edge = 3;
  for (std::size_t i = 0; i < order.size() && i < per_edge; ++i)
    if (page.lines[order[i]].y0 < 0.2 * page.height) edges.push_back(order[i]);
  for (std::size_t i = 0; i < order.size() && i < per_edge; ++i) {
    std::size_t k = order[order.size() - 1 - i];
    if (page.lines[k].y1 > 0.8 * page.height && std::find(edges.begin(), edges.end(), k) == edges.end())
      edges.push_back(k);
  }
  return edges;
}

// --- blocks ------------------------------------------------------------

struct Draft {
  BlockKind kind = BlockKind::paragraph;
  int page = 0;
  double page_width = 0;
  std::string footnote_label;
  std::vector<const PdfLine*> lines;
  bool last_line_full = false;  // the last line reaches the right margin
};

// ASCII case-insensitive hashing and equality, so that the vocabulary can
// hold views of the lines' own text instead of a lowercased copy of every
// word of the document.
char ascii_lower_char(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

struct AsciiCaselessHash {
  std::size_t operator()(std::string_view s) const {
    std::size_t h = 14695981039346656037ull;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>(ascii_lower_char(c))) * 1099511628211ull;
    return h;
  }
};

struct AsciiCaselessEqual {
  bool operator()(std::string_view a, std::string_view b) const {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower_char(x) == ascii_lower_char(y); });
  }
};

struct LayoutContext {
  double body_size = 0;
  double paragraph_gap = 0;  // in units of line height
  // Views into the pages' line texts, which outlive the layout.
  std::unordered_set<std::string_view, AsciiCaselessHash, AsciiCaselessEqual> vocabulary;
};

bool starts_list_item(std::string_view text) {
  if (text.starts_with("\xE2\x80\xA2 ") || text.starts_with("- ") || text.starts_with("\xE2\x80\x93 ") ||
      text.starts_with("\xEF\x82\xB7 "))
    return true;
  // "(a) ", "(iv) ", "(12) "
  if (text.size() < 4 || text[0] != '(') return false;
  std::size_t close = text.find(')');
  if (close == std::string_view::npos || close < 2 || close > 5 || close + 1 >= text.size() || text[close + 1] != ' ')
    return false;
  for (std::size_t i = 1; i < close; ++i) {
    char c = text[i];
    if (!((c >= 'a' && c <= 'z') || is_ascii_digit(c))) return false;
  }
  return true;
}

bool ends_sentence(std::string_view text) { return ends_with_any(text, ".;:!?"); }

bool starts_new_block(const LayoutContext& ctx, const PdfLine& prev, const PdfLine& cur, double right_edge) {
  const double unit = std::max(prev.size, 1.0);
  if (cur.y0 < prev.y0 - 0.5 * unit) return true;                         // up again: next column or box
  if (cur.x0 > prev.x1 && cur.y0 < prev.y1) return true;                  // same row, further right: a table cell
  if ((cur.y0 - prev.y1) / unit > ctx.paragraph_gap) return true;         // vertical gap
  if (std::abs(cur.size / unit - 1.0) > 0.15) return true;                // change of type size
  if (!leading_paragraph_number(cur.text).empty()) return true;           // "92.1 Ratify ..."
  if (starts_list_item(cur.text) && ends_sentence(prev.text)) return true;
  if (prev.x1 < right_edge - 3 * unit && ends_sentence(prev.text)) return true;  // short last line
  return false;
}

// Joins the next line of a paragraph to its text, undoing the hyphenation
// of a word broken at the line end while keeping compounds whole.
void append_line(const LayoutContext& ctx, std::string& text, std::string_view next) {
  if (text.empty()) {
    text.assign(next);
    return;
  }
  auto [last, hyphen_at] = code_point_before(text, text.size());
  const bool hyphen = last == '-' || last == 0x2010 || last == 0xAD;
  if (!hyphen || hyphen_at == 0) {
    text.push_back(' ');
    text.append(next);
    return;
  }
  auto [before, left_start] = code_point_before(text, hyphen_at);
  if (!is_letter(before)) {  // a dash after a space or a number: punctuation
    text.push_back(' ');
    text.append(next);
    return;
  }
  if (!starts_lowercase(next)) {  // "Timor-" + "Leste": a compound broken at its hyphen
    text.append(next);
    return;
  }
  if (last == 0xAD) {
    text.resize(hyphen_at);
    text.append(next);
    return;
  }
  // The broken word's halves, to look up in the document's own words.
  std::size_t word_start = left_start;
  while (word_start > 0) {
    auto [c, start] = code_point_before(text, word_start);
    if (!is_letter(c)) break;
    word_start = start;
  }
  std::string left = core::ascii_lower(std::string_view(text).substr(word_start, hyphen_at - word_start));
  std::size_t right_end = 0;
  while (right_end < next.size()) {
    auto [c, n] = code_point_at(next, right_end);
    if (!is_letter(c)) break;
    right_end += n;
  }
  std::string right = core::ascii_lower(next.substr(0, right_end));
  static const std::unordered_set<std::string> compound_prefixes = {"non", "self", "follow", "well", "cross", "ex",
                                                                    "semi", "quasi", "counter", "inter-"};
  const bool joined_known = ctx.vocabulary.count(left + right) > 0;
  const bool hyphenated_known = ctx.vocabulary.count(left + "-" + right) > 0;
  const bool keep_hyphen = hyphenated_known ? !joined_known : (!joined_known && compound_prefixes.count(left) > 0);
  if (!keep_hyphen) text.resize(hyphen_at);
  text.append(next);
}

bool is_all_caps(std::string_view text) {
  std::size_t letters = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto [c, n] = code_point_at(text, i);
    i += n;
    if (!is_letter(c)) continue;
    if (!is_upper_or_title(c)) return false;
    ++letters;
  }
  return letters >= 4;
}

bool looks_like_heading(const LayoutContext& ctx, const Draft& draft, std::string_view text, double size) {
  if (draft.lines.size() > 3 || text.size() > 160 || text.size() < 2) return false;
  if (ends_with_any(text, ".,;:") || starts_lowercase(text)) return false;
  if (!leading_paragraph_number(text).empty()) return false;
  bool has_letter = false;
  for (std::size_t i = 0; i < text.size() && !has_letter;) {
    auto [c, n] = code_point_at(text, i);
    has_letter = is_letter(c);
    i += n;
  }
  if (!has_letter) return false;
  if (size >= 1.12 * ctx.body_size) return true;
  if (is_all_caps(text)) return true;
  if (draft.lines.size() == 1 && draft.page_width > 0) {
    const PdfLine& line = *draft.lines.front();
    const double centre = (line.x0 + line.x1) / 2;
    const bool centred = std::abs(centre - draft.page_width / 2) < 0.04 * draft.page_width;
    if (centred && line.x1 - line.x0 < 0.6 * draft.page_width && line.x0 > 0.2 * draft.page_width) return true;
  }
  return false;
}

Block finish_block(const LayoutContext& ctx, const Draft& draft) {
  Block block;
  block.page = draft.page;
  std::string text;
  std::vector<double> sizes;
  for (const PdfLine* line : draft.lines) {
    append_line(ctx, text, line->text);
    sizes.push_back(line->size);
  }
  block.text = core::collapse_spaces(text);
  if (draft.kind == BlockKind::footnote) {
    block.kind = BlockKind::footnote;
    block.number = draft.footnote_label;
    return block;
  }
  const double size = median(sizes);
  if (looks_like_heading(ctx, draft, block.text, size)) {
    block.kind = BlockKind::heading;
    block.level = size >= 1.5 * ctx.body_size ? 1 : size >= 1.12 * ctx.body_size ? 2 : 3;
  }
  return block;
}

// The words of the document as they appear whole on a line, to decide
// whether "follow-" + "up" at a line break is "follow-up" or one word.
void add_to_vocabulary(LayoutContext& ctx, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view token = text.substr(i, end - i);
    const bool last_on_line = end == text.size();
    i = end + 1;
    auto edge = [](char c) { return std::string_view(".,;:!?()[]\"'").find(c) != std::string_view::npos; };
    while (!token.empty() && edge(token.front())) token.remove_prefix(1);
    while (!token.empty() && edge(token.back())) token.remove_suffix(1);
    if (token.size() < 2 || (last_on_line && token.back() == '-')) continue;
    ctx.vocabulary.insert(token);
  }
}

// A line holding only a raised reference number in small type.
bool is_small_number(const LayoutContext& ctx, const PdfLine& line) {
  return is_marker_text(line.text) && line.size < 0.75 * ctx.body_size;
}

// A footnote label written in the footnote's own type: "12 See ...".
std::string plain_footnote_label(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && is_ascii_digit(text[digits])) ++digits;
  if (digits == 0 || digits > 3 || digits + 1 >= text.size() || text[digits] != ' ') return {};
  return std::string(text.substr(0, digits));
}

}  // namespace

std::vector<PdfLine> build_lines(const std::vector<PdfWord>& words) {
  std::vector<PdfLine> lines;
  std::vector<const PdfWord*> current;
  double top = 0, bottom = 0;
  for (const PdfWord& w : words) {
    bool same_line = false;
    if (!current.empty()) {
      const PdfWord& prev = *current.back();
      if (w.rotation != prev.rotation) {
        same_line = false;
      } else if (w.rotation == 1 || w.rotation == 3) {
        same_line = std::min(w.x1, prev.x1) - std::max(w.x0, prev.x0) > 0.4 * std::min(w.x1 - w.x0, prev.x1 - prev.x0);
      } else {
        const double overlap = std::min(w.y1, bottom) - std::max(w.y0, top);
        const double h = std::min(height(w), bottom - top);
        same_line = overlap > 0.4 * h && w.x0 > prev.x0 - 0.5 * (bottom - top);
      }
    }
    if (!same_line && !current.empty()) {
      lines.push_back(finish_line(current));
      current.clear();
    }
    if (current.empty()) {
      top = w.y0;
      bottom = w.y1;
    } else {
      top = std::min(top, w.y0);
      bottom = std::max(bottom, w.y1);
    }
    current.push_back(&w);
  }
  if (!current.empty()) lines.push_back(finish_line(current));
  lines.erase(std::remove_if(lines.begin(), lines.end(), [](const PdfLine& l) { return l.text.empty(); }), lines.end());
  return lines;
}

std::vector<Block> layout_blocks(const std::vector<PdfPage>& pages, std::vector<std::string>* running_headers) {
  // 1. Furniture: lines at the page edges whose text (digits aside) recurs
  //    on many pages, page numbers, the UN job number, drawn rules.
  std::vector<std::vector<bool>> removed(pages.size());
  std::unordered_map<std::string, int> pages_with_key;
  std::vector<std::vector<std::pair<std::size_t, std::string>>> edges(pages.size());
  for (std::size_t p = 0; p < pages.size(); ++p) {
    removed[p].assign(pages[p].lines.size(), false);
    std::unordered_set<std::string> seen;
    for (std::size_t i : edge_lines(pages[p])) {
      std::string key = furniture_key(pages[p].lines[i].text);
      if (seen.insert(key).second) ++pages_with_key[key];
      edges[p].emplace_back(i, std::move(key));
    }
  }
  const int page_total = static_cast<int>(pages.size());
  for (std::size_t p = 0; p < pages.size(); ++p) {
    for (const auto& [i, key] : edges[p]) {
      const int count = pages_with_key[key];
      const bool repeated = count >= 2 && count * 10 >= page_total * 4;
      const std::string& text = pages[p].lines[i].text;
      const bool page_number = is_page_number_key(key), job_number = is_un_job_number(text);
      if (repeated || page_number || job_number) removed[p][i] = true;
      if (repeated && !page_number && !job_number && running_headers &&
          std::find(running_headers->begin(), running_headers->end(), text) == running_headers->end())
        running_headers->push_back(text);
    }
    for (std::size_t i = 0; i < pages[p].lines.size(); ++i)
      if (is_rule(pages[p].lines[i].text)) removed[p][i] = true;
  }

  // 2. The body type size (by characters) and the ordinary gap between the
  //    lines of a paragraph, for the whole document.
  LayoutContext ctx;
  std::map<long, std::size_t> chars_by_size;
  std::vector<double> gaps;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const PdfLine* prev = nullptr;
    for (std::size_t i = 0; i < pages[p].lines.size(); ++i) {
      if (removed[p][i]) continue;
      const PdfLine& line = pages[p].lines[i];
      chars_by_size[std::lround(line.size * 4)] += line.text.size();
      add_to_vocabulary(ctx, line.text);
      if (prev && std::abs(line.size / std::max(prev->size, 1.0) - 1.0) < 0.1 && line.y0 >= prev->y0) {
        double gap = (line.y0 - prev->y1) / std::max(prev->size, 1.0);
        if (gap > -0.5 && gap < 3) gaps.push_back(gap);
      }
      prev = &line;
    }
  }
  long body_key = 0;
  std::size_t body_chars = 0;
  for (const auto& [key, chars] : chars_by_size)
    if (chars > body_chars) {
      body_chars = chars;
      body_key = key;
    }
  ctx.body_size = std::max(body_key / 4.0, 1.0);
  double normal_gap = 0.3;
  if (!gaps.empty()) {
    auto quartile = gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 4);
    std::nth_element(gaps.begin(), quartile, gaps.end());
    normal_gap = *quartile;
  }
  ctx.paragraph_gap = normal_gap + 0.4;

  // 3. Per page: footnotes at the foot, then paragraphs in reading order.
  std::vector<Draft> drafts;
  std::ptrdiff_t last_body = -1;  // draft a new page's first line may continue
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const PdfPage& page = pages[p];
    std::vector<std::size_t> by_y;
    for (std::size_t i = 0; i < page.lines.size(); ++i)
      if (!removed[p][i]) by_y.push_back(i);
    std::sort(by_y.begin(), by_y.end(), [&](std::size_t a, std::size_t b) { return page.lines[a].y0 < page.lines[b].y0; });

    std::vector<bool> footnote(page.lines.size(), false);
    std::vector<Draft> footnotes;
    {
      std::size_t run_start = by_y.size();
      while (run_start > 0) {
        const PdfLine& line = page.lines[by_y[run_start - 1]];
        if (line.size >= 0.93 * ctx.body_size || line.y0 < 0.4 * page.height) break;
        --run_start;
      }
      // poppler sometimes reads a footnote's raised label apart from its
      // text (after the page number); it is then a line of its own beside
      // the first line of the note.
      auto detached_label = [&](std::size_t k) {
        const PdfLine& line = page.lines[by_y[k]];
        if (!is_small_number(ctx, line) || k + 1 >= by_y.size()) return false;
        const PdfLine& next = page.lines[by_y[k + 1]];
        return std::min(line.y1, next.y1) - std::max(line.y0, next.y0) > 0 && line.x1 <= next.x0 + 1;
      };
      std::size_t first_label = by_y.size();
      for (std::size_t k = run_start; k < by_y.size(); ++k) {
        const PdfLine& line = page.lines[by_y[k]];
        if (!line.footnote_label.empty() || !plain_footnote_label(line.text).empty() || detached_label(k)) {
          first_label = k;
          break;
        }
      }
      std::string pending_label;
      for (std::size_t k = first_label; k < by_y.size(); ++k) {
        const PdfLine& line = page.lines[by_y[k]];
        footnote[by_y[k]] = true;
        if (detached_label(k)) {
          pending_label = line.text;
          continue;
        }
        std::string label = pending_label.empty() ? line.footnote_label : pending_label;
        pending_label.clear();
        std::string plain = label.empty() ? plain_footnote_label(line.text) : std::string();
        if (!label.empty() || !plain.empty() || footnotes.empty()) {
          Draft d;
          d.kind = BlockKind::footnote;
          d.page = page.number;
          d.footnote_label = label.empty() ? plain : label;
          footnotes.push_back(std::move(d));
        }
        footnotes.back().lines.push_back(&line);
      }
    }

    std::vector<double> right_edges;
    for (std::size_t i = 0; i < page.lines.size(); ++i)
      if (!removed[p][i] && !footnote[i]) right_edges.push_back(page.lines[i].x1);
    std::sort(right_edges.begin(), right_edges.end());
    const double right_edge = right_edges.empty() ? page.width : right_edges[right_edges.size() * 9 / 10];

    const PdfLine* prev = nullptr;
    std::ptrdiff_t current = -1;
    for (std::size_t i = 0; i < page.lines.size(); ++i) {
      if (removed[p][i] || footnote[i]) continue;
      const PdfLine& line = page.lines[i];
      if (is_small_number(ctx, line)) continue;  // a reference mark poppler read apart from its word
      bool open_new = true;
      if (prev) {
        open_new = starts_new_block(ctx, *prev, line, right_edge);
      } else if (last_body >= 0) {
        // First line of a page: does it carry on the paragraph the previous
        // page broke off?
        const Draft& last = drafts[static_cast<std::size_t>(last_body)];
        const PdfLine& tail = *last.lines.back();
        const std::string last_text = finish_block(ctx, last).text;
        const bool compatible = last.kind == BlockKind::paragraph &&
                                std::abs(line.size / std::max(tail.size, 1.0) - 1.0) <= 0.15 &&
                                leading_paragraph_number(line.text).empty() && !starts_list_item(line.text) &&
                                !looks_like_heading(ctx, last, last_text, tail.size);
        const bool unfinished = (last.last_line_full && !ends_sentence(last_text)) || starts_lowercase(line.text);
        if (compatible && unfinished) {
          current = last_body;
          open_new = false;
        }
      }
      if (open_new) {
        Draft d;
        d.page = page.number;
        d.page_width = page.width;
        drafts.push_back(std::move(d));
        current = static_cast<std::ptrdiff_t>(drafts.size() - 1);
      }
      Draft& draft = drafts[static_cast<std::size_t>(current)];
      draft.lines.push_back(&line);
      draft.last_line_full = line.x1 >= right_edge - 3 * std::max(line.size, 1.0);
      last_body = current;
      prev = &line;
    }
    for (auto& f : footnotes) drafts.push_back(std::move(f));
  }

  std::vector<Block> blocks;
  blocks.reserve(drafts.size());
  for (const Draft& d : drafts) {
    Block b = finish_block(ctx, d);
    if (!b.text.empty()) blocks.push_back(std::move(b));
  }
  return blocks;
}

}  // namespace hrdex::indexer::extract
