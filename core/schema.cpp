#include "core/schema.hpp"

#include "core/text.hpp"

namespace hrdex::core::schema {

std::string boolean_term(std::string_view field_prefix, std::string_view value) {
  std::string term(field_prefix);
  term += ascii_lower(value);
  // Xapian refuses terms over 245 bytes; boolean values are short by nature,
  // so a longer one is cut rather than failing the document.
  if (term.size() > 240) term.resize(240);
  return term;
}

std::string_view tag_prefix(std::string_view kind) {
  if (kind == "themes") return prefix::kTheme;
  if (kind == "issues") return prefix::kIssue;
  if (kind == "working-groups") return prefix::kWorkingGroup;
  if (kind == "agencies") return prefix::kAgency;
  return {};
}

}  // namespace hrdex::core::schema
