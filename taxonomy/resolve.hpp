// Tag names as people type them in filters and extract options ("EPA",
// "housing", "Working Group 3"), resolved to the tags they name.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "taxonomy/taxonomy.hpp"

namespace hrdex::taxonomy {

// (taxonomy id, tag id) in every taxonomy of `kind`, matched by id, label or
// alias (TaxonomySet::find_tag), then by an agency's abbreviation or name,
// ignoring case. "us-agencies:epa" names one taxonomy's tag.
std::vector<std::pair<std::string, std::string>> resolve_tag(const TaxonomySet& set, TaxonomyKind kind,
                                                             std::string_view value);

// Whether any loaded taxonomy is of `kind`: where none is, a filter value
// cannot be checked and is taken as typed.
bool has_kind(const TaxonomySet& set, TaxonomyKind kind);

// "no agency named 'XYZQ'; the closest are 'epa' (Environmental Protection
// Agency), 'doj' (Department of Justice)": for a value resolve_tag() found
// nothing for, with the (up to three) tags whose id, label, alias or
// abbreviation is nearest to it.
std::string unknown_tag_message(const TaxonomySet& set, TaxonomyKind kind, std::string_view value);

}  // namespace hrdex::taxonomy
