#include "query/parallel_match.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <memory>
#include <queue>
#include <string>
#include <thread>

#include "core/schema.hpp"
#include "query/facets.hpp"
#include "query/ranking.hpp"
#include "query/column_filter.hpp"

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
  DocidRange(Xapian::docid first, Xapian::docid stop, std::shared_ptr<MatchCursor> cursor,
             const core::Columns* columns = nullptr, std::optional<std::uint8_t> level = std::nullopt)
      : first_(first), stop_(stop), cursor_(std::move(cursor)), columns_(columns), level_(level) {}
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
  void skip_to(Xapian::docid did, double) override { move_to(std::max({at_, did, first_})); }
  // A candidate that fails leaves the position there, which PostingSource
  // allows: the next move goes on from it.
  bool check(Xapian::docid did, double min_wt) override {
    if (did < first_ || did < at_ || did >= stop_) {
      skip_to(did, min_wt);
      return true;
    }
    cursor_->at = at_ = did;
    return passes(did);
  }
  bool at_end() const override { return at_ >= stop_; }
  Xapian::docid get_docid() const override { return at_; }
  std::string get_description() const override {
    return "DocidRange(" + std::to_string(first_) + ", " + std::to_string(stop_) + ")";
  }

 private:
  bool passes(Xapian::docid did) const {
    return !columns_ || !level_ || core::Columns::level_of(columns_->levels()[did]) == *level_;
  }
  void move_to(Xapian::docid did) {
    while (did < stop_ && !passes(did)) ++did;
    cursor_->at = at_ = did;
  }

  Xapian::docid first_, stop_;
  std::shared_ptr<MatchCursor> cursor_;
  const core::Columns* columns_;
  std::optional<std::uint8_t> level_;
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
// `cursor`, when given, receives the match's cursor (ranking.hpp).
Xapian::Enquire make_enquire(Xapian::Database& db, const Xapian::Query& query, const MatchRequest& request,
                             Xapian::docid range_first, Xapian::docid range_stop,
                             std::shared_ptr<MatchCursor>* cursor_out = nullptr) {
  auto cursor = std::make_shared<MatchCursor>();
  if (cursor_out) *cursor_out = cursor;
  const core::Columns* columns = request.columns.get();
  const bool by_columns = columns && request.level;
  // A range past the columns' documents would read past their arrays.
  if (by_columns) range_stop = std::min(range_stop, columns->doc_bound());
  auto* range = by_columns ? new DocidRange(range_first, range_stop, cursor, columns, request.level)
                           : new DocidRange(range_first, range_stop, cursor);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(range->release())));
  // Xapian can weigh a phrase's first candidate before the range has
  // moved to it, so positional queries take their lengths from Xapian.
  const bool lengths_from_columns = columns && !request.positional;
  if (request.weightless)
    enquire.set_weighting_scheme(Xapian::BoolWeight());
  else
    enquire.set_weighting_scheme(UnitBM25(lengths_from_columns ? columns->lengths() : nullptr,
                                          lengths_from_columns ? columns->doc_bound() : 0, cursor));
  if (request.collapse) enquire.set_collapse_key(request.collapse_slot);
  // Ties in date keep relevance order; a missing date sorts as the earliest.
  if (request.order != MatchRequest::Order::relevance)
    enquire.set_sort_by_value_then_relevance(core::schema::slot::kDate,
                                             request.order == MatchRequest::Order::date_descending);
  return enquire;
}

// Counts every match and keeps its id, and lets through to the page's heap
// only the matches that may still belong on the page.
//
// Xapian hands a decider each candidate that passed every part of the
// query (phrases and exclusions included), in document id order, and does
// nothing more with one it turns down. Asked for an exact total
// (check_at_least over the whole index), Xapian 1.4 never raises its
// minimum weight, so without the gate every match would be weighed and
// then pushed through the page's heap; on a broad filtered search of a
// million units that heap was over half of the time.
//
// The gate reads the match's weight from the cursor (UnitBM25 adds its
// parts up there) and keeps the `size` best weights it has seen. A match
// whose weight is below the lowest of them by more than rounding cannot
// reach the page: `size` matches already outweigh it. Every other match
// goes on to Xapian, which orders the page exactly as it would have. With
// no weight for the match on the cursor (it was not weighed by UnitBM25)
// the gate lets it through; with a page size of 0 it lets none through.
// A query of filters alone weighs every match 0 (`weightless`), so the
// page is its first matches.
class PageGate : public Xapian::MatchDecider {
 public:
  PageGate(std::size_t size, bool keep_ids, std::shared_ptr<const MatchCursor> cursor, bool weightless = false)
      : size_(size), keep_ids_(keep_ids), weightless_(weightless), cursor_(std::move(cursor)) {}
  bool operator()(const Xapian::Document& doc) const override {
    const Xapian::docid did = doc.get_docid();
    ++count_;
    if (keep_ids_) ids_.push_back(did);
    if (size_ == 0) return false;
    if (!weightless_ && (!cursor_ || cursor_->weighed != did)) return true;
    const double weight = weightless_ ? 0 : cursor_->weight;
    if (best_.size() < size_) {
      best_.push(weight);
      return true;
    }
    const double lowest = best_.top();
    // Ties go to the lower document id, which came first; an exact 0 (a
    // filter alone) is no rounding.
    if (weight == 0 && lowest == 0) return false;
    if (weight < lowest * (1 - 1e-9)) return false;
    if (weight > lowest) {
      best_.pop();
      best_.push(weight);
    }
    return true;
  }
  Xapian::doccount count() const { return count_; }
  std::vector<Xapian::docid>& ids() { return ids_; }

 private:
  std::size_t size_;
  bool keep_ids_;
  bool weightless_;
  std::shared_ptr<const MatchCursor> cursor_;
  mutable Xapian::doccount count_ = 0;
  mutable std::vector<Xapian::docid> ids_;
  mutable std::priority_queue<double, std::vector<double>, std::greater<double>> best_;
};

// Matches `query` over the documents with ids in [range_first, range_stop)
// and keeps the page [first, first + count) of them.
//
// Sorted by relevance, one pass counts every match and fills the page,
// through a PageGate. A collapsed search counts documents, not units, and
// a phrase can be weighed before its range check has put the cursor on it
// (ranking.hpp), so those take a MatchSpy for the ids and no gate. Sorted by
// date, the page comes from a pass with check_at_least at the page's size,
// which lets Xapian keep to matches whose date can still reach the page,
// and the count from a pass that weighs nothing and keeps nothing.
void run_part(Xapian::Database& db, const Xapian::Query& query, const MatchRequest& request, std::size_t index,
              Xapian::docid range_first, Xapian::docid range_stop, Xapian::doccount first, Xapian::doccount count,
              Part& part) {
  try {
    const Xapian::doccount everything = db.get_doccount();
    if (request.collapse || request.positional) {
      Xapian::Enquire enquire = make_enquire(db, query, request, range_first, range_stop);
      // A spy sees every match, before collapsing.
      MatchIds spy;
      if (request.match_ids) enquire.add_matchspy(&spy);
      Xapian::ValueCountMatchSpy keys(request.collapse_slot);
      if (request.collapse) enquire.add_matchspy(&keys);
      part.mset = enquire.get_mset(first, count, everything);
      part.total = part.mset.get_matches_estimated();
      if (request.collapse) {
        CollapsedCount collapsed;
        collapsed.add(keys);
        part.total = collapsed.total();
      }
      part.ids = std::move(spy.ids());
    } else if (request.order == MatchRequest::Order::relevance) {
      std::shared_ptr<MatchCursor> cursor;
      Xapian::Enquire enquire = make_enquire(db, query, request, range_first, range_stop, &cursor);
      PageGate gate(std::size_t{first} + count, request.match_ids, cursor, request.weightless);
      part.mset = enquire.get_mset(first, count, everything, nullptr, &gate);
      part.total = gate.count();
      part.ids = std::move(gate.ids());
    } else {
      part.mset = make_enquire(db, query, request, range_first, range_stop).get_mset(first, count, first + count);
      Xapian::Enquire counting = make_enquire(db, query, request, range_first, range_stop);
      counting.set_weighting_scheme(Xapian::BoolWeight());
      counting.set_sort_by_relevance();  // no sort key to read for every match
      PageGate counter(0, request.match_ids, nullptr);
      counting.get_mset(0, 0, everything, nullptr, &counter);
      part.total = counter.count();
      part.ids = std::move(counter.ids());
    }
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

void CollapsedCount::add(const Xapian::ValueCountMatchSpy& spy) {
  Xapian::doccount keyed = 0;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    keys_.insert(*it);
    keyed += it.get_termfreq();
  }
  without_key_ += spy.get_total() - keyed;
}

Xapian::doccount CollapsedCount::total() const { return static_cast<Xapian::doccount>(keys_.size()) + without_key_; }

bool has_positional(const Xapian::Query& query) {
  return has_any_op(query, {Xapian::Query::OP_PHRASE, Xapian::Query::OP_NEAR});
}

bool is_weightless(const Xapian::Query& query) {
  return query.get_type() == Xapian::Query::OP_SCALE_WEIGHT && query.get_description().rfind("Query(0 * ", 0) == 0;
}

MatchResult match(const std::vector<Xapian::Database*>& dbs, const Xapian::Query& query, const MatchRequest& given) {
  MatchRequest request = given;
  request.positional = has_positional(query);
  request.weightless = is_weightless(query);
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
      const Xapian::Query copy = Xapian::Query::unserialise(serialised, column_filter_registry(request.columns));
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
