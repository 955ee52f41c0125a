#include "query/parallel_match.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <memory>
#include <string>
#include <thread>

#include "core/schema.hpp"
#include "query/facets.hpp"
#include "query/ranking.hpp"

namespace hrdex::query {
namespace {

// The documents with ids in [first, stop) (and, given the columns, only
// those of one level), as a boolean filter. The matcher asks it to skip to
// a candidate, or checks one, and it answers from the columns without a
// posting list of its own to read; each range starts with one jump and
// ends at its last id.
class DocidRange : public Xapian::PostingSource {
 public:
  // `cursor` follows the position, for UnitBM25 to read lengths by (the
  // matcher weighs a candidate only once every filter stands on it).
  // `stood_on`, when given, receives every candidate it was asked about
  // and passed, in order: a superset of the matches, and the matches
  // themselves when it is the match's last check (see run_part).
  DocidRange(Xapian::docid first, Xapian::docid stop, std::shared_ptr<MatchCursor> cursor,
             const core::Columns* columns = nullptr, std::optional<std::uint8_t> level = std::nullopt,
             std::vector<Xapian::docid>* stood_on = nullptr)
      : first_(first),
        stop_(stop),
        cursor_(std::move(cursor)),
        columns_(columns),
        level_(level),
        stood_on_(stood_on) {}
  void init(const Xapian::Database& db) override {
    at_ = 0;
    // As many as the whole index (an upper bound, which a PostingSource
    // may give), so that the matcher, which tries the rarest first, asks
    // this filter last.
    estimate_ = db.get_doccount();
  }
  // Deleted documents leave gaps, so the range promises no minimum.
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return estimate_; }
  Xapian::doccount get_termfreq_max() const override { return estimate_; }
  void next(double) override { move_to(at_ ? at_ + 1 : first_); }
  void skip_to(Xapian::docid did, double) override {
    move_to(std::max({at_, did, first_}));
    // Landing past the candidate asks the others to come here; it is noted
    // when they do, by check().
    if (at_ == did && did < stop_) note(did);
  }
  // A candidate that fails leaves the position there, which PostingSource
  // allows: the next move goes on from it.
  bool check(Xapian::docid did, double min_wt) override {
    if (did < first_ || did < at_ || did >= stop_) {
      skip_to(did, min_wt);
      return true;
    }
    cursor_->at = at_ = did;
    if (!passes(did)) return false;
    note(did);
    return true;
  }
  bool at_end() const override { return at_ >= stop_; }
  Xapian::docid get_docid() const override { return at_; }
  std::string get_description() const override {
    return "DocidRange(" + std::to_string(first_) + ", " + std::to_string(stop_) + ")";
  }

 private:
  bool passes(Xapian::docid did) const {
    return !columns_ || !level_ || columns_->levels()[did] == *level_;
  }
  void move_to(Xapian::docid did) {
    while (did < stop_ && !passes(did)) ++did;
    cursor_->at = at_ = did;
  }
  void note(Xapian::docid did) {
    if (stood_on_ && (stood_on_->empty() || stood_on_->back() < did)) stood_on_->push_back(did);
  }

  Xapian::docid first_, stop_;
  std::shared_ptr<MatchCursor> cursor_;
  const core::Columns* columns_;
  std::optional<std::uint8_t> level_;
  std::vector<Xapian::docid>* stood_on_;
  Xapian::docid at_ = 0;  // 0 before the first next()
  Xapian::doccount estimate_ = 0;
};

struct Part {
  Xapian::MSet mset;
  std::vector<Xapian::docid> ids;
  Xapian::doccount total = 0;
  std::exception_ptr error;
};

// An Enquire for `query` over the documents with ids in [range_first,
// range_stop), weighed and ordered as `request` says.
Xapian::Enquire make_enquire(Xapian::Database& db, const Xapian::Query& query, const MatchRequest& request,
                             Xapian::docid range_first, Xapian::docid range_stop,
                             std::vector<Xapian::docid>* stood_on = nullptr) {
  auto cursor = std::make_shared<MatchCursor>();
  const core::Columns* columns = request.columns;
  const bool by_columns = columns && request.level;
  // A range past the columns' documents would read past their arrays.
  if (by_columns) range_stop = std::min(range_stop, columns->doc_bound());
  auto* range = by_columns ? new DocidRange(range_first, range_stop, cursor, columns, request.level, stood_on)
                           : new DocidRange(range_first, range_stop, cursor, nullptr, std::nullopt, stood_on);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(range->release())));
  // Xapian can weigh a phrase's first candidate before the range has
  // moved to it, so positional queries take their lengths from Xapian.
  const bool lengths_from_columns = columns && !request.positional;
  enquire.set_weighting_scheme(UnitBM25(lengths_from_columns ? columns->lengths() : nullptr,
                                        lengths_from_columns ? columns->doc_bound() : 0, cursor));
  if (request.collapse) enquire.set_collapse_key(core::schema::slot::kParent);
  // Ties in date keep relevance order; a missing date sorts as the earliest.
  if (request.order != MatchRequest::Order::relevance)
    enquire.set_sort_by_value_then_relevance(core::schema::slot::kDate,
                                             request.order == MatchRequest::Order::date_descending);
  return enquire;
}

// Matches `query` over the documents with ids in [range_first, range_stop)
// and keeps the page [first, first + count) of them.
void run_part(Xapian::Database& db, const Xapian::Query& query, const MatchRequest& request, std::size_t index,
              Xapian::docid range_first, Xapian::docid range_stop, Xapian::doccount first, Xapian::doccount count,
              Part& part) {
  try {
    // The matches' ids, for facets: the documents the range filter stood on
    // are a superset of the matches, and the same set when there are as
    // many as the exact total (the filter was the last check). That costs
    // nothing, where a MatchSpy costs a Document per match. Phrases and
    // exclusions are checked after every filter, so they take the spy.
    std::vector<Xapian::docid> stood_on;
    const bool by_range = request.match_ids && !request.positional && !request.excludes;
    Xapian::Enquire enquire = make_enquire(db, query, request, range_first, range_stop, by_range ? &stood_on : nullptr);
    MatchIds spy;
    if (request.match_ids && !by_range) enquire.add_matchspy(&spy);
    // check_at_least over the whole index makes the total exact.
    part.mset = enquire.get_mset(first, count, db.get_doccount());
    part.total = part.mset.get_matches_estimated();
    if (by_range && stood_on.size() != part.total) {
      Xapian::Enquire again = make_enquire(db, query, request, range_first, range_stop);
      again.set_weighting_scheme(Xapian::BoolWeight());
      again.add_matchspy(&spy);
      again.get_mset(0, 0, db.get_doccount());
      stood_on.clear();
    }
    part.ids = stood_on.empty() ? std::move(spy.ids()) : std::move(stood_on);
    if (request.on_match_ids) request.on_match_ids(index, part.ids);
  } catch (...) {
    part.error = std::current_exception();
  }
}

// Rank order across the two ranges, as one Enquire orders: sort key (when
// sorting by date), then weight, then document id.
bool ranks_before(const Xapian::MSetIterator& a, const Xapian::MSetIterator& b, MatchRequest::Order order) {
  if (order != MatchRequest::Order::relevance) {
    const std::string ka = a.get_sort_key(), kb = b.get_sort_key();
    if (ka != kb) return order == MatchRequest::Order::date_ascending ? ka < kb : ka > kb;
  }
  if (a.get_weight() != b.get_weight()) return a.get_weight() > b.get_weight();
  return *a < *b;
}

}  // namespace

namespace {

bool has_any_op(const Xapian::Query& query, std::initializer_list<Xapian::Query::op> ops) {
  if (std::find(ops.begin(), ops.end(), query.get_type()) != ops.end()) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
    if (has_any_op(query.get_subquery(i), ops)) return true;
  return false;
}

}  // namespace

bool has_positional(const Xapian::Query& query) {
  return has_any_op(query, {Xapian::Query::OP_PHRASE, Xapian::Query::OP_NEAR});
}

MatchResult match(const std::vector<Xapian::Database*>& dbs, const Xapian::Query& query, const MatchRequest& given) {
  MatchRequest request = given;
  request.positional = has_positional(query);
  // Xapian checks an AND_NOT's exclusions after the filters under it.
  request.excludes = has_any_op(query, {Xapian::Query::OP_AND_NOT});
  MatchResult result;
  // Collapsing picks the best unit of each document, and a document's units
  // can straddle the cut: one Enquire sees them all.
  if (dbs.size() < 2 || request.collapse) {
    Part part;
    run_part(*dbs.front(), query, request, 0, 1, dbs.front()->get_lastdocid() + 1, request.offset, request.limit, part);
    if (part.error) std::rethrow_exception(part.error);
    result.total = part.total;
    for (Xapian::doccount i = 0; i < part.mset.size(); ++i) result.page.emplace_back(0, i);
    result.snippets = part.mset;
    result.msets.push_back(std::move(part.mset));
    result.match_ids = std::move(part.ids);
    return result;
  }

  // Each thread gets its own copy of the query: Xapian's objects count
  // their references without atomics, so not even a copy may cross.
  const std::string serialised = query.serialise();
  const Xapian::docid cut = dbs[0]->get_lastdocid() / 2 + 1;
  const Xapian::docid stop = dbs[0]->get_lastdocid() + 1;
  // Either range may hold the whole page, so each is asked for all of it.
  const Xapian::doccount want = request.offset + request.limit;
  Part low, high;
  std::thread worker([&] {
    try {
      const Xapian::Query copy = Xapian::Query::unserialise(serialised);
      run_part(*dbs[1], copy, request, 1, cut, stop, 0, want, high);
    } catch (...) {
      high.error = std::current_exception();
    }
  });
  run_part(*dbs[0], query, request, 0, 1, cut, 0, want, low);
  worker.join();
  if (low.error) std::rethrow_exception(low.error);
  if (high.error) std::rethrow_exception(high.error);

  result.total = low.total + high.total;
  Xapian::doccount i = 0, j = 0, rank = 0;
  while (rank < want && (i < low.mset.size() || j < high.mset.size())) {
    const bool take_low = j >= high.mset.size() ||
                          (i < low.mset.size() && ranks_before(low.mset[i], high.mset[j], request.order));
    if (rank >= request.offset) result.page.emplace_back(take_low ? 0 : 1, take_low ? i : j);
    ++(take_low ? i : j);
    ++rank;
  }
  result.msets.push_back(std::move(low.mset));
  result.msets.push_back(std::move(high.mset));
  // Snippets weigh the query's words by statistics of the match, which
  // differ in a half; an empty match over the whole range has those of a
  // single Enquire, at no cost.
  result.snippets = make_enquire(*dbs[0], query, request, 1, stop).get_mset(0, 0);
  if (request.match_ids) {
    // The ranges are disjoint and in order, so the ids stay sorted.
    result.match_ids = std::move(low.ids);
    result.match_ids.insert(result.match_ids.end(), high.ids.begin(), high.ids.end());
  }
  return result;
}

}  // namespace hrdex::query
