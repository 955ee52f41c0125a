// Filters answered from the columns, each a comparison per candidate where
// the index would skip through posting lists that cover much of a big
// index:
// - year:FROM..TO. A unit carries one Y term, its document's year, so a
//   range is the OR of the years' terms; but a broad search checks that OR
//   for every candidate, one skip in each year's posting list (on a million
//   units a six-year range cost as much as the rest of the search).
// - unit:KIND for a kind the columns give a code (core/columns.hpp): its
//   term is on most units of an index of UPR reports, and skipping through
//   it cost a filtered search as much as the rest of it.
// Each reads the columns when they are those of the revision being
// searched; otherwise it reads the terms the index holds, with the same
// result.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/columns.hpp"

namespace hrdex::query {

class ColumnFilter : public Xapian::PostingSource {
 public:
  // Documents of the years `from` to `to`, both included (0 for an open end).
  static ColumnFilter* years(std::shared_ptr<const core::Columns> columns, unsigned from, unsigned to);
  // Units of `kind` (the value of their XUNIT term).
  static ColumnFilter* unit_kind(std::shared_ptr<const core::Columns> columns, std::string kind);

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return termfreq_min_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_est_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_max_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_ >= stop_; }
  Xapian::docid get_docid() const override { return at_; }

  ColumnFilter* clone() const override;
  std::string name() const override;
  std::string serialise() const override;
  // Takes the columns of the prototype registered (column_filter_registry).
  ColumnFilter* unserialise_with_registry(const std::string& serialised, const Xapian::Registry& registry) const override;
  std::string get_description() const override;

 private:
  enum class Kind : std::uint8_t { years, unit_kind };
  ColumnFilter(std::shared_ptr<const core::Columns> columns, Kind kind, std::uint16_t from, std::uint16_t to,
               std::string unit_kind);
  bool passes(Xapian::docid did) const;
  void move_to(Xapian::docid did);
  void init_years(const Xapian::Database& db);
  void init_unit_kind(const Xapian::Database& db);

  std::shared_ptr<const core::Columns> columns_;
  Kind kind_;
  std::uint16_t from_ = 0, to_ = 0;  // years
  std::string unit_kind_;            // unit kind
  // From the columns, when they are current: years or level bytes.
  const std::uint16_t* years_ = nullptr;
  const std::uint8_t* levels_ = nullptr;
  std::uint8_t level_byte_ = 0;
  // Otherwise, a cursor on each term that stands for the filter.
  std::vector<Xapian::PostingIterator> terms_;
  Xapian::docid at_ = 0, stop_ = 0;
  Xapian::doccount termfreq_min_ = 0, termfreq_est_ = 0, termfreq_max_ = 0;
};

// For Query::unserialise of a query that may hold a ColumnFilter: each
// thread's copy reads `columns` (they are checked again at init).
Xapian::Registry column_filter_registry(std::shared_ptr<const core::Columns> columns);

}  // namespace hrdex::query
