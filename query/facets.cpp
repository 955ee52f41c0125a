#include "query/facets.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "core/schema.hpp"

namespace hrdex::query {
namespace schema = core::schema;

namespace {

// Counts keyed by value, looked up by string_view so that counting a value
// allocates nothing unless the value is new.
struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using Counts = std::unordered_map<std::string, Xapian::doccount, ViewHash, std::equal_to<>>;

}  // namespace

void MatchIds::operator()(const Xapian::Document& doc, double) { ids_.push_back(doc.get_docid()); }

namespace {

// Counts from the value stream of slot::kFacets: exact whatever the state
// of the columns, at a B-tree read per value chunk.
std::vector<Counts> counts_from_index(const Xapian::Database& db, const std::vector<Xapian::docid>& matches) {
  std::vector<Counts> counts(schema::facet_fields().size());
  Xapian::ValueIterator it = db.valuestream_begin(schema::slot::kFacets);
  const Xapian::ValueIterator end = db.valuestream_end(schema::slot::kFacets);
  for (Xapian::docid id : matches) {
    if (it == end) break;
    it.skip_to(id);
    if (it == end || it.get_docid() != id) continue;
    const std::string value = *it;
    schema::for_each_facet_value(value, [&](std::size_t field, std::string_view key) {
      if (auto found = counts[field].find(key); found != counts[field].end())
        ++found->second;
      else
        counts[field].emplace(std::string(key), 1);
    });
  }
  return counts;
}

// One empty facet per field, in the fields' order.
std::vector<Facet> empty_facets() {
  std::vector<Facet> out;
  for (const auto& f : schema::facet_fields()) out.push_back({std::string(f.name), {}});
  return out;
}

// A value as shown: ISO codes of States in capitals, as people write them.
void add_value(Facet& facet, std::string_view value, Xapian::doccount n) {
  std::string shown(value);
  if (facet.name == "state" || facet.name == "by")
    std::transform(shown.begin(), shown.end(), shown.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  facet.values.push_back({std::move(shown), n, {}});
}

// Most frequent first; ties by value, since the counts come unordered.
std::vector<Facet> sorted(std::vector<Facet> facets) {
  for (Facet& facet : facets)
    std::sort(facet.values.begin(), facet.values.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
  return facets;
}

std::vector<Facet> sorted_facets(const std::vector<Counts>& counts) {
  std::vector<Facet> out = empty_facets();
  for (std::size_t f = 0; f < out.size(); ++f)
    for (const auto& [value, n] : counts[f]) add_value(out[f], value, n);
  return sorted(std::move(out));
}

}  // namespace

std::vector<Facet> count_facets(const Xapian::Database& db, const core::Columns* column,
                                std::vector<Xapian::docid>& matches) {
  if (!std::is_sorted(matches.begin(), matches.end())) std::sort(matches.begin(), matches.end());
  if (column) {
    std::vector<std::uint32_t> by_id(column->value_count(), 0);
    if (column->count(matches, by_id))
      if (auto facets = facets_from_column(*column, by_id)) return std::move(*facets);
  }
  return sorted_facets(counts_from_index(db, matches));
}

std::vector<Facet> facets_from_strings(const std::map<std::string, Xapian::doccount>& strings) {
  std::vector<Counts> counts(schema::facet_fields().size());
  for (const auto& [value, n] : strings)
    schema::for_each_facet_value(value, [&](std::size_t field, std::string_view key) {
      if (auto found = counts[field].find(key); found != counts[field].end())
        found->second += n;
      else
        counts[field].emplace(std::string(key), n);
    });
  return sorted_facets(counts);
}

std::optional<std::vector<Facet>> facets_from_column(const core::Columns& column,
                                                     const std::vector<std::uint32_t>& by_id) {
  // Each id is one value of one field, so the counts need no merging.
  std::vector<Facet> out = empty_facets();
  for (std::size_t id = 0; id < by_id.size(); ++id) {
    if (by_id[id] == 0) continue;
    if (id >= column.value_count() || column.field(id) >= out.size()) return std::nullopt;
    add_value(out[column.field(id)], column.value(id), by_id[id]);
  }
  return sorted(std::move(out));
}

}  // namespace hrdex::query
