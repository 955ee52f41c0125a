// Training a taxonomy's classifier from people's labels, with a probability
// threshold per tag chosen on held-out predictions, and grouped
// cross-validation of the whole tagger. Folds never split a group (one
// State's review: its recommendations repeat each other nearly word for
// word, so a split review would flatter every figure).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "indexer/tag/classifier.hpp"
#include "indexer/tag/evaluation.hpp"
#include "indexer/tag/model.hpp"
#include "indexer/tag/tagger.hpp"
#include "taxonomy/taxonomy.hpp"

namespace hrdex::indexer::tag {

class UnitTagger;

// One text people labelled in one taxonomy.
struct LabelledText {
  std::string text;
  std::string language = "en";
  std::vector<std::string> tags;  // tag ids of the taxonomy
  std::string group;              // its review, e.g. "Angola|3"
  std::string source;             // where the labels came from
  std::string name;               // "labels.csv:12", a unit id: for messages
  // The tags these labels speak for; empty: every tag of the taxonomy. A
  // text labelled through a crosswalk says nothing of the tags the other
  // vocabulary has no word for (UPR Info's issues name no OHCHR theme for
  // ratification), so those tags are neither right nor wrong on it.
  std::set<std::string> covers;
  // Of those, the tags the labels can name themselves (`covers` without the
  // ancestors it adds): a parent given only through a child they cannot
  // name is no theme given wrongly. Empty when `covers` is.
  std::set<std::string> names;
  bool speaks_for(const std::string& tag) const { return covers.empty() || covers.count(tag) > 0; }
};

struct TrainingOptions {
  ClassifierSettings classifier;
  int folds = 5;  // held-out predictions the thresholds are chosen on
  std::uint64_t seed = 20261203;
  // The thresholds maximise F-beta on held-out predictions; below 1 weighs
  // precision above recall (a wrong tag costs an agency more than a
  // missing one).
  double beta = 1.0;
  // A tag's own best threshold counts for support / (support + shrink) and
  // the taxonomy-wide best threshold for the rest, so that a tag seen five
  // times does not get a threshold tuned to those five.
  double shrink = 20;
  // A tag with fewer labelled examples than this is left to its rules.
  std::size_t min_support = 10;
  std::vector<double> grid = {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9};
  // Word vectors to start the classifier from (train_word_vectors), and how
  // many words they hold; empty: none.
  std::filesystem::path vectors;
  std::size_t vector_words = 0;
};

// The fold (0 .. folds-1) of every item; items with the same group share a
// fold. Groups are shuffled with `seed` (a fixed Mersenne twister and a
// shuffle of our own, so the split is the same with every standard
// library), then each goes to the fold with the fewest items so far.
std::vector<int> assign_folds(const std::vector<std::string>& groups, int folds, std::uint64_t seed);

// Per tag, the threshold that maximises F-beta of `probabilities` (one map
// per item) against `gold`, shrunk towards the best single threshold. An
// item counts for a tag only where `texts` (when given) speaks for it.
struct Thresholds {
  std::map<std::string, double, std::less<>> per_tag;
  double overall = 0.5;
};
Thresholds choose_thresholds(const std::vector<std::map<std::string, double>>& probabilities,
                             const std::vector<std::vector<std::string>>& gold, const TrainingOptions& options,
                             const std::vector<LabelledText>* texts = nullptr);

// How one tag's classifier probability and its own rule weigh together:
// score = σ(bias + weight · logit(p) + rule · fired), a logistic regression
// fitted on held-out predictions. A rule that people's labels bear out
// lowers the probability the classifier needs where it fires; one they do
// not bear out ("adopt" for adoption of children) gets little or negative
// weight.
struct RuleAndClassifier {
  double bias = 0, weight = 1, rule = 0;
  double score(double probability, bool fired) const;
  // The probability from which score() reaches `threshold` (0: always,
  // above 1: never); weight must be positive.
  double probability_for(double threshold, bool fired) const;
};
// Fitted by Newton's method with a light L2 penalty, so it is deterministic
// and bounded even where the rule separates the labels perfectly.
RuleAndClassifier fit_rule_and_classifier(const std::vector<double>& probabilities, const std::vector<bool>& fired,
                                          const std::vector<bool>& labelled);

// What the training texts' classifiers said of each text while it was held
// out, and what the rules gave it; one entry per text, in the texts' order.
struct HeldOutPredictions {
  std::vector<std::map<std::string, double>> probabilities;  // tag -> probability
  std::vector<std::set<std::string>> ruled;                  // the tags its own rules gave
  std::vector<int> fold;                                     // the fold it was held out in
};

// Per tag, the probability from which the classifier gives it: one
// threshold, or two (`with_rule` where the tag's own rule fired) where
// weighing the rule with the probability (RuleAndClassifier) did better on
// the held-out folds, each fold decided by what was fitted on the others,
// than one threshold did. On labels of several practices a weight learned
// mostly from one can cost the others, so that is judged per tag. Tags with
// fewer than `min_support` labelled texts, or whose probability gets no
// weight, have no threshold.
struct ThresholdChoice {
  std::map<std::string, double, std::less<>> thresholds, with_rule;
};
ThresholdChoice choose_probability_thresholds(const std::vector<LabelledText>& texts, const HeldOutPredictions& held_out,
                                              const TrainingOptions& options);

// Trains `taxonomy`'s classifier on `texts` (rules read through `rules`),
// and on `options.folds`-fold held-out predictions fits per tag how its
// probability and its rule weigh together (RuleAndClassifier) and chooses
// the threshold of that score, stored as two probability thresholds: with
// the tag's rule fired and without. A tag keeps one threshold for both
// where that did as well on the held-out folds (each decided by what was
// fitted on the others). The model is then trained on all of the texts. A tag is left to its rules alone (TaxonomyModel::rule_tags)
// where they did better on those held-out folds, where the classifier's
// probability carries no weight, or where it has fewer than `min_support`
// examples.
core::Expected<TaxonomyModel> train_taxonomy_model(const std::string& taxonomy, const std::vector<LabelledText>& texts,
                                                   const RuleTagger& rules, const TrainingOptions& options);

// Scores of predicted tags against people's, two ways: leaf against leaf
// (the most specific tags on each side) and closure against closure (both
// sides with every ancestor added), with the average number of leaves per
// unit on each side.
struct Figures {
  Evaluation leaf, closure;
  double tags_per_unit = 0, gold_tags_per_unit = 0;
};
Figures score(const taxonomy::TaxonomySet& set, const std::string& taxonomy,
              const std::vector<std::vector<std::string>>& gold, const std::vector<std::vector<std::string>>& predicted);

// The tags of `taxonomy` the tagger gives `text` (every source, implied
// tags included; other States' bodies left out).
std::vector<std::string> predict(const UnitTagger& tagger, const std::string& taxonomy, const LabelledText& text);

// How the whole tagger (rules, classifier, implications) does on texts it
// never learned from: each outer fold is predicted by a model trained, with
// its own inner folds for thresholds, on the other folds only.
struct FoldFigures {
  std::size_t train = 0, test = 0;
  double overall_threshold = 0;
  double micro_f1 = 0;  // leaf against leaf, on this fold
};
struct CrossValidation {
  Figures all;
  std::map<std::string, Figures> by_source;  // LabelledText::source
  std::vector<FoldFigures> folds;
  // The rules alone on the same texts, for comparison.
  Figures rules;
  // Per text, in the order given: the tags the held-out tagger gave it (as
  // scored: only those its labels can speak for) and the rules alone gave.
  std::vector<std::vector<std::string>> predicted, ruled;
};
core::Expected<CrossValidation> cross_validate(const taxonomy::TaxonomySet& set, const std::string& taxonomy,
                                               const std::vector<LabelledText>& texts, int folds,
                                               const TrainingOptions& options);

// The tags of `tags` that no other tag of the set has as an ancestor, and
// `tags` with every ancestor added (parents within the taxonomy).
std::vector<std::string> leaves(const taxonomy::TaxonomySet& set, const std::string& taxonomy,
                                const std::vector<std::string>& tags);
std::vector<std::string> closure(const taxonomy::TaxonomySet& set, const std::string& taxonomy,
                                 const std::vector<std::string>& tags);

}  // namespace hrdex::indexer::tag
