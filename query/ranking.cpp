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

void UnitBM25::init(double factor) {
  const double n = get_collection_size();
  const double tf = get_termfreq();
  // The "+ 1" keeps the idf positive for a word in most units (the plain
  // Robertson-Sparck Jones form goes negative past half).
  const double idf = std::log(1.0 + (n - tf + 0.5) / (tf + 0.5));
  const double wqf = get_wqf();
  term_weight_ = factor * idf * (kK1 + 1) * (2.0 * wqf / (1.0 + wqf));
  average_length_ = std::max(get_average_length(), 1.0);
}

double UnitBM25::score(double wdf, double length) const {
  if (wdf <= 0 || term_weight_ == 0) return 0;
  const double normalised = std::max(length / average_length_, kMinNormalisedLength);
  return term_weight_ * wdf / (kK1 * ((1 - kB) + kB * normalised) + wdf);
}

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
  // The most a match can score: the highest wdf in the shortest document.
  return score(get_wdf_upper_bound(), get_doclength_lower_bound());
}

}  // namespace hrdex::query
