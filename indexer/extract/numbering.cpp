#include "indexer/extract/numbering.hpp"

namespace hrdex::indexer::extract {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t digits_at(std::string_view s, std::size_t i) {
  std::size_t n = 0;
  while (i + n < s.size() && is_digit(s[i + n])) ++n;
  return n;
}

}  // namespace

std::string_view leading_paragraph_number(std::string_view text) {
  std::size_t first = digits_at(text, 0);
  if (first == 0 || first > 3 || text[0] == '0') return {};
  std::size_t end = first;      // end of the number proper
  std::size_t after = first;    // end of the number with its closing dot
  bool subnumber = false;
  if (after < text.size() && text[after] == '.') {
    std::size_t second = digits_at(text, after + 1);
    if (second > 0 && second <= 3) {
      subnumber = true;
      end = after + 1 + second;
      after = end;
      if (after < text.size() && text[after] == '.') ++after;
    } else {
      ++after;  // "12."
    }
  }
  if (!subnumber && after == end) return {};  // a bare "12" is too weak
  if (after >= text.size() || (text[after] != ' ' && text[after] != '\t')) return {};
  std::size_t next = after;
  while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
  if (next >= text.size()) return {};
  // A stray mark the typesetter left before the text ("186.132. .Inform",
  // "84.5. |Implement") when a capital follows it at once.
  if ((text[next] == '.' || text[next] == '|') && next + 1 < text.size() && text[next + 1] >= 'A' &&
      text[next + 1] <= 'Z')
    ++next;
  unsigned char c = static_cast<unsigned char>(text[next]);
  bool opener = (c >= 'A' && c <= 'Z') || c == '"' || c == '(' || c == '[' || c >= 0x80;
  if (!opener) return {};
  return text.substr(0, end);
}

}  // namespace hrdex::indexer::extract
