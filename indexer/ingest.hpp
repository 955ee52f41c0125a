// The indexer's smaller commands (remove, stats) and what every command
// shares: finding files and preparing one document from one file. `add`,
// the bulk pipeline, is in add_command.hpp.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/record.hpp"
#include "indexer/write/index_writer.hpp"

namespace hrdex::indexer::tag {
class UnitTagger;
}

namespace hrdex::indexer {

// Exit statuses shared by the commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeFailed = 1;  // the run went on; some files failed
inline constexpr int kExitFatal = 2;       // nothing was done: bad arguments, index unusable

// The time now, UTC, ISO 8601 ("2026-12-03T10:00:00Z").
std::string utc_now();

struct RemoveOptions {
  std::filesystem::path db;
  std::vector<std::filesystem::path> inputs;
};

struct StatsOptions {
  // One index, or the shards of one (folders, stub files, remotes),
  // counted together.
  std::vector<std::filesystem::path> db;
  bool json = false;
  unsigned timeout_ms = 10000;  // per remote shard
  bool skip_missing = false;    // count the shards that answer, naming the others
};

struct CompactOptions {
  std::filesystem::path db;
};

// What a user knows better than detection: from a manifest (--manifest).
// Empty fields leave detection alone.
struct DocumentOverrides {
  std::string kind;        // decides which parser reads the units
  std::string symbol;
  std::string state;       // ISO alpha-3 or a name
  std::string date;        // YYYY-MM-DD
  std::string language;    // ISO 639-1
  std::string title;
  std::string source_url;
};

// Everything needed to index one file, made from the file alone (and what
// the user says of it).
// With a tagger, every unit also gets its tags (tag_document). `ocr` says whether PDF
// pages without a text layer are read by OCR (the manifest's language, when
// it gives one, is the language they are read in); units on such pages are
// marked `ocr`.
core::Expected<write::PreparedDocument> prepare_document(const std::filesystem::path& file,
                                                         const DocumentOverrides& overrides = {},
                                                         const tag::UnitTagger* tagger = nullptr, bool ocr = true);
// Tags every unit of `doc`, and warns (on the document) of the labels people
// gave that map onto no tag.
void tag_document(write::PreparedDocument& doc, const tag::UnitTagger& tagger);
// Those warnings for the units of one document, one per label, naming the
// recommendations that carry it (add and retag both give them).
std::vector<std::string> unmapped_label_warnings(const std::vector<core::UnitRecord>& units,
                                                 const tag::UnitTagger& tagger);

// The files under `inputs`: files as given, folders walked recursively in
// name order, hidden entries skipped. A missing input is an error, reported
// and counted, not fatal. Inside folders, files whose extension says they
// are data, web assets or archives (not_a_document) are set apart in
// `skipped`: a labels CSV, a manifest or a saved page's scripts beside the
// documents are no documents, and no failures either. A file named as an
// input is always tried.
struct FileList {
  std::vector<std::filesystem::path> files;
  std::vector<std::filesystem::path> skipped;
  std::vector<core::Error> errors;
};
bool not_a_document(const std::filesystem::path& file);
FileList collect_files(const std::vector<std::filesystem::path>& inputs);

int run_remove(const RemoveOptions& options, std::ostream& out, std::ostream& err);
int run_stats(const StatsOptions& options, std::ostream& out, std::ostream& err);
// Rewrites the index with its B-trees full: a bulk ingest leaves them about
// two thirds full. Holds the write lock throughout; the folder is swapped
// for the compacted copy at the end.
int run_compact(const CompactOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::indexer
