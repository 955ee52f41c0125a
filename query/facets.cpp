#include "query/facets.hpp"

#include <algorithm>

#include "core/schema.hpp"

namespace hrdex::query {
namespace prefix = core::schema::prefix;

const std::vector<FacetField>& facet_fields() {
  static const std::vector<FacetField> fields = {
      {"theme", prefix::kTheme},   {"wg", prefix::kWorkingGroup}, {"agency", prefix::kAgency},
      {"issue", prefix::kIssue},   {"kind", prefix::kDocKind},    {"unit", prefix::kUnitKind},
      {"body", prefix::kBody},     {"state", prefix::kState},     {"by", prefix::kBy},
      {"year", prefix::kYear},     {"response", prefix::kResponse},
  };
  return fields;
}

TermFacetSpy::TermFacetSpy() : counts_(facet_fields().size()) {}

void TermFacetSpy::operator()(const Xapian::Document& doc, double) {
  const auto& fields = facet_fields();
  // One pass through the term list, visiting the prefixes in sorted order.
  static const std::vector<std::size_t> order = [&] {
    std::vector<std::size_t> o(fields.size());
    for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
    std::sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return fields[a].prefix < fields[b].prefix; });
    return o;
  }();
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
      ++counts_[f][term.substr(p.size())];
    }
  }
}

std::vector<Facet> TermFacetSpy::facets() const {
  std::vector<Facet> out;
  const auto& fields = facet_fields();
  for (std::size_t f = 0; f < fields.size(); ++f) {
    Facet facet{std::string(fields[f].name), {}};
    for (const auto& [value, n] : counts_[f]) {
      std::string v = value;
      if (fields[f].name == "state" || fields[f].name == "by")
        std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      facet.values.push_back({v, n});
    }
    std::stable_sort(facet.values.begin(), facet.values.end(),
                     [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    out.push_back(std::move(facet));
  }
  return out;
}

}  // namespace hrdex::query
