// One parser per document kind, each turning the cleaned paragraph stream
// into units (and, for some kinds, document-level findings). understand.cpp
// picks the parser by kind.
#pragma once

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
// ones ("115.1 Ratify ... (France);").
std::vector<Unit> parse_upr_report(const std::vector<Para>& paras, const core::CountryTable& countries);

// A UPR addendum: the State's responses, ranges expanded.
std::vector<core::Response> parse_upr_responses(const std::vector<Para>& paras);

// Expands "1-5, 14-16, 122.17-18, 140.35. 140.36" into single numbers.
std::vector<std::string> expand_recommendation_list(std::string_view list);

// Treaty-body concluding observations: numbered paragraphs with section, topic
// sub-heading, kind (recommendation / concern / paragraph) and sub-items.
struct CoFindings {
  std::vector<Unit> units;
  std::vector<std::string> followup_paragraphs;
  std::string next_report_date;
};
CoFindings parse_treaty_co(const std::vector<Para>& paras);

// Lettered sub-items "(a) ... (b) ..." inside a paragraph, in order.
std::vector<core::SubItem> split_sub_items(std::string_view text);

// Civil-society letters and submissions: paragraphs under their headings,
// `ask` when a sentence asks something of a government; signatories.
struct LetterFindings {
  std::vector<Unit> units;
  std::string addressee;
  std::vector<std::string> signatories;
};
LetterFindings parse_letter(const std::vector<Para>& paras);

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

}  // namespace hrdex::indexer::understand
