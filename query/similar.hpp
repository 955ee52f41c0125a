// `hrdex-query similar ID`: more like this. The unit's most distinctive
// words (Xapian's expand set from the unit as the one relevant document)
// become a query for other units, so the same recommendation made in
// another cycle, by another State or by a treaty body ranks first.
#pragma once

#include <xapian.h>

#include <string>

#include "core/expected.hpp"
#include "query/search.hpp"

namespace hrdex::query {

struct SimilarRequest {
  std::string id;       // unit (or document) id
  std::string filters;  // optional query that the results must also match
  std::size_t terms = 40;  // words taken from the unit
};

// The query for units like `id` (excluding it), at its level.
core::Expected<Xapian::Query> similar_query(Searcher& searcher, const SimilarRequest& similar);

// Runs it; request.query is only echoed by writers.
core::Expected<SearchResult> find_similar(Searcher& searcher, const SimilarRequest& similar, const SearchRequest& request);

}  // namespace hrdex::query
