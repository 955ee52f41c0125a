#include "query/facets.hpp"

#include <algorithm>

#include "core/schema.hpp"

namespace hrdex::query {
namespace schema = core::schema;

FacetSpy::FacetSpy() : counts_(schema::facet_fields().size()) {}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  value_ = doc.get_value(schema::slot::kFacets);
  std::string key;
  for (std::size_t at = 0; at < value_.size();) {
    const auto field = static_cast<unsigned char>(value_[at]);
    std::size_t end = value_.find('\0', at + 1);
    if (end == std::string::npos) end = value_.size();
    if (field < counts_.size()) {
      key.assign(value_, at + 1, end - at - 1);
      ++counts_[field][key];
    }
    at = end + 1;
  }
}

std::vector<Facet> FacetSpy::facets() const {
  std::vector<Facet> out;
  const auto& fields = schema::facet_fields();
  for (std::size_t f = 0; f < fields.size(); ++f) {
    Facet facet{std::string(fields[f].name), {}};
    for (const auto& [value, n] : counts_[f]) {
      std::string v = value;
      if (fields[f].name == "state" || fields[f].name == "by")
        std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      facet.values.push_back({v, n, {}});
    }
    // Most frequent first; ties by value, since the counts come unordered.
    std::sort(facet.values.begin(), facet.values.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    out.push_back(std::move(facet));
  }
  return out;
}

}  // namespace hrdex::query
