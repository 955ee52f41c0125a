#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>
#include <string>

#include "core/text.hpp"
#include "indexer/understand/lexicon.hpp"
#include "indexer/understand/parsers.hpp"
#include "indexer/understand/recommenders.hpp"

namespace hrdex::indexer::understand {
namespace {

using extract::BlockKind;

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

// A colon ends the text, perhaps with the space French puts before it.
bool ends_with_colon(std::string_view text) {
  std::string_view t = core::trim(text);
  return t.ends_with(":") || t.ends_with("\xEF\xBC\x9A");  // or a full-width colon
}

bool is_int(std::string_view s) {
  if (s.empty() || s.size() > 4) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The group an introductory sentence announces, or empty.
std::string group_of(std::string_view text) { return lexicon::announced_group(core::fold(text)); }

bool is_section_start(const Para& p) {
  if (p.text.size() > 150 || contains(p.text, "....") || contains(p.text, ". . .") || contains(p.text, "\xE2\x80\xA6"))
    return false;
  const lexicon::Lexicon& l = lexicon::lexicon();
  const std::string t = core::fold(p.text);
  if (l.not_conclusions_heading.in(t)) return false;
  if (l.conclusions_heading.in(t)) return true;
  // Some cycle-1 reports drop the "/or" from the heading; a sentence that
  // mentions the chapter ("see chapter II on Conclusions and
  // Recommendations.") is not the heading.
  return l.conclusions_heading_without_or.in(t) && p.number.empty() && p.text.size() < 60 && p.text.back() != '.';
}

// Footnote markers printed after the recommending States: "(Trinidad and
// Tobago);1", "(Chad)3;", "(Thailand);1 the recommendations". Only digits
// right after a closing parenthesis go, so "ILO Conventions 169 and 189"
// stays.
std::string drop_footnote_markers(std::string_view text) {
  // std::regex is slow: it runs only where a digit follows a parenthesis.
  bool candidate = false;
  for (std::size_t i = text.find(')'); i != std::string_view::npos && !candidate; i = text.find(')', i + 1)) {
    std::size_t next = i + 1;
    if (next < text.size() && std::string_view(";.,:").find(text[next]) != std::string_view::npos) ++next;
    candidate = next < text.size() && text[next] >= '0' && text[next] <= '9';
  }
  if (!candidate) return std::string(text);
  static const std::regex marker(R"(\)([;.,:]?)\d{1,2}(?=[\s;.,:]|$))");
  return std::regex_replace(std::string(text), marker, ")$1");
}

// "paragraphs 51, 53 and 63 above", "paragraph 45 above", "paragraphs 45-48
// above", "in paragraphs 27 (b), (c), 28 (a), 31, 38 did not enjoy the
// support": the earlier paragraphs a conclusions paragraph points to. The
// lettered sub-items stay inside their paragraph, which becomes the unit.
std::vector<std::string> referenced_paragraphs(std::string_view text) {
  std::vector<std::string> out;
  const std::string low = core::ascii_lower(text);
  for (std::size_t at = low.find("paragraph"); at != std::string::npos; at = low.find("paragraph", at + 1)) {
    std::size_t i = at + 9;
    if (i < low.size() && low[i] == 's') ++i;
    std::vector<std::string> numbers;
    std::string list;
    for (;;) {
      const std::size_t token = i;
      while (i < low.size() && (low[i] == ' ' || low[i] == ',' || low[i] == ';' || low[i] == ':' || low[i] == '\n')) ++i;
      if (low.compare(i, 4, "and ") == 0) {
        i += 4;
        continue;
      }
      if (i < low.size() && std::isdigit(static_cast<unsigned char>(low[i]))) {
        std::size_t end = i;
        while (end < low.size() && std::isdigit(static_cast<unsigned char>(low[end]))) ++end;
        if (end - i > 3) break;
        list += low.substr(i, end - i);
        i = end;
        // A range: "45-48", "45\xE2\x80\x9348".
        std::size_t k = i;
        while (k < low.size() && low[k] == ' ') ++k;
        std::size_t dash = low.compare(k, 1, "-") == 0 ? 1 : low.compare(k, 3, "\xE2\x80\x93") == 0 ? 3 : 0;
        if (dash) {
          k += dash;
          while (k < low.size() && low[k] == ' ') ++k;
          std::size_t e = k;
          while (e < low.size() && std::isdigit(static_cast<unsigned char>(low[e]))) ++e;
          if (e > k && e - k <= 3) {
            list += "-" + low.substr(k, e - k);
            i = e;
          }
        }
        list += ", ";
        continue;
      }
      // "(b)": a lettered sub-item of the paragraph before it.
      // "(b)", "(b, c, d)": lettered sub-items of the paragraph before.
      if (i + 2 < low.size() && low[i] == '(' && std::isalpha(static_cast<unsigned char>(low[i + 1]))) {
        std::size_t close = low.find(')', i);
        bool letters = close != std::string::npos && close - i <= 24;
        for (std::size_t k = i + 1; letters && k < close; ++k)
          letters = std::isalpha(static_cast<unsigned char>(low[k])) || low[k] == ',' || low[k] == ' ';
        if (letters) {
          i = close + 1;
          continue;
        }
      }
      i = token;
      break;
    }
    if (list.empty()) continue;
    while (i < low.size() && (low[i] == ' ' || low[i] == ',' || low[i] == '\n')) ++i;
    const std::string_view next = std::string_view(low).substr(i);
    // "... did not enjoy the support of the State: paragraphs 38(b); 53 (c)."
    // ends the paragraph with the list.
    bool points_back = next.find_first_not_of(" .;:\n") == std::string_view::npos;
    for (std::string_view w : {"above", "of the present report above", "of this report above", "did not", "do not",
                               "does not", "will be", "are ", "were ", "have ", "enjoy", "in section"})
      points_back = points_back || next.rfind(w, 0) == 0;
    if (!points_back) continue;
    for (std::string& n : expand_recommendation_list(list)) out.push_back(std::move(n));
  }
  return out;
}

bool is_section_end(const Para& p) {
  const lexicon::Lexicon& l = lexicon::lexicon();
  const std::string t = core::fold(p.text.substr(0, 200));
  return l.conclusions_end.in(t) ||
         (p.kind == BlockKind::heading && (l.annex_heading.opens(t) || l.delegation_heading.in(t)));
}

// Recommendations that PDF extraction took for a footnote: a line at a
// page's foot that opens with a number ("24 years (France); 106.104.
// Further strengthen ... (Islamic Republic of Iran); 106.105. ...",
// denmark2011) holds the items that follow it. When such a "footnote" in the
// conclusions holds numbered items that end with recommending States, it is
// read as the paragraphs it is: the text before the first number continues
// the item before, each number opens its own.
std::vector<Para> recover_footnoted_items(const std::vector<Para>& paras, std::size_t start,
                                          const core::CountryTable& countries) {
  static const std::regex number(R"((?:^|\s)(\d{1,3}\.(?:\d{1,3}\.?)?)\s+(?=[A-Z]))");
  std::vector<Para> out(paras.begin(), paras.begin() + static_cast<std::ptrdiff_t>(start));
  for (std::size_t i = start; i < paras.size(); ++i) {
    const Para& p = paras[i];
    std::vector<std::pair<std::size_t, std::size_t>> marks;  // number start, text start
    if (p.kind == BlockKind::footnote)
      for (auto it = std::sregex_iterator(p.text.begin(), p.text.end(), number); it != std::sregex_iterator(); ++it)
        marks.emplace_back(static_cast<std::size_t>((*it).position(1)), static_cast<std::size_t>((*it).position(0) + (*it).length(0)));
    bool items = false;
    for (std::size_t k = 0; k < marks.size() && !items; ++k) {
      const std::size_t end = k + 1 < marks.size() ? marks[k + 1].first : p.text.size();
      items = !trailing_recommenders(std::string_view(p.text).substr(marks[k].second, end - marks[k].second), countries).iso3.empty();
    }
    if (!items) {
      out.push_back(p);
      continue;
    }
    auto piece = [&](std::string number, std::size_t from, std::size_t to) {
      Para q;
      q.page = p.page;
      q.number = std::string(core::trim(number));
      while (!q.number.empty() && q.number.back() == '.') q.number.pop_back();
      q.text = std::string(core::trim(std::string_view(p.text).substr(from, to - from)));
      if (!q.text.empty()) out.push_back(std::move(q));
    };
    // Before the first number: the rest of the item the page broke, whose
    // first word extraction read as the footnote's number.
    piece("", 0, marks[0].first);
    for (std::size_t k = 0; k < marks.size(); ++k)
      piece(p.text.substr(marks[k].first, marks[k].second - marks[k].first), marks[k].second,
            k + 1 < marks.size() ? marks[k + 1].first : p.text.size());
  }
  return out;
}

// "111.2" -> {111, 2}; "118.09" -> {118, 9}; nothing unless both parts are
// numbers.
std::optional<std::pair<int, int>> item_number(std::string_view n) {
  const std::size_t dot = n.find('.');
  if (dot == std::string_view::npos || !is_int(n.substr(0, dot)) || !is_int(n.substr(dot + 1))) return std::nullopt;
  return std::pair{std::stoi(std::string(n.substr(0, dot))), std::stoi(std::string(n.substr(dot + 1)))};
}

std::string item_number(int paragraph, int item) { return std::to_string(paragraph) + "." + std::to_string(item); }

// The number a misprinted item holds by its place: "112.3" between "111.2"
// and "111.4" (mali2013), "118.09" between "118.108" and "118.110"
// (cambodia2014) is the item the run leaves room for. Empty when `printed`
// fits the run (a leading zero too) or its neighbours leave no single place.
std::string number_by_place(std::string_view before, std::string_view printed, std::string_view after) {
  const auto b = item_number(before);
  const auto a = item_number(after);
  if (!b || !a || a->first != b->first || a->second != b->second + 2) return {};
  if (item_number(printed) == std::pair{b->first, b->second + 1}) return {};  // "111.05" is in its place
  return item_number(b->first, b->second + 1);
}

}  // namespace

UprReportFindings parse_upr_report(const std::vector<Para>& all_paras, const core::CountryTable& countries) {
  UprReportFindings out;
  std::size_t start = all_paras.size();
  for (std::size_t i = 0; i < all_paras.size(); ++i)
    if (is_section_start(all_paras[i])) start = i;  // the last one: the table of contents comes first
  const std::vector<Para> paras = recover_footnoted_items(all_paras, start, countries);

  std::vector<Unit>& units = out.units;
  units = parse_numbered_paragraphs(std::vector<Para>(paras.begin(), paras.begin() + static_cast<std::ptrdiff_t>(start)));
  if (start == paras.size()) return out;

  const std::size_t before = units.size();  // the paragraphs before the conclusions
  std::vector<std::pair<std::string, std::string>> referenced;  // paragraph number, group
  std::string section = paras[start].text;
  std::string group;
  std::string para_number;  // the enclosing paragraph ("69", "115")
  int last_sub = 0;         // the cycle-1 layout numbers items 1, 2, ... inside a paragraph
  std::string last_item;    // the later layout's item before ("111.28"), none after a paragraph
  bool in_list = false;     // an introduction announced a list of recommendations
  int open = -1;            // index of the unit that may still take continuation text
  bool open_closed = false; // the open unit already ends with its recommending States
  std::size_t i = start + 1;

  auto finish_open = [&] {
    if (open < 0) return;
    Unit& u = units[static_cast<std::size_t>(open)];
    if (u.unit_kind == "recommendation") {
      Recommenders r = all_recommenders(u.text, countries);
      u.recommending_states = r.iso3;
      // "With regard to the recommendation of Switzerland reflected in
      // paragraph 35 above, Bahrain can ...": no parentheses, a named State.
      static const std::regex of_state(R"(recommendations? (?:made )?(?:of|by) )", std::regex::icase);
      std::smatch m;
      if (u.recommending_states.empty() && contains(core::ascii_lower(u.text), "recommendation") &&
          std::regex_search(u.text, m, of_state))
        if (std::string iso = leading_state(m.suffix().str(), countries); !iso.empty()) u.recommending_states = {iso};
      u.recommended_by = r.printed;
    }
  };
  auto add = [&](const Para& p, std::string kind, std::string number) {
    finish_open();
    Unit u;
    u.unit_kind = std::move(kind);
    u.number = std::move(number);
    u.page = p.page;
    u.section = section;
    u.text = u.unit_kind == "recommendation" ? drop_footnote_markers(p.text) : p.text;
    if (u.unit_kind == "recommendation") {
      u.group = group;
      // The report's own grouping is the position until an addendum says
      // otherwise (apply_responses falls back to it the same way).
      if (group == "supported" || group == "noted") u.response = group;
    }
    units.push_back(std::move(u));
    open = static_cast<int>(units.size()) - 1;
    open_closed = units.back().unit_kind == "recommendation" && !trailing_recommenders(units.back().text, countries).iso3.empty();
  };

  for (; i < paras.size(); ++i) {
    Para renumbered;
    if (in_list && paras[i].number.empty() && paras[i].kind != BlockKind::heading) {
      // An item whose text lost its first letter ("3. o remove reservations",
      // France 2008) or its dot ("4 Encourage", India 2008) is not taken for
      // a numbered paragraph by extraction; the next number in the list is.
      static const std::regex item(R"(^(\d{1,3})\.?\s+(\S.*)$)");
      std::smatch m;
      const std::string& t = paras[i].text;
      if (!t.empty() && t[0] >= '0' && t[0] <= '9' && std::regex_match(t, m, item) &&
          std::stoi(m[1].str()) == last_sub + 1) {
        renumbered = paras[i];
        renumbered.number = m[1].str();
        renumbered.text = m[2].str();
      }
    }
    if (const auto last = item_number(last_item);
        last && renumbered.number.empty() && paras[i].number.empty() && paras[i].kind != BlockKind::heading) {
      // "111. 29 Strengthen ...": a space inside the item's number, so
      // extraction saw no number; it is one when it continues the items.
      static const std::regex item(R"(^(\d{1,3})\. (\d{1,3})\s+(\S.*)$)");
      std::smatch m;
      const std::string& t = paras[i].text;
      if (!t.empty() && t[0] >= '1' && t[0] <= '9' && std::regex_match(t, m, item) &&
          std::stoi(m[1].str()) == last->first && std::stoi(m[2].str()) == last->second + 1) {
        renumbered = paras[i];
        renumbered.number = item_number(last->first, last->second + 1);
        renumbered.text = m[3].str();
      }
    }
    const Para& p = renumbered.number.empty() ? paras[i] : renumbered;
    if (is_section_end(p)) break;
    if (p.kind == BlockKind::footnote) continue;
    if (p.kind == BlockKind::heading || p.number.empty()) {
      if (open >= 0 && !open_closed && units[static_cast<std::size_t>(open)].unit_kind == "recommendation") {
        Unit& u = units[static_cast<std::size_t>(open)];
        u.text += ' ';
        u.text += drop_footnote_markers(p.text);
        open_closed = !trailing_recommenders(u.text, countries).iso3.empty();
        continue;
      }
      if (p.kind == BlockKind::heading) {
        finish_open();
        open = -1;
        continue;
      }
      // An unnumbered paragraph may introduce the next group ("The following
      // recommendations did not enjoy the support of ...").
      if (std::string g = group_of(p.text); !g.empty()) {
        group = g;
        in_list = true;
        last_sub = 0;
      }
      add(p, "paragraph", "");
      continue;
    }
    const std::string& n = p.number;
    auto dot = n.find('.');
    if (dot != std::string::npos) {
      // "115.1": a recommendation in the later layout.
      std::string number = n;
      std::size_t next = i + 1;
      while (next < paras.size() && paras[next].number.empty()) ++next;
      if (std::string place = number_by_place(last_item, n, next < paras.size() ? paras[next].number : "");
          !place.empty()) {
        out.warnings.push_back("page " + std::to_string(p.page) + ": recommendation printed as " + n + " between " +
                               last_item + " and " + paras[next].number + ", indexed as " + place);
        number = std::move(place);
      }
      para_number = number.substr(0, number.find('.'));
      last_item = number;
      add(p, "recommendation", std::move(number));
      continue;
    }
    const int value = std::stoi(n);
    const bool sub_candidate = in_list && value == last_sub + 1;
    const bool top_candidate = para_number.empty() || value == std::stoi(para_number) + 1;
    if (sub_candidate && (!top_candidate || !trailing_recommenders(p.text, countries).iso3.empty() || !is_int(para_number) ||
                          group_of(p.text).empty())) {
      // A list that starts again at 1 under an unnumbered introduction
      // belongs to the next paragraph, whose number extraction lost with the
      // page margin (comoros2009: "66. The following recommendations did
      // not enjoy ..." arrives without its "66.").
      if (value == 1 && is_int(para_number) &&
          std::any_of(units.begin(), units.end(), [&](const Unit& u) { return u.number == para_number + ".1"; }))
        para_number = std::to_string(std::stoi(para_number) + 1);
      last_sub = value;
      add(p, "recommendation", para_number.empty() ? n : para_number + "." + n);
      continue;
    }
    para_number = n;
    last_sub = 0;
    last_item.clear();
    const std::string g = group_of(p.text);
    if (!g.empty()) group = g;
    // "In the course of the discussion, it was recommended that Barbados:"
    // opens a list as well as a sentence naming its group does.
    const std::string low = core::ascii_lower(p.text);
    const std::string folded = core::fold(p.text);
    const lexicon::Lexicon& l = lexicon::lexicon();
    // "With regard to the other recommendations, the State under review
    // offers the following comments:" lists the State's comments.
    in_list = (!g.empty() || l.following_recommendations.in(folded) ||
               (l.recommend_verb.in(folded) && ends_with_colon(p.text))) &&
              !l.following_comments.in(folded);
    if (std::vector<std::string> refs = contains(low, "recommendation") ? referenced_paragraphs(p.text)
                                                                         : std::vector<std::string>();
        !refs.empty())
      for (std::string& r : refs) referenced.emplace_back(std::move(r), g.empty() ? group : g);
    add(p, "paragraph", n);
  }
  finish_open();
  // A cycle-1 conclusions paragraph may name its recommendations only by the
  // dialogue paragraphs that hold them ("Other recommendations noted in the
  // report in paragraphs 51, 53 and 63 above will be examined"): those
  // paragraphs are then the recommendations, made by the State they open with.
  for (const auto& [number, ref_group] : referenced) {
    for (std::size_t k = 0; k < before; ++k) {
      Unit& u = units[k];
      if (u.number != number || u.unit_kind != "paragraph") continue;
      std::string iso = leading_state(u.text, countries);
      if (iso.empty()) break;
      u.unit_kind = "recommendation";
      u.group = ref_group;
      if (ref_group == "supported" || ref_group == "noted") u.response = ref_group;
      u.recommending_states = {iso};
      break;
    }
  }
  std::vector<Para> rest(paras.begin() + static_cast<std::ptrdiff_t>(i), paras.end());
  for (Unit& u : parse_numbered_paragraphs(rest)) units.push_back(std::move(u));
  return out;
}

}  // namespace hrdex::indexer::understand
