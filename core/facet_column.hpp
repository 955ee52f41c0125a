// The facet column: a file beside the Xapian tables that holds, for every
// document id, the facet values of slot::kFacets as small integer ids, laid
// out so that counting the facets of N matches is N short runs of array
// increments. Xapian's value stream answers the same question at several
// microseconds a match (a B-tree seek per value chunk and a string per
// value); on a million units a broad filtered search matches tens of
// thousands, which is what made exact facets slow.
//
// The column is derived data, never the only copy: it records the revision
// and UUID of the database it was built from, and a reader uses it only
// when both match the revision it has open. Otherwise (a writer has
// committed since, a crash came between the commit and the column, the file
// is damaged) facets are counted from the value stream, with the same
// result. Writers rebuild it when they finish (add, retag, learn, compact).
// docs/schema.md describes the file.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace hrdex::core {

inline constexpr std::string_view kFacetColumnFile = "hrdex-facets.bin";

// Builds the column of `db` as it stands (its current revision) and puts it
// in `dir` whole or not at all (a temporary file renamed over the old one).
Status write_facet_column(const Xapian::Database& db, const std::filesystem::path& dir);

// write_facet_column() unless `dir` already holds the column of the
// revision of `db` that is open (a run that changed nothing writes nothing).
Status refresh_facet_column(const Xapian::Database& db, const std::filesystem::path& dir);

class FacetColumn {
 public:
  // The column in `dir` when it was built from exactly the revision of `db`
  // that is open; nullptr when it is missing, stale or damaged.
  static std::shared_ptr<const FacetColumn> open(const std::filesystem::path& dir, const Xapian::Database& db);
  ~FacetColumn();
  FacetColumn(const FacetColumn&) = delete;
  FacetColumn& operator=(const FacetColumn&) = delete;

  // The number of distinct facet values: the size `count` needs.
  std::size_t value_count() const { return dictionary_.size(); }
  // Value id's field (its index in schema::facet_fields()) and value.
  std::uint8_t field(std::size_t id) const { return dictionary_[id].field; }
  std::string_view value(std::size_t id) const { return dictionary_[id].value; }
  // What `count` adds into: one entry for every id the file's 16 bits can
  // hold, so that counting checks no id (ids past value_count() are damage,
  // for the caller to find in the counts).
  static constexpr std::size_t kCountSlots = 65536;
  // counts[id] += 1 for every facet value of every document in `docs`;
  // `counts` must have kCountSlots entries. False, with `counts` part
  // counted, when the file does not hold what its header says (damage the
  // header checks did not catch): count from the index instead.
  bool count(const std::vector<Xapian::docid>& ids, std::vector<std::uint32_t>& counts) const;

 private:
  struct Entry {
    std::uint8_t field;
    std::string_view value;
  };
  FacetColumn() = default;
  const void* map_ = nullptr;
  std::size_t map_size_ = 0;
  const std::uint32_t* offsets_ = nullptr;  // doc_bound_ + 1 entries into ids_
  const std::uint16_t* ids_ = nullptr;
  std::uint32_t doc_bound_ = 0;             // document ids below this have an entry
  std::uint32_t id_count_ = 0;
  std::vector<Entry> dictionary_;
};

}  // namespace hrdex::core
