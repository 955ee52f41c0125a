#include "core/schema.hpp"

#include <algorithm>

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
  if (kind == "affected-persons") return prefix::kPersons;
  return {};
}

const std::vector<FacetField>& facet_fields() {
  static const std::vector<FacetField> fields = {
      {"theme", prefix::kTheme},   {"wg", prefix::kWorkingGroup}, {"agency", prefix::kAgency},
      {"issue", prefix::kIssue},   {"kind", prefix::kDocKind},    {"unit", prefix::kUnitKind},
      {"body", prefix::kBody},     {"state", prefix::kState},     {"by", prefix::kBy},
      {"year", prefix::kYear},     {"response", prefix::kResponse},
      // Appended: a facet's position is stored in slot::kFacets.
      {"persons", prefix::kPersons},
  };
  return fields;
}

std::string facet_value(const Xapian::Document& doc) {
  const auto& fields = facet_fields();
  // One pass through the term list, visiting the prefixes in sorted order.
  static const std::vector<std::size_t> order = [&] {
    std::vector<std::size_t> o(fields.size());
    for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
    std::sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return fields[a].prefix < fields[b].prefix; });
    return o;
  }();
  std::string out;
  Xapian::TermIterator it = doc.termlist_begin();
  const Xapian::TermIterator end = doc.termlist_end();
  for (std::size_t f : order) {
    if (it == end) break;
    const std::string_view p = fields[f].prefix;
    it.skip_to(std::string(p));
    for (; it != end; ++it) {
      const std::string term = *it;
      if (term.compare(0, p.size(), p) != 0) break;
      // Boolean values are lower case, so a capital right after the prefix
      // belongs to a longer prefix (XBY and XBYX... would both start "XBY").
      if (term.size() > p.size() && term[p.size()] >= 'A' && term[p.size()] <= 'Z') continue;
      out.push_back(static_cast<char>(f));
      out.append(term, p.size());
      out.push_back('\0');
    }
  }
  return out;
}

}  // namespace hrdex::core::schema
