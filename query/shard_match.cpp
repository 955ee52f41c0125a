#include "query/shard_match.hpp"

#include <algorithm>

#include "core/schema.hpp"
#include "query/ranking.hpp"

namespace hrdex::query {
namespace slot = core::schema::slot;

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

// The entries of `mset`, the ids of shard `shard` (or, with `of_shards`,
// ids of a database of that many shards, interleaved as Xapian numbers
// them).
void collect(const Xapian::MSet& mset, std::size_t shard, std::size_t of_shards, std::vector<Ranked>& out) {
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Ranked r{it, it.get_weight(), it.get_sort_key(), shard, *it};
    if (of_shards) {
      r.shard = (*it - 1) % of_shards;
      r.local = (*it - 1) / of_shards + 1;
    }
    out.push_back(std::move(r));
  }
}

bool same_key(const Xapian::MSetIterator& a, const Xapian::MSetIterator& b, Order order) {
  return a.get_weight() == b.get_weight() && (order == Order::relevance || a.get_sort_key() == b.get_sort_key());
}

}  // namespace

ShardMatchResult match_shards(const Xapian::Database& combined, const std::vector<Xapian::Database>& shards,
                              const Xapian::Query& query, const MatchRequest& request) {
  ShardMatchResult result;
  const Xapian::doccount want = request.offset + request.limit;
  std::vector<Ranked> ranked;
  std::vector<Xapian::MSet> kept;  // the MSets the ranked entries point into
  if (is_weightless(query)) {
    // Every match weighs 0: each shard's matches in its own order, shard
    // after shard (by date first when sorted by date).
    kept.reserve(shards.size());
    CollapsedCount collapsed;
    for (std::size_t s = 0; s < shards.size(); ++s) {
      Xapian::Enquire enquire(shards[s]);
      configure(enquire, query, request, true);
      Xapian::ValueCountMatchSpy spy(slot::kFacets);
      if (request.match_ids) enquire.add_matchspy(&spy);
      Xapian::ValueCountMatchSpy keys(request.collapse_slot);
      if (request.collapse) enquire.add_matchspy(&keys);
      kept.push_back(enquire.get_mset(0, want, shards[s].get_doccount()));
      result.total += kept.back().get_matches_estimated();
      if (request.match_ids) add_counts(result.facet_strings, spy);
      if (request.collapse) collapsed.add(keys);
      collect(kept.back(), s, 0, ranked);
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
    // goes on past it; while it does, fetch twice as many.
    Xapian::doccount fetch = want + 1;
    Xapian::MSet mset = enquire.get_mset(0, fetch, everything);
    CollapsedCount collapsed;
    if (request.collapse) collapsed.add(keys);
    if (request.match_ids || request.collapse) enquire.clear_matchspies();
    if (request.match_ids) add_counts(result.facet_strings, spy);
    while (want > 0 && mset.size() == fetch && same_key(mset[want - 1], mset[fetch - 1], request.order)) {
      fetch *= 2;
      mset = enquire.get_mset(0, fetch, everything);
    }
    result.total = request.collapse ? collapsed.total() : mset.get_matches_estimated();
    kept.push_back(mset);
    collect(kept.back(), 0, shards.size(), ranked);
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
