// The recommending States a UPR recommendation ends with, in parentheses:
// "(France) (Lithuania)", "(Portugal, Slovakia)", "(Iran (Islamic Republic of))",
// in any UN language ("(Royaume-Uni de Grande-Bretagne et d'Irlande du
// Nord)", "(Irán (República Islámica del))", "(Франция)", "（法国）") and by
// the abbreviations reports use ("(UK)", "(USA)", "(DRC)").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/countries.hpp"

namespace hrdex::indexer::understand {

struct Recommenders {
  std::vector<std::string> iso3;  // in printed order, each once
  std::string printed;            // the trailing parentheses as printed
};

// Only parentheses that name States count: "(CEDAW)" at the end is text.
Recommenders trailing_recommenders(std::string_view text, const core::CountryTable& countries);

// Every parenthesised group of States anywhere in the text, in printed
// order: cycle-1 reports cluster several recommendations in one numbered item,
// "Sign ... (France); accede to ... (Czech Republic); consider ... (Mexico);",
// and each of those States recommended part of it. `printed` stays the
// trailing parentheses.
Recommenders all_recommenders(std::string_view text, const core::CountryTable& countries);

// The State a dialogue paragraph opens with ("The United Kingdom further
// noted ...", "Latvia invited ..."), as ISO3; empty when it opens otherwise.
std::string leading_state(std::string_view text, const core::CountryTable& countries);

}  // namespace hrdex::indexer::understand
