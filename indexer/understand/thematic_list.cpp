// OHCHR's thematic lists (matrices) of UPR recommendations, in every layout
// OHCHR has published. All are tables with one row per recommendation; what
// differs is which columns there are and how the themes cell is written:
//   cycle 2: "Recommendation | Position | Full list of themes | Assessment";
//            themes as UHRI codes with labels, one a line ("A12 Acceptance
//            of international norms"), then "Affected persons:" and "- general";
//   cycle 3: the same columns; themes as "- label" bullets, then "SDGs:"
//            ("- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS") and "Affected
//            persons:";
//   cycle 4: "- label" bullets, "Groups of Persons:" and an SDG list;
//   matrices: a column of recommending States, numbered "right or area"
//            labels ("2.1. Acceptance of international norms"), or separate
//            columns for themes, affected persons and SDGs.
// Theme rows ("Theme: A12 Acceptance of international norms", "Right or
// area: 2.1. ...") head the recommendations under them. The header row says
// which column holds what; without one the list cannot be read as a list
// and the caller indexes it as paragraphs, with a warning.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <regex>

#include "core/text.hpp"
#include "indexer/extract/numbering.hpp"
#include "indexer/understand/parsers.hpp"
#include "indexer/understand/recommenders.hpp"

namespace hrdex::indexer::understand {
namespace {

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::vector<std::string> lines_of(std::string_view cell) {
  std::vector<std::string> out;
  for (const std::string& line : core::split(cell, '\n')) {
    std::string t(core::trim(line));
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

// The column roles a header row can name.
struct Columns {
  int number = -1, text = -1, states = -1, position = -1, source = -1, themes = -1, persons = -1, sdgs = -1;
  bool recognised() const {
    return text >= 0 && (position >= 0 || themes >= 0 || persons >= 0 || sdgs >= 0 || states >= 0);
  }
};

// What a header cell names. Order matters: "Recommending State(s)" holds
// "recommend", "Full list of rights/affected persons" holds both rights and
// persons (and is read as a themes cell, which has its own sub-lists), and
// "Recommendation No." is the number.
Columns header_columns(const std::vector<std::string>& cells) {
  Columns col;
  if (cells.size() < 2) return col;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const std::string t = core::ascii_lower(core::collapse_spaces(cells[c]));
    if (t.empty()) continue;
    // A data row has long cells, numbered recommendations, lists.
    if (t.size() > 80 || !extract::leading_paragraph_number(t).empty() || contains(cells[c], "\n")) return Columns{};
    const int ci = static_cast<int>(c);
    if (t == "#" || t == "no" || t == "no." || t == "number" || contains(t, "recommendation no") ||
        contains(t, "rec. no") || contains(t, "recommendation number") || t == "paragraph" || t == "para.")
      col.number = ci;
    else if (contains(t, "recommending") || contains(t, "recommended by") || contains(t, "state/s") ||
             t == "state" || t == "states" || contains(t, "source of recommendation"))
      col.states = ci;
    else if (contains(t, "source of position") || contains(t, "source of response"))
      col.source = ci;
    else if (contains(t, "position") || contains(t, "response") || t == "status" || contains(t, "supported/noted"))
      col.position = ci;
    else if (contains(t, "theme") || contains(t, "right") || contains(t, "area") || contains(t, "issue"))
      col.themes = ci;
    else if (contains(t, "affected person") || contains(t, "persons affected") || contains(t, "group of persons") ||
             contains(t, "groups of persons"))
      col.persons = ci;
    else if (contains(t, "sdg") || contains(t, "sustainable development"))
      col.sdgs = ci;
    else if (contains(t, "recommendation") && col.text < 0)
      col.text = ci;
  }
  return col.recognised() ? col : Columns{};
}

enum class Target { themes, persons, sdgs };

// "Affected persons:", "Groups of Persons:", "SDGs:": the sub-list a line
// opens, with what follows the colon on the same line.
bool sub_list_heading(std::string_view line, Target& target, std::string_view& rest) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon > 40) return false;
  const std::string head = core::ascii_lower(core::trim(line.substr(0, colon)));
  if (head == "affected persons" || head == "persons affected" || head == "groups of persons" ||
      head == "group of persons" || head == "affected groups")
    target = Target::persons;
  else if (head == "sdgs" || head == "sdg" || head == "sustainable development goals" || head == "related sdgs")
    target = Target::sdgs;
  else if (head == "themes" || head == "theme" || head == "full list of themes" || head == "rights")
    target = Target::themes;
  else
    return false;
  rest = core::trim(line.substr(colon + 1));
  return true;
}

std::string without_bullet(std::string_view item) {
  item = core::trim(item);
  for (std::string_view bullet : {"- ", "\xE2\x80\x93 ", "\xE2\x80\xA2 ", "* ", "\xC2\xB7 "})
    if (starts_with(item, bullet)) {
      item.remove_prefix(bullet.size());
      break;
    }
  if (item == "-") return {};
  return std::string(core::trim(item));
}

// A cell whose line breaks were lost (a PDF, or a producer that wrote one
// paragraph): "A12 Acceptance of international norms B51 Right to an
// effective remedy Affected persons: - general". The sub-list headings, the
// dash bullets and the UHRI codes still mark where entries begin.
std::vector<std::string> split_flattened(std::string_view cell) {
  static const std::regex marks(
      R"((?:^|\s)(?=(?:Affected persons|Persons affected|Groups? of [Pp]ersons|SDGs?|Sustainable Development Goals)\s*:))"
      R"(|\s(?=- )|(?:^|\s)(?=[A-H]\d{1,2} [A-Z]))");
  std::vector<std::string> out;
  const std::string s(cell);
  std::size_t start = 0;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), marks); it != std::sregex_iterator(); ++it) {
    const std::size_t at = static_cast<std::size_t>(it->position() + it->length());
    if (at > start) out.emplace_back(core::trim(std::string_view(s).substr(start, at - start)));
    start = at;
  }
  out.emplace_back(core::trim(std::string_view(s).substr(start)));
  // "- 16 - PEACE, JUSTICE ...": an SDG's number and name were split at
  // their own dash; so were labels such as "Economic, social & cultural
  // rights - general measures of implementation", whose second part starts
  // in lower case.
  std::vector<std::string> merged;
  for (std::string& part : out) {
    if (part.empty()) continue;
    const std::string item = without_bullet(part);
    const bool continues = !merged.empty() && !item.empty() &&
                           ((std::all_of(merged.back().begin() + (merged.back().rfind("- ", 0) == 0 ? 2 : 0),
                                         merged.back().end(), [](char c) { return c >= '0' && c <= '9'; })) ||
                            (item[0] >= 'a' && item[0] <= 'z' && part.rfind("- ", 0) == 0));
    if (continues) merged.back() += " " + part;
    else merged.push_back(std::move(part));
  }
  return merged;
}

struct CellLists {
  std::vector<std::string> themes, persons, sdgs;
};

void add_once(std::vector<std::string>& list, std::string item) {
  if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

// The entries of a cell, starting in the list `target` and switching at each
// sub-list heading.
void read_lists(std::string_view cell, Target target, CellLists& out) {
  std::vector<std::string> lines = lines_of(cell);
  if (lines.size() == 1 && lines[0].size() > 60) lines = split_flattened(lines[0]);
  for (const std::string& line : lines) {
    std::string_view rest = line;
    if (sub_list_heading(line, target, rest) && rest.empty()) continue;
    std::string item = without_bullet(rest);
    if (item.empty()) continue;
    std::vector<std::string>& list = target == Target::themes ? out.themes : target == Target::persons ? out.persons : out.sdgs;
    add_once(list, std::move(item));
  }
}

// "Supported", "Noted", "Supported/Noted", "Not supported", "Accepted".
std::string position_of(std::string_view printed) {
  const std::string p = core::ascii_lower(printed);
  if (p.empty()) return {};
  for (std::string_view m : {"noted", "not support", "not accept", "reject", "does not enjoy", "did not enjoy"})
    if (contains(p, m)) return "noted";
  for (std::string_view m : {"support", "accept", "enjoy"})
    if (contains(p, m)) return "supported";
  return {};
}

// "Theme: A12 Acceptance of international norms", "Right or area: 2.1. ...":
// the theme a heading row names, or empty.
std::string heading_theme(std::string_view text) {
  const std::string low = core::ascii_lower(text);
  for (std::string_view prefix : {"theme:", "right or area:", "rights or areas:", "area:", "cluster:"})
    if (starts_with(low, prefix)) return std::string(core::trim(text.substr(prefix.size())));
  return {};
}

}  // namespace

ThematicListFindings parse_thematic_list(const std::vector<Para>& paras, const core::CountryTable& countries) {
  ThematicListFindings out;
  Columns col;
  bool header_seen = false;
  bool themes_anywhere = false;
  std::string first_row;  // for the warning when no header is recognised
  std::string section, section_theme;
  for (const Para& p : paras) {
    if (p.kind == extract::BlockKind::heading) {
      section = p.text;
      section_theme = heading_theme(p.text);
      continue;
    }
    if (p.kind != extract::BlockKind::table_row || p.cells.empty()) continue;
    if (first_row.empty()) first_row = p.text;
    // A header row says which column holds what; a later table may have
    // other columns.
    if (Columns h = header_columns(p.cells); h.recognised()) {
      col = h;
      header_seen = true;
      themes_anywhere = themes_anywhere || col.themes >= 0 || col.persons >= 0;
      continue;
    }
    if (!header_seen) continue;
    auto cell = [&](int c) -> std::string {
      return c >= 0 && static_cast<std::size_t>(c) < p.cells.size() ? std::string(core::trim(p.cells[static_cast<std::size_t>(c)]))
                                                                    : std::string();
    };
    // The text cell: the recommendation, then "Source of position: ...".
    std::string text, source;
    for (const std::string& line : lines_of(cell(col.text))) {
      if (starts_with(core::ascii_lower(line), "source of position") ||
          starts_with(core::ascii_lower(line), "source of response")) {
        const std::size_t colon = line.find(':');
        source = colon == std::string::npos ? std::string() : std::string(core::trim(std::string_view(line).substr(colon + 1)));
        continue;
      }
      if (!text.empty()) text += ' ';
      text += line;
    }
    if (col.source >= 0) source = core::collapse_spaces(cell(col.source));
    std::string number = col.number >= 0 ? core::collapse_spaces(cell(col.number)) : std::string();
    // "186.28. Continue", and as typed: "186.228 . Continue", "186.132. .Inform".
    static const std::regex lead(R"(^(\d{1,3}(?:\.\d{1,3}){0,2})\.?(?:\s*\.)*\s+|^(\d{1,3}(?:\.\d{1,3}){0,2})\.(?:\s*\.)*(?=[A-Z]))");
    if (std::smatch m; std::regex_search(text, m, lead)) {
      if (number.empty()) number = m[1].matched ? m[1].str() : m[2].str();
      text = m.suffix().str();
      while (!text.empty() && text.front() == '.') text.erase(0, 1);
    }
    while (!number.empty() && number.back() == '.') number.pop_back();
    std::size_t filled = 0;
    for (const std::string& c : p.cells) filled += !core::trim(c).empty();
    if (number.empty() && filled <= 1) {
      // A row across the table: a theme heading.
      const std::string t = core::collapse_spaces(p.text);
      if (!t.empty() && t.size() < 200) {
        section = t;
        section_theme = heading_theme(t);
      }
      continue;
    }
    if (text.empty()) continue;
    Unit u;
    u.unit_kind = "recommendation";
    u.number = number;
    u.page = p.page;
    u.section = section;
    u.text = text;
    if (col.states >= 0) {
      // One State a line, or several separated by commas.
      for (const std::string& line : lines_of(cell(col.states))) {
        std::vector<std::string> names{line};
        if (!countries.find(line)) names = core::split(line, line.find(';') != std::string::npos ? ';' : ',');
        for (const std::string& name : names)
          if (auto c = countries.find(core::trim(name)))
            if (std::find(u.recommending_states.begin(), u.recommending_states.end(), c->iso3) == u.recommending_states.end())
              u.recommending_states.push_back(c->iso3);
        if (!u.recommended_by.empty()) u.recommended_by += "; ";
        u.recommended_by += line;
      }
    }
    if (u.recommending_states.empty()) {
      // "Ratify ... (Ukraine); Increase efforts ... (Slovakia);": every
      // parenthesised group of States in the text.
      Recommenders r = all_recommenders(u.text, countries);
      u.recommending_states = r.iso3;
      u.recommended_by = r.printed;
    }
    u.response_text = core::collapse_spaces(cell(col.position));
    u.response = position_of(u.response_text);
    if (!u.response.empty()) u.response_source = source.empty() ? "thematic list" : source;
    CellLists lists;
    read_lists(cell(col.themes), Target::themes, lists);
    read_lists(cell(col.persons), Target::persons, lists);
    read_lists(cell(col.sdgs), Target::sdgs, lists);
    if (lists.themes.empty() && !section_theme.empty()) lists.themes.push_back(section_theme);
    themes_anywhere = themes_anywhere || !lists.themes.empty();
    u.themes = std::move(lists.themes);
    u.affected_persons = std::move(lists.persons);
    u.sdgs = std::move(lists.sdgs);
    out.units.push_back(std::move(u));
  }
  if (!header_seen) {
    out.warnings.push_back("thematic list: no table header names the recommendation column and its position or "
                           "themes" +
                           (first_row.empty() ? std::string(" (the document has no table)")
                                              : " (first row: '" + first_row.substr(0, 120) + "')") +
                           "; indexed as paragraphs");
    out.units.clear();
  } else if (!out.units.empty() && !themes_anywhere) {
    out.warnings.push_back("thematic list: no column of themes or affected persons, and no theme headings; "
                           "recommendations are indexed without OHCHR's themes");
  }
  return out;
}

std::optional<core::Country> state_named_in_recommendations(const std::vector<Unit>& units,
                                                            const core::CountryTable& countries) {
  std::set<std::string> recommending;
  for (const Unit& u : units) recommending.insert(u.recommending_states.begin(), u.recommending_states.end());
  std::map<std::string, int> named;  // alpha-3 -> mentions
  for (const Unit& u : units) {
    // The words outside parentheses: "(France)" is who recommended.
    std::vector<std::string> words;
    int depth = 0;
    std::string word;
    auto flush = [&] {
      if (!word.empty() && depth == 0) words.push_back(word);
      word.clear();
    };
    const std::string& text = u.text;
    for (std::size_t at = 0; at < text.size(); ++at) {
      const char c = text[at];
      // An apostrophe ends a word: "Egypt's", "Egypt’s".
      if (c == '\'' || text.compare(at, 3, "\xE2\x80\x99") == 0) {
        flush();
        if (c != '\'') at += 2;
      } else if (c == '(') {
        flush();
        ++depth;
      } else if (c == ')') {
        flush();
        depth = std::max(0, depth - 1);
      } else if (std::isalpha(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80) || c == '-') {
        word += c;
      } else {
        flush();
      }
    }
    flush();
    // The longest run of up to five words that names a State, from a word
    // that starts with a capital: "the Republic of Korea", "Egypt" (of
    // "Egypt's"). Alpha-3 codes and abbreviations ("AND", "USA") are left
    // out: lower-case words would be taken for them.
    for (std::size_t i = 0; i < words.size();) {
      std::size_t taken = 1;
      if (std::isupper(static_cast<unsigned char>(words[i][0])))
        for (std::size_t n = std::min<std::size_t>(5, words.size() - i); n >= 1; --n) {
          std::string name = words[i];
          for (std::size_t k = 1; k < n; ++k) name += " " + words[i + k];
          if (name.size() <= 3) continue;
          auto country = countries.find(name);
          if (!country || country->iso3 == name) continue;
          ++named[country->iso3];
          taken = n;
          break;
        }
      i += taken;
    }
  }
  std::string best;
  int most = 0, second = 0;
  for (const auto& [iso3, n] : named) {
    if (recommending.count(iso3)) continue;
    if (n > most) {
      second = most;
      most = n;
      best = iso3;
    } else if (n > second) {
      second = n;
    }
  }
  if (most < 3 || most <= 2 * second) return std::nullopt;
  return countries.by_iso3(best);
}

}  // namespace hrdex::indexer::understand
