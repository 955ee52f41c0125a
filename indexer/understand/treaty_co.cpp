#include <algorithm>
#include <cctype>
#include <regex>

#include "core/text.hpp"
#include "indexer/understand/document_info.hpp"
#include "indexer/understand/lexicon.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {
namespace {

// "A. Introduction", "C. Principal subjects of concern and recommendations".
bool is_top_section(std::string_view heading) {
  static const std::regex re(R"(^(?:[A-H]|[IVX]+)\.\s+\S.*)");
  return std::regex_match(heading.begin(), heading.end(), re);
}

std::string unit_kind_of(std::string_view text) {
  const std::string t = core::fold(text);
  const lexicon::Lexicon& l = lexicon::lexicon();
  if (l.co_recommendation.in(t)) return "recommendation";
  if (l.co_concern.in(t)) return "concern";
  return "paragraph";
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

// At `at`, a sub-item label of letter `letter` in one of the forms UN
// documents print: "(a) " in English, "a) " in French, Spanish and Russian
// (also with a Cyrillic "а)"). Returns the label's length, 0 when none.
std::size_t label_at(std::string_view text, std::size_t at, char letter, bool parenthesised) {
  if (parenthesised) {
    const std::string marker = std::string("(") + letter + ")";
    return text.compare(at, 3, marker) == 0 && at + 3 < text.size() && is_space(text[at + 3]) ? 3 : 0;
  }
  const std::string marker = std::string(1, letter) + ")";
  if (text.compare(at, 2, marker) == 0 && at + 2 < text.size() && is_space(text[at + 2])) return 2;
  // The Cyrillic а, в, с and е look like a, b, c and e; only "а)" is used
  // for the first item often enough to matter.
  if (letter == 'a' && text.compare(at, 3, "\xD0\xB0)") == 0 && at + 3 < text.size() && is_space(text[at + 3])) return 3;
  return 0;
}

// Where the sub-items of one labelling style start, and their labels'
// lengths: letters must follow each other ("a", then "b"), each label after
// a space or a colon, and not after a number ("13 (a)" cites an item), so a
// "(c)" cited inside a sentence does not start an item.
std::vector<std::pair<std::size_t, std::size_t>> item_starts(std::string_view text, bool parenthesised) {
  std::vector<std::pair<std::size_t, std::size_t>> starts;
  std::size_t from = 0;
  for (char letter = 'a'; letter <= 'z'; ++letter) {
    std::size_t found = std::string_view::npos, length = 0;
    for (std::size_t at = from; at < text.size(); ++at) {
      if (at > 0 && !is_space(text[at - 1]) && text[at - 1] != ':') continue;
      // "paragraphs 13 (a) and 13 (b) above" cites items of another paragraph.
      if (at > 1 && std::isdigit(static_cast<unsigned char>(text[at - 2]))) continue;
      if ((length = label_at(text, at, letter, parenthesised)) > 0) {
        found = at;
        break;
      }
    }
    if (found == std::string_view::npos) break;
    starts.emplace_back(found, length);
    from = found + length;
  }
  return starts;
}

// The length of an item's label at `at`: 3 for "(a)", 2 for "a)", 0 when
// none is there. The letter is the label's last character but one.
std::size_t item_label(std::string_view s, std::size_t at) {
  auto letter = [&](std::size_t i) { return i < s.size() && s[i] >= 'a' && s[i] <= 'z'; };
  if (at + 2 < s.size() && s[at] == '(' && letter(at + 1) && s[at + 2] == ')') return 3;
  if (at + 1 < s.size() && letter(at) && s[at + 1] == ')') return 2;
  return 0;
}

// The paragraphs a follow-up request names after "paragraphs":
// "17 (a) (right to health), 19 (c) and 36" -> "17 (a)", "19 (c)", "36";
// "13 (a) and (b)" -> "13 (a)", "13 (b)"; French "17 a) et 19 c)".
std::vector<std::string> cited_paragraphs(std::string_view folded, std::size_t& at) {
  std::vector<std::string> out;
  std::string number;
  auto skip = [&] {
    for (;;) {
      const std::size_t before = at;
      while (at < folded.size() && (is_space(folded[at]) || folded[at] == ',' || folded[at] == ';')) ++at;
      for (std::string_view word : {"and ", "et ", "y ", "e ", "\xD0\xB8 ", "\xD9\x88"})
        if (folded.compare(at, word.size(), word) == 0) at += word.size();
      if (at == before) return;
    }
  };
  for (;;) {
    skip();
    if (at < folded.size() && std::isdigit(static_cast<unsigned char>(folded[at]))) {
      std::size_t end = at;
      while (end < folded.size() && std::isdigit(static_cast<unsigned char>(folded[end]))) ++end;
      if (end - at > 3) break;
      number = std::string(folded.substr(at, end - at));
      at = end;
      while (at < folded.size() && folded[at] == ' ') ++at;
      // "17 (a)" or "17 a)": the sub-item; otherwise the whole paragraph.
      if (std::size_t n = item_label(folded, at)) {
        const char first = folded[at + n - 2];
        out.push_back(number + " (" + first + ")");
        at += n;
        // "36 (a)–(d)": every item of the range.
        std::size_t dash = folded.compare(at, 1, "-") == 0 ? 1 : folded.compare(at, 3, "\xE2\x80\x93") == 0 ? 3 : 0;
        if (std::size_t m = dash ? item_label(folded, at + dash) : 0) {
          const char last = folded[at + dash + m - 2];
          for (char c = static_cast<char>(first + 1); c <= last && c <= 'z'; ++c) out.push_back(number + " (" + c + ")");
          at += dash + m;
        }
      } else {
        out.push_back(number);
      }
    } else if (std::size_t n = number.empty() ? 0 : item_label(folded, at); n == 3) {
      // "(b)" after "13 (a) and": another item of the same paragraph.
      out.push_back(number + " (" + folded[at + 1] + ")");
      at += 3;
    } else {
      break;
    }
    // "(right to health and the impact of the COVID-19 pandemic)": what
    // the paragraph is about, not another number.
    while (at < folded.size() && folded[at] == ' ') ++at;
    if (at + 3 < folded.size() && folded[at] == '(' && folded[at + 2] != ')') {
      int depth = 0;
      for (; at < folded.size(); ++at) {
        if (folded[at] == '(') ++depth;
        if (folded[at] == ')' && --depth == 0) {
          ++at;
          break;
        }
      }
    }
  }
  return out;
}

// "a", "(a", "(a)": a lettered item's label as paragraphs() leaves it.
bool is_item_label(std::string_view n) {
  if (!n.empty() && n.front() == '(') n.remove_prefix(1);
  if (!n.empty() && n.back() == ')') n.remove_suffix(1);
  return n.size() == 1 && n[0] >= 'a' && n[0] <= 'z';
}

bool flagged(const std::vector<std::string>& followup, const std::string& number) {
  if (number.empty()) return false;
  if (std::find(followup.begin(), followup.end(), number) != followup.end()) return true;
  // An item of a paragraph asked for whole.
  const auto space = number.find(' ');
  return space != std::string::npos && std::find(followup.begin(), followup.end(), number.substr(0, space)) != followup.end();
}

}  // namespace

std::vector<core::SubItem> split_sub_items(std::string_view text) {
  auto starts = item_starts(text, true);
  if (starts.size() < 2) starts = item_starts(text, false);
  std::vector<core::SubItem> items;
  if (starts.size() < 2) return items;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t begin = starts[k].first + starts[k].second;
    const std::size_t end = k + 1 < starts.size() ? starts[k + 1].first : text.size();
    items.push_back(core::SubItem{std::string(1, static_cast<char>('a' + k)),
                                  std::string(core::trim(text.substr(begin, end - begin)))});
  }
  return items;
}

std::string sub_item_lead_in(std::string_view text) {
  auto starts = item_starts(text, true);
  if (starts.size() < 2) starts = item_starts(text, false);
  if (starts.size() < 2) return std::string(text);
  return std::string(core::trim(text.substr(0, starts.front().first)));
}

std::vector<Unit> sectioned_paragraphs(const std::vector<Para>& paras) {
  std::vector<Unit> paragraphs;
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
    // A lettered list item the format numbers apart ("a." in an HTML <ol
    // type="a">) is a sub-item of the paragraph before it.
    if (open >= 0 && is_item_label(p.number)) {
      const char letter = p.number[p.number[0] == '(' ? 1 : 0];
      paragraphs[static_cast<std::size_t>(open)].text += std::string(" (") + letter + ") " + p.text;
      continue;
    }
    if (p.number.empty() || p.number.find('.') != std::string::npos) {
      if (open >= 0) {
        paragraphs[static_cast<std::size_t>(open)].text += ' ';
        paragraphs[static_cast<std::size_t>(open)].text += p.number.empty() ? p.text : p.number + ". " + p.text;
        continue;
      }
      if (p.number.empty()) {
        Unit u;
        u.unit_kind = "paragraph";
        u.page = p.page;
        u.section = section;
        u.subsection = subsection;
        u.text = p.text;
        paragraphs.push_back(std::move(u));
        continue;
      }
    }
    Unit u;
    u.number = p.number;
    u.page = p.page;
    u.section = section;
    u.subsection = subsection;
    u.text = p.text;
    paragraphs.push_back(std::move(u));
    open = static_cast<int>(paragraphs.size()) - 1;
  }
  return paragraphs;
}

void add_with_items(Unit paragraph, const KindOf& kind_of, const std::vector<std::string>& followup,
                    std::vector<Unit>& out) {
  paragraph.items = paragraph.number.empty() ? std::vector<core::SubItem>() : split_sub_items(paragraph.text);
  if (paragraph.items.empty()) {
    if (paragraph.unit_kind.empty()) paragraph.unit_kind = kind_of(paragraph, paragraph.text);
    paragraph.followup = flagged(followup, paragraph.number);
    out.push_back(std::move(paragraph));
    return;
  }
  // The words before the items: the concern that leads to them, or a bare
  // "The State party should:", which is no recommendation by itself.
  const std::string lead_in = sub_item_lead_in(paragraph.text);
  const std::string lead_kind = kind_of(paragraph, lead_in);
  Unit parent = paragraph;
  parent.text = lead_in;
  parent.unit_kind = lead_kind == "concern" ? "concern" : "paragraph";
  parent.followup = flagged(followup, parent.number);
  out.push_back(parent);
  for (const core::SubItem& item : paragraph.items) {
    Unit child;
    child.number = paragraph.number + " (" + item.label + ")";
    child.page = paragraph.page;
    child.section = paragraph.section;
    child.subsection = paragraph.subsection;
    child.text = item.text;
    child.lead_in = lead_in;
    const std::string own = kind_of(paragraph, item.text);
    child.unit_kind = lead_kind == "recommendation" || own == "recommendation" ? "recommendation"
                      : lead_kind == "concern" || own == "concern"              ? "concern"
                                                                                : "paragraph";
    child.followup = flagged(followup, child.number);
    out.push_back(std::move(child));
  }
}

CoFindings parse_treaty_co(const std::vector<Para>& paras) {
  CoFindings out;
  std::vector<Unit> paragraphs = sectioned_paragraphs(paras);
  const lexicon::Lexicon& l = lexicon::lexicon();
  for (Unit& u : paragraphs) {
    const std::string folded = core::fold(u.text);
    // The request gives a time ("within one year") and names paragraphs;
    // it may not say "follow-up" (CERD: "information on its implementation
    // of the recommendations contained in paragraphs ...").
    if (out.followup_paragraphs.empty() && l.followup_within.in(folded))
      for (std::size_t at = l.paragraphs_word.find(folded).end; at != std::string::npos;
           at = l.paragraphs_word.find(folded, at).end) {
        // "paragraphs", "paragraphes", "пунктах": the rest of the word first.
        while (at < folded.size() && !is_space(folded[at]) && !std::isdigit(static_cast<unsigned char>(folded[at])))
          ++at;
        std::vector<std::string> cited = cited_paragraphs(folded, at);
        // "paragraph 1 of article 9 of the Convention" cites the treaty.
        std::size_t next = at;
        while (next < folded.size() && (is_space(folded[next]) || folded[next] == ',')) ++next;
        if (l.of_article.find(folded, next).start == next) continue;
        out.followup_paragraphs.insert(out.followup_paragraphs.end(), cited.begin(), cited.end());
      }
    if (out.next_report_date.empty() && l.periodic_report.in(folded) && l.submit_or_due.in(folded))
      out.next_report_date = find_date(u.text);
  }
  // Each item is a recommendation when the words before the items or its
  // own recommend, a concern when they are concerned.
  const KindOf kind_of = [](const Unit&, std::string_view text) { return unit_kind_of(text); };
  for (Unit& u : paragraphs) add_with_items(std::move(u), kind_of, out.followup_paragraphs, out.units);
  return out;
}

}  // namespace hrdex::indexer::understand
