// Recognising paragraph numbers as UN documents print them.
#pragma once

#include <string_view>

namespace hrdex::indexer::extract {

// The paragraph number that opens `text` ("12." -> "12", "92.1 Ratify" ->
// "92.1", "176.343 Continue" -> "176.343"), or empty when the text does not
// open with one. A number must be followed by white space and then a capital,
// quote or bracket (perhaps after a stray "." or "|": "84.5. |Implement"), so
// dates and amounts ("2015 was", "3.5 million") are not taken for numbers.
std::string_view leading_paragraph_number(std::string_view text);

}  // namespace hrdex::indexer::extract
