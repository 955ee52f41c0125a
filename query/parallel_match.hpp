// Running one query over the index on two cores. Xapian's matcher is
// single-threaded, and with exact totals (which hrdex promises) it visits
// every match: on a million units a broad filtered search spends most of its
// time there. So the document ids are cut in two ranges, each range is
// matched in its own thread on its own database handle (Xapian objects are
// not shared between threads), and the two pages are merged. Weights use the
// whole index's statistics in both halves, so the merged page, total and
// matches are those of a single Enquire; tests compare the two.
//
// Every match, on one thread or two, runs under a DocidRange filter: it
// bounds the range, keeps to one level by the columns' level byte when the
// caller asks (instead of a filter on the level terms), and tells the
// ranking which document it is weighing (query/ranking.hpp). Sorted by
// relevance, a match decider counts every match, keeps its id for facets
// and lets through to Xapian's heap only the matches whose weight can still
// reach the page (PageGate in parallel_match.cpp).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/columns.hpp"
#include "core/schema.hpp"

namespace hrdex::query {

struct MatchRequest {
  Xapian::doccount offset = 0;
  Xapian::doccount limit = 10;
  // Sort by the date slot, ascending or descending, then by relevance;
  // relevance only when unset.
  enum class Order { relevance, date_ascending, date_descending } order = Order::relevance;
  bool collapse = false;    // best match per value of collapse_slot
  unsigned collapse_slot = core::schema::slot::kParent;  // default: best unit per document
  bool match_ids = false;   // keep the id of every match, for facets
  // The columns of the revision being read, for document lengths
  // (query/ranking.hpp); null to take them from Xapian, the same scores.
  std::shared_ptr<const core::Columns> columns;
  // Only documents of this core::Columns::Level, looked up in `columns`
  // (required with it); the query itself must then carry no level filter.
  std::optional<std::uint8_t> level;
  bool positional = false;  // set by match(): the query has a phrase or NEAR
  bool weightless = false;  // set by match(): the query is of filters alone
  // With match_ids: called in each range's own thread with its index (0 or
  // 1) and its matches in id order, so work on them runs two at a time too.
  std::function<void(std::size_t, const std::vector<Xapian::docid>&)> on_match_ids;
};

struct MatchResult {
  std::vector<Xapian::MSet> msets;  // one per range
  Xapian::MSet snippets;            // the MSet to make snippets with (MSet::snippet)
  // The page in rank order: which MSet, and the index within it.
  std::vector<std::pair<std::size_t, Xapian::doccount>> page;
  Xapian::doccount total = 0;           // exact
  std::vector<Xapian::docid> match_ids;  // every match, when asked
};

// The number of documents a collapsed search matches, exactly. Xapian's
// collapsed estimate is not exact even when every match is checked (it
// said 20 where 15 documents held the 55 matching units), so a
// ValueCountMatchSpy on the collapse slot, which sees every match before
// collapsing, counts the keys; a match without a key is a group of its own.
// Spies of several shards add up, a key two shards hold counted once.
class CollapsedCount {
 public:
  void add(const Xapian::ValueCountMatchSpy& spy);
  Xapian::doccount total() const;

 private:
  std::set<std::string> keys_;
  Xapian::doccount without_key_ = 0;
};

// Matches `query` over `dbs` (two handles at the same revision of the same
// index split the work; one handle runs a single Enquire). Throws what
// Xapian throws (DatabaseModifiedError included).
MatchResult match(const std::vector<Xapian::Database*>& dbs, const Xapian::Query& query, const MatchRequest& request);

// Whether `query` holds OP_PHRASE or OP_NEAR anywhere.
bool has_positional(const Xapian::Query& query);

// Whether a parsed query is of filters alone (the parser gives it as
// "0 * (filters)"): every match weighs 0.
bool is_weightless(const Xapian::Query& query);

}  // namespace hrdex::query
