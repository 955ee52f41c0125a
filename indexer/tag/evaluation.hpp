// Scores tag predictions against human labels: per tag, and micro and macro
// averages, as researchers compare taggers.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace hrdex::indexer::tag {

struct TagScore {
  std::string tag;
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;
  double precision = 0;  // 0 when the tag was never predicted
  double recall = 0;     // 0 when the tag never occurs in the gold labels
  double f1 = 0;
  std::size_t support() const { return true_positives + false_negatives; }
};

struct Evaluation {
  std::size_t units = 0;
  std::vector<TagScore> per_tag;  // every tag in the gold or predicted sets, sorted by id
  // Micro: from the counts summed over tags. Macro: the mean of the per-tag
  // figures (macro F1 is the mean of per-tag F1, not F1 of the means).
  double micro_precision = 0, micro_recall = 0, micro_f1 = 0;
  double macro_precision = 0, macro_recall = 0, macro_f1 = 0;
};

// gold[i] and predicted[i] are the tag sets of unit i; the vectors must have
// the same length (the shorter one is padded with empty sets).
Evaluation evaluate(const std::vector<std::set<std::string>>& gold,
                    const std::vector<std::set<std::string>>& predicted);

// A Markdown table: one row per tag, then the micro and macro rows.
std::string format_evaluation(const Evaluation& evaluation);

}  // namespace hrdex::indexer::tag
