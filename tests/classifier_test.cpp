// The learned tagger: the fastText classifier, its model file, thresholds
// and folds, and the policy that combines it with the rules.
#include <fasttext/fasttext.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "core/record.hpp"
#include "indexer/tag/classifier.hpp"
#include "indexer/tag/model.hpp"
#include "indexer/tag/training.hpp"
#include "indexer/tag/unit_tagger.hpp"
#include "taxonomy/taxonomy.hpp"
#include "test_support.hpp"

namespace hrdex::indexer::tag {
namespace {

using hrdex::testing::TempDir;
using hrdex::testing::write_file;
using Strings = std::vector<std::string>;

// "care" has a deliberately broad rule: the stem of "adopt" is the stem of
// "adoption", so the rule fires on "adopt measures"; the classifier learns
// from the examples below that adopting measures is not about care.
constexpr std::string_view kThemes = R"(# Test fixture: themes for the classifier tests.
[taxonomy]
id = "themes"
label = "Test themes"
kind = "themes"

[[tag]]
id = "care"
label = "Alternative care"
words = ["adoption"]

[[tag]]
id = "ombudsman"
label = "Ombudsman"
words = ["ombudsman"]

[[tag]]
id = "water"
label = "Right to water"
parent = "wellbeing"
words = ["water"]

[[tag]]
id = "wellbeing"
label = "Standard of living"
)";

constexpr std::string_view kAgencies = R"(# Test fixture: one government's agency.
[taxonomy]
id = "agencies"
label = "Test agencies"
kind = "agencies"
state = "United States of America"

[[tag]]
id = "epa"
label = "Environmental Protection Agency"
names = ["Environmental Protection Agency"]
abbreviations = ["EPA"]
themes = ["water"]

[[tag]]
id = "oej"
label = "Office of Environmental Justice"
parent = "epa"
names = ["Office of Environmental Justice"]
words = ["fenceline"]
)";

taxonomy::TaxonomySet load_set(const TempDir& dir) {
  auto set = taxonomy::load_taxonomies({write_file(dir / "themes.toml", kThemes), write_file(dir / "agencies.toml", kAgencies)});
  EXPECT_TRUE(set) << set.error().message();
  return std::move(set).value();
}

// Examples as the tagger reads units: words and the rules that fired.
std::vector<TrainingExample> examples(const RuleTagger& rules) {
  const std::pair<const char*, const char*> rows[] = {
      {"Adopt measures to protect drinking water from pollution", "water"},
      {"Adopt a national strategy on safe water for villages", "water"},
      {"Adopt legislation guaranteeing access to clean water", "water"},
      {"Ensure clean drinking water in rural areas", "water"},
      {"Promote the adoption of orphaned children by families", "care"},
      {"Regulate intercountry adoption of children", "care"},
      {"Support foster families and the adoption of children in institutions", "care"},
      {"Improve alternative care and adoption for children without parents", "care"},
  };
  std::vector<TrainingExample> out;
  for (int copy = 0; copy < 4; ++copy)
    for (const auto& [text, tag] : rows) out.push_back({classifier_input(text, rules.matches(text, "en")), {tag}});
  return out;
}

ClassifierSettings quick() {
  ClassifierSettings s;
  s.dim = 20;
  s.epoch = 50;
  return s;
}

// The classifier of `examples`, trained on the fixture's taxonomies.
Classifier trained_classifier(const taxonomy::TaxonomySet& set) {
  RuleTagger rules(set);
  auto c = Classifier::train(examples(rules), quick());
  EXPECT_TRUE(c) << c.error().message();
  return std::move(c).value();
}

double probability(const Classifier& c, std::string_view input, std::string_view tag) {
  for (const auto& [t, p] : c.probabilities(input))
    if (t == tag) return p;
  return 0;
}

TEST(Classifier, TrainingIsAFunctionOfDataAndSettings) {
  TempDir dir;
  auto set = load_set(dir);
  RuleTagger rules(set);
  auto a = Classifier::train(examples(rules), quick());
  auto b = Classifier::train(examples(rules), quick());
  ASSERT_TRUE(a) << a.error().message();
  ASSERT_TRUE(b) << b.error().message();
  EXPECT_EQ(a->to_bytes(), b->to_bytes());
  ClassifierSettings other = quick();
  other.seed = 7;
  auto c = Classifier::train(examples(rules), other);
  ASSERT_TRUE(c);
  EXPECT_NE(a->to_bytes(), c->to_bytes());
  EXPECT_EQ(a->tags(), (Strings{"care", "water"}));
}

TEST(Classifier, LearnsWhatTheRulesGetWrongAndSurvivesItsBytes) {
  TempDir dir;
  auto set = load_set(dir);
  RuleTagger rules(set);
  auto c = Classifier::train(examples(rules), quick());
  ASSERT_TRUE(c);
  const std::string text = "Adopt a plan for water supply";
  // The rule for "care" fires on "adopt" ...
  auto matches = rules.matches(text, "en");
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].tag, "care");
  // ... but the classifier, which reads that rule as one more feature, knows better.
  const std::string input = classifier_input(text, matches);
  EXPECT_GT(probability(*c, input, "water"), 0.8);
  EXPECT_LT(probability(*c, input, "care"), 0.2);
  auto back = Classifier::from_bytes(c->to_bytes(), "model");
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->probabilities(input), c->probabilities(input));
  EXPECT_TRUE(c->probabilities("").empty());
  EXPECT_TRUE(c->probabilities("zzz qqq").empty());  // no word it knows
}

// Both ways of reading a line (word ids looked up directly without word
// n-grams, fastText's own reader with them) leave out labels and extra
// spaces, and a floor leaves out only the tags under it.
TEST(Classifier, AFloorLeavesOutOnlyTheTagsUnderIt) {
  TempDir dir;
  auto set = load_set(dir);
  RuleTagger rules(set);
  for (int ngrams : {1, 2}) {
    ClassifierSettings settings = quick();
    settings.word_ngrams = ngrams;
    auto c = Classifier::train(examples(rules), settings);
    ASSERT_TRUE(c) << c.error().message();
    const std::string input = classifier_input("Adopt a plan for water supply", rules.matches("Adopt a plan for water supply", "en"));
    const auto all = c->probabilities(input);
    ASSERT_EQ(all.size(), 2u) << "word n-grams " << ngrams;
    const double floor = (all[0].second + all[1].second) / 2;
    ASSERT_GT(all[0].second, all[1].second);
    EXPECT_EQ(c->probabilities(input, floor), (std::vector<std::pair<std::string, double>>{all[0]}));
    EXPECT_EQ(c->probabilities(input, 0.0), all);
    EXPECT_EQ(c->probabilities("  " + input + "   __label__care "), all) << "word n-grams " << ngrams;
  }
}

// probabilities() does fastText's arithmetic itself (see there): for every
// input, with and without word n-grams, its figures are the ones fastText's
// own predictLine gives for the same model, to the bit.
TEST(Classifier, ProbabilitiesAreFastTextsOwn) {
  TempDir dir;
  auto set = load_set(dir);
  RuleTagger rules(set);
  std::vector<std::string> inputs;
  for (const TrainingExample& e : examples(rules)) inputs.push_back(e.input);
  for (std::string text : {"Adopt a plan for water supply", "water water water water water water water water",
                           "adoption", "Ensure that every child without parental care is placed with a family",
                           "unknown words and water"})
    inputs.push_back(classifier_input(text, rules.matches(text, "en")));
  for (int ngrams : {1, 2}) {
    ClassifierSettings settings = quick();
    settings.word_ngrams = ngrams;
    auto c = Classifier::train(examples(rules), settings);
    ASSERT_TRUE(c) << c.error().message();
    const std::filesystem::path file = dir / ("model-" + std::to_string(ngrams) + ".bin");
    std::ofstream(file, std::ios::binary) << c->to_bytes();
    fasttext::FastText reference;
    reference.loadModel(file.string());
    std::size_t compared = 0, saturated = 0;
    for (const std::string& input : inputs) {
      std::istringstream line(input + "\n");
      std::vector<std::pair<fasttext::real, std::string>> predictions;
      reference.predictLine(line, predictions, -1, 0.0);
      std::map<std::string, double> expected;
      for (const auto& [p, label] : predictions) expected[label.substr(9)] = std::min(1.0, static_cast<double>(p));
      std::map<std::string, double> got;
      for (const auto& [tag, p] : c->probabilities(input)) got[tag] = p;
      EXPECT_EQ(got, expected) << "word n-grams " << ngrams << ": " << input;
      compared += got.size();
      for (const auto& [tag, p] : got) saturated += p == 1.0 || p < 1e-4;
    }
    EXPECT_EQ(compared, 2 * inputs.size());
    EXPECT_GT(saturated, 0u) << "no input reached the ends of fastText's sigmoid table";
  }
}

// Words looked up once for several classifiers (two with different
// vocabularies, one with word n-grams, which reads the text itself) give
// each the probabilities it gives reading the text alone.
TEST(Classifier, OneLookupServesEveryClassifier) {
  TempDir dir;
  auto set = load_set(dir);
  RuleTagger rules(set);
  std::vector<TrainingExample> half = examples(rules);
  half.resize(half.size() / 2);
  for (TrainingExample& e : half) e.input += " only-in-the-first";
  ClassifierSettings ngrams = quick();
  ngrams.word_ngrams = 2;
  auto a = Classifier::train(half, quick());
  auto b = Classifier::train(examples(rules), quick());
  auto c = Classifier::train(examples(rules), ngrams);
  ASSERT_TRUE(a && b && c);
  const WordLookup lookup({&*a, &*b, &*c});
  std::vector<std::string> inputs = {"only-in-the-first water", "water  only-in-the-first "};
  for (std::string text : {"Adopt a plan for water supply", "nothing known here", ""})
    inputs.push_back(classifier_input(text, rules.matches(text, "en")));
  for (const std::string& input : inputs) {
    const WordLookup::Words words = lookup.read(input);
    const Classifier* each[] = {&*a, &*b, &*c};
    for (std::size_t i = 0; i < 3; ++i)
      EXPECT_EQ(lookup.probabilities(words, i, 0.0), each[i]->probabilities(input)) << i << ": " << input;
  }
  EXPECT_NE(a->probabilities("only-in-the-first water"), a->probabilities("water"));
}

TEST(Classifier, NoExamplesOrBadBytesAreErrors) {
  auto none = Classifier::train({{"some words", {}}}, quick());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message(), "training: no labelled example to learn from");
  auto bad = Classifier::from_bytes("not a model at all", "m.bin");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where, "m.bin");
}

class ModelFile : public ::testing::Test {
 protected:
  void SetUp() override {
    TaxonomyModel m{"themes", trained_classifier(load_set(dir_)), {{"water", 0.3}}, 0.5, {"care"}, {"en"}, quick(), {{"labels.csv", 32}},
                    0, {5, 32, 0.9, 0.8, 0.85}, {{"water", 0.1}}};
    model_.created_by = "hrdex test";
    model_.taxonomies.push_back(std::move(m));
    file_ = dir_ / "hrdex-model.bin";
    ASSERT_TRUE(write_model(model_, file_));
  }
  std::string bytes() {
    std::ifstream in(file_, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string error_of(const std::string& content) {
    write_file(file_, content);
    auto m = read_model(file_);
    EXPECT_FALSE(m);
    return m ? std::string() : m.error().message();
  }

  TempDir dir_;
  TaggerModel model_;
  std::filesystem::path file_;
};

TEST_F(ModelFile, ReadsBackWhatWasWritten) {
  auto back = read_model(file_);
  ASSERT_TRUE(back) << back.error().message();
  ASSERT_EQ(back->taxonomies.size(), 1u);
  const TaxonomyModel& m = back->taxonomies[0];
  EXPECT_EQ(m.taxonomy, "themes");
  EXPECT_DOUBLE_EQ(m.threshold("water"), 0.3);
  EXPECT_DOUBLE_EQ(m.threshold("water", false), 0.3);
  EXPECT_DOUBLE_EQ(m.threshold("water", true), 0.1);
  EXPECT_DOUBLE_EQ(m.threshold("care"), 0.5);
  EXPECT_DOUBLE_EQ(m.threshold("care", true), 0.5);  // none of its own: the one threshold
  EXPECT_DOUBLE_EQ(m.lowest_threshold(), 0.1);
  EXPECT_FALSE(m.decides("care"));
  EXPECT_TRUE(m.decides("water"));
  EXPECT_TRUE(m.reads("en"));
  EXPECT_FALSE(m.reads("fr"));
  EXPECT_EQ(m.examples.at("labels.csv"), 32u);
  EXPECT_DOUBLE_EQ(m.held_out.micro_f1, 0.85);
  EXPECT_EQ(m.classifier.to_bytes(), model_.taxonomies[0].classifier.to_bytes());
  auto none = read_index_model(dir_ / "elsewhere");
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, nullptr);
}

TEST_F(ModelFile, TruncatedDamagedOrOfAnotherVersionIsRefusedNamingTheFile) {
  const std::string good = bytes();
  const std::string where = file_.string() + ": ";
  std::string message = error_of(good.substr(0, good.size() / 2));
  EXPECT_EQ(message.rfind(where + "the model file is truncated", 0), 0u) << message;
  EXPECT_NE(message.find("run 'hrdex-index learn --db"), std::string::npos) << message;
  std::string damaged = good;
  damaged[good.size() / 2] ^= 0x5a;
  message = error_of(damaged);
  EXPECT_EQ(message.rfind(where + "the model file is damaged (its checksum does not match)", 0), 0u) << message;
  std::string newer = good;
  newer.replace(0, std::string("hrdex-model 2").size(), "hrdex-model 9");
  message = error_of(newer);
  EXPECT_EQ(message.rfind(where + "model format 9, but this hrdex reads format 2", 0), 0u) << message;
  // Format 1 decided a tag by its classifier or its rules, never both.
  std::string older = good;
  older.replace(0, std::string("hrdex-model 2").size(), "hrdex-model 1");
  message = error_of(older);
  EXPECT_EQ(message.rfind(where + "model format 1, but this hrdex reads format 2", 0), 0u) << message;
  message = error_of("PK\x03\x04 something else");
  EXPECT_EQ(message.rfind(where + "not an hrdex model file", 0), 0u) << message;
}

TEST(Thresholds, PerTagBestShrunkTowardsTheOverallBest) {
  // "a": a clean separation at 0.6; "b": seen twice, best at 0.3.
  std::vector<std::map<std::string, double>> p;
  std::vector<Strings> gold;
  for (int i = 0; i < 40; ++i) {
    const bool positive = i % 2 == 0;
    p.push_back({{"a", positive ? 0.7 : 0.55}, {"b", i < 2 ? 0.35 : 0.1}});
    gold.push_back(positive ? Strings{"a"} : Strings{});
    if (i < 2) gold.back().push_back("b");
  }
  TrainingOptions options;
  options.grid = {0.3, 0.6};
  Thresholds t = choose_thresholds(p, gold, options);
  EXPECT_DOUBLE_EQ(t.overall, 0.6);
  // a: 20 examples, so its own 0.6 counts for 20/40 and the overall 0.6 for the rest.
  EXPECT_DOUBLE_EQ(t.per_tag.at("a"), 0.6);
  // b: 2 examples: 2/22 of 0.3 and 20/22 of 0.6.
  EXPECT_NEAR(t.per_tag.at("b"), (2 * 0.3 + 20 * 0.6) / 22, 1e-12);
}

TEST(Thresholds, TextsThatDoNotSpeakForATagDoNotCountForIt) {
  // 10 texts labelled in the taxonomy itself, where "a" at 0.6 is right;
  // 30 texts labelled through a crosswalk that has no word for "a", where
  // the classifier's 0.7 for "a" is not wrong, only unknown.
  std::vector<std::map<std::string, double>> p;
  std::vector<Strings> gold;
  std::vector<LabelledText> texts;
  for (int i = 0; i < 40; ++i) {
    const bool own = i < 10;
    const bool positive = own && i % 2 == 0;
    const double a = !own ? 0.7 : !positive ? 0.4 : i == 0 ? 0.85 : 0.65;
    p.push_back({{"a", a}, {"b", 0.5}});
    gold.push_back(positive ? Strings{"a", "b"} : Strings{"b"});
    LabelledText t;
    if (!own) t.covers = {"b"};
    texts.push_back(t);
  }
  TrainingOptions options;
  options.grid = {0.3, 0.6, 0.8};
  options.shrink = 0;
  // Counted against "a", the crosswalk texts would push its threshold to 0.8
  // and lose four of its five right tags; they are left out.
  EXPECT_DOUBLE_EQ(choose_thresholds(p, gold, options, &texts).per_tag.at("a"), 0.6);
  EXPECT_DOUBLE_EQ(choose_thresholds(p, gold, options).per_tag.at("a"), 0.8);
  EXPECT_TRUE(texts[0].speaks_for("a"));
  EXPECT_FALSE(texts[20].speaks_for("a"));
  EXPECT_TRUE(texts[20].speaks_for("b"));
}

// Held-out probabilities spread evenly over (0, 1), a rule that fires on
// every other text, and labels from `label(p, fired)`.
RuleAndClassifier fitted(const std::function<bool(double, bool)>& label) {
  std::vector<double> p;
  std::vector<bool> fired, labelled;
  for (int i = 0; i < 400; ++i) {
    p.push_back((i / 2 + 0.5) / 200.0);
    fired.push_back(i % 2 == 0);
    labelled.push_back(label(p.back(), fired.back()));
  }
  return fit_rule_and_classifier(p, fired, labelled);
}

TEST(RuleAndClassifier, ARuleTheLabelsBearOutLowersTheProbabilityNeededWhereItFires) {
  // People give the tag from 0.7 without the rule, from 0.3 with it.
  RuleAndClassifier trusted = fitted([](double p, bool fired) { return p >= (fired ? 0.3 : 0.7); });
  EXPECT_GT(trusted.weight, 0);
  EXPECT_GT(trusted.rule, 0);
  const double without = trusted.probability_for(0.5, false), with = trusted.probability_for(0.5, true);
  EXPECT_NEAR(without, 0.7, 0.05);
  EXPECT_NEAR(with, 0.3, 0.05);
  EXPECT_NEAR(trusted.score(without, false), 0.5, 1e-9);
  EXPECT_NEAR(trusted.score(with, true), 0.5, 1e-9);
  // A rule that fires where people never give the tag ("adopt" for
  // adoption of children) raises it.
  RuleAndClassifier misleading = fitted([](double p, bool fired) { return !fired && p >= 0.5; });
  EXPECT_LT(misleading.rule, 0);
  EXPECT_GT(misleading.probability_for(0.5, true), misleading.probability_for(0.5, false));
  // A rule that says nothing: about the same either way.
  RuleAndClassifier idle = fitted([](double p, bool) { return p >= 0.5; });
  EXPECT_NEAR(idle.probability_for(0.5, true), idle.probability_for(0.5, false), 0.02);
  // Labels the rule alone separates: the fit stays bounded, and the rule
  // decides whatever the classifier says.
  RuleAndClassifier rule_alone = fitted([](double, bool fired) { return fired; });
  EXPECT_TRUE(std::isfinite(rule_alone.rule) && std::isfinite(rule_alone.bias) && std::isfinite(rule_alone.weight));
  EXPECT_NEAR(rule_alone.weight, 0, 0.05);
  for (double p : {0.01, 0.5, 0.99}) {
    EXPECT_GT(rule_alone.score(p, true), 0.9) << p;
    EXPECT_LT(rule_alone.score(p, false), 0.1) << p;
  }
  // Where the classifier's probability does count, a threshold beyond what
  // it can reach reads always (0) or never (above 1).
  EXPECT_EQ((RuleAndClassifier{-1, 0.5, 20}.probability_for(0.5, true)), 0.0);
  EXPECT_GT((RuleAndClassifier{-20, 0.5, 0}.probability_for(0.5, false)), 1.0);
}

// Two tags of one taxonomy, whose rules fire on the same texts. People
// give "trusted" from 0.7 without its rule and from 0.3 with it, in every
// review. "practice" is given one way by half of the reviews (from 0.2 with
// its rule) and the other way by the rest (from 0.8 with it): a weight
// fitted on three folds misleads the fourth, whichever it is.
TEST(RuleAndClassifier, ATagIsWeighedWithItsRuleOnlyWhereThatDidBetterOnFoldsItWasNotFittedOn) {
  std::vector<LabelledText> texts;
  HeldOutPredictions held_out;
  for (int i = 0; i < 800; ++i) {
    const double p = (i / 8 + 0.5) / 100.0;
    const int fold = i % 4;
    const bool fired = (i / 4) % 2 == 0;
    LabelledText& text = texts.emplace_back();
    text.text = "text " + std::to_string(i);
    text.group = "review " + std::to_string(fold);
    if (p >= (fired ? 0.3 : 0.7)) text.tags.push_back("trusted");
    if (p >= (fired ? (fold < 2 ? 0.2 : 0.8) : 0.5)) text.tags.push_back("practice");
    held_out.probabilities.push_back({{"trusted", p}, {"practice", p}});
    held_out.ruled.push_back(fired ? std::set<std::string>{"trusted", "practice"} : std::set<std::string>{});
    held_out.fold.push_back(fold);
  }
  TrainingOptions options;
  options.folds = 4;
  const ThresholdChoice choice = choose_probability_thresholds(texts, held_out, options);
  ASSERT_TRUE(choice.thresholds.count("trusted"));
  ASSERT_TRUE(choice.with_rule.count("trusted"));
  EXPECT_NEAR(choice.thresholds.at("trusted"), 0.7, 0.1);
  EXPECT_NEAR(choice.with_rule.at("trusted"), 0.3, 0.1);
  // One threshold for "practice", whether its rule fired or not.
  ASSERT_TRUE(choice.thresholds.count("practice"));
  EXPECT_FALSE(choice.with_rule.count("practice"));
  EXPECT_NEAR(choice.thresholds.at("practice"), 0.5, 0.1);
  // A tag labelled fewer than min_support times gets no threshold.
  options.min_support = 1000;
  EXPECT_TRUE(choose_probability_thresholds(texts, held_out, options).thresholds.empty());
}

TEST(Folds, AGroupIsNeverSplitAndTheSplitIsStable) {
  Strings groups;
  for (int i = 0; i < 100; ++i) groups.push_back("review " + std::to_string(i % 17));
  auto folds = assign_folds(groups, 5, 42);
  std::map<std::string, int> fold_of;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    auto [it, added] = fold_of.emplace(groups[i], folds[i]);
    EXPECT_EQ(it->second, folds[i]) << groups[i];
  }
  EXPECT_EQ(assign_folds(groups, 5, 42), folds);
  std::set<int> used(folds.begin(), folds.end());
  EXPECT_EQ(used.size(), 5u);
}

TEST(Scoring, LeavesAndClosure) {
  TempDir dir;
  auto set = load_set(dir);
  EXPECT_EQ(leaves(set, "themes", {"water", "wellbeing", "care"}), (Strings{"care", "water"}));
  EXPECT_EQ(closure(set, "themes", {"water"}), (Strings{"water", "wellbeing"}));
  // A parent against its child: wrong leaf for leaf, half right in closure.
  Figures f = score(set, "themes", {{"water"}}, {{"wellbeing"}});
  EXPECT_DOUBLE_EQ(f.leaf.micro_f1, 0.0);
  EXPECT_DOUBLE_EQ(f.closure.micro_precision, 1.0);
  EXPECT_DOUBLE_EQ(f.closure.micro_recall, 0.5);
}

// Texts labelled in another vocabulary (through a crosswalk) are scored
// only on what it can name, and the parents that implies: a parent implied
// by a tag it has no word for is neither right nor wrong.
TEST(Scoring, AParentImpliedOnlyByATagTheLabelsCannotNameIsNotScored) {
  TempDir dir;
  auto set = taxonomy::load_taxonomies({write_file(dir / "themes.toml", R"([taxonomy]
id = "themes"
label = "Test themes"
kind = "themes"

[[tag]]
id = "education"
label = "Education"
words = ["education"]

[[tag]]
id = "framework"
label = "National framework"

[[tag]]
id = "legislation"
label = "Legislation"
parent = "framework"
words = ["legislation"]

[[tag]]
id = "nhri"
label = "National institution"
parent = "framework"
words = ["ombudsman"]

[[tag]]
id = "training"
label = "Training"
parent = "education"
words = ["training"]
)")});
  ASSERT_TRUE(set) << set.error().message();
  std::vector<LabelledText> texts;
  const std::pair<const char*, const char*> rows[] = {
      {"Adopt legislation on the ombudsman", "nhri"},
      {"Adopt legislation on education", "education"},  // "framework", implied by legislation alone
      {"Provide training", "education"},                // "education", implied by training: named
  };
  for (int copy = 0; copy < 2; ++copy)
    for (const auto& [text, tag] : rows) {
      LabelledText t;
      t.text = text;
      t.tags = {tag};
      t.group = std::string(text) + std::to_string(copy);
      t.names = {"education", "nhri"};
      t.covers = {"education", "framework", "nhri"};
      texts.push_back(std::move(t));
    }
  TrainingOptions options;
  options.classifier = quick();
  auto cv = cross_validate(*set, "themes", texts, 2, options);
  ASSERT_TRUE(cv) << cv.error().message();
  EXPECT_DOUBLE_EQ(cv->rules.leaf.micro_precision, 1.0);
  EXPECT_DOUBLE_EQ(cv->rules.leaf.micro_recall, 1.0);
}

class Policy : public ::testing::Test {
 protected:
  void SetUp() override {
    auto set = load_set(dir_);
    auto model = std::make_shared<TaggerModel>();
    model->taxonomies.push_back({"themes", trained_classifier(set), {}, 0.5, {}, {"en"}, quick(), {}, 0, {}, {}});
    model_ = model;
    tagger_ = std::make_unique<UnitTagger>(std::move(set), model);
  }
  std::vector<core::UnitTag> tags(std::string_view text, std::string_view state = "USA",
                                  std::string_view language = "en") {
    core::UnitRecord unit;
    unit.text = std::string(text);
    return tagger_->tag(unit, TagContext{language, state});
  }
  static const core::UnitTag* find(const std::vector<core::UnitTag>& tags, std::string_view id) {
    for (const auto& t : tags)
      if (t.tag == id) return &t;
    return nullptr;
  }

  TempDir dir_;
  std::shared_ptr<TaggerModel> model_;
  std::unique_ptr<UnitTagger> tagger_;
};

TEST_F(Policy, TheClassifierDecidesItsTagsWithTheRulesAsEvidence) {
  auto t = tags("Adopt a plan for water supply");
  EXPECT_EQ(find(t, "care"), nullptr);  // the rule fired; the classifier said no
  const core::UnitTag* water = find(t, "water");
  ASSERT_NE(water, nullptr);
  EXPECT_EQ(water->source, "both");
  ASSERT_EQ(water->evidence.size(), 2u);
  EXPECT_EQ(water->evidence[0], "water");
  EXPECT_EQ(water->evidence[1].rfind("classifier ", 0), 0u) << water->evidence[1];
  EXPECT_NE(water->evidence[1].find("(threshold 0.50)"), std::string::npos) << water->evidence[1];
  // What it implies follows: the parent, and the agency that serves it.
  ASSERT_NE(find(t, "wellbeing"), nullptr);
  EXPECT_EQ(find(t, "wellbeing")->source, "both");
  ASSERT_NE(find(t, "epa"), nullptr);
  // Where no rule fired, a tag the classifier gives is "learned".
  auto learned = tags("Intercountry placements of orphaned children with foster families");
  ASSERT_NE(find(learned, "care"), nullptr);
  EXPECT_EQ(find(learned, "care")->source, "learned");
}

TEST_F(Policy, WhereATagsRuleFiredItsOwnThresholdApplies) {
  // "care"'s rule fires on "adopt"; the classifier gives it little.
  auto before = tags("Adopt a plan for water supply");
  EXPECT_EQ(find(before, "care"), nullptr);
  model_->taxonomies[0].thresholds_with_rule["care"] = 0.0;  // its rule fired: always
  model_->taxonomies[0].thresholds["care"] = 1.5;            // never without it
  auto with_rule = tags("Adopt a plan for water supply");
  const core::UnitTag* care = find(with_rule, "care");
  ASSERT_NE(care, nullptr);
  EXPECT_EQ(care->source, "both");
  EXPECT_NE(care->evidence.back().find("(threshold 0.00 with its rule, 1.50 without)"), std::string::npos)
      << care->evidence.back();
  // Without its rule the classifier alone no longer gives it.
  EXPECT_EQ(find(tags("Intercountry placements of orphaned children with foster families"), "care"), nullptr);
}

TEST_F(Policy, RulesKeepTagsTheClassifierDoesNotDecide) {
  // Never in the training data: the rule's verdict stands.
  auto t = tags("Strengthen the ombudsman");
  ASSERT_NE(find(t, "ombudsman"), nullptr);
  EXPECT_EQ(find(t, "ombudsman")->source, "rule");
  // Left to its rule by the model: the rule gives it, whatever the classifier says.
  model_->taxonomies[0].rule_tags.insert("care");
  auto ruled = tags("Adopt a plan for water supply");
  ASSERT_NE(find(ruled, "care"), nullptr);
  EXPECT_EQ(find(ruled, "care")->source, "rule");
  // A language the classifier never read: rules only.
  auto french = tags("Adopt a plan for water supply", "USA", "fr");
  EXPECT_EQ(find(french, "water"), nullptr);  // no French rule for water
}

TEST_F(Policy, AGovernmentsBodiesReachOnlyItsStateOrAStatelessDocumentNamingThem) {
  // About the United States: EPA, through the water theme.
  auto us = tags("Ensure clean drinking water");
  ASSERT_NE(find(us, "epa"), nullptr);
  EXPECT_FALSE(find(us, "epa")->other_state);
  // About France: kept, but as another State's body.
  auto france = tags("Ensure clean drinking water", "FRA");
  ASSERT_NE(find(france, "epa"), nullptr);
  EXPECT_TRUE(find(france, "epa")->other_state);
  EXPECT_FALSE(find(france, "water")->other_state);  // themes belong to no State
  // A document about no State: only where the unit names the agency.
  EXPECT_TRUE(find(tags("Ensure clean drinking water", ""), "epa")->other_state);
  EXPECT_FALSE(find(tags("The EPA must ensure clean drinking water", ""), "epa")->other_state);
  // Named in a French review, it is still France's recommendation.
  EXPECT_TRUE(find(tags("The EPA must ensure clean drinking water", "FRA"), "epa")->other_state);
  // An agency's words are no name: they reach it in its State's units, but
  // a document about no State must name it.
  EXPECT_FALSE(find(tags("Protect fenceline communities"), "oej")->other_state);
  EXPECT_TRUE(find(tags("Protect fenceline communities", ""), "oej")->other_state);
  EXPECT_FALSE(find(tags("The Office of Environmental Justice must protect fenceline communities", ""), "oej")->other_state);
}

TEST(TaxonomyState, OnlyAGovernmentsTaxonomyHasOneAndItMustBeAState) {
  auto themes = taxonomy::parse_taxonomy("[taxonomy]\nid = \"t\"\nlabel = \"T\"\nkind = \"themes\"\nstate = \"USA\"\n", "t.toml");
  ASSERT_FALSE(themes);
  EXPECT_EQ(themes.error().where, "t.toml:5");
  auto unknown =
      taxonomy::parse_taxonomy("[taxonomy]\nid = \"a\"\nlabel = \"A\"\nkind = \"agencies\"\nstate = \"Narnia\"\n", "a.toml");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message(),
            "a.toml:5: unknown State 'Narnia' (an ISO 3166 code such as \"USA\", or a country name)");
  auto by_name = taxonomy::parse_taxonomy(
      "[taxonomy]\nid = \"a\"\nlabel = \"A\"\nkind = \"agencies\"\nstate = \"Slovenia\"\n", "a.toml");
  ASSERT_TRUE(by_name) << by_name.error().message();
  EXPECT_EQ(by_name->state, "SVN");
}

TEST(TaxonomyCrosswalk, LinksOtherTaxonomiesTagsAndChecksThem) {
  TempDir dir;
  auto issues = write_file(dir / "issues.toml", R"([taxonomy]
id = "issues"
label = "Issues"
kind = "issues"

[[tag]]
id = "water-issue"
label = "Water"
crosswalk = ["themes:water"]
)");
  auto set = taxonomy::load_taxonomies({write_file(dir / "themes.toml", kThemes), issues});
  ASSERT_TRUE(set) << set.error().message();
  auto from = set->find_ref("issues", "water-issue");
  ASSERT_TRUE(from);
  ASSERT_EQ(set->crosswalk(*from).size(), 1u);
  EXPECT_EQ(set->tag(set->crosswalk(*from)[0]).id, "water");
  // Alone, the issues taxonomy loads: the crosswalk to themes is left out.
  ASSERT_TRUE(taxonomy::load_taxonomies({issues}));
  write_file(issues, R"([taxonomy]
id = "issues"
label = "Issues"
kind = "issues"

[[tag]]
id = "water-issue"
label = "Water"
crosswalk = ["themes:watr", "water"]
)");
  auto bad = taxonomy::load_taxonomies({dir / "themes.toml", issues});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(),
            issues.string() + ":9: unknown tag 'watr' in taxonomy 'themes'; did you mean 'water'?");
}

}  // namespace
}  // namespace hrdex::indexer::tag
