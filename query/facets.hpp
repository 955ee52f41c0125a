// Facets: exact counts of field values over every match of a query, read
// from the facet slot of each matching Xapian document, so that a
// multi-valued field (a unit's themes, its recommending States) counts the
// unit once under each of its values.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/columns.hpp"
#include "query/search.hpp"

namespace hrdex::query {

// A MatchSpy that only notes which documents matched. Reading each match's
// facet value from inside the match costs a random-access read per match;
// reading them afterwards, in document order, walks the value stream once.
class MatchIds : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double weight) override;
  std::vector<Xapian::docid>& ids() { return ids_; }

 private:
  std::vector<Xapian::docid> ids_;
};

// For each facet, the number of `matches` carrying each value, from the
// columns when there are some for this revision of `db`, otherwise from
// the facet slot (core::schema::facet_value); the same counts either way.
// Sorted by count, then value; States upper-cased as ISO codes are. Sorts
// `matches`.
std::vector<Facet> count_facets(const Xapian::Database& db, const core::Columns* column,
                                std::vector<Xapian::docid>& matches);

// The facets of counts per value id of `column` (Columns::count, summed
// over the matches); nullopt when an id the column does not define was
// counted, which only a damaged file gives.
std::optional<std::vector<Facet>> facets_from_column(const core::Columns& column,
                                                     const std::vector<std::uint32_t>& by_id);

// The facets of counts per distinct facet-slot string (what a
// ValueCountMatchSpy on slot::kFacets gives, over remote shards too): each
// string's values each count its matches.
std::vector<Facet> facets_from_strings(const std::map<std::string, Xapian::doccount>& strings);

}  // namespace hrdex::query
