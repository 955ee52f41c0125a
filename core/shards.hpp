// An index in several shards: which shard a document belongs to when
// shards are built apart (`add --shard K/N`), and opening a set of shards
// (index folders, Xapian stub files, `xapian-tcpsrv` servers) as one
// database. The shards of a set must agree on the schema version and on
// the tag vocabulary; each failure names the shard.
//
// Xapian does the distribution itself: a Xapian::Database holding several
// shards searches them as one, with statistics over all of them, and a
// remote shard is a database opened through Xapian's remote protocol.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace hrdex::core {

// Shard K of N (1 <= K <= N), as `--shard K/N` gives it.
struct ShardOfN {
  unsigned k = 1, n = 1;
  std::string to_string() const { return std::to_string(k) + "/" + std::to_string(n); }
};

// "2/4" -> {2, 4}; "3/2", "0/2", "2", "a/b" are errors saying what is wrong.
Expected<ShardOfN> parse_shard_of_n(const std::string& text);

// Whether the document with this id (16 hex digits, a hash of its path)
// falls in `shard`: its id as a number, modulo N, is K - 1. Every process
// given the same files agrees without talking to the others.
bool in_shard(const std::string& document_id, const ShardOfN& shard);

// One shard as named on the command line or in a stub file.
struct ShardSpec {
  enum class Kind { local, tcp, program };
  Kind kind = Kind::local;
  std::filesystem::path path;  // local: the index folder
  std::string host;            // tcp
  unsigned port = 0;
  std::string program, args;   // program: a command speaking the remote protocol on stdin/stdout (xapian-progsrv)
  std::string origin;          // where it was named: "" for --db, "FILE:LINE" for a stub file's line

  // How messages name it: the folder, "remote 127.0.0.1:7001", "remote :ssh host xapian-progsrv db".
  std::string name() const;
};

// The shards `dbs` name, in order: a folder is one shard, a file is a stub
// database file, read line by line in Xapian's stub format:
//   auto PATH | glass PATH | PATH     a local index (relative to the stub's folder)
//   remote HOST:PORT                  a shard served by xapian-tcpsrv
//   remote :PROGRAM ARGS...           a shard served over a program's stdin and stdout (xapian-progsrv)
// with blank lines and lines starting '#' ignored. Errors name FILE:LINE.
Expected<std::vector<ShardSpec>> shard_specs(const std::vector<std::filesystem::path>& dbs);

struct ShardOptions {
  // Milliseconds a remote shard may take to connect and to answer each
  // message before it counts as down (Xapian's remote timeouts).
  unsigned timeout_ms = 10000;
  // A shard that cannot be opened is left out, named in Shards::missing,
  // instead of failing the whole set.
  bool skip_missing = false;
  // A long-lived reader (hrdex-serve) tries a shard left out again at most
  // this often: a machine that is down would otherwise cost every request
  // the connect timeout.
  unsigned retry_missing_ms = 30000;
};

struct Shards {
  Xapian::Database combined;           // every open shard, searched as one
  std::vector<ShardSpec> specs;        // the open shards, in order
  std::vector<Xapian::Database> each;  // a handle per open shard, in the same order
  std::vector<Error> missing;          // the shards left out (skip_missing), each with why
  // One local folder and nothing left out: the single-index fast paths apply.
  bool single_local() const { return specs.size() == 1 && specs[0].kind == ShardSpec::Kind::local && missing.empty(); }
};

// Opens one shard, checking its schema version.
Expected<Xapian::Database> open_shard(const ShardSpec& spec, const ShardOptions& options);

// Opens every shard `dbs` names and checks that they agree (schema
// version, tag vocabulary: the first shard is the reference).
Expected<Shards> open_shards(const std::vector<std::filesystem::path>& dbs, const ShardOptions& options = {});

// An error naming `b` when its tag vocabulary (the taxonomies it was
// tagged with) differs from `a`'s, saying which taxonomies differ.
Status check_same_taxonomies(const Xapian::Database& a, const std::string& a_name, const Xapian::Database& b,
                             const std::string& b_name);

// A file's bytes found in more than one shard (a copy under another path,
// or the same file indexed twice): the content hash and each shard's
// document.
struct CrossShardDuplicate {
  std::string content_hash;
  struct Copy {
    std::size_t shard = 0;  // index in the set
    std::string document_id;
    std::string path;
  };
  std::vector<Copy> copies;  // in shard order; the first is the one a merge keeps
};
std::vector<CrossShardDuplicate> cross_shard_duplicates(const std::vector<Xapian::Database>& shards);

}  // namespace hrdex::core
