#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {

std::vector<Unit> parse_numbered_paragraphs(const std::vector<Para>& paras) {
  using extract::BlockKind;
  std::size_t numbered = 0;
  for (const Para& p : paras)
    if (p.kind != BlockKind::heading && p.kind != BlockKind::footnote && !p.number.empty()) ++numbered;

  std::vector<Unit> units;
  std::string section;
  bool open = false;  // the last unit may still take continuation text
  for (const Para& p : paras) {
    if (p.kind == BlockKind::heading) {
      section = p.text;
      open = false;
      continue;
    }
    if (p.kind == BlockKind::footnote) continue;
    std::string number = numbered ? p.number : std::string();
    if (numbered && number.empty() && open) {
      units.back().text += ' ';
      units.back().text += p.text;
      continue;
    }
    // Unnumbered text before the first number (a title page, a preamble) is
    // still searchable, as a unit of its own.
    Unit u;
    u.unit_kind = "paragraph";
    u.number = number;
    u.page = p.page;
    u.section = section;
    u.text = numbered || p.number.empty() ? p.text : p.number + ". " + p.text;
    units.push_back(std::move(u));
    open = !number.empty();
  }
  return units;
}

}  // namespace hrdex::indexer::understand
