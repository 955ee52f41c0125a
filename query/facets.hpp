// Facets: exact counts of field values over every match of a query, read
// from the boolean terms of each matching Xapian document, so that a
// multi-valued field (a unit's themes, its recommending States) counts the
// unit once under each of its values.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "query/search.hpp"

namespace hrdex::query {

struct FacetField {
  std::string_view name;    // as printed and as the query field: "theme", "state"
  std::string_view prefix;  // term prefix in core/schema.hpp
};

// Every facet, in the order writers print them.
const std::vector<FacetField>& facet_fields();

// A MatchSpy that counts, for each facet, the documents carrying each value.
// Skips to each prefix in the document's term list instead of reading it
// whole, since text terms far outnumber the boolean ones.
class TermFacetSpy : public Xapian::MatchSpy {
 public:
  TermFacetSpy();
  void operator()(const Xapian::Document& doc, double weight) override;
  // Counts sorted by count, then value; States upper-cased as ISO codes are.
  std::vector<Facet> facets() const;

 private:
  std::vector<std::map<std::string, Xapian::doccount>> counts_;  // per facet_fields() entry
};

}  // namespace hrdex::query
