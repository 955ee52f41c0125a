#include "indexer/understand/paragraphs.hpp"

#include <deque>
#include <regex>

#include "core/text.hpp"
#include "indexer/extract/numbering.hpp"

namespace hrdex::indexer::understand {
namespace {

// A symbol as a pattern that allows the space old mastheads put after a slash.
std::string symbol_pattern(const std::string& symbol) {
  std::string re;
  for (char c : symbol) {
    if (c == '.' || c == '(' || c == ')' || c == '-') re += '\\';
    re += c;
    if (c == '/') re += " ?";
  }
  return re;
}

bool only_page_furniture(std::string_view t) {
  t = core::trim(t);
  if (t.empty()) return true;
  static const std::regex furniture(R"((?:Page \d+|\d{1,3}|GE\.\d\d-\d+.*|\*\d{5,}\*))", std::regex::icase);
  return t.size() < 60 && std::regex_match(t.begin(), t.end(), furniture);
}

// "70." or "115.3" alone: a paragraph number that extraction set apart
// from its text (the text starts on the next line, or after a page break).
bool only_a_number(std::string_view t) {
  static const std::regex number(R"(\d{1,3}(?:\.\d{1,3})?\.?)");
  return t.size() <= 8 && std::regex_match(t.begin(), t.end(), number) && (t.back() == '.' || t.find('.') != std::string_view::npos);
}

// Numbers alone that the next block cannot take: the layout put the first
// after its text ("Continue efforts ... (Kyrgyzstan);" then "34." then "35.
// ..."), so an unnumbered paragraph just before takes it; any other stays a
// paragraph of its own, so nothing is lost.
void place_numbers_alone(std::vector<Para>& out, std::deque<std::string>& numbers, int page) {
  for (std::string& number : numbers) {
    while (!number.empty() && number.back() == '.') number.pop_back();
    if (&number == &numbers.front() && !out.empty() && out.back().number.empty() &&
        (out.back().kind == extract::BlockKind::paragraph || out.back().kind == extract::BlockKind::list_item)) {
      out.back().number = std::move(number);
      continue;
    }
    Para alone;
    alone.page = page;
    alone.text = std::move(number);
    out.push_back(std::move(alone));
  }
  numbers.clear();
}

}  // namespace

RunningHeaders::RunningHeaders(const std::vector<std::string>& own_symbols) {
  for (const std::string& symbol : own_symbols) {
    if (symbol.empty()) continue;
    // Page headers print the symbol alone, with "Page N" after it in old
    // reports or a bare page number before or after it in newer ones.
    headers_.push_back({symbol.substr(symbol.find_last_of('/') + 1),
                        std::regex("(^|[^(\\w/])\\s*(?:\\d{1,3}\\s+)?" + symbol_pattern(symbol) +
                                   "(?:\\s+Page\\s+\\d+)?(?=\\s|$)(?!/)")});
  }
}

std::string RunningHeaders::strip(std::string_view text) const {
  // std::regex is slow and most blocks hold none of these: a plain search
  // for a fixed part of each pattern decides whether it runs at all.
  std::string out(text);
  static const std::regex job(R"(\s*GE\.\d\d-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6}\s+\d{6})?)");
  if (out.find("GE.") != std::string::npos) out = std::regex_replace(out, job, " ");
  for (const Header& h : headers_)
    if (out.find(h.last_part) != std::string::npos) out = std::regex_replace(out, h.pattern, "$1 ");
  static const std::regex page(R"((^|\s)Page \d{1,3}(?=\s|$))");
  if (out.find("Page ") != std::string::npos) out = std::regex_replace(out, page, "$1");
  return core::collapse_spaces(out);
}

std::string strip_running_headers(std::string_view text, const std::vector<std::string>& own_symbols) {
  return RunningHeaders(own_symbols).strip(text);
}

std::vector<Para> paragraphs(const extract::ExtractedDocument& doc, const std::vector<std::string>& own_symbols) {
  std::vector<Para> out;
  const RunningHeaders headers(own_symbols);
  // Numbers alone, waiting for their texts, in order: extraction may set
  // down two numbers before both texts ("113.7", "114.", "Extend ...
  // (Hungary).", "Congo considers ...:"), and each text takes the first
  // number still waiting.
  std::deque<std::string> pending_numbers;
  for (const auto& b : doc.blocks) {
    if (only_page_furniture(b.text) && b.kind != extract::BlockKind::table_row) continue;
    Para p;
    p.kind = b.kind;
    p.page = b.page;
    p.level = b.level;
    p.cells = b.cells;
    std::string text = b.kind == extract::BlockKind::table_row ? b.text : headers.strip(b.text);
    if (text.empty() || (b.kind != extract::BlockKind::table_row && only_page_furniture(text))) continue;
    const bool plain = b.kind == extract::BlockKind::paragraph || b.kind == extract::BlockKind::list_item;
    if (plain && b.number.empty() && only_a_number(core::trim(text))) {
      pending_numbers.emplace_back(core::trim(text));
      continue;
    }
    std::string own_number = b.number;
    if (!pending_numbers.empty()) {
      // The number goes with the text that follows it, whatever its first
      // letter ("94.6." then "measures to consider ..."), unless that text
      // has a number of its own (then the numbers stay paragraphs alone).
      if (plain && b.number.empty() && extract::leading_paragraph_number(text).empty()) {
        own_number = std::move(pending_numbers.front());
        pending_numbers.pop_front();
      } else {
        place_numbers_alone(out, pending_numbers, p.page);
      }
    }
    if (!own_number.empty()) {
      p.number = own_number;
      while (!p.number.empty() && (p.number.back() == '.' || p.number.back() == ')')) p.number.pop_back();
      p.text = std::move(text);
    } else if (b.kind != extract::BlockKind::heading && b.kind != extract::BlockKind::table_row) {
      std::string_view n = extract::leading_paragraph_number(text);
      p.number = std::string(n);
      std::string_view rest = std::string_view(text).substr(n.size());
      while (!rest.empty() && (rest.front() == '.' || rest.front() == ' ' || rest.front() == '|')) rest.remove_prefix(1);
      p.text = std::string(rest);
    } else {
      p.text = std::move(text);
    }
    out.push_back(std::move(p));
  }
  place_numbers_alone(out, pending_numbers, out.empty() ? 0 : out.back().page);
  return out;
}

}  // namespace hrdex::indexer::understand
