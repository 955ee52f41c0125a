// The tagger's learned models as an index keeps them: one file beside the
// Xapian tables (kModelFile), holding for each taxonomy with labelled data a
// classifier, the probability threshold chosen for each of its tags, and
// what it was trained on. docs/schema.md documents the format. `learn`
// writes it; add, retag and evaluate read it once per process.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "indexer/tag/classifier.hpp"
#include "indexer/tag/tagger.hpp"

namespace hrdex::indexer::tag {

inline constexpr std::string_view kModelFile = "hrdex-model.bin";
// A header line, a JSON description, the fastText models, and a checksum
// line (docs/schema.md). Version 2 added the thresholds that apply when a
// tag's rule fired (`thresholds_with_rule`): a version-1 model decided each
// tag by its classifier or its rules, never both, and is refused.
inline constexpr int kModelFormat = 2;

// What the classifier reads of a unit: its words, lower-cased, and one token
// per rule that fired ("rule:themes:housing"), so that a rule is evidence
// the model weighs: one that fires where people never give its tag ("adopt"
// for adoption of children) earns little weight. Training and tagging both
// read units through this, so they cannot disagree.
std::string classifier_input(std::string_view text, const std::vector<TagHit>& rule_matches);
// The same, on the text's tokens.
std::string classifier_input(const std::vector<Token>& tokens, const std::vector<TagHit>& rule_matches);
// The words alone, for word vectors.
std::string classifier_words(std::string_view text);

// Held-out figures of a model, at its thresholds.
struct HeldOutFigures {
  int folds = 0;
  std::size_t units = 0;
  double micro_precision = 0, micro_recall = 0, micro_f1 = 0;
};

// One taxonomy's classifier and how to read it.
struct TaxonomyModel {
  std::string taxonomy;
  Classifier classifier;
  // A tag is given when its probability reaches its threshold; a tag not
  // listed uses `default_threshold`.
  std::map<std::string, double, std::less<>> thresholds;
  double default_threshold = 0.5;
  // Tags the classifier knows but leaves to their rules: too few labelled
  // examples to judge it by, or its rules did better on held-out folds.
  std::set<std::string, std::less<>> rule_tags;
  // Languages of its training examples: units in other languages keep the
  // rules' verdicts for this taxonomy.
  std::vector<std::string> languages;
  ClassifierSettings settings;
  // Examples by where they came from ("upr-info.csv", "human labels in the
  // index", "crosswalk from upr-info-issues"), and words with a vector.
  std::map<std::string, std::size_t> examples;
  std::size_t word_vectors = 0;
  HeldOutFigures held_out;  // how its thresholds fared, grouped by review
  // Where the tag's own rule fired on the unit, the probability from which
  // the classifier gives it: the classifier's probability and the rule
  // weighed together, as held-out folds taught (train_taxonomy_model). A
  // tag not listed uses `thresholds`. Above 1: never given; 0: given
  // whenever its rule fires.
  std::map<std::string, double, std::less<>> thresholds_with_rule;

  double threshold(std::string_view tag) const;
  double threshold(std::string_view tag, bool rule_fired) const;
  // No tag is given under this probability, so none needs reading.
  double lowest_threshold() const;
  // Whether the classifier gives or withholds `tag` (else its rules do).
  bool decides(std::string_view tag) const;
  bool reads(std::string_view language) const;
};

struct TaggerModel {
  std::string created_by;  // "hrdex 0.1.0"
  std::string created_at;  // UTC, ISO 8601
  std::vector<TaxonomyModel> taxonomies;

  const TaxonomyModel* find(std::string_view taxonomy) const;
};

// Reads a model file; every error names the file and says what to do.
core::Expected<TaggerModel> read_model(const std::filesystem::path& file);
// The model of the index in `index_dir`: nullptr when it has none.
core::Expected<std::shared_ptr<const TaggerModel>> read_index_model(const std::filesystem::path& index_dir);
// Writes `model` to `file` through a temporary file and a rename, so a
// reader sees the old model or the new, never half of one.
core::Status write_model(const TaggerModel& model, const std::filesystem::path& file);

}  // namespace hrdex::indexer::tag
