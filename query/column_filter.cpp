#include "query/column_filter.hpp"

#include <algorithm>
#include <limits>
#include <sstream>

#include "core/schema.hpp"

namespace hrdex::query {

namespace {
constexpr std::uint16_t kLatest = std::numeric_limits<std::uint16_t>::max();
}

ColumnFilter::ColumnFilter(std::shared_ptr<const core::Columns> columns, Kind kind, std::uint16_t from,
                           std::uint16_t to, std::string unit_kind)
    : columns_(std::move(columns)), kind_(kind), from_(from), to_(to), unit_kind_(std::move(unit_kind)) {}

ColumnFilter* ColumnFilter::years(std::shared_ptr<const core::Columns> columns, unsigned from, unsigned to) {
  // 0 in the columns is "no year", which no range takes in.
  return new ColumnFilter(std::move(columns), Kind::years, static_cast<std::uint16_t>(std::max(from, 1u)),
                          to == 0 ? kLatest : static_cast<std::uint16_t>(std::min<unsigned>(to, kLatest)), "");
}

ColumnFilter* ColumnFilter::unit_kind(std::shared_ptr<const core::Columns> columns, std::string kind) {
  return new ColumnFilter(std::move(columns), Kind::unit_kind, 0, 0, std::move(kind));
}

void ColumnFilter::init(const Xapian::Database& db) {
  at_ = 0;
  years_ = nullptr;
  levels_ = nullptr;
  terms_.clear();
  termfreq_min_ = termfreq_est_ = 0;
  if (kind_ == Kind::years)
    init_years(db);
  else
    init_unit_kind(db);
  termfreq_est_ = std::min(termfreq_est_, db.get_doccount());
  termfreq_max_ = termfreq_est_;
  if (termfreq_est_ == 0) stop_ = 0;  // nothing to find
}

void ColumnFilter::init_years(const Xapian::Database& db) {
  if (columns_ && columns_->built_from(db)) {
    years_ = columns_->years();
    stop_ = columns_->doc_bound();
    for (const auto& [year, documents] : columns_->year_counts()) {
      if (year < from_ || year > to_) continue;
      termfreq_est_ += documents;
      termfreq_min_ = std::max(termfreq_min_, documents);
    }
    return;
  }
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

void ColumnFilter::init_unit_kind(const Xapian::Database& db) {
  if (columns_ && columns_->built_from(db))
    if (auto byte = columns_->unit_kind_byte(unit_kind_)) {
      levels_ = columns_->levels();
      level_byte_ = *byte;
      stop_ = columns_->doc_bound();
      termfreq_min_ = termfreq_est_ = columns_->unit_kind_count(*byte);
      return;
    }
  const std::string term = core::schema::boolean_term(core::schema::prefix::kUnitKind, unit_kind_);
  termfreq_min_ = termfreq_est_ = db.get_termfreq(term);
  terms_.push_back(db.postlist_begin(term));
  stop_ = db.get_lastdocid() + 1;
}

bool ColumnFilter::passes(Xapian::docid did) const {
  if (levels_) return levels_[did] == level_byte_;
  return years_[did] >= from_ && years_[did] <= to_;
}

void ColumnFilter::move_to(Xapian::docid did) {
  if (years_ || levels_) {
    while (did < stop_ && !passes(did)) ++did;
    at_ = did;
    return;
  }
  // The lowest of the terms' positions at or past `did`.
  Xapian::docid lowest = stop_;
  for (auto& term : terms_) {
    if (term == Xapian::PostingIterator()) continue;
    if (*term < did) term.skip_to(did);
    if (term == Xapian::PostingIterator()) continue;
    lowest = std::min(lowest, *term);
  }
  at_ = lowest;
}

void ColumnFilter::next(double) { move_to(at_ + 1); }

void ColumnFilter::skip_to(Xapian::docid did, double) { move_to(std::max(did, at_)); }

bool ColumnFilter::check(Xapian::docid did, double) {
  if ((!years_ && !levels_) || did <= at_ || did >= stop_) {
    skip_to(did, 0);
    return true;
  }
  // A candidate that fails leaves the position on it, which PostingSource
  // allows: the next move goes on from there.
  at_ = did;
  return passes(did);
}

ColumnFilter* ColumnFilter::clone() const { return new ColumnFilter(columns_, kind_, from_, to_, unit_kind_); }

std::string ColumnFilter::name() const { return "hrdex.ColumnFilter"; }

std::string ColumnFilter::serialise() const {
  if (kind_ == Kind::years) return "years " + std::to_string(from_) + " " + std::to_string(to_);
  return "unit " + unit_kind_;
}

ColumnFilter* ColumnFilter::unserialise_with_registry(const std::string& serialised, const Xapian::Registry&) const {
  if (serialised.rfind("unit ", 0) == 0) return unit_kind(columns_, serialised.substr(5));
  std::istringstream in(serialised);
  std::string what;
  unsigned from = 0, to = 0;
  if (!(in >> what >> from >> to) || what != "years") throw Xapian::SerialisationError("bad ColumnFilter: " + serialised);
  return years(columns_, from, to == kLatest ? 0 : to);
}

std::string ColumnFilter::get_description() const {
  if (kind_ == Kind::years) return "ColumnFilter(year:" + std::to_string(from_) + ".." + std::to_string(to_) + ")";
  return "ColumnFilter(unit:" + unit_kind_ + ")";
}

Xapian::Registry column_filter_registry(std::shared_ptr<const core::Columns> columns) {
  Xapian::Registry registry;
  std::unique_ptr<ColumnFilter> prototype(ColumnFilter::years(std::move(columns), 0, 0));
  registry.register_posting_source(*prototype);
  return registry;
}

}  // namespace hrdex::query
