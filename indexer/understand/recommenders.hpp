// The recommending States a UPR recommendation ends with, in parentheses:
// "(France) (Lithuania)", "(Portugal, Slovakia)", "(Iran (Islamic Republic of))".
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

}  // namespace hrdex::indexer::understand
