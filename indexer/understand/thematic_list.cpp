#include "core/text.hpp"
#include "indexer/extract/numbering.hpp"
#include "indexer/understand/parsers.hpp"
#include "indexer/understand/recommenders.hpp"

namespace hrdex::indexer::understand {
namespace {

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

std::vector<std::string> labels_in(std::string_view cell) {
  std::vector<std::string> out;
  std::string_view t = core::trim(cell);
  // OHCHR's lists put each label on its own line after a dash; the lines
  // arrive joined by spaces ("- Women's rights - Economic, social & cultural
  // rights"), and labels may hold commas, so the dashes are the separators.
  if (t.substr(0, 2) == "- ") {
    std::string rest(t.substr(2));
    std::size_t start = 0;
    while (start <= rest.size()) {
      std::size_t end = rest.find(" - ", start);
      std::string label(core::trim(std::string_view(rest).substr(start, end == std::string::npos ? std::string::npos : end - start)));
      if (!label.empty()) out.push_back(label);
      if (end == std::string::npos) break;
      start = end + 3;
    }
    return out;
  }
  for (const std::string& part : core::split(cell, cell.find(';') != std::string_view::npos ? ';' : ',')) {
    std::string label(core::trim(part));
    if (!label.empty()) out.push_back(label);
  }
  return out;
}

struct Columns {
  int text = -1, position = -1, themes = -1, persons = -1, sdgs = -1;
};

}  // namespace

std::vector<Unit> parse_thematic_list(const std::vector<Para>& paras, const core::CountryTable& countries) {
  std::vector<Unit> units;
  Columns col;
  std::string section;
  for (const Para& p : paras) {
    if (p.kind == extract::BlockKind::heading) {
      section = p.text;
      continue;
    }
    if (p.kind != extract::BlockKind::table_row || p.cells.empty()) continue;
    // A header row says which column holds what. A one-cell row is a theme
    // heading ("Theme: ..."), never a header, though it names a theme.
    bool header = false;
    for (std::size_t c = 0; p.cells.size() > 1 && c < p.cells.size(); ++c) {
      const std::string t = core::ascii_lower(p.cells[c]);
      if (t.size() > 60) continue;
      const int ci = static_cast<int>(c);
      if (contains(t, "recommendation") && col.text < 0) col.text = ci, header = true;
      else if (contains(t, "position")) col.position = ci, header = true;
      else if (contains(t, "theme")) col.themes = ci, header = true;
      else if (contains(t, "affected person")) col.persons = ci, header = true;
      else if (contains(t, "sdg") || contains(t, "sustainable development")) col.sdgs = ci, header = true;
    }
    if (header) continue;
    const int text_col = col.text >= 0 ? col.text : 0;
    if (static_cast<std::size_t>(text_col) >= p.cells.size()) continue;
    std::string text(core::trim(p.cells[static_cast<std::size_t>(text_col)]));
    std::string number(extract::leading_paragraph_number(text));
    if (number.empty()) {
      // A one-cell row is a theme heading inside the table.
      if (p.cells.size() == 1 || text.size() < 120) section = text.empty() ? section : text;
      continue;
    }
    std::string_view rest = std::string_view(text).substr(number.size());
    while (!rest.empty() && (rest.front() == '.' || rest.front() == ' ')) rest.remove_prefix(1);
    Unit u;
    u.unit_kind = "recommendation";
    u.number = number;
    u.page = p.page;
    u.section = section;
    u.text = std::string(rest);
    Recommenders r = trailing_recommenders(u.text, countries);
    u.recommending_states = r.iso3;
    u.recommended_by = r.printed;
    auto cell = [&](int c) -> std::string {
      return c >= 0 && static_cast<std::size_t>(c) < p.cells.size() ? std::string(core::trim(p.cells[static_cast<std::size_t>(c)])) : std::string();
    };
    u.response_text = cell(col.position);
    const std::string pos = core::ascii_lower(u.response_text);
    u.response = contains(pos, "support") || contains(pos, "accept") ? "supported" : contains(pos, "not") ? "noted" : "";
    if (!u.response.empty()) u.response_source = "thematic list";
    u.themes = labels_in(cell(col.themes));
    u.affected_persons = labels_in(cell(col.persons));
    u.sdgs = labels_in(cell(col.sdgs));
    units.push_back(std::move(u));
  }
  return units;
}

}  // namespace hrdex::indexer::understand
