// One parser per document kind, each turning the cleaned paragraph stream
// into units (and, for some kinds, document-level findings). understand.cpp
// picks the parser by kind.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/countries.hpp"
#include "core/record.hpp"
#include "indexer/understand/paragraphs.hpp"

namespace hrdex::indexer::understand {

using Unit = core::UnitRecord;

// Numbered paragraphs as `paragraph` units; unnumbered text after a number
// joins it (a paragraph broken by a page stays whole).
std::vector<Unit> parse_numbered_paragraphs(const std::vector<Para>& paras);

// A UPR Working Group report: numbered paragraphs, and in its "Conclusions
// and/or recommendations" section every recommendation with its recommending
// States and the group it sits in. Both the cycle-1 layout ("69. ... enjoy
// the support: 1. That Algeria ... (Kuwait).", numbered "69.1") and later
// ones ("115.1 Ratify ... (France);"). An item printed out of its run
// ("112.3" between 111.2 and 111.4) takes the number of its place, with a
// warning naming both.
struct UprReportFindings {
  std::vector<Unit> units;
  std::vector<std::string> warnings;
};
UprReportFindings parse_upr_report(const std::vector<Para>& paras, const core::CountryTable& countries);

// A UPR addendum: the State's responses, ranges expanded.
std::vector<core::Response> parse_upr_responses(const std::vector<Para>& paras);

// Expands "1-5, 14-16, 122.17-18, 140.35. 140.36" into single numbers.
std::vector<std::string> expand_recommendation_list(std::string_view list);

// Treaty-body concluding observations: numbered paragraphs with section, topic
// sub-heading and kind (recommendation / concern / paragraph); a paragraph's
// lettered sub-items are units of their own ("13 (a)"), after a unit for the
// words before them; the paragraphs a follow-up request names are flagged.
struct CoFindings {
  std::vector<Unit> units;
  std::vector<std::string> followup_paragraphs;
  std::string next_report_date;
};
CoFindings parse_treaty_co(const std::vector<Para>& paras);

// Lettered sub-items "(a) ... (b) ..." (or "a) ... b) ...", as French,
// Spanish and Russian print them) inside a paragraph, in order; none when
// there are fewer than two.
std::vector<core::SubItem> split_sub_items(std::string_view text);
// The words before the sub-items ("The State party should:"), or the whole
// text when it has none.
std::string sub_item_lead_in(std::string_view text);

// Numbered paragraphs as units with their section (the nearest "A. ..." or
// "IV. ..." heading) and subsection (any other heading); unnumbered text
// after a number joins it. For concluding observations and reports laid
// out like them.
std::vector<Unit> sectioned_paragraphs(const std::vector<Para>& paras);

// The kind of a paragraph's text (the whole, the words before its items,
// or one item): "recommendation", "concern" or "paragraph".
using KindOf = std::function<std::string(const Unit& paragraph, std::string_view text)>;

// Appends `paragraph` to `out`, as one unit, or, when it has lettered
// sub-items, as a unit for the words before them and one per item
// ("13 (a)", with `lead_in`); units whose numbers `followup` names are
// flagged.
void add_with_items(Unit paragraph, const KindOf& kind_of, const std::vector<std::string>& followup,
                    std::vector<Unit>& out);

// A special procedure's country-visit report: numbered paragraphs; those of
// its recommendations section (and those that recommend in a "Conclusions
// and recommendations" chapter) are recommendations, item by item.
std::vector<Unit> parse_special_procedures(const std::vector<Para>& paras);

// Civil-society letters and submissions: paragraphs under their headings,
// `ask` when a sentence asks something of a government; signatories.
struct LetterFindings {
  std::vector<Unit> units;
  std::string addressee;
  std::vector<std::string> signatories;
};
LetterFindings parse_letter(const std::vector<Para>& paras);

// Advance questions to a State under review: each asking State's
// questions under its name ("DENMARK", "PORTUGAL on behalf of the Group of
// Friends ..."), as bullets or paragraphs, sometimes under a topic line
// ("Derechos de la mujer."). Each question is a `question` unit whose
// recommending States are the one that asked (`by:DNK` finds Denmark's),
// in the section of its name; a line a page broke joins its question.
std::vector<Unit> parse_advance_questions(const std::vector<Para>& paras, const core::CountryTable& countries);

// OHCHR thematic list, in any of its layouts (thematic_list.cpp): each
// table row holding a recommendation, with its number, text, recommending
// States, position and its source, and the themes, affected persons and SDGs
// people assigned, as printed. No units and a warning when no header row
// says which column is which (the caller then indexes paragraphs).
struct ThematicListFindings {
  std::vector<Unit> units;
  std::vector<std::string> warnings;
};
ThematicListFindings parse_thematic_list(const std::vector<Para>& paras, const core::CountryTable& countries);

// The State a list's recommendations are addressed to, for a list whose
// running header (where OHCHR names the review) did not reach hrdex:
// antiword prints no header stories, so a legacy .doc list names its State
// only in its recommendations ("Egypt's Constitution", "the Egyptian
// law"). The State named most often outside parentheses, never one among
// the recommending States (no State recommends to itself), at least three
// times and more than twice as often as any other; none otherwise.
std::optional<core::Country> state_named_in_recommendations(const std::vector<Unit>& units,
                                                            const core::CountryTable& countries);

}  // namespace hrdex::indexer::understand
