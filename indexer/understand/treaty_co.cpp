#include <regex>

#include "core/text.hpp"
#include "indexer/understand/document_info.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {
namespace {

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

// "A. Introduction", "C. Principal subjects of concern and recommendations".
bool is_top_section(std::string_view heading) {
  static const std::regex re(R"(^(?:[A-H]|[IVX]+)\.\s+\S.*)");
  return std::regex_match(heading.begin(), heading.end(), re);
}

std::string unit_kind_of(std::string_view text) {
  const std::string t = core::ascii_lower(text);
  for (std::string_view m : {"the state party should", "recommends that the state party", "recommends that the state",
                             "urges the state party", "calls upon the state party", "calls on the state party",
                             "requests the state party", "encourages the state party", "the committee recommends",
                             "invites the state party"})
    if (contains(t, m)) return "recommendation";
  for (std::string_view m : {"concerned", "concern", "regrets", "deplores", "alarmed"})
    if (contains(t, m)) return "concern";
  return "paragraph";
}

}  // namespace

std::vector<core::SubItem> split_sub_items(std::string_view text) {
  // Letters must follow each other ("(a)", then "(b)"), so a "(c)" cited
  // inside a sentence does not start an item.
  std::vector<core::SubItem> items;
  std::vector<std::size_t> starts;
  std::size_t from = 0;
  for (char letter = 'a'; letter <= 'z'; ++letter) {
    const std::string marker = std::string("(") + letter + ") ";
    std::size_t at = text.find(marker, from);
    if (at == std::string_view::npos) break;
    if (letter == 'a' && at > 0 && text[at - 1] != ' ' && text[at - 1] != ':') break;
    starts.push_back(at);
    from = at + marker.size();
  }
  if (starts.size() < 2) return items;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    std::size_t begin = starts[k] + 4;
    std::size_t end = k + 1 < starts.size() ? starts[k + 1] : text.size();
    items.push_back(core::SubItem{std::string(1, static_cast<char>('a' + k)),
                                  std::string(core::trim(text.substr(begin, end - begin)))});
  }
  return items;
}

CoFindings parse_treaty_co(const std::vector<Para>& paras) {
  CoFindings out;
  std::string section, subsection;
  int open = -1;
  for (const Para& p : paras) {
    if (p.kind == extract::BlockKind::footnote) continue;
    if (p.kind == extract::BlockKind::heading) {
      if (is_top_section(p.text)) {
        section = p.text;
        subsection.clear();
      } else {
        subsection = p.text;
      }
      open = -1;
      continue;
    }
    if (p.number.empty() || p.number.find('.') != std::string::npos) {
      if (open >= 0) {
        out.units[static_cast<std::size_t>(open)].text += ' ';
        out.units[static_cast<std::size_t>(open)].text += p.number.empty() ? p.text : p.number + ". " + p.text;
        continue;
      }
      if (p.number.empty()) {
        Unit u;
        u.unit_kind = "paragraph";
        u.page = p.page;
        u.section = section;
        u.subsection = subsection;
        u.text = p.text;
        out.units.push_back(std::move(u));
        continue;
      }
    }
    Unit u;
    u.number = p.number;
    u.page = p.page;
    u.section = section;
    u.subsection = subsection;
    u.text = p.text;
    out.units.push_back(std::move(u));
    open = static_cast<int>(out.units.size()) - 1;
  }
  static const std::regex paragraphs_list(R"(paragraphs?\s+((?:\d+\s*(?:\([a-z]\))?(?:\s*(?:,|and)\s*)?)+))");
  for (Unit& u : out.units) {
    if (u.unit_kind.empty()) u.unit_kind = unit_kind_of(u.text);
    u.items = split_sub_items(u.text);
    const std::string low = core::ascii_lower(u.text);
    if (contains(low, "follow-up") && contains(low, "paragraphs") && out.followup_paragraphs.empty()) {
      std::smatch m;
      if (std::regex_search(low, m, paragraphs_list)) {
        static const std::regex number(R"(\d+)");
        const std::string list = m[1].str();
        for (auto it = std::sregex_iterator(list.begin(), list.end(), number); it != std::sregex_iterator(); ++it)
          out.followup_paragraphs.push_back(it->str());
      }
    }
    if (out.next_report_date.empty() && contains(low, "periodic report") &&
        (contains(low, "submit") || contains(low, "due"))) {
      out.next_report_date = find_date(u.text);
    }
  }
  return out;
}

}  // namespace hrdex::indexer::understand
