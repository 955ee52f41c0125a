#include "query/shard_match.hpp"

#include <algorithm>
#include <set>

#include "core/schema.hpp"
#include "query/ranking.hpp"

namespace hrdex::query {
namespace schema = core::schema;
namespace slot = schema::slot;

namespace {

using Order = MatchRequest::Order;

// One match, with what orders it as the merged index would.
struct Ranked {
  Xapian::MSetIterator at;
  double weight = 0;
  std::string sort_key;
  std::size_t shard = 0;
  Xapian::docid local = 0;  // its id within its shard
};

bool ranks_before(const Ranked& a, const Ranked& b, Order order) {
  if (order != Order::relevance && a.sort_key != b.sort_key)
    return order == Order::date_ascending ? a.sort_key < b.sort_key : a.sort_key > b.sort_key;
  if (a.weight != b.weight) return a.weight > b.weight;
  if (a.shard != b.shard) return a.shard < b.shard;
  return a.local < b.local;
}

void configure(Xapian::Enquire& enquire, const Xapian::Query& query, const MatchRequest& request, bool weightless) {
  enquire.set_query(query);
  if (weightless)
    enquire.set_weighting_scheme(Xapian::BoolWeight());
  else
    enquire.set_weighting_scheme(UnitBM25::xapian_equivalent());
  if (request.collapse) enquire.set_collapse_key(request.collapse_slot);
  if (request.order != Order::relevance)
    enquire.set_sort_by_value_then_relevance(slot::kDate, request.order == Order::date_descending);
}

void add_counts(std::map<std::string, Xapian::doccount>& to, const Xapian::ValueCountMatchSpy& spy) {
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) to[*it] += it.get_termfreq();
}

void take_counts(std::map<std::string, Xapian::doccount>& from, const Xapian::ValueCountMatchSpy& spy) {
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    auto at = from.find(*it);
    if (at == from.end()) continue;
    at->second -= std::min(at->second, it.get_termfreq());
    if (at->second == 0) from.erase(at);
  }
}

// Per shard of a combined database, the documents left out there
// (match_shards' `left_out`), told by the document id every unit and
// document holds in its parent slot.
class LeftOut {
 public:
  LeftOut(const std::vector<std::vector<std::string>>& ids, std::size_t shards) : shards_(shards) {
    for (const auto& in_shard : ids) ids_.emplace_back(in_shard.begin(), in_shard.end());
  }
  bool any() const {
    return std::any_of(ids_.begin(), ids_.end(), [](const auto& in_shard) { return !in_shard.empty(); });
  }
  bool in(std::size_t shard) const { return shard < ids_.size() && !ids_[shard].empty(); }
  // Whether the entry of a match over the combined database is left out.
  bool holds(const Xapian::MSetIterator& entry) const {
    const std::size_t shard = (*entry - 1) % shards_;
    return in(shard) && ids_[shard].count(entry.get_document().get_value(slot::kParent));
  }
  // The query matching shard `shard`'s left-out documents and their units.
  Xapian::Query query(std::size_t shard) const {
    return documents_and_their_units({ids_[shard].begin(), ids_[shard].end()});
  }

 private:
  std::size_t shards_;
  std::vector<std::set<std::string>> ids_;
};

// The entries of `mset`, a match over shard `shard` alone.
void collect(const Xapian::MSet& mset, std::size_t shard, std::vector<Ranked>& out) {
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({it, it.get_weight(), it.get_sort_key(), shard, *it});
}

bool same_key(const Xapian::MSetIterator& a, const Xapian::MSetIterator& b, Order order) {
  return a.get_weight() == b.get_weight() && (order == Order::relevance || a.get_sort_key() == b.get_sort_key());
}

}  // namespace

Xapian::Query documents_and_their_units(const std::vector<std::string>& ids) {
  std::vector<std::string> terms;
  for (const std::string& id : ids) {
    terms.push_back(std::string(schema::prefix::kUniqueId) + id);
    terms.push_back(schema::boolean_term(schema::prefix::kParent, id));
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

ShardMatchResult match_shards(const Xapian::Database& combined, const std::vector<Xapian::Database>& shards,
                              const Xapian::Query& query, const MatchRequest& request,
                              const std::vector<std::vector<std::string>>& left_out_ids) {
  ShardMatchResult result;
  const Xapian::doccount want = request.offset + request.limit;
  const LeftOut left_out(left_out_ids, shards.size());
  std::vector<Ranked> ranked;
  std::vector<Xapian::MSet> kept;  // the MSets the ranked entries point into
  if (is_weightless(query)) {
    // Every match weighs 0: each shard's matches in its own order, shard
    // after shard (by date first when sorted by date).
    kept.reserve(shards.size());
    CollapsedCount collapsed;
    for (std::size_t s = 0; s < shards.size(); ++s) {
      Xapian::Enquire enquire(shards[s]);
      configure(enquire,
                left_out.in(s) ? Xapian::Query(Xapian::Query::OP_AND_NOT, query, left_out.query(s)) : query,
                request, true);
      Xapian::ValueCountMatchSpy spy(slot::kFacets);
      if (request.match_ids) enquire.add_matchspy(&spy);
      Xapian::ValueCountMatchSpy keys(request.collapse_slot);
      if (request.collapse) enquire.add_matchspy(&keys);
      kept.push_back(enquire.get_mset(0, want, shards[s].get_doccount()));
      result.total += kept.back().get_matches_estimated();
      if (request.match_ids) add_counts(result.facet_strings, spy);
      if (request.collapse) collapsed.add(keys);
      collect(kept.back(), s, ranked);
    }
    if (request.collapse) result.total = collapsed.total();
    Xapian::Enquire words(combined);
    configure(words, query, request, true);
    result.snippets = words.get_mset(0, 0);
  } else {
    Xapian::Enquire enquire(combined);
    configure(enquire, query, request, false);
    const Xapian::doccount everything = combined.get_doccount();
    Xapian::ValueCountMatchSpy spy(slot::kFacets);
    if (request.match_ids) enquire.add_matchspy(&spy);
    Xapian::ValueCountMatchSpy keys(request.collapse_slot);
    if (request.collapse) enquire.add_matchspy(&keys);
    // One more than the page shows whether the run of equal keys at its end
    // goes on past it; while it does, or left-out copies kept the page
    // short, fetch twice as many.
    Xapian::doccount fetch = want + 1;
    Xapian::MSet mset = enquire.get_mset(0, fetch, everything);
    CollapsedCount collapsed;
    if (request.collapse) collapsed.add(keys);
    if (request.match_ids || request.collapse) enquire.clear_matchspies();
    if (request.match_ids) add_counts(result.facet_strings, spy);
    // The entries shown, in rank order: all of them, or all but the
    // left-out copies (a collapsed match keeps one of each document
    // already: the copies share its key).
    const bool filter = left_out.any() && !request.collapse;
    const bool count_copies = left_out.any() && (request.match_ids || !request.collapse);
    auto shown = [&] {
      std::vector<Xapian::doccount> at;
      for (auto it = mset.begin(); it != mset.end(); ++it)
        if (!filter || !left_out.holds(it)) at.push_back(it.get_rank());
      return at;
    };
    std::vector<Xapian::doccount> entries = shown();
    while (want > 0 && mset.size() == fetch &&
           (entries.size() < want || same_key(mset[entries[want - 1]], mset[fetch - 1], request.order))) {
      fetch *= 2;
      mset = enquire.get_mset(0, fetch, everything);
      entries = shown();
    }
    result.total = request.collapse ? collapsed.total() : mset.get_matches_estimated();
    // The left-out copies' matches, counted shard by shard, come off the
    // total and the facets.
    for (std::size_t s = 0; s < shards.size() && count_copies; ++s) {
      if (!left_out.in(s)) continue;
      Xapian::Enquire copies(shards[s]);
      copies.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, left_out.query(s)));
      copies.set_weighting_scheme(Xapian::BoolWeight());
      Xapian::ValueCountMatchSpy copy_facets(slot::kFacets);
      if (request.match_ids) copies.add_matchspy(&copy_facets);
      const Xapian::doccount found = copies.get_mset(0, 0, shards[s].get_doccount()).get_matches_estimated();
      if (!request.collapse) result.total -= std::min(result.total, found);
      if (request.match_ids) take_counts(result.facet_strings, copy_facets);
    }
    kept.push_back(mset);
    // Xapian numbers the combined database's documents interleaved, shard
    // by shard.
    for (Xapian::doccount rank : entries) {
      auto it = kept.back()[rank];
      ranked.push_back({it, it.get_weight(), it.get_sort_key(), (*it - 1) % shards.size(),
                        static_cast<Xapian::docid>((*it - 1) / shards.size() + 1)});
    }
    // Entries past the run at the page's end are not needed.
    result.snippets = mset;
  }
  std::sort(ranked.begin(), ranked.end(),
            [&](const Ranked& a, const Ranked& b) { return ranks_before(a, b, request.order); });
  for (std::size_t i = request.offset; i < ranked.size() && i < want; ++i)
    result.page.emplace_back(ranked[i].at.get_document(), ranked[i].weight);
  return result;
}

}  // namespace hrdex::query
