// The words by which UN documents say what they are and what they hold, in
// the six UN languages: titles, section headings, the sentences that open a
// group of recommendations, a State's positions, a committee's
// recommendations and concerns, follow-up requests. The parsers ask here
// instead of spelling English phrases themselves, so a French, Spanish,
// Russian, Arabic or Chinese document is read by the same code.
//
// Phrases are written as documents print them and folded once (core::fold:
// lower case, no accents or vowel marks); the text they are looked for in
// must be folded too, so "CONCLUSIONS ET/OU RECOMMANDATIONS" and
// "Conclusions et/ou recommandations" match alike. Every language's phrases
// are tried on every document: detection can be wrong on a short or mixed
// document, and the phrases of different languages do not collide.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hrdex::indexer::understand::lexicon {

class Phrases {
 public:
  Phrases(std::initializer_list<std::string_view> written);
  // Whether any phrase occurs in `folded`.
  bool in(std::string_view folded) const;
  // Whether `folded` opens with one of them.
  bool opens(std::string_view folded) const;
  // Where the first phrase found in `folded` at or after `from` starts and
  // ends; both npos when none is.
  struct Span {
    std::size_t start = std::string_view::npos, end = std::string_view::npos;
  };
  Span find(std::string_view folded, std::size_t from = 0) const;

 private:
  std::vector<std::string> folded_;
};

struct Lexicon {
  // UPR Working Group reports and their addenda.
  Phrases upr_wg_report_title;    // "report of the working group on the universal periodic review"
  Phrases upr;                    // "universal periodic review"
  Phrases upr_addendum_title;     // "views on conclusions and/or recommendations"
  Phrases addendum;               // "addendum"
  Phrases conclusions_heading;    // "conclusions and/or recommendations"
  Phrases conclusions_heading_without_or;  // "conclusions and recommendations" (some cycle-1 reports)
  Phrases not_conclusions_heading;  // at the start: "all conclusions ..."; anywhere: "views on"
  Phrases conclusions_end;        // "all conclusions and/or recommendations contained in"
  Phrases annex_heading;          // a heading opening with "annex": after the recommendations
  Phrases delegation_heading;     // "composition of the delegation", a heading after them
  Phrases recommendation_word;    // "recommendation" in any of its forms
  Phrases recommend_verb;         // "recommend": a sentence that announces recommendations
  Phrases following_recommendations;  // "the following recommendations"
  Phrases following_comments;     // "the following comments": the State's comments, not recommendations
  // The group an introductory sentence announces; noted is tried first,
  // since "did not enjoy the support" holds "enjoy the support".
  Phrases group_noted;
  Phrases group_will_be_examined;
  Phrases group_supported;
  // A State's position in its own words (an addendum's sentences and
  // headings); noted is tried first, as "does not support" holds "support".
  Phrases position_noted;
  Phrases position_supported;

  // Treaty bodies.
  Phrases co_title;               // "concluding observations on"
  Phrases co_followup_title;      // "follow-up to the concluding observations"
  Phrases information_received;   // "information received from"
  Phrases co_recommendation;      // "the state party should", "recommends that the state party"
  Phrases co_concern;             // "concerned", "regrets"
  Phrases followup_within;        // "within one year": the time a follow-up request gives
  Phrases paragraphs_word;        // "paragraph(s)" as a follow-up request cites them
  Phrases of_article;             // "of article", "of the Convention": a paragraph of a treaty, not of these observations
  Phrases periodic_report;        // "periodic report", for the next report's date
  Phrases submit_or_due;          // "submit", "due"

  // Special procedures' country visits.
  Phrases sp_report_of;           // "report of the special rapporteur", "... independent expert", "... working group on"
  Phrases sp_visit;               // "on his visit to", "on her mission to", "on its visit to"
  Phrases recommendations_heading;  // a heading that is "Recommendations"
  Phrases report_of;              // "report of the": what comes before the mandate in a title
  Phrases visit_to;               // "on her visit to", "sur sa mission": what comes after it
  Phrases place_prepositions;     // "en", "au", "a": between a visit and the State
  Phrases ohchr_letterhead;       // "office of the high commissioner for human rights", atop the Office's letters
  Phrases sp_recommendation;      // "recommends", "should": a recommendation in a conclusions chapter
};

// Folded text (core::fold) that remembers where each of its bytes came
// from, so a phrase found in it can be cut from the original text.
struct FoldedText {
  std::string text;
  std::vector<std::size_t> source;  // source[i]: offset in the original of folded byte i; one more at the end
  std::string original(std::string_view from, std::size_t start, std::size_t end) const {
    return std::string(from.substr(source[start], source[end] - source[start]));
  }
};
FoldedText fold_mapped(std::string_view text);

const Lexicon& lexicon();

// "supported", "noted" or "will-be-examined" for a folded introductory
// sentence that announces recommendations, empty otherwise.
std::string announced_group(std::string_view folded);
// "supported" or "noted" for a State's folded wording, empty when neither.
std::string position(std::string_view folded);

}  // namespace hrdex::indexer::understand::lexicon
