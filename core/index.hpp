// Opening an hrdex index: the one place that checks the schema version, so
// neither program can misread an index written by another version.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <string>

#include "core/expected.hpp"

namespace hrdex::core {

// Whether `db` (an index folder or a remote shard, named `name` in the
// message) holds an hrdex index of this schema version.
Status check_schema_version(const Xapian::Database& db, const std::string& name);

// Opens an existing index for searching. Fails when DIR is missing, is not a
// Xapian database, or was written with another schema version.
Expected<Xapian::Database> open_index_for_reading(const std::filesystem::path& dir);

// Opens DIR for writing, creating and stamping it when it does not exist.
// Fails when DIR is a file, is locked by another writer, or holds another
// schema version.
Expected<Xapian::WritableDatabase> open_index_for_writing(const std::filesystem::path& dir);

// Opens DIR for writing only when it already holds an hrdex index: commands
// that rewrite an index (retag, learn) must not create an empty one.
Expected<Xapian::WritableDatabase> open_existing_index_for_writing(const std::filesystem::path& dir);

}  // namespace hrdex::core
