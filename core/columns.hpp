// The columns: a file beside the Xapian tables that holds, for every
// document id, what a broad search needs of each match and Xapian keeps
// where reading it costs most:
// - the facet values of slot::kFacets as small integer ids, laid out so that
//   counting the facets of N matches is N short runs of array increments
//   (Xapian's value stream takes several microseconds a match: a B-tree
//   seek per value chunk and a string per value);
// - the document's length, which BM25 needs for every match it weighs
//   (Xapian decodes its document-length list up to each match, about as
//   costly as the rest of the match; query/ranking.hpp reads it here);
// - its level (document, unit, example), so that a search keeps to units
//   by a byte look-up instead of a filter on the level terms, which cost a
//   broad search as much again; for a unit the same byte gives its kind,
//   so that unit:recommendation is a look-up too;
// - its year, so that a year range is a comparison per candidate instead of
//   a skip in each of its years' posting lists (query/column_filter.hpp).
// On a million units a broad filtered search matches tens of thousands, so
// these were most of its time.
//
// The columns are derived data, never the only copy: the file records the
// revision and UUID of the database it was built from, and a reader uses it
// only when both match the revision it has open. Otherwise (a writer has
// committed since, a crash came between the commit and the file, the file
// is damaged) searches read the index, with the same results. Writers
// rebuild it when they finish (add, remove, retag, learn, compact).
// docs/schema.md describes the file.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.hpp"

namespace hrdex::core {

inline constexpr std::string_view kColumnsFile = "hrdex-columns.bin";

// Builds the columns of `db` as it stands (its current revision) and puts it
// in `dir` whole or not at all (a temporary file renamed over the old one).
Status write_columns(const Xapian::Database& db, const std::filesystem::path& dir);

// write_columns() unless `dir` already holds the column of the
// revision of `db` that is open (a run that changed nothing writes nothing).
Status refresh_columns(const Xapian::Database& db, const std::filesystem::path& dir);

// Whether `digits` is a year as Y terms hold it: four ASCII digits.
bool is_year(std::string_view digits);

class Columns {
 public:
  // A document's level. levels() holds it for each document id, except
  // that a unit whose kind has a code holds kUnitKindBase + that code, so
  // that a search kept to units of one kind (unit:recommendation) checks
  // the byte the level check reads anyway, instead of skipping through the
  // kind's posting list, which on a million units covers most of them.
  enum Level : std::uint8_t { kNoDocument = 0, kDocumentLevel = 1, kUnitLevel = 2, kExampleLevel = 3 };
  static constexpr std::uint8_t kUnitKindBase = 4;
  static constexpr std::size_t kUnitKindCodes = 256 - kUnitKindBase;
  static Level level_of(std::uint8_t byte) { return byte >= kUnitKindBase ? kUnitLevel : static_cast<Level>(byte); }

  // The column in `dir` when it was built from exactly the revision of `db`
  // that is open; nullptr when it is missing, stale or damaged.
  static std::shared_ptr<const Columns> open(const std::filesystem::path& dir, const Xapian::Database& db);
  ~Columns();
  Columns(const Columns&) = delete;
  Columns& operator=(const Columns&) = delete;

  // Document d's length, for d below doc_bound(): the sum of its wdfs.
  std::uint32_t doc_bound() const { return doc_bound_; }
  const std::uint32_t* lengths() const { return lengths_; }
  // Document d's level byte (level_of), for d below doc_bound().
  const std::uint8_t* levels() const { return levels_; }
  // The level byte of the units of `kind` when the kind has a code: every
  // document with the kind's term has that byte, and no other document
  // has it. A kind without one (too many kinds, or a kind whose term is on
  // a document that is not a unit of that one kind) is read from its term.
  std::optional<std::uint8_t> unit_kind_byte(std::string_view kind) const;
  // How many documents have level byte `byte` (a unit kind's).
  std::uint32_t unit_kind_count(std::uint8_t byte) const;
  // Document d's year (the four digits of its Y term), 0 when it has none.
  const std::uint16_t* years() const { return years_; }
  // How many documents have each year, by year, for a year range's
  // estimates without walking the Y terms (whose allterms walk steps over
  // every chunk of their posting lists).
  const std::vector<std::pair<std::uint16_t, std::uint32_t>>& year_counts() const { return year_counts_; }
  // Whether these are the columns of the revision of `db` that is open.
  bool built_from(const Xapian::Database& db) const;

  // The number of distinct facet values.
  std::size_t value_count() const { return dictionary_.size(); }
  // Value id's field (its index in schema::facet_fields()) and value.
  std::uint8_t field(std::size_t id) const { return dictionary_[id].field; }
  std::string_view value(std::size_t id) const { return dictionary_[id].value; }
  // counts[id] += 1 for every facet value of every document in `docs`;
  // `counts` must have value_count() entries. False, with `counts` part
  // counted, when the file does not hold what its header says (damage the
  // header checks did not catch): count from the index instead.
  bool count(const std::vector<Xapian::docid>& ids, std::vector<std::uint32_t>& counts) const;

 private:
  struct Entry {
    std::uint8_t field;
    std::string_view value;
  };
  Columns() = default;
  // The columns in the file open as `fd`, of `size` bytes, if they are
  // whole and of the revision of `db` that is open.
  static std::shared_ptr<const Columns> map_file(int fd, std::size_t size, const Xapian::Database& db);
  const void* map_ = nullptr;
  std::size_t map_size_ = 0;
  const std::uint32_t* offsets_ = nullptr;  // doc_bound_ + 1 entries into ids_
  const std::uint32_t* lengths_ = nullptr;  // doc_bound_ entries
  const std::uint8_t* levels_ = nullptr;    // doc_bound_ entries
  const std::uint16_t* years_ = nullptr;    // doc_bound_ entries
  Xapian::rev revision_ = 0;
  std::string uuid_;
  const std::uint16_t* ids_ = nullptr;
  std::uint32_t doc_bound_ = 0;             // document ids below this have an entry
  std::uint32_t id_count_ = 0;
  std::vector<Entry> dictionary_;
  std::vector<std::pair<std::uint16_t, std::uint32_t>> year_counts_;
  std::vector<std::string_view> unit_kinds_;  // by code
  std::vector<std::uint32_t> unit_kind_counts_;
};

}  // namespace hrdex::core
