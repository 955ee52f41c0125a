// Matching a query over several shards (local folders or remote shards
// served by xapian-tcpsrv) with what Xapian's remote protocol carries, so
// that the answer is the one the merged index gives: the same page, scores,
// exact total and facet counts.
//
// What the single-index match (parallel_match.hpp) takes from hrdex's own
// files and classes is replaced here by what a stock server can run:
// - weights: Xapian's BM25Weight, which UnitBM25 equals to the bit
//   (ranking.hpp), with statistics over every shard (Xapian gathers them);
// - lengths, levels and years: Xapian's own tables and terms (the level
//   as a filter on its terms, a year range as the OR of its year terms),
//   not the columns, which are per shard and per document id;
// - facets: a ValueCountMatchSpy on the facet slot, which counts each
//   distinct facet string; each is split into its values here, so a unit
//   still counts once under each of its values;
// - the exact total: check_at_least over every document.
//
// Order. The merged index numbers documents shard by shard, and Xapian
// breaks ties (equal weights, equal dates) by document id; a multi-shard
// database interleaves the shards' ids instead. So ties are broken here by
// (shard, id within the shard), the merged index's order: a relevance match
// is fetched until the run of equal keys at the page's end is whole, and a
// match of filters alone (every weight 0: all one tie) is run shard by shard.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "query/parallel_match.hpp"

namespace hrdex::query {

struct ShardMatchResult {
  std::vector<std::pair<Xapian::Document, double>> page;  // in rank order, with weights
  Xapian::doccount total = 0;                              // exact
  Xapian::MSet snippets;                                   // the MSet to make snippets with
  // With request.match_ids: each distinct value of the facet slot among
  // the matches, with how many matches carry it.
  std::map<std::string, Xapian::doccount> facet_strings;
};

// The documents `ids` name (Q terms) and their units (XPARENT terms).
Xapian::Query documents_and_their_units(const std::vector<std::string>& ids);

// Matches `query` (with its level filter in it) over `combined`, the
// shards of `shards` as one database, in the same order. Uses the
// request's offset, limit, order, collapse and match_ids (as facets).
// `left_out[s]` (empty, or one per shard) names documents of shard `s`
// that are not matched there, nor their units: another shard's copies
// under the same id (core::CopiesLeftOut::in_shard). A term cannot tell
// two shards' copies apart in `combined`, so they are left out of the
// page as it is read, and counted per shard to take them off the total
// and the facets.
// Throws what Xapian throws (NetworkError for a shard that stops answering).
ShardMatchResult match_shards(const Xapian::Database& combined, const std::vector<Xapian::Database>& shards,
                              const Xapian::Query& query, const MatchRequest& request,
                              const std::vector<std::vector<std::string>>& left_out = {});

}  // namespace hrdex::query
