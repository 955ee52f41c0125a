#include "indexer/tag/evaluation.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace hrdex::indexer::tag {
namespace {

double ratio(std::size_t a, std::size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); }
double harmonic(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

}  // namespace

Evaluation evaluate(const std::vector<std::set<std::string>>& gold,
                    const std::vector<std::set<std::string>>& predicted) {
  Evaluation result;
  result.units = std::max(gold.size(), predicted.size());
  std::map<std::string, TagScore> scores;
  static const std::set<std::string> kNone;
  for (std::size_t i = 0; i < result.units; ++i) {
    const auto& g = i < gold.size() ? gold[i] : kNone;
    const auto& p = i < predicted.size() ? predicted[i] : kNone;
    for (const std::string& tag : g) {
      if (p.count(tag))
        ++scores[tag].true_positives;
      else
        ++scores[tag].false_negatives;
    }
    for (const std::string& tag : p)
      if (!g.count(tag)) ++scores[tag].false_positives;
  }
  std::size_t tp = 0, fp = 0, fn = 0;
  for (auto& [tag, score] : scores) {
    score.tag = tag;
    score.precision = ratio(score.true_positives, score.true_positives + score.false_positives);
    score.recall = ratio(score.true_positives, score.true_positives + score.false_negatives);
    score.f1 = harmonic(score.precision, score.recall);
    tp += score.true_positives;
    fp += score.false_positives;
    fn += score.false_negatives;
    result.macro_precision += score.precision;
    result.macro_recall += score.recall;
    result.macro_f1 += score.f1;
    result.per_tag.push_back(score);
  }
  if (!scores.empty()) {
    auto n = static_cast<double>(scores.size());
    result.macro_precision /= n;
    result.macro_recall /= n;
    result.macro_f1 /= n;
  }
  result.micro_precision = ratio(tp, tp + fp);
  result.micro_recall = ratio(tp, tp + fn);
  result.micro_f1 = harmonic(result.micro_precision, result.micro_recall);
  return result;
}

std::string format_evaluation(const Evaluation& e) {
  std::string out = "| tag | support | TP | FP | FN | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  char line[512];
  for (const TagScore& s : e.per_tag) {
    std::snprintf(line, sizeof line, "| %s | %zu | %zu | %zu | %zu | %.3f | %.3f | %.3f |\n", s.tag.c_str(), s.support(),
                  s.true_positives, s.false_positives, s.false_negatives, s.precision, s.recall, s.f1);
    out += line;
  }
  std::snprintf(line, sizeof line, "| **micro** | | | | | %.3f | %.3f | %.3f |\n| **macro** | | | | | %.3f | %.3f | %.3f |\n",
                e.micro_precision, e.micro_recall, e.micro_f1, e.macro_precision, e.macro_recall, e.macro_f1);
  out += line;
  return out;
}

}  // namespace hrdex::indexer::tag
