// Honest figures for the tagger: k-fold cross-validation on human-labelled
// units, with folds split by group (a State's review: its recommendations
// often repeat each other nearly word for word) and the learner's and
// combiner's thresholds tuned by an inner cross-validation on the training
// folds only. Used by the evaluation program and, later, `hrdex-index
// evaluate`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/tag/combine.hpp"
#include "indexer/tag/evaluation.hpp"
#include "indexer/tag/labels_csv.hpp"
#include "indexer/tag/learner.hpp"
#include "indexer/tag/tagger.hpp"

namespace hrdex::indexer::tag {

// The fold (0 .. folds-1) of every unit; units with the same group key
// share a fold. Groups are shuffled with `seed` (a fixed Mersenne twister
// and a shuffle of our own, so the split is the same with every standard
// library), then each goes to the fold with the fewest units so far.
std::vector<int> assign_folds(const std::vector<std::string>& groups, int folds, std::uint64_t seed);

struct CrossValidationOptions {
  int folds = 5;
  int inner_folds = 4;
  std::uint64_t seed = 20240605;
  std::string language = "en";
  // The grid searched on the training folds.
  std::vector<std::size_t> neighbours = {5, 10, 20, 30, 50};
  std::vector<double> sharpness = {1.0, 2.0, 4.0, 8.0};
  std::vector<double> thresholds = {0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9};
  std::vector<double> rule_support = {0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3};
};

// What one outer fold chose on its training folds.
struct FoldReport {
  std::size_t train = 0, test = 0;
  LearnerOptions learner;    // learned alone
  LearnerOptions combined_learner;  // k and sharpness for the combination
  CombineOptions combine;
  double rules_micro_f1 = 0, learned_micro_f1 = 0, combined_micro_f1 = 0;  // on this fold's test units
};

struct CrossValidationReport {
  // Pooled over the held-out folds: every unit predicted once, by a model
  // that never saw its group.
  Evaluation rules, learned, combined;
  std::vector<FoldReport> folds;
  std::vector<std::string> unmapped;  // labels that found no tag
};

// `units` carry labels as written (mapped here through find_tag); `groups`
// has one key per unit. Only tags of `taxonomy_id` are scored.
CrossValidationReport cross_validate(const taxonomy::TaxonomySet& set, const RuleTagger& rules, std::string_view taxonomy_id,
                                     const std::vector<LabelledUnit>& units, const std::vector<std::string>& groups,
                                     const CrossValidationOptions& options);

}  // namespace hrdex::indexer::tag
