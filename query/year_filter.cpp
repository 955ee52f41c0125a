#include "query/year_filter.hpp"

#include <algorithm>
#include <limits>
#include <sstream>

#include "core/schema.hpp"

namespace hrdex::query {

namespace {
constexpr std::uint16_t kLatest = std::numeric_limits<std::uint16_t>::max();
}

YearFilter::YearFilter(std::shared_ptr<const core::Columns> columns, unsigned from, unsigned to)
    : columns_(std::move(columns)),
      // 0 in the columns is "no year", which no range takes in.
      from_(static_cast<std::uint16_t>(std::max(from, 1u))),
      to_(to == 0 ? kLatest : static_cast<std::uint16_t>(std::min<unsigned>(to, kLatest))) {}

void YearFilter::init(const Xapian::Database& db) {
  at_ = 0;
  years_ = nullptr;
  terms_.clear();
  termfreq_min_ = termfreq_est_ = 0;
  if (columns_ && columns_->built_from(db)) {
    years_ = columns_->years();
    stop_ = columns_->doc_bound();
    for (const auto& [year, documents] : columns_->year_counts()) {
      if (year < from_ || year > to_) continue;
      termfreq_est_ += documents;
      termfreq_min_ = std::max(termfreq_min_, documents);
    }
  } else {
    // The years' terms, read from the database being searched (not the one
    // the query was parsed on), so both ways give the same documents.
    const std::string p(core::schema::prefix::kYear);
    for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
      const std::string digits = (*t).substr(p.size());
      if (!core::is_year(digits)) continue;
      const auto year = static_cast<unsigned>(std::stoi(digits));
      if (year < from_ || year > to_) continue;
      // A document has one year, so the terms' frequencies add up to the
      // matches; a lower bound that holds even if one had two is the largest.
      termfreq_est_ += t.get_termfreq();
      termfreq_min_ = std::max(termfreq_min_, t.get_termfreq());
      terms_.push_back(db.postlist_begin(*t));
    }
    stop_ = db.get_lastdocid() + 1;
  }
  termfreq_est_ = std::min(termfreq_est_, db.get_doccount());
  if (termfreq_est_ == 0) stop_ = 0;  // nothing to find
}

bool YearFilter::in_range(Xapian::docid did) const { return years_[did] >= from_ && years_[did] <= to_; }

void YearFilter::move_to(Xapian::docid did) {
  if (years_) {
    while (did < stop_ && !in_range(did)) ++did;
    at_ = did;
    return;
  }
  // The lowest of the year terms' positions at or past `did`.
  Xapian::docid lowest = stop_;
  for (auto& term : terms_) {
    if (term == Xapian::PostingIterator()) continue;
    if (*term < did) term.skip_to(did);
    if (term == Xapian::PostingIterator()) continue;
    lowest = std::min(lowest, *term);
  }
  at_ = lowest;
}

void YearFilter::next(double) { move_to(at_ + 1); }

void YearFilter::skip_to(Xapian::docid did, double) { move_to(std::max(did, at_)); }

bool YearFilter::check(Xapian::docid did, double) {
  if (!years_ || did <= at_ || did >= stop_) {
    skip_to(did, 0);
    return true;
  }
  // A candidate out of range leaves the position on it, which
  // PostingSource allows: the next move goes on from there.
  at_ = did;
  return in_range(did);
}

YearFilter* YearFilter::clone() const { return new YearFilter(columns_, from_, to_ == kLatest ? 0 : to_); }

std::string YearFilter::name() const { return "hrdex.YearFilter"; }

std::string YearFilter::serialise() const { return std::to_string(from_) + " " + std::to_string(to_); }

YearFilter* YearFilter::unserialise_with_registry(const std::string& serialised, const Xapian::Registry&) const {
  std::istringstream in(serialised);
  unsigned from = 0, to = 0;
  if (!(in >> from >> to)) throw Xapian::SerialisationError("bad YearFilter: " + serialised);
  return new YearFilter(columns_, from, to == kLatest ? 0 : to);
}

std::string YearFilter::get_description() const {
  return "YearFilter(" + std::to_string(from_) + ".." + std::to_string(to_) + ")";
}

Xapian::Registry year_filter_registry(std::shared_ptr<const core::Columns> columns) {
  Xapian::Registry registry;
  registry.register_posting_source(YearFilter(std::move(columns), 0, 0));
  return registry;
}

}  // namespace hrdex::query
