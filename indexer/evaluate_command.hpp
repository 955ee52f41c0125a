// `hrdex-index evaluate`: how well the index's tagger agrees with people.
// With --labels, every labelled row is tagged as the index would tag it
// (its taxonomies, its labelled neighbours); when the index learned from
// that very file, each row's own fold is held out, so no row is predicted
// from itself or its State review. Without --labels, the units the index
// holds with human labels (OHCHR thematic lists) are re-tagged without
// their labels, neighbours from their own document held out.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "indexer/tag/labels_csv.hpp"
#include "indexer/tag/unit_tagger.hpp"

namespace hrdex::indexer {

struct EvaluateOptions {
  std::filesystem::path db;
  std::optional<std::filesystem::path> labels;
  std::string taxonomy_id;
  tag::LabelsCsvOptions columns;
  std::string language = "en";     // of the labels' text
  taxonomy::TaxonomySource taxonomies;  // empty: the index's own
  bool rules_only = false;         // leave the learned tagger out
};

int run_evaluate(const EvaluateOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::indexer
