// hrdex's relevance weight: BM25, with each match's document length read
// from the index's columns (core/columns.hpp) instead of from Xapian.
//
// Xapian hands a weighting scheme the length of each document it weighs by
// decoding its document-length list up to that document; for a broad search
// on a million units that is as costly as the rest of the match. A
// Xapian::Weight is not told which document it weighs, only its wdf and
// length, so the match passes the document id on a side channel: the
// DocidRange filter every hrdex match runs under (parallel_match.cpp) sets
// the shared MatchCursor to each candidate before the candidate is weighed,
// and the weight looks the length up in the mapped column.
//
// Without the columns (stale, damaged or missing) the same formula takes the
// length from Xapian, so scores and order do not depend on which path ran;
// a test compares them.
//
// The formula is Xapian's own BM25Weight with the parameters below (k2 = 0),
// computed operation for operation: shards searched through Xapian's remote
// protocol are weighed by a stock xapian-tcpsrv, which knows only Xapian's
// classes, and give the very scores of one merged index
// (xapian_equivalent()).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>

namespace hrdex::query {

// The document the match is at; written by the match's DocidRange.
struct MatchCursor {
  Xapian::docid at = 0;
  // The parts of the weight UnitBM25 has given document `weighed`, added
  // up: the match's weight, near enough (Xapian may add the same parts in
  // another order) for a PageGate (parallel_match.cpp) to tell a match
  // that cannot reach the page.
  Xapian::docid weighed = 0;
  double weight = 0;
};

class UnitBM25 : public Xapian::Weight {
 public:
  // Lengths of documents below `bound` from `lengths`, the one `cursor` is
  // at; with `lengths` null, from Xapian.
  UnitBM25(const std::uint32_t* lengths, Xapian::docid bound, std::shared_ptr<MatchCursor> cursor);

  UnitBM25* clone() const override;
  void init(double factor) override;
  std::string name() const override { return "hrdex.UnitBM25"; }
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
  double get_maxpart() const override;
  double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
  double get_maxextra() const override { return 0; }

  // k1, k3 and b as Xapian's BM25 defaults; lengths under half the average
  // count as half, so that a two-word unit does not outrank every paragraph.
  static constexpr double kK1 = 1.0;
  static constexpr double kK3 = 1.0;
  static constexpr double kB = 0.5;
  static constexpr double kMinNormalisedLength = 0.5;

  // Xapian's class that weighs as this one does, without the columns.
  static Xapian::BM25Weight xapian_equivalent();

 private:
  double score(Xapian::termcount wdf, Xapian::termcount length) const;

  const std::uint32_t* lengths_;
  Xapian::docid bound_;
  std::shared_ptr<MatchCursor> cursor_;
  double term_weight_ = 0;    // idf, query-term factor, k1 + 1 and the query's scale
  double length_factor_ = 0;  // 1 / the average length (0 for an empty index)
};

}  // namespace hrdex::query
