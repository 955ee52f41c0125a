// Shards built apart (`add --shard K/N`) made whole again, or brought to
// agree while they stay apart:
// - `merge` compacts shards into one new index with Xapian's compactor
//   (shard order is kept: the first shard's documents come first), then
//   rebuilds what hrdex derives beyond Xapian's tables: responses joined
//   across shards, copies of one file in several shards reduced to the
//   first, one document in two formats in two shards reduced to the copy
//   `add` would keep (write/format_copies.hpp), the columns, and the
//   learned model file;
// - `join` joins onto one shard's reports the responses of addenda that
//   other shards hold, so that shards searched together answer as the
//   merged index does.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <vector>

namespace hrdex::indexer {

struct MergeOptions {
  std::filesystem::path db;                   // the new index
  std::vector<std::filesystem::path> shards;  // index folders or stub files of local folders
};

struct JoinOptions {
  std::filesystem::path db;                   // the shard to write
  std::vector<std::filesystem::path> others;  // the other shards: folders, stub files, remotes
};

int run_merge(const MergeOptions& options, std::ostream& out, std::ostream& err);
int run_join(const JoinOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::indexer
