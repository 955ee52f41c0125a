#include "indexer/tag/training.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <set>

#include "indexer/tag/unit_tagger.hpp"

namespace hrdex::indexer::tag {
namespace {

struct Counts {
  std::size_t tp = 0, fp = 0, fn = 0;
  double f(double beta) const {
    const double b2 = beta * beta;
    const double denominator = (1 + b2) * static_cast<double>(tp) + b2 * static_cast<double>(fn) + static_cast<double>(fp);
    return tp == 0 ? 0.0 : (1 + b2) * static_cast<double>(tp) / denominator;
  }
};

// The classifier's inputs, and the tags of `taxonomy` the rules alone give.
std::vector<TrainingExample> examples_of(const std::vector<LabelledText>& texts, const RuleTagger& rules,
                                         const std::string& taxonomy, std::vector<std::set<std::string>>& ruled) {
  std::vector<TrainingExample> out;
  out.reserve(texts.size());
  ruled.assign(texts.size(), {});
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::vector<TagHit> matches = rules.matches(texts[i].text, texts[i].language);
    for (const TagHit& m : matches)
      if (m.taxonomy == taxonomy) ruled[i].insert(m.tag);
    out.push_back({classifier_input(texts[i].text, matches), texts[i].tags});
  }
  return out;
}

std::map<std::string, double> as_map(const std::vector<std::pair<std::string, double>>& probabilities) {
  return {probabilities.begin(), probabilities.end()};
}

// A probability as the classifier reports it (it may exceed 1 by 1e-5) on
// the log-odds scale, bounded.
double log_odds(double p) {
  p = std::clamp(p, 1e-5, 1 - 1e-5);
  return std::log(p / (1 - p));
}

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

// Per tag, the probability from which the classifier gives it, without
// and with its rule fired, fitted on the texts of `use`.
struct Decision {
  std::map<std::string, double, std::less<>> thresholds, with_rule;
  bool gives(const std::string& tag, double probability, bool fired) const {
    const auto& from = fired && with_rule.count(tag) ? with_rule : thresholds;
    auto t = from.find(tag);
    return t != from.end() && probability >= t->second;
  }
  // Per tag, how these thresholds do on one text.
  void count(const LabelledText& text, const std::map<std::string, double>& held_out,
             const std::set<std::string>& ruled, const std::vector<std::string>& gold,
             std::map<std::string, Counts>& counts) const {
    for (const auto& [tag, threshold] : thresholds) {
      if (!text.speaks_for(tag)) continue;
      auto p = held_out.find(tag);
      const bool given = gives(tag, p == held_out.end() ? 0.0 : p->second, ruled.count(tag) > 0);
      const bool labelled = std::find(gold.begin(), gold.end(), tag) != gold.end();
      Counts& c = counts[tag];
      if (given && labelled) ++c.tp;
      if (given && !labelled) ++c.fp;
      if (!given && labelled) ++c.fn;
    }
  }
};

// One threshold per tag on its probability (`combine` false), or its
// probability and its rule weighed together (RuleAndClassifier) and a
// threshold on that score, as two probability thresholds. Tags with fewer
// than min_support examples get none: their rules decide.
Decision decide(const std::vector<LabelledText>& texts, const std::vector<std::map<std::string, double>>& held_out,
                const std::vector<std::set<std::string>>& ruled, const std::vector<std::vector<std::string>>& gold,
                const std::vector<bool>& use, bool combine, const TrainingOptions& options) {
  std::map<std::string, RuleAndClassifier> weighed;
  std::set<std::string> tags;
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (use[i]) tags.insert(gold[i].begin(), gold[i].end());
  for (const std::string& tag : tags) {
    std::vector<double> p;
    std::vector<bool> fired, labelled;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (!use[i] || !texts[i].speaks_for(tag)) continue;
      auto it = held_out[i].find(tag);
      p.push_back(it == held_out[i].end() ? 0.0 : it->second);
      fired.push_back(ruled[i].count(tag) > 0);
      labelled.push_back(std::find(gold[i].begin(), gold[i].end(), tag) != gold[i].end());
    }
    if (std::count(labelled.begin(), labelled.end(), true) < static_cast<std::ptrdiff_t>(options.min_support))
      continue;
    // Not combining: the identity, score = probability.
    weighed[tag] = combine ? fit_rule_and_classifier(p, fired, labelled) : RuleAndClassifier{};
  }
  std::vector<std::map<std::string, double>> scores;
  std::vector<std::vector<std::string>> used_gold;
  std::vector<LabelledText> used_texts;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!use[i]) continue;
    auto& row = scores.emplace_back();
    for (const auto& [tag, w] : weighed) {
      auto it = held_out[i].find(tag);
      row[tag] = w.score(it == held_out[i].end() ? 0.0 : it->second, ruled[i].count(tag) > 0);
    }
    used_gold.push_back(gold[i]);
    used_texts.push_back(texts[i]);
  }
  const Thresholds chosen = choose_thresholds(scores, used_gold, options, &used_texts);
  Decision out;
  for (const auto& [tag, w] : weighed) {
    auto t = chosen.per_tag.find(tag);
    if (t == chosen.per_tag.end() || w.weight <= 0) continue;  // no weight: its rules decide
    out.thresholds[tag] = w.probability_for(t->second, false);
    if (combine) out.with_rule[tag] = w.probability_for(t->second, true);
  }
  return out;
}

}  // namespace

double RuleAndClassifier::score(double probability, bool fired) const {
  return sigmoid(bias + weight * log_odds(probability) + (fired ? rule : 0.0));
}

double RuleAndClassifier::probability_for(double threshold, bool fired) const {
  const double z = (log_odds(threshold) - bias - (fired ? rule : 0.0)) / weight;
  // Beyond what the classifier can report: always, or never.
  if (z < log_odds(0)) return 0;
  if (z > log_odds(1)) return 1.5;
  return sigmoid(z);
}

ThresholdChoice choose_probability_thresholds(const std::vector<LabelledText>& texts, const HeldOutPredictions& held_out,
                                              const TrainingOptions& options) {
  std::vector<std::vector<std::string>> gold;
  for (const LabelledText& t : texts) gold.push_back(t.tags);
  const auto& probabilities = held_out.probabilities;
  const auto& ruled = held_out.ruled;
  // A list's people give a group where no rule word is; UPR Info's issue
  // rarely does: a weight learned mostly from one practice can cost the
  // other, which only a fold it was not fitted on shows.
  std::map<std::string, Counts> one, weighed;
  for (int k = 0; k < options.folds; ++k) {
    std::vector<bool> others(texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) others[i] = held_out.fold[i] != k;
    if (std::find(others.begin(), others.end(), false) == others.end()) continue;
    for (auto [combine, counts] : {std::pair{false, &one}, std::pair{true, &weighed}}) {
      const Decision d = decide(texts, probabilities, ruled, gold, others, combine, options);
      for (std::size_t i = 0; i < texts.size(); ++i)
        if (held_out.fold[i] == k) d.count(texts[i], probabilities[i], ruled[i], gold[i], *counts);
    }
  }
  const std::vector<bool> all(texts.size(), true);
  Decision chosen = decide(texts, probabilities, ruled, gold, all, false, options);
  const Decision combined = decide(texts, probabilities, ruled, gold, all, true, options);
  for (const auto& [tag, counts] : weighed) {
    if (counts.f(options.beta) <= one[tag].f(options.beta) || !combined.thresholds.count(tag)) continue;
    chosen.thresholds[tag] = combined.thresholds.at(tag);
    chosen.with_rule[tag] = combined.with_rule.at(tag);
  }
  return {std::move(chosen.thresholds), std::move(chosen.with_rule)};
}

RuleAndClassifier fit_rule_and_classifier(const std::vector<double>& probabilities, const std::vector<bool>& fired,
                                          const std::vector<bool>& labelled) {
  // Features: 1, logit(p) / 5 (so that one penalty suits both), fired.
  constexpr double kScale = 5, kPenalty = 1e-4;
  const std::size_t n = probabilities.size();
  if (n == 0) return {};
  std::vector<std::array<double, 3>> xs(n);
  for (std::size_t i = 0; i < n; ++i) xs[i] = {1, log_odds(probabilities[i]) / kScale, fired[i] ? 1.0 : 0.0};
  // The penalised log loss Newton's steps must lower: a full step from a
  // poor start can overshoot where the classes nearly separate.
  auto loss = [&](const std::array<double, 3>& v) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double z = v[0] * xs[i][0] + v[1] * xs[i][1] + v[2] * xs[i][2];
      // log(1 + e^z) - y z, computed without overflow
      sum += std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))) - (labelled[i] ? z : 0.0);
    }
    return sum / static_cast<double>(n) + kPenalty / 2 * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  };
  std::array<double, 3> w{0, 0, 0};
  double current = loss(w);
  for (int iteration = 0; iteration < 50; ++iteration) {
    std::array<double, 3> gradient{};
    std::array<std::array<double, 3>, 3> hessian{};
    for (std::size_t i = 0; i < n; ++i) {
      const std::array<double, 3>& x = xs[i];
      const double s = sigmoid(w[0] * x[0] + w[1] * x[1] + w[2] * x[2]);
      const double error = s - (labelled[i] ? 1.0 : 0.0);
      for (std::size_t a = 0; a < 3; ++a) {
        gradient[a] += error * x[a];
        for (std::size_t b = 0; b < 3; ++b) hessian[a][b] += s * (1 - s) * x[a] * x[b];
      }
    }
    for (std::size_t a = 0; a < 3; ++a) {
      gradient[a] = gradient[a] / static_cast<double>(n) + kPenalty * w[a];
      for (std::size_t b = 0; b < 3; ++b) hessian[a][b] /= static_cast<double>(n);
      hessian[a][a] += kPenalty;
    }
    // Solve hessian · step = gradient (3×3, symmetric positive definite).
    std::array<std::array<double, 4>, 3> m{};
    for (std::size_t a = 0; a < 3; ++a) {
      for (std::size_t b = 0; b < 3; ++b) m[a][b] = hessian[a][b];
      m[a][3] = gradient[a];
    }
    for (std::size_t c = 0; c < 3; ++c) {
      std::size_t pivot = c;
      for (std::size_t r = c + 1; r < 3; ++r)
        if (std::abs(m[r][c]) > std::abs(m[pivot][c])) pivot = r;
      std::swap(m[c], m[pivot]);
      for (std::size_t r = c + 1; r < 3; ++r) {
        const double f = m[r][c] / m[c][c];
        for (std::size_t k = c; k < 4; ++k) m[r][k] -= f * m[c][k];
      }
    }
    std::array<double, 3> step{};
    for (std::size_t c = 3; c-- > 0;) {
      double v = m[c][3];
      for (std::size_t k = c + 1; k < 3; ++k) v -= m[c][k] * step[k];
      step[c] = v / m[c][c];
    }
    double largest = 0;
    for (std::size_t a = 0; a < 3; ++a) largest = std::max(largest, std::abs(step[a]));
    for (double length = 1; length > 1e-4; length /= 2) {
      const std::array<double, 3> next{w[0] - length * step[0], w[1] - length * step[1], w[2] - length * step[2]};
      const double l = loss(next);
      if (l <= current) {
        w = next;
        current = l;
        break;
      }
    }
    if (largest < 1e-9) break;
  }
  return {w[0], w[1] / kScale, w[2]};
}

std::vector<int> assign_folds(const std::vector<std::string>& groups, int folds, std::uint64_t seed) {
  std::vector<int> out(groups.size(), 0);
  if (folds <= 1) return out;
  std::map<std::string, std::vector<std::size_t>> members;  // sorted by key: independent of item order
  for (std::size_t i = 0; i < groups.size(); ++i) members[groups[i]].push_back(i);
  std::vector<const std::vector<std::size_t>*> order;
  for (const auto& [key, list] : members) order.push_back(&list);
  // std::shuffle and the standard distributions differ between libraries;
  // mt19937_64's output does not.
  std::mt19937_64 random(seed);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random() % i]);
  std::vector<std::size_t> size(static_cast<std::size_t>(folds), 0);
  for (const auto* list : order) {
    auto smallest = static_cast<std::size_t>(std::min_element(size.begin(), size.end()) - size.begin());
    for (std::size_t i : *list) out[i] = static_cast<int>(smallest);
    size[smallest] += list->size();
  }
  return out;
}

Thresholds choose_thresholds(const std::vector<std::map<std::string, double>>& probabilities,
                             const std::vector<std::vector<std::string>>& gold, const TrainingOptions& options,
                             const std::vector<LabelledText>* texts) {
  std::set<std::string> tags;
  for (const auto& g : gold) tags.insert(g.begin(), g.end());
  // counts[tag][grid index]
  std::map<std::string, std::vector<Counts>> counts;
  for (const std::string& t : tags) counts[t].resize(options.grid.size());
  for (std::size_t i = 0; i < probabilities.size() && i < gold.size(); ++i) {
    for (const std::string& t : tags) {
      if (texts && i < texts->size() && !(*texts)[i].speaks_for(t)) continue;
      auto p = probabilities[i].find(t);
      const double probability = p == probabilities[i].end() ? 0.0 : p->second;
      const bool labelled = std::find(gold[i].begin(), gold[i].end(), t) != gold[i].end();
      auto& row = counts[t];
      for (std::size_t g = 0; g < options.grid.size(); ++g) {
        const bool given = probability >= options.grid[g];
        if (given && labelled) ++row[g].tp;
        if (given && !labelled) ++row[g].fp;
        if (!given && labelled) ++row[g].fn;
      }
    }
  }
  Thresholds out;
  double best = -1;
  for (std::size_t g = 0; g < options.grid.size(); ++g) {
    Counts all;
    for (const auto& [t, row] : counts) {
      all.tp += row[g].tp;
      all.fp += row[g].fp;
      all.fn += row[g].fn;
    }
    if (all.f(options.beta) > best) {
      best = all.f(options.beta);
      out.overall = options.grid[g];
    }
  }
  for (const auto& [t, row] : counts) {
    std::size_t g_best = 0;
    for (std::size_t g = 1; g < row.size(); ++g)
      if (row[g].f(options.beta) > row[g_best].f(options.beta)) g_best = g;
    const double support = static_cast<double>(row[g_best].tp + row[g_best].fn);
    const double weight = support / (support + options.shrink);
    out.per_tag[t] = weight * options.grid[g_best] + (1 - weight) * out.overall;
  }
  return out;
}

core::Expected<TaxonomyModel> train_taxonomy_model(const std::string& taxonomy, const std::vector<LabelledText>& texts,
                                                   const RuleTagger& rules, const TrainingOptions& options) {
  HeldOutPredictions predictions;
  std::vector<std::set<std::string>>& ruled = predictions.ruled;
  std::vector<TrainingExample> examples = examples_of(texts, rules, taxonomy, ruled);
  std::vector<std::string> groups;
  for (const LabelledText& t : texts) groups.push_back(t.group);
  predictions.fold = assign_folds(groups, options.folds, options.seed);
  const std::vector<int>& fold = predictions.fold;

  // Held-out probabilities: each fold predicted by a classifier of the others.
  std::vector<std::map<std::string, double>>& held_out = predictions.probabilities;
  held_out.resize(texts.size());
  std::vector<std::vector<std::string>> gold;
  for (const LabelledText& t : texts) gold.push_back(t.tags);
  int folds_used = 0;
  for (int k = 0; k < options.folds; ++k) {
    std::vector<TrainingExample> train;
    for (std::size_t i = 0; i < examples.size(); ++i)
      if (fold[i] != k) train.push_back(examples[i]);
    if (train.size() == examples.size() || train.empty()) continue;  // an empty fold, or only one
    auto classifier = Classifier::train(train, options.classifier, options.vectors);
    if (!classifier) return classifier.error();
    ++folds_used;
    for (std::size_t i = 0; i < examples.size(); ++i)
      if (fold[i] == k) held_out[i] = as_map(classifier->probabilities(examples[i].input));
  }
  // Thresholds need held-out predictions of at least two folds; fewer
  // reviews than that leave every tag to its rules.
  ThresholdChoice decision;
  if (folds_used > 1) decision = choose_probability_thresholds(texts, predictions, options);

  auto classifier = Classifier::train(examples, options.classifier, options.vectors);
  if (!classifier) return classifier.error();
  TaxonomyModel model{taxonomy, std::move(*classifier), {}, 0.5, {}, {}, options.classifier, {}, 0, {}, {}};
  model.thresholds = std::move(decision.thresholds);
  model.thresholds_with_rule = std::move(decision.with_rule);
  // Per tag, the better decider on the held-out folds.
  std::map<std::string, std::pair<Counts, Counts>> versus;  // tag -> (classifier, rules)
  for (const std::string& tag : model.classifier.tags()) versus[tag];
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::set<std::string> g(gold[i].begin(), gold[i].end());
    for (auto& [tag, counts] : versus) {
      if (!texts[i].speaks_for(tag)) continue;
      auto p = held_out[i].find(tag);
      const bool labelled = g.count(tag) > 0;
      const bool by_rules = ruled[i].count(tag) > 0;
      const bool by_classifier = model.thresholds.count(tag) && p != held_out[i].end() &&
                                 p->second >= model.threshold(tag, by_rules);
      for (auto [given, c] : {std::pair{by_classifier, &counts.first}, std::pair{by_rules, &counts.second}}) {
        if (given && labelled) ++c->tp;
        if (given && !labelled) ++c->fp;
        if (!given && labelled) ++c->fn;
      }
    }
  }
  for (const auto& [tag, counts] : versus) {
    const std::size_t support = counts.first.tp + counts.first.fn;
    if (folds_used < 2 || support < options.min_support || !model.thresholds.count(tag) ||
        counts.second.f(options.beta) > counts.first.f(options.beta))
      model.rule_tags.insert(tag);
  }
  std::set<std::string> languages;
  for (const LabelledText& t : texts) {
    languages.insert(t.language);
    ++model.examples[t.source];
  }
  model.languages.assign(languages.begin(), languages.end());
  model.word_vectors = options.vector_words;

  // How those thresholds fared on the held-out probabilities they were
  // chosen on: optimistic by the choice itself; `cross_validate` is the
  // honest figure.
  if (folds_used > 1) {
    Counts all;
    for (std::size_t i = 0; i < held_out.size(); ++i) {
      const std::set<std::string> g(gold[i].begin(), gold[i].end());
      std::set<std::string> given;
      for (const auto& [tag, p] : held_out[i])
        if (model.decides(tag) && p >= model.threshold(tag, ruled[i].count(tag) > 0)) given.insert(tag);
      for (const std::string& tag : ruled[i])
        if (!model.decides(tag) || !versus.count(tag)) given.insert(tag);
      std::erase_if(given, [&](const std::string& tag) { return !texts[i].speaks_for(tag); });
      for (const std::string& tag : given) (g.count(tag) ? all.tp : all.fp)++;
      for (const std::string& tag : g)
        if (!given.count(tag)) ++all.fn;
    }
    model.held_out.folds = folds_used;
    model.held_out.units = texts.size();
    model.held_out.micro_precision = all.tp ? static_cast<double>(all.tp) / static_cast<double>(all.tp + all.fp) : 0;
    model.held_out.micro_recall = all.tp ? static_cast<double>(all.tp) / static_cast<double>(all.tp + all.fn) : 0;
    model.held_out.micro_f1 = all.f(1.0);
  }
  return model;
}

std::vector<std::string> closure(const taxonomy::TaxonomySet& set, const std::string& taxonomy,
                                 const std::vector<std::string>& tags) {
  std::set<std::string> out(tags.begin(), tags.end());
  const taxonomy::Taxonomy* t = set.find_taxonomy(taxonomy);
  if (!t) return {out.begin(), out.end()};
  for (const std::string& id : tags) {
    auto ref = set.find_ref(taxonomy, id);
    // Parents stay within a taxonomy; at most as many steps as it has tags.
    for (std::size_t steps = 0; ref && steps < t->tags.size(); ++steps) {
      const std::string& parent = set.tag(*ref).parent.id;
      if (parent.empty()) break;
      out.insert(parent);
      ref = set.find_ref(taxonomy, parent);
    }
  }
  return {out.begin(), out.end()};
}

std::vector<std::string> leaves(const taxonomy::TaxonomySet& set, const std::string& taxonomy,
                                const std::vector<std::string>& tags) {
  std::set<std::string> ancestors;
  for (const std::string& id : tags)
    for (const std::string& up : closure(set, taxonomy, {id}))
      if (up != id) ancestors.insert(up);
  std::set<std::string> out;
  for (const std::string& id : tags)
    if (!ancestors.count(id)) out.insert(id);
  return {out.begin(), out.end()};
}

Figures score(const taxonomy::TaxonomySet& set, const std::string& taxonomy,
              const std::vector<std::vector<std::string>>& gold, const std::vector<std::vector<std::string>>& predicted) {
  std::vector<std::set<std::string>> gold_leaf, gold_closure, predicted_leaf, predicted_closure;
  std::size_t given = 0, labelled = 0;
  for (std::size_t i = 0; i < gold.size() && i < predicted.size(); ++i) {
    auto g = leaves(set, taxonomy, gold[i]);
    auto p = leaves(set, taxonomy, predicted[i]);
    labelled += g.size();
    given += p.size();
    gold_leaf.emplace_back(g.begin(), g.end());
    predicted_leaf.emplace_back(p.begin(), p.end());
    auto gc = closure(set, taxonomy, gold[i]);
    auto pc = closure(set, taxonomy, predicted[i]);
    gold_closure.emplace_back(gc.begin(), gc.end());
    predicted_closure.emplace_back(pc.begin(), pc.end());
  }
  Figures out;
  out.leaf = evaluate(gold_leaf, predicted_leaf);
  out.closure = evaluate(gold_closure, predicted_closure);
  if (!gold_leaf.empty()) {
    out.tags_per_unit = static_cast<double>(given) / static_cast<double>(gold_leaf.size());
    out.gold_tags_per_unit = static_cast<double>(labelled) / static_cast<double>(gold_leaf.size());
  }
  return out;
}

std::vector<std::string> predict(const UnitTagger& tagger, const std::string& taxonomy, const LabelledText& text) {
  core::UnitRecord unit;
  unit.text = text.text;
  std::vector<std::string> out;
  for (const core::UnitTag& t : tagger.tag(unit, TagContext{text.language, ""}))
    if (t.taxonomy == taxonomy && !t.other_state) out.push_back(t.tag);
  return out;
}

core::Expected<CrossValidation> cross_validate(const taxonomy::TaxonomySet& set, const std::string& taxonomy,
                                               const std::vector<LabelledText>& texts, int folds,
                                               const TrainingOptions& options) {
  std::vector<std::string> groups;
  for (const LabelledText& t : texts) groups.push_back(t.group);
  // Another seed than the inner folds', so the two splits are unrelated.
  const std::vector<int> fold = assign_folds(groups, folds, options.seed + 1);
  UnitTagger rules_alone(set);
  const RuleTagger& rules = rules_alone.rules();

  CrossValidation out;
  std::vector<std::vector<std::string>> gold(texts.size()), predicted(texts.size()), ruled(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    gold[i] = texts[i].tags;
    ruled[i] = predict(rules_alone, taxonomy, texts[i]);
  }
  // Predictions are scored only on the tags each text's labels can name,
  // and the parents those imply. A crosswalked text speaks for "National
  // human rights framework" only because UPR Info's "NHRI" reaches a child
  // of it: when "Constitutional & legislative framework", which no issue
  // names, is given, its implied parent is no theme given wrongly.
  auto spoken_for = [&](std::size_t i, const std::vector<std::string>& tags) {
    if (texts[i].covers.empty()) return tags;
    std::vector<std::string> named = tags;
    std::erase_if(named, [&](const std::string& tag) { return !texts[i].names.count(tag); });
    return closure(set, taxonomy, named);
  };
  for (std::size_t i = 0; i < texts.size(); ++i) ruled[i] = spoken_for(i, ruled[i]);
  for (int k = 0; k < folds; ++k) {
    std::vector<LabelledText> train;
    std::vector<std::size_t> test;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      if (fold[i] == k)
        test.push_back(i);
      else
        train.push_back(texts[i]);
    }
    if (test.empty() || train.empty()) continue;
    auto trained = train_taxonomy_model(taxonomy, train, rules, options);
    if (!trained) return trained.error();
    FoldFigures figures;
    figures.train = train.size();
    figures.test = test.size();
    figures.overall_threshold = trained->default_threshold;
    auto model = std::make_shared<TaggerModel>();
    model->taxonomies.push_back(std::move(*trained));
    UnitTagger tagger(set, model);
    std::vector<std::vector<std::string>> fold_gold, fold_predicted;
    for (std::size_t i : test) {
      predicted[i] = spoken_for(i, predict(tagger, taxonomy, texts[i]));
      fold_gold.push_back(gold[i]);
      fold_predicted.push_back(predicted[i]);
    }
    figures.micro_f1 = score(set, taxonomy, fold_gold, fold_predicted).leaf.micro_f1;
    out.folds.push_back(figures);
  }
  out.all = score(set, taxonomy, gold, predicted);
  out.rules = score(set, taxonomy, gold, ruled);
  std::map<std::string, std::pair<std::vector<std::vector<std::string>>, std::vector<std::vector<std::string>>>> by;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    by[texts[i].source].first.push_back(gold[i]);
    by[texts[i].source].second.push_back(predicted[i]);
  }
  for (const auto& [source, pair] : by) out.by_source[source] = score(set, taxonomy, pair.first, pair.second);
  out.predicted = std::move(predicted);
  out.ruled = std::move(ruled);
  return out;
}

}  // namespace hrdex::indexer::tag
