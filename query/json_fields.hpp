// Hits and facets as JSON text (compact, as dump_json prints), built from
// the one field table (query/fields.hpp): what JSON Lines prints a line of,
// and what hrdex-serve's JSON API puts in its answers, so both carry the
// same fields under the same names.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "query/fields.hpp"
#include "query/search.hpp"

namespace hrdex::query {

// {"field": value, ...}: the hit's `fields`, in their order.
std::string hit_json(const Hit& hit, const std::vector<HitField>& fields);

// {"theme": [{"value", "count", "label"?}, ...], ...}
std::string facets_json(const std::vector<Facet>& facets);

// Compact, with invalid UTF-8 replaced instead of thrown on.
std::string dump_json(const nlohmann::ordered_json& j);

}  // namespace hrdex::query
