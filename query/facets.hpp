// Facets: exact counts of field values over every match of a query, read
// from the facet slot of each matching Xapian document, so that a
// multi-valued field (a unit's themes, its recommending States) counts the
// unit once under each of its values.
#pragma once

#include <xapian.h>

#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "query/search.hpp"

namespace hrdex::query {

// A MatchSpy that counts, for each facet, the documents carrying each value,
// from the facet slot (core::schema::facet_value) of each match.
class FacetSpy : public Xapian::MatchSpy {
 public:
  FacetSpy();
  void operator()(const Xapian::Document& doc, double weight) override;
  // Counts sorted by count, then value; States upper-cased as ISO codes are.
  std::vector<Facet> facets() const;

 private:
  std::vector<std::unordered_map<std::string, Xapian::doccount>> counts_;  // per facet_fields() entry
  std::string value_;  // reused: one allocation for all matches
};

}  // namespace hrdex::query
