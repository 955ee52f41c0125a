// One UN document in two formats arriving in one index: `add` keeps one
// copy, the one from which more was understood (core/copies.hpp says how
// copies are told and chosen), and records the other.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/copies.hpp"
#include "core/record.hpp"
#include "indexer/write/index_writer.hpp"

namespace hrdex::indexer::write {

// The documents `writer`'s index holds, under other ids, with `doc`'s
// symbol and language whose units read the same as `doc`'s
// (core::same_units). A document without a symbol has none: a symbol is
// what says two files may be one document before their words are
// compared.
std::vector<core::DocumentRecord> format_copies(const IndexWriter& writer, const BuiltDocument& doc);

// What the index records about a file left out as a copy of `kept`
// (metadata core::schema::kMetaCopyPrefix + the file's document id).
std::string copy_metadata(const std::string& path, std::uint64_t size, std::int64_t mtime,
                          const core::DocumentRecord& kept);

}  // namespace hrdex::indexer::write
