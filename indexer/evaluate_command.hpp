// `hrdex-index evaluate`: how well the index's tagging agrees with people.
//   default      grouped cross-validation of every taxonomy the index holds
//                labelled texts for (or --taxonomy): each fold of reviews is
//                tagged by a classifier trained, thresholds and all, on the
//                other folds only; the rules alone on the same texts beside.
//   --labels F   the index's own tagger (its model and rules) on a labels
//                file; in-sample, and said so, when the model learned from F.
//   --predictions F  every labelled text's labels, the tags it was given
//                (held out, or with --labels the index's) and the rules'
//                tags, as CSV, to read the disagreements one by one.
//   --audit      every tag in the index: how many units carry it with none
//                of its own words, names or abbreviations in their text;
//                then every rule word matched on its stem beside the
//                index's other words of that stem ("corporal" beside
//                "corporations"), where a word in another sense hides.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "indexer/tag/labels_csv.hpp"
#include "indexer/tag/training.hpp"
#include "taxonomy/source.hpp"

namespace hrdex::indexer {

struct EvaluateOptions {
  std::filesystem::path db;
  std::string taxonomy_id;  // empty: every taxonomy with labelled texts (with --labels: detected)
  std::optional<std::filesystem::path> labels;
  tag::LabelsCsvOptions columns;
  std::string language = "en";  // of the labels' text
  taxonomy::TaxonomySource taxonomies;  // empty: the index's own
  int folds = 5;
  bool per_tag = false;
  bool audit = false;
  std::optional<std::filesystem::path> predictions;  // CSV of each text's labels and tags
  tag::TrainingOptions training;
  bool word_vectors = true;
  std::size_t vector_words = 3000000;
};

int run_evaluate(const EvaluateOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::indexer
