// `hrdex-index add`: bulk, incremental, parallel ingestion. Files are
// extracted and understood in worker processes; this process alone writes
// the index, in batches, one transaction per document.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/shards.hpp"
#include "indexer/tag/unit_tagger.hpp"
#include "taxonomy/source.hpp"

namespace hrdex::indexer {

struct AddOptions {
  std::filesystem::path db;
  std::vector<std::filesystem::path> inputs;
  int jobs = 0;                                 // worker processes; 0 = one per core
  std::chrono::seconds timeout{300};            // per file
  bool prune = false;                           // remove documents whose files under `inputs` are gone
  bool retry_failed = false;                    // retry files that failed before even if unchanged
  // Extract, understand and tag every file again even if unchanged, so that
  // an index gains what a newer hrdex finds in the same files.
  bool reindex = false;
  bool quiet = false;                           // no progress, no per-file lines
  bool timings = false;                         // print the CPU time of each stage
  bool ocr = true;                              // read PDF pages without a text layer with Tesseract
  std::optional<bool> progress_bar;             // default: when stderr is a terminal
  std::optional<std::filesystem::path> report;  // JSON report of the run
  std::optional<std::filesystem::path> manifest;
  // Only the files whose document id falls in this shard (core/shards.hpp);
  // the others are counted as another shard's.
  std::optional<core::ShardOfN> shard;
  std::size_t batch_size = 100;                 // documents per commit
  taxonomy::TaxonomySource taxonomies;               // loaded once, before the workers start
  std::shared_ptr<tag::UnitTagger> tagger;      // run_add makes it from `taxonomies`
};

int run_add(const AddOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::indexer
