#include "indexer/tag/crossval.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace hrdex::indexer::tag {
namespace {

// Tags as small integers while tuning: thousands of units times hundreds of
// settings.
using TagIds = std::vector<int>;  // sorted
using Scores = std::vector<std::pair<int, double>>;

struct Counts {
  std::size_t tp = 0, fp = 0, fn = 0;
  void add(const TagIds& gold, const TagIds& predicted) {
    std::size_t both = 0;
    for (int t : predicted)
      if (std::binary_search(gold.begin(), gold.end(), t)) ++both;
    tp += both;
    fp += predicted.size() - both;
    fn += gold.size() - both;
  }
  double f1() const { return tp == 0 ? 0.0 : 2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn); }
};

// Mirrors combine(): learned alone above `alone`; a rule tag kept when its
// learned score reaches `support`, or whatever it is when no neighbour was
// found.
TagIds decide(const TagIds& rule, const Scores& scores, double alone, double support) {
  TagIds out;
  for (const auto& [t, s] : scores)
    if (s >= alone) out.push_back(t);
  for (int t : rule) {
    if (!scores.empty()) {
      auto it = std::find_if(scores.begin(), scores.end(), [&](const auto& p) { return p.first == t; });
      double s = it == scores.end() ? 0.0 : it->second;
      if (s < support) continue;
    }
    out.push_back(t);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

struct Held {
  std::size_t unit = 0;
  std::vector<Neighbour> neighbours;
};

struct Chosen {
  LearnerOptions learned;
  LearnerOptions combined_learner;
  CombineOptions combine;
};

class Run {
 public:
  Run(const taxonomy::TaxonomySet& set, const RuleTagger& rules, std::string_view taxonomy_id,
      const std::vector<LabelledUnit>& units, const CrossValidationOptions& options)
      : taxonomy_(taxonomy_id), options_(options) {
    const taxonomy::Taxonomy* taxonomy = set.find_taxonomy(taxonomy_id);
    if (taxonomy)
      for (const taxonomy::Tag& tag : taxonomy->tags) id_of_[tag.id] = static_cast<int>(names_.size()), names_.push_back(tag.id);
    for (const LabelledUnit& unit : units) {
      LabelledUnit mapped = unit;
      mapped.labels.clear();
      TagIds gold;
      for (const std::string& label : unit.labels) {
        if (const taxonomy::Tag* tag = set.find_tag(taxonomy_id, label)) {
          if (std::find(mapped.labels.begin(), mapped.labels.end(), tag->id) == mapped.labels.end())
            mapped.labels.push_back(tag->id);
          gold.push_back(id_of_.at(tag->id));
        } else {
          unmapped_.push_back("line " + std::to_string(unit.line) + ": no tag '" + label + "' in taxonomy '" +
                              std::string(taxonomy_id) + "'");
        }
      }
      std::sort(gold.begin(), gold.end());
      gold.erase(std::unique(gold.begin(), gold.end()), gold.end());
      TagIds rule;
      for (const TagHit& hit : rules.tag(unit.text, options.language))
        if (hit.taxonomy == taxonomy_id) rule.push_back(id_of_.at(hit.tag));
      std::sort(rule.begin(), rule.end());
      units_.push_back(std::move(mapped));
      gold_.push_back(std::move(gold));
      rule_.push_back(std::move(rule));
    }
    max_k_ = options.neighbours.empty() ? 10 : *std::max_element(options.neighbours.begin(), options.neighbours.end());
  }

  std::vector<Held> neighbours_of(const std::vector<std::size_t>& train, const std::vector<std::size_t>& test) const {
    std::vector<LabelledUnit> examples;
    for (std::size_t i : train)
      if (!units_[i].labels.empty()) examples.push_back(units_[i]);
    Learner learner = Learner::from_examples(examples, taxonomy_, options_.language);
    std::vector<Held> held;
    for (std::size_t i : test) held.push_back(Held{i, learner.neighbours(units_[i].text, options_.language, max_k_)});
    return held;
  }

  Scores scores_of(const Held& held, const LearnerOptions& learner) const {
    Scores scores;
    for (const TagHit& hit : vote(held.neighbours, taxonomy_, learner)) scores.emplace_back(id_of_.at(hit.tag), hit.score);
    return scores;
  }

  // The settings with the best micro-F1 on `held` (the training folds' own
  // held-out units); ties keep the first, so the choice is deterministic.
  Chosen tune(const std::vector<Held>& held) const {
    Chosen chosen;
    double best_learned = -1, best_combined = -1;
    for (std::size_t k : options_.neighbours) {
      for (double sharpness : options_.sharpness) {
        LearnerOptions learner{k, 0.0, sharpness};
        std::vector<Scores> scores;
        for (const Held& h : held) scores.push_back(scores_of(h, learner));
        for (double threshold : options_.thresholds) {
          Counts alone;
          for (std::size_t j = 0; j < held.size(); ++j)
            alone.add(gold_[held[j].unit], decide({}, scores[j], threshold, 0));
          if (alone.f1() > best_learned) {
            best_learned = alone.f1();
            chosen.learned = LearnerOptions{k, threshold, sharpness};
          }
          for (double support : options_.rule_support) {
            if (support > threshold) continue;
            Counts combined;
            for (std::size_t j = 0; j < held.size(); ++j)
              combined.add(gold_[held[j].unit], decide(rule_[held[j].unit], scores[j], threshold, support));
            if (combined.f1() > best_combined) {
              best_combined = combined.f1();
              chosen.combined_learner = LearnerOptions{k, threshold, sharpness};
              chosen.combine = CombineOptions{threshold, support};
            }
          }
        }
      }
    }
    return chosen;
  }

  CrossValidationReport run(const std::vector<std::string>& groups) {
    CrossValidationReport report;
    report.unmapped = unmapped_;
    std::vector<int> fold = assign_folds(groups, options_.folds, options_.seed);
    std::vector<TagIds> learned(units_.size()), combined(units_.size());
    for (int f = 0; f < options_.folds; ++f) {
      std::vector<std::size_t> train, test;
      for (std::size_t i = 0; i < units_.size(); ++i) (fold[i] == f ? test : train).push_back(i);
      if (test.empty()) continue;

      std::vector<std::string> train_groups;
      for (std::size_t i : train) train_groups.push_back(groups[i]);
      std::vector<int> inner = assign_folds(train_groups, options_.inner_folds, options_.seed + 1 + static_cast<unsigned>(f));
      std::vector<Held> tuning;
      for (int g = 0; g < options_.inner_folds; ++g) {
        std::vector<std::size_t> inner_train, inner_test;
        for (std::size_t j = 0; j < train.size(); ++j) (inner[j] == g ? inner_test : inner_train).push_back(train[j]);
        for (Held& h : neighbours_of(inner_train, inner_test)) tuning.push_back(std::move(h));
      }
      Chosen chosen = tune(tuning);

      FoldReport fr;
      fr.train = train.size();
      fr.test = test.size();
      fr.learner = chosen.learned;
      fr.combined_learner = chosen.combined_learner;
      fr.combine = chosen.combine;
      Counts c_rules, c_learned, c_combined;
      for (const Held& h : neighbours_of(train, test)) {
        Scores alone = scores_of(h, chosen.learned);
        learned[h.unit] = decide({}, alone, chosen.learned.threshold, 0);
        Scores with = scores_of(h, chosen.combined_learner);
        combined[h.unit] = decide(rule_[h.unit], with, chosen.combine.learned_alone, chosen.combine.rule_support);
        c_rules.add(gold_[h.unit], rule_[h.unit]);
        c_learned.add(gold_[h.unit], learned[h.unit]);
        c_combined.add(gold_[h.unit], combined[h.unit]);
      }
      fr.rules_micro_f1 = c_rules.f1();
      fr.learned_micro_f1 = c_learned.f1();
      fr.combined_micro_f1 = c_combined.f1();
      report.folds.push_back(fr);
    }
    auto named = [&](const std::vector<TagIds>& sets) {
      std::vector<std::set<std::string>> out;
      for (const TagIds& s : sets) {
        std::set<std::string> n;
        for (int t : s) n.insert(names_[static_cast<std::size_t>(t)]);
        out.push_back(std::move(n));
      }
      return out;
    };
    auto gold = named(gold_);
    report.rules = evaluate(gold, named(rule_));
    report.learned = evaluate(gold, named(learned));
    report.combined = evaluate(gold, named(combined));
    return report;
  }

 private:
  std::string taxonomy_;
  CrossValidationOptions options_;
  std::map<std::string, int, std::less<>> id_of_;
  std::vector<std::string> names_;
  std::vector<LabelledUnit> units_;  // labels mapped to tag ids
  std::vector<TagIds> gold_, rule_;
  std::vector<std::string> unmapped_;
  std::size_t max_k_ = 10;
};

}  // namespace

std::vector<int> assign_folds(const std::vector<std::string>& groups, int folds, std::uint64_t seed) {
  std::vector<int> out(groups.size(), 0);
  if (folds <= 1) return out;
  std::map<std::string, std::vector<std::size_t>> members;  // sorted by key: independent of unit order
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

CrossValidationReport cross_validate(const taxonomy::TaxonomySet& set, const RuleTagger& rules, std::string_view taxonomy_id,
                                     const std::vector<LabelledUnit>& units, const std::vector<std::string>& groups,
                                     const CrossValidationOptions& options) {
  Run run(set, rules, taxonomy_id, units, options);
  return run.run(groups);
}

}  // namespace hrdex::indexer::tag
