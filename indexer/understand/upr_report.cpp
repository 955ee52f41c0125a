#include <string>

#include "core/text.hpp"
#include "indexer/understand/parsers.hpp"
#include "indexer/understand/recommenders.hpp"

namespace hrdex::indexer::understand {
namespace {

using extract::BlockKind;

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

bool is_int(std::string_view s) {
  if (s.empty() || s.size() > 4) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The group an introductory sentence announces, or empty.
std::string group_of(std::string_view text) {
  const std::string t = core::ascii_lower(text);
  if (!contains(t, "recommendation")) return {};
  for (std::string_view m : {"did not enjoy", "do not enjoy", "does not enjoy", "not enjoy the support", "were noted",
                             "have been noted", "has noted", "will be noted", "took note", "takes note", "not accepted",
                             "not supported", "rejected", "cannot accept", "could not accept", "does not accept",
                             "did not accept", "noted by"})
    if (contains(t, m)) return "noted";
  for (std::string_view m : {"will be examined", "will examine", "will be considered", "will consider", "in due time",
                             "will provide responses", "will respond"})
    if (contains(t, m)) return "will-be-examined";
  for (std::string_view m : {"enjoy the support", "enjoyed the support", "enjoys the support", "supported by",
                             "accepted", "already implemented", "in the process of implementation", "agreed to"})
    if (contains(t, m)) return "supported";
  return {};
}

bool is_section_start(const Para& p) {
  if (p.text.size() > 150 || contains(p.text, "....") || contains(p.text, ". . .")) return false;
  const std::string t = core::ascii_lower(p.text);
  return contains(t, "conclusions and/or recommendations") && t.rfind("all conclusions", 0) != 0 &&
         !contains(t, "views on");
}

bool is_section_end(const Para& p) {
  const std::string t = core::ascii_lower(p.text.substr(0, 200));
  return contains(t, "all conclusions and/or recommendations contained in") ||
         (p.kind == BlockKind::heading && (t.rfind("annex", 0) == 0 || contains(t, "composition of the delegation")));
}

}  // namespace

std::vector<Unit> parse_upr_report(const std::vector<Para>& paras, const core::CountryTable& countries) {
  std::size_t start = paras.size();
  for (std::size_t i = 0; i < paras.size(); ++i)
    if (is_section_start(paras[i])) start = i;  // the last one: the table of contents comes first

  std::vector<Unit> units = parse_numbered_paragraphs(std::vector<Para>(paras.begin(), paras.begin() + static_cast<std::ptrdiff_t>(start)));
  if (start == paras.size()) return units;

  std::string section = paras[start].text;
  std::string group;
  std::string para_number;  // the enclosing paragraph ("69", "115")
  int last_sub = 0;         // the cycle-1 layout numbers items 1, 2, ... inside a paragraph
  bool in_list = false;     // an introduction announced a list of recommendations
  int open = -1;            // index of the unit that may still take continuation text
  bool open_closed = false; // the open unit already ends with its recommending States
  std::size_t i = start + 1;

  auto finish_open = [&] {
    if (open < 0) return;
    Unit& u = units[static_cast<std::size_t>(open)];
    if (u.unit_kind == "recommendation") {
      Recommenders r = trailing_recommenders(u.text, countries);
      u.recommending_states = r.iso3;
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
    u.text = p.text;
    if (u.unit_kind == "recommendation") u.group = group;
    units.push_back(std::move(u));
    open = static_cast<int>(units.size()) - 1;
    open_closed = units.back().unit_kind == "recommendation" && !trailing_recommenders(units.back().text, countries).iso3.empty();
  };

  for (; i < paras.size(); ++i) {
    const Para& p = paras[i];
    if (is_section_end(p)) break;
    if (p.kind == BlockKind::footnote) continue;
    if (p.kind == BlockKind::heading || p.number.empty()) {
      if (open >= 0 && !open_closed && units[static_cast<std::size_t>(open)].unit_kind == "recommendation") {
        Unit& u = units[static_cast<std::size_t>(open)];
        u.text += ' ';
        u.text += p.text;
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
      std::string prefix = n.substr(0, dot);
      if (prefix != para_number) {
        para_number = prefix;
      }
      add(p, "recommendation", n);
      continue;
    }
    const int value = std::stoi(n);
    const bool sub_candidate = in_list && value == last_sub + 1;
    const bool top_candidate = para_number.empty() || value == std::stoi(para_number) + 1;
    if (sub_candidate && (!top_candidate || !trailing_recommenders(p.text, countries).iso3.empty() || !is_int(para_number) ||
                          group_of(p.text).empty())) {
      last_sub = value;
      add(p, "recommendation", para_number.empty() ? n : para_number + "." + n);
      continue;
    }
    para_number = n;
    last_sub = 0;
    const std::string g = group_of(p.text);
    if (!g.empty()) group = g;
    in_list = !g.empty() || (contains(core::ascii_lower(p.text), "recommendation") && !p.text.empty() && p.text.back() == ':');
    add(p, "paragraph", n);
  }
  finish_open();
  std::vector<Para> rest(paras.begin() + static_cast<std::ptrdiff_t>(i), paras.end());
  for (Unit& u : parse_numbered_paragraphs(rest)) units.push_back(std::move(u));
  return units;
}

}  // namespace hrdex::indexer::understand
