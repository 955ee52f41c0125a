#include "query/ranking.hpp"

#include <algorithm>
#include <cmath>

namespace hrdex::query {

UnitBM25::UnitBM25(const std::uint32_t* lengths, Xapian::docid bound, std::shared_ptr<MatchCursor> cursor)
    : lengths_(lengths), bound_(bound), cursor_(std::move(cursor)) {
  need_stat(COLLECTION_SIZE);
  need_stat(TERMFREQ);
  need_stat(AVERAGE_LENGTH);
  need_stat(WDF);
  need_stat(WQF);
  need_stat(WDF_MAX);
  need_stat(DOC_LENGTH_MIN);
  if (!lengths_ || !cursor_) need_stat(DOC_LENGTH);
}

UnitBM25* UnitBM25::clone() const { return new UnitBM25(lengths_, bound_, cursor_); }

// Xapian's BM25Weight, operation for operation, so that a remote shard
// weighing with it (a stock xapian-tcpsrv knows no other) gives the same
// doubles as this class does on a local index.
void UnitBM25::init(double factor) {
  const Xapian::doccount tf = get_termfreq();
  double tw = (get_collection_size() - tf + 0.5) / (tf + 0.5);
  // The Robertson-Sparck Jones weight goes negative for a word in more
  // than half the documents; Xapian halves it and adds 1 below 2.
  if (tw < 2) tw = tw * 0.5 + 1;
  term_weight_ = std::log(tw) * factor;
  const double wqf = get_wqf();
  term_weight_ *= (kK3 + 1) * wqf / (kK3 + wqf);
  term_weight_ *= (kK1 + 1);
  length_factor_ = get_average_length();
  if (length_factor_ != 0) length_factor_ = 1 / length_factor_;
}

double UnitBM25::score(Xapian::termcount wdf, Xapian::termcount length) const {
  const double normalised = std::max(length * length_factor_, kMinNormalisedLength);
  const double w(wdf);
  const double denominator = kK1 * (normalised * kB + (1 - kB)) + w;
  return term_weight_ * (w / denominator);
}

Xapian::BM25Weight UnitBM25::xapian_equivalent() { return Xapian::BM25Weight(kK1, 0, kK3, kB, kMinNormalisedLength); }

double UnitBM25::get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount) const {
  if (!cursor_) return score(wdf, doclen);
  const Xapian::docid d = cursor_->at;
  // Outside the column (a document newer than it cannot be weighed with
  // it: the caller only passes columns of the revision open).
  const double part = score(wdf, lengths_ && d < bound_ ? lengths_[d] : doclen);
  if (cursor_->weighed != d) {
    cursor_->weighed = d;
    cursor_->weight = 0;
  }
  cursor_->weight += part;
  return part;
}

double UnitBM25::get_maxpart() const {
  // The most a match can score: the highest wdf in the shortest document
  // that can hold it.
  const Xapian::termcount wdf = get_wdf_upper_bound();
  return score(wdf, std::max(wdf, get_doclength_lower_bound()));
}

}  // namespace hrdex::query
