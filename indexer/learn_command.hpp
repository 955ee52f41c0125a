// `hrdex-index learn`: stores human-labelled examples (a CSV in UPR Info's
// layout) in the index as documents of level "example", so that units get
// learned tags from their nearest labelled neighbours at add and retag time.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "indexer/tag/labels_csv.hpp"
#include "indexer/tag/unit_tagger.hpp"

namespace hrdex::indexer {

struct LearnOptions {
  std::filesystem::path db;
  std::filesystem::path labels;
  std::string taxonomy_id;  // empty: upr-info-issues when the labels column is "Issue"
  tag::LabelsCsvOptions columns;
  std::string language = "en";  // of the examples' text
  taxonomy::TaxonomySource taxonomies;  // empty: the index's own
  int folds = 5;  // cross-validation folds recorded for evaluate
};

int run_learn(const LearnOptions& options, std::ostream& out, std::ostream& err);

// What learn and evaluate share.
namespace labels {
// The taxonomy a labels file is for: the one given, else upr-info-issues for
// UPR Info's "Issue" column; empty when neither applies.
std::string taxonomy_for(const std::string& given, const tag::LabelsCsvOptions& columns);
// Identifies a labels file by its bytes, so evaluate recognises the file
// learn stored under any path.
core::Expected<std::string> source_key(const std::filesystem::path& file);
// Rows of one group share a fold: a State's review (UPR Info's "To" and
// "Session") when the file has them, else the row alone.
std::string group_of(const tag::LabelledUnit& unit);
inline constexpr std::uint64_t kFoldSeed = 20240605;
}  // namespace labels

}  // namespace hrdex::indexer
