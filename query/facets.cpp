#include "query/facets.hpp"

#include <algorithm>
#include <functional>
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

std::vector<Facet> count_facets(const Xapian::Database& db, std::vector<Xapian::docid>& matches) {
  const auto& fields = schema::facet_fields();
  std::vector<Counts> counts(fields.size());
  std::sort(matches.begin(), matches.end());
  Xapian::ValueIterator it = db.valuestream_begin(schema::slot::kFacets);
  const Xapian::ValueIterator end = db.valuestream_end(schema::slot::kFacets);
  for (Xapian::docid id : matches) {
    if (it == end) break;
    it.skip_to(id);
    if (it == end || it.get_docid() != id) continue;
    const std::string value = *it;
    const std::string_view v(value);
    for (std::size_t at = 0; at < v.size();) {
      const auto field = static_cast<unsigned char>(v[at]);
      std::size_t stop = v.find('\0', at + 1);
      if (stop == std::string_view::npos) stop = v.size();
      if (field < counts.size()) {
        const std::string_view key = v.substr(at + 1, stop - at - 1);
        if (auto found = counts[field].find(key); found != counts[field].end())
          ++found->second;
        else
          counts[field].emplace(std::string(key), 1);
      }
      at = stop + 1;
    }
  }

  std::vector<Facet> out;
  for (std::size_t f = 0; f < fields.size(); ++f) {
    Facet facet{std::string(fields[f].name), {}};
    for (const auto& [value, n] : counts[f]) {
      std::string shown = value;
      if (fields[f].name == "state" || fields[f].name == "by")
        std::transform(shown.begin(), shown.end(), shown.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      facet.values.push_back({shown, n, {}});
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
