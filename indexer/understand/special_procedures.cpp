#include "core/text.hpp"
#include "indexer/understand/lexicon.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {
namespace {

// A heading without its label: "B. Recommendations" -> "Recommendations".
std::string_view without_label(std::string_view heading) {
  const std::size_t space = heading.find(' ');
  if (space == std::string_view::npos || space > 6) return heading;
  const std::string_view label = heading.substr(0, space);
  if (label.back() != '.' && label.back() != ')') return heading;
  return core::trim(heading.substr(space + 1));
}

// Where a paragraph sits: under a heading that is "Recommendations", or in
// a chapter of "Conclusions and recommendations" (where only the
// paragraphs that recommend are recommendations), or elsewhere.
enum class Place { recommendations, conclusions_and_recommendations, elsewhere };

Place place_of(const Unit& u) {
  const lexicon::Lexicon& l = lexicon::lexicon();
  for (const std::string* heading : {&u.subsection, &u.section}) {
    const std::string folded = core::fold(without_label(*heading));
    if (l.recommendations_heading.opens(folded)) return Place::recommendations;
  }
  for (const std::string* heading : {&u.subsection, &u.section}) {
    const std::string folded = core::fold(*heading);
    if (l.conclusions_heading.in(folded) || l.conclusions_heading_without_or.in(folded))
      return Place::conclusions_and_recommendations;
  }
  return Place::elsewhere;
}

}  // namespace

std::vector<Unit> parse_special_procedures(const std::vector<Para>& paras) {
  const lexicon::Lexicon& l = lexicon::lexicon();
  const KindOf kind_of = [&l](const Unit& paragraph, std::string_view text) -> std::string {
    const std::string folded = core::fold(text);
    switch (place_of(paragraph)) {
      case Place::recommendations: return "recommendation";
      case Place::conclusions_and_recommendations:
        if (l.sp_recommendation.in(folded)) return "recommendation";
        break;
      case Place::elsewhere: break;
    }
    return l.co_concern.in(folded) ? "concern" : "paragraph";
  };
  std::vector<Unit> units;
  for (Unit& u : sectioned_paragraphs(paras)) {
    // Unnumbered text (the title page, a summary) stays a paragraph.
    if (u.number.empty()) {
      units.push_back(std::move(u));
      continue;
    }
    add_with_items(std::move(u), kind_of, {}, units);
  }
  return units;
}

}  // namespace hrdex::indexer::understand
