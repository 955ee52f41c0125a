// The fields of a hit as the machine-readable writers (JSON Lines, CSV,
// Markdown) print them: one table, so every format carries the same fields
// under the same names, and `--fields` chooses among them.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/expected.hpp"
#include "query/search.hpp"

namespace hrdex::query {

// A tag as every format shows it: JSON as an object, CSV and Markdown as
// "label (source)".
struct TagValue {
  std::string id, label, taxonomy, source;
  double score = 0;
};

using FieldValue = std::variant<std::string, long long, double, std::vector<std::string>, std::vector<TagValue>>;

struct HitField {
  std::string_view name;
  FieldValue (*get)(const Hit&);
};

// Every field, in the order JSON Lines prints them.
const std::vector<HitField>& hit_fields();

// The fields named in "a,b,c" (spaces allowed), in that order; an unknown
// name is an error that lists the valid ones. Empty `list`: every field.
core::Expected<std::vector<HitField>> select_fields(std::string_view list);

// A value as one line of text: lists joined with "; ", numbers as printed.
std::string field_text(const FieldValue& value);

}  // namespace hrdex::query
