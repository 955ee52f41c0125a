// Hits and facets as JSON objects, built from the one field table
// (query/fields.hpp): what JSON Lines prints a line of, and what
// hrdex-serve's JSON API puts in its answers, so both carry the same fields
// under the same names.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "query/fields.hpp"
#include "query/search.hpp"

namespace hrdex::query {

// The hit's `fields`, in their order.
nlohmann::ordered_json hit_json(const Hit& hit, const std::vector<HitField>& fields);

// {"theme": [{"value", "count", "label"?}, ...], ...}
nlohmann::ordered_json facets_json(const std::vector<Facet>& facets);

// Compact, with invalid UTF-8 replaced instead of thrown on.
std::string dump_json(const nlohmann::ordered_json& j);

}  // namespace hrdex::query
