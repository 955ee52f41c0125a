// Facets: exact counts of field values over every match of a query, read
// from the facet slot of each matching Xapian document, so that a
// multi-valued field (a unit's themes, its recommending States) counts the
// unit once under each of its values.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

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
// facet slot (core::schema::facet_value); sorted by count, then value;
// States upper-cased as ISO codes are. Sorts `matches`.
std::vector<Facet> count_facets(const Xapian::Database& db, std::vector<Xapian::docid>& matches);

}  // namespace hrdex::query
