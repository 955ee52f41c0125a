// Where taxonomies come from, and the set an index was tagged with. An index
// stores its source (schema kMetaTaxonomies) so that retag, learn and
// evaluate read the same files add did.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "taxonomy/taxonomy.hpp"

namespace hrdex::taxonomy {

// Files named one by one (--taxonomy FILE), or every *.toml of a folder
// (--taxonomy-dir DIR, else the default folder).
struct TaxonomySource {
  std::vector<std::filesystem::path> files;
  std::optional<std::filesystem::path> dir;
  // `dir` is the data folder's: an index records that, so that a later
  // retag looks the data folder up again rather than reading a path that
  // may have moved (another prefix, another HRDEX_DATA_DIR).
  bool default_dir = false;
  bool empty() const { return files.empty() && !dir; }
};

// The default taxonomies: the data folder's taxonomies/ (core/data_dir.hpp).
core::Expected<std::filesystem::path> default_taxonomy_dir();

// Loads the files, else the folder, else the default folder. Paths are made
// absolute so that the source can be stored in the index and reused.
core::Expected<TaxonomySet> load_taxonomy_source(TaxonomySource& source);

// The same for a command on an existing index: `source` when given, else
// the taxonomies the index was last tagged with (schema kMetaTaxonomies).
core::Expected<TaxonomySet> load_index_taxonomies(const Xapian::Database& db, TaxonomySource& source);

// Names, sizes and modification times of the files a source reads: changes
// when a file is edited, so a loaded set can be cached under it.
std::string source_fingerprint(const TaxonomySource& source);

// The index keeps the source of its taxonomies (schema kMetaTaxonomies).
std::string source_to_json(const TaxonomySource& source);
TaxonomySource source_from_json(const std::string& text);

// What an index records of the program and the taxonomies that last tagged
// it (schema kMetaWrittenBy): the hrdex version, and each taxonomy's id,
// file and content hash, which changes with every edit of the file.
std::string written_by_json(const TaxonomySet& set);

// The ids of the set's taxonomies whose file is not the one the index last
// tagged with (by content), given what the index recorded (written_by_json);
// none when it recorded nothing, as indexes older than the record.
std::vector<std::string> taxonomies_changed_since(const TaxonomySet& set, std::string_view written_by);

}  // namespace hrdex::taxonomy
