#include "indexer/understand/units.hpp"

#include "indexer/extract/numbering.hpp"

namespace hrdex::indexer::understand {
namespace {

using extract::Block;
using extract::BlockKind;

std::string number_of(const Block& b) {
  if (!b.number.empty()) {
    std::string n = b.number;
    if (n.back() == '.') n.pop_back();
    return n;
  }
  return std::string(extract::leading_paragraph_number(b.text));
}

// The text of a block without the number it opens with.
std::string body_of(const Block& b) {
  if (!b.number.empty()) return b.text;
  std::string_view n = extract::leading_paragraph_number(b.text);
  if (n.empty()) return b.text;
  std::string_view rest = std::string_view(b.text).substr(n.size());
  while (!rest.empty() && (rest.front() == '.' || rest.front() == ' ')) rest.remove_prefix(1);
  return std::string(rest);
}

bool is_body(const Block& b) { return b.kind != BlockKind::heading && b.kind != BlockKind::footnote; }

}  // namespace

std::vector<Unit> split_units(const extract::ExtractedDocument& doc) {
  std::size_t numbered = 0;
  for (const Block& b : doc.blocks)
    if (is_body(b) && !number_of(b).empty()) ++numbered;

  std::vector<Unit> units;
  std::string section;
  bool open = false;  // the last unit may still take continuation text
  for (const Block& b : doc.blocks) {
    if (b.kind == BlockKind::heading) {
      section = b.text;
      open = false;
      continue;
    }
    if (!is_body(b)) continue;
    std::string number = numbered ? number_of(b) : std::string();
    if (numbered && number.empty()) {
      if (open) {
        units.back().text += ' ';
        units.back().text += b.text;
        continue;
      }
      // Unnumbered text before the first number (a title page, a preamble)
      // is still searchable, as a unit of its own.
    }
    Unit u;
    u.unit_kind = "paragraph";
    u.number = number;
    u.page = b.page;
    u.section = section;
    u.text = number.empty() ? b.text : body_of(b);
    units.push_back(std::move(u));
    open = !number.empty();
  }
  return units;
}

}  // namespace hrdex::indexer::understand
