// year:FROM..TO as a boolean filter. A unit carries one Y term, its
// document's year, so a range is the OR of the years' terms; but a broad
// search checks that OR for every candidate, one skip in each year's
// posting list (on a million units a six-year range cost as much as the
// rest of the search). The columns hold every document's year, so the
// filter is a comparison per candidate when they are those of the revision
// being searched; otherwise it merges the year terms the index holds, with
// the same result.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/columns.hpp"

namespace hrdex::query {

class YearFilter : public Xapian::PostingSource {
 public:
  // Documents of the years `from` to `to`, both included (0 for an open end).
  YearFilter(std::shared_ptr<const core::Columns> columns, unsigned from, unsigned to);

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return termfreq_min_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_est_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_est_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_ >= stop_; }
  Xapian::docid get_docid() const override { return at_; }

  YearFilter* clone() const override;
  std::string name() const override;
  std::string serialise() const override;
  // Takes the columns of the prototype registered (year_filter_registry).
  YearFilter* unserialise_with_registry(const std::string& serialised, const Xapian::Registry& registry) const override;
  std::string get_description() const override;

 private:
  bool in_range(Xapian::docid did) const;
  void move_to(Xapian::docid did);

  std::shared_ptr<const core::Columns> columns_;
  std::uint16_t from_, to_;
  const std::uint16_t* years_ = nullptr;  // when the columns are current
  // Otherwise, a cursor on each year term in range.
  std::vector<Xapian::PostingIterator> terms_;
  Xapian::docid at_ = 0, stop_ = 0;
  Xapian::doccount termfreq_min_ = 0, termfreq_est_ = 0;
};

// For Query::unserialise of a query that may hold a YearFilter: each
// thread's copy reads `columns` (they are checked again at init).
Xapian::Registry year_filter_registry(std::shared_ptr<const core::Columns> columns);

}  // namespace hrdex::query
