// A zip archive written in memory, for the Office Open XML files hrdex
// writes (an extract as DOCX): each member deflated, in the order given.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/expected.hpp"

namespace hrdex::query {

// The bytes of a zip archive holding `members` (name, content), each dated
// 1 January 1980 so that the same members give the same bytes.
core::Expected<std::string> zip_members(const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace hrdex::query
