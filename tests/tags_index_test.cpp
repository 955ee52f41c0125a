// Tags in a real index: stored with their sources, filterable by kind and
// source, re-applied by retag, learned from labelled examples, scored by
// evaluate, explained by show --why.
#include <gtest/gtest.h>

#include <xapian.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "core/index.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/add_command.hpp"
#include "indexer/evaluate_command.hpp"
#include "indexer/ingest.hpp"
#include "indexer/labelled_data.hpp"
#include "indexer/learn_command.hpp"
#include "indexer/retag_command.hpp"
#include "indexer/tag/unit_tagger.hpp"
#include "query/search.hpp"
#include "query/show.hpp"
#include "query/writers.hpp"
#include "taxonomy/resolve.hpp"
#include "taxonomy/source.hpp"
#include "test_support.hpp"

namespace hrdex {
namespace {

using testing::TempDir;
using testing::test_data;
using testing::write_file;

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// An issues taxonomy whose rules give known scores on kLabels.
constexpr std::string_view kIssues = R"(# Test fixture: issues for learn and evaluate.
[taxonomy]
id = "test-issues"
label = "Test issues"
kind = "issues"

[[tag]]
id = "housing"
label = "Housing"
words = ["housing"]

[[tag]]
id = "torture"
label = "Torture"
words = ["torture"]
)";

// Rules alone: housing 2 TP; torture 1 TP, 1 FP (row 4), 1 FN (row 5).
constexpr std::string_view kLabels =
    "Text,Issue,To,Session\n"
    "Ensure adequate housing for all,Housing,Aland,1\n"
    "Prevent torture in prisons,Torture,Bland,1\n"
    "Build more housing and end torture,Housing,Cland,2\n"
    "Shield detainees from ill-treatment,Torture,Dland,2\n"
    "Stop forced evictions,Nonsense label,Eland,3\n";

class TagsIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "docs" / "report.txt",
               "Recommendations\n\n"
               "92.1 Ratify the Convention on the Elimination of All Forms of Discrimination against Women (Brazil);\n\n"
               "92.2 Guarantee the right to adequate housing for homeless persons (Ghana);\n\n"
               "92.3 Give the Environmental Protection Agency the means to enforce the law (Fiji);\n\n"
               "92.4 Shield detainees from ill-treatment in custody (Chile);\n");
    std::filesystem::create_directories(dir_ / "tax");
    for (const char* f : {"themes.toml", "agencies.toml", "working-groups.toml"}) {
      std::filesystem::copy_file(test_data(std::string("taxonomy/") + f), dir_ / "tax" / f);
      files_.push_back(dir_ / "tax" / f);
    }
    files_.push_back(write_file(dir_ / "tax" / "issues.toml", kIssues));
  }

  int add(std::string* err_text = nullptr) {
    indexer::AddOptions options;
    options.db = dir_ / "idx";
    options.inputs = {dir_ / "docs"};
    options.quiet = true;
    options.taxonomies.files = files_;
    std::ostringstream out, err;
    int status = indexer::run_add(options, out, err);
    if (err_text) *err_text = err.str();
    return status;
  }

  Xapian::doccount count(const std::string& q) {
    auto s = query::Searcher::open(dir_ / "idx");
    EXPECT_TRUE(s.ok()) << s.error().message();
    if (!s) return 0;
    auto n = s->count(q);
    EXPECT_TRUE(n.ok()) << n.error().message();
    return n ? *n : 0;
  }

  std::string unit_id(const std::string& number) {
    auto s = query::Searcher::open(dir_ / "idx");
    query::SearchRequest r;
    r.query = "unit:recommendation OR unit:paragraph";
    r.limit = 100;
    auto result = s->search(r);
    for (const auto& h : result->hits)
      if (h.number == number) return h.id;
    return "";
  }

  // theme facet over every unit: value -> (count, label).
  std::map<std::string, std::pair<Xapian::doccount, std::string>> theme_facet() {
    auto s = query::Searcher::open(dir_ / "idx");
    EXPECT_TRUE(s.ok()) << s.error().message();
    query::SearchRequest r;
    r.query = "unit:recommendation OR unit:paragraph";
    r.facets = true;
    std::map<std::string, std::pair<Xapian::doccount, std::string>> out;
    auto result = s->search(r);
    EXPECT_TRUE(result.ok()) << result.error().message();
    if (!result) return out;
    for (const auto& f : result->facets)
      if (f.name == "theme")
        for (const auto& v : f.values) out[v.value] = {v.count, v.label};
    return out;
  }

  int retag(std::string* summary = nullptr) {
    indexer::RetagOptions options;
    options.db = dir_ / "idx";
    std::ostringstream out, err;
    int status = indexer::run_retag(options, out, err);
    EXPECT_EQ(status, 0) << err.str();
    if (summary) *summary = out.str();
    return status;
  }

  TempDir dir_;
  std::vector<std::filesystem::path> files_;
};

TEST_F(TagsIndexTest, TagsAreStoredAndFilterableByIdLabelAliasAndAbbreviation) {
  ASSERT_EQ(add(), indexer::kExitOk);
  EXPECT_EQ(count("theme:housing"), 1u);
  EXPECT_EQ(count("theme:\"Right to housing\""), 1u);
  EXPECT_EQ(count("theme:e23"), 1u);
  EXPECT_EQ(count("theme:standard-of-living"), 1u);  // the parent, implied
  EXPECT_EQ(count("wg:\"Working Group 3\""), 1u);    // through the theme
  EXPECT_EQ(count("agency:EPA"), 1u);  // named in 92.3; only a member of wg3, so not on 92.2
  EXPECT_EQ(count("agency:hud"), 1u);  // serves the housing theme: 92.2
  EXPECT_EQ(count("agency:\"Environmental Protection Agency\""), 1u);
  EXPECT_EQ(count("issue:torture"), 0u);
  // A name that is no tag is an error naming the closest ones.
  auto s = query::Searcher::open(dir_ / "idx");
  ASSERT_TRUE(s.ok());
  auto unknown = s->count("theme:nosuchtheme");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message().rfind("query: no theme named 'nosuchtheme'; the closest are '", 0), 0u)
      << unknown.error().message();
  // A word of a longer name, misspelt, finds that name first.
  auto misspelt = s->count("theme:livng");
  ASSERT_FALSE(misspelt.ok());
  EXPECT_NE(misspelt.error().message().find("; the closest are 'standard-of-living'"), std::string::npos)
      << misspelt.error().message();
  // A tag of another kind says which filter finds it (the UHRI's groups,
  // once themes, are now affected persons: theme:minorities -> persons:).
  auto elsewhere = s->count("issue:development");
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_TRUE(elsewhere.error().message().ends_with("; try theme:development"))
      << elsewhere.error().message();
  auto agency = s->count("agency:XYZQ");
  ASSERT_FALSE(agency.ok());
  EXPECT_NE(agency.error().message().find("no agency named 'XYZQ'"), std::string::npos) << agency.error().message();
  EXPECT_EQ(agency.error().message().find("; try"), std::string::npos) << agency.error().message();
  // The index carries its tag vocabulary: filters by label and name still
  // resolve when the taxonomy files are gone.
  std::filesystem::remove_all(dir_ / "tax");
  EXPECT_EQ(count("theme:\"Right to housing\""), 1u);
  EXPECT_EQ(count("agency:\"Environmental Protection Agency\""), 1u);
  EXPECT_EQ(count("agency:EPA"), 1u);
}

TEST_F(TagsIndexTest, FiltersSelectBySource) {
  ASSERT_EQ(add(), indexer::kExitOk);
  EXPECT_EQ(count("tagsource:rule"), 2u);
  EXPECT_EQ(count("tagsource:human"), 0u);
  EXPECT_EQ(count("tagsource:learned"), 0u);
  EXPECT_EQ(count("tagsource:rule:housing"), 1u);
  EXPECT_EQ(count("tagsource:learned:housing"), 0u);
}

TEST_F(TagsIndexTest, JsonOutputCarriesTagsWithTheirSources) {
  ASSERT_EQ(add(), indexer::kExitOk);
  auto s = query::Searcher::open(dir_ / "idx");
  query::SearchRequest r;
  r.query = "theme:housing";
  auto result = s->search(r);
  ASSERT_TRUE(result.ok());
  std::ostringstream out;
  auto writer = query::make_writer("json", out, {});
  query::write_result(*writer, *result, r);
  // Parsed back, so the test holds whatever order a writer puts keys in.
  const auto j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j["themes"].size(), 2u) << out.str();
  EXPECT_EQ(j["themes"][0]["id"], "housing");
  EXPECT_EQ(j["themes"][0]["label"], "Right to adequate housing");
  EXPECT_EQ(j["themes"][0]["taxonomy"], "themes");
  EXPECT_EQ(j["themes"][0]["source"], "rule");
  EXPECT_EQ(j["working_groups"][0]["id"], "wg3");
  EXPECT_EQ(j["agencies"][0]["id"], "hud");
  EXPECT_EQ(j["agencies"][0]["source"], "rule");
  EXPECT_EQ(j["issues"][0]["taxonomy"], "test-issues");
  EXPECT_TRUE(j["affected_persons"].is_array() && j["affected_persons"].empty());
  EXPECT_TRUE(j["sdgs"].is_array() && j["sdgs"].empty());
}

// The audit counts, per tag, the units that carry it without its words,
// and how many of those a narrower tag or a link brought, whatever the
// kind (a group of persons' parent too). It then lists, beside each rule
// word matched on its stem, the index's other words of that stem: "house"
// (arrest) beside "housing", which the count cannot see. A word with no
// other form in the index, or written "=as written", has no row.
TEST_F(TagsIndexTest, TheAuditListsTheOtherWordsOfEachRuleWordsStem) {
  write_file(dir_ / "docs" / "other.txt",
             "Recommendations\n\n12. End house arrest for journalists and release the protesters.\n\n"
             "13. Protect the Roma from discrimination.\n");
  write_file(dir_ / "tax" / "issues.toml",
             std::string(kIssues) + "\n[[tag]]\nid = \"assembly\"\nlabel = \"Assembly\"\nwords = [\"=protest\"]\n");
  std::filesystem::copy_file(test_data("taxonomy/persons.toml"), dir_ / "tax" / "persons.toml");
  files_.push_back(dir_ / "tax" / "persons.toml");
  ASSERT_EQ(add(), indexer::kExitOk);
  indexer::EvaluateOptions options;
  options.db = dir_ / "idx";
  options.audit = true;
  std::ostringstream out, err;
  ASSERT_EQ(indexer::run_evaluate(options, out, err), indexer::kExitOk) << err.str();
  const std::string text = out.str();
  EXPECT_NE(text.find("| test-persons | minorities | 1 | 1 | 100% | 1 | rule 1 |"), std::string::npos) << text;
  EXPECT_NE(text.find("| test-persons | roma | 1 | 0 | 0% | 0 |"), std::string::npos) << text;
  const std::size_t stems = text.find("## Rule words and the other words of their stem in the index");
  ASSERT_NE(stems, std::string::npos) << text;
  const std::string section = text.substr(stems);
  EXPECT_NE(section.find("| test-issues/housing | en | housing | house (1) |"), std::string::npos) << section;
  EXPECT_EQ(section.find("| test-issues/torture |"), std::string::npos) << section;
  EXPECT_EQ(section.find("| test-issues/assembly |"), std::string::npos) << section;
}

// The audit reads the tags as indexed: after a taxonomy file changed, it
// says so and names the file's taxonomy, until a retag gives its tags.
TEST_F(TagsIndexTest, TheAuditSaysWhenTheTagsCameFromOtherTaxonomyFiles) {
  ASSERT_EQ(add(), indexer::kExitOk);
  indexer::EvaluateOptions options;
  options.db = dir_ / "idx";
  options.audit = true;
  auto audit = [&] {
    std::ostringstream out, err;
    EXPECT_EQ(indexer::run_evaluate(options, out, err), indexer::kExitOk) << err.str();
    return out.str();
  };
  const std::string note = "Note: the taxonomy files of";
  EXPECT_EQ(audit().find(note), std::string::npos);
  write_file(dir_ / "tax" / "themes.toml",
             read(dir_ / "tax" / "themes.toml") + "\n[[tag]]\nid = \"women\"\nlabel = \"Women's rights\"\nwords = [\"women\"]\n");
  const std::string stale = audit();
  EXPECT_NE(stale.find(note + " themes changed since the index was last tagged."), std::string::npos) << stale;
  EXPECT_NE(stale.find("run 'hrdex-index retag --db " + (dir_ / "idx").string() + "' first"), std::string::npos) << stale;
  ASSERT_EQ(retag(), 0);
  EXPECT_EQ(audit().find(note), std::string::npos);
}

TEST_F(TagsIndexTest, BrokenTaxonomyIsFatalWithFileAndLineAndIndexesNothing) {
  files_.push_back(test_data("taxonomy/broken-syntax.toml"));
  std::string err;
  EXPECT_EQ(add(&err), indexer::kExitFatal);
  EXPECT_NE(err.find("broken-syntax.toml:"), std::string::npos) << err;
  EXPECT_NE(err.find("hrdex-index: error: "), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "idx"));
}

// Retag rewrites only the units whose tags change (nothing, when nothing
// was edited), and a unit it rewrites keeps its text's positions.
TEST_F(TagsIndexTest, RetagRewritesOnlyUnitsWhoseTagsChange) {
  ASSERT_EQ(add(), indexer::kExitOk);
  std::string summary;
  ASSERT_EQ(retag(&summary), 0);
  EXPECT_NE(summary.find("; 0 changed;"), std::string::npos) << summary;
  const Xapian::doccount phrase = count("\"adequate housing\"");
  ASSERT_GT(phrase, 0u);
  std::string themes = read(dir_ / "tax" / "themes.toml");
  themes += "\n[[tag]]\nid = \"women\"\nlabel = \"Women's rights\"\nwords = [\"housing\"]\n";
  write_file(dir_ / "tax" / "themes.toml", themes);
  ASSERT_EQ(retag(&summary), 0);
  EXPECT_EQ(summary.find("; 0 changed;"), std::string::npos) << summary;
  EXPECT_EQ(count("theme:women"), count("housing"));
  EXPECT_EQ(count("\"adequate housing\" theme:women"), phrase);
  ASSERT_EQ(retag(&summary), 0);
  EXPECT_NE(summary.find("; 0 changed;"), std::string::npos) << summary;
}

TEST_F(TagsIndexTest, RetagAppliesAnEditedTaxonomy) {
  ASSERT_EQ(add(), indexer::kExitOk);
  ASSERT_EQ(count("theme:housing"), 1u);
  EXPECT_EQ(theme_facet()["housing"].first, 1u);
  std::string themes = read(dir_ / "tax" / "themes.toml");
  // "housing" loses its rules; a new theme appears.
  auto at = themes.find("words = [\"homeless\"]");
  ASSERT_NE(at, std::string::npos);
  themes.replace(at, std::string("words = [\"homeless\"]").size(), "");
  at = themes.find("phrases = [\"adequate housing\", \"forced evictions\"]");
  ASSERT_NE(at, std::string::npos);
  themes.replace(at, std::string("phrases = [\"adequate housing\", \"forced evictions\"]").size(), "");
  themes += "\n[[tag]]\nid = \"women\"\nlabel = \"Women's rights\"\nwords = [\"women\"]\n";
  write_file(dir_ / "tax" / "themes.toml", themes);
  ASSERT_EQ(retag(), 0);
  EXPECT_EQ(count("theme:housing"), 0u);
  EXPECT_EQ(count("agency:hud"), 0u);
  EXPECT_EQ(count("theme:\"women's rights\""), 1u);
  // Facets are counted from a value slot that retag must rewrite too, and
  // show the tag's label from the taxonomy.
  auto facet = theme_facet();
  EXPECT_EQ(facet.count("housing"), 0u);
  EXPECT_EQ(facet["women"], std::make_pair(Xapian::doccount{1}, std::string("Women's rights")));
  // The text is still searchable: only tag terms were rewritten.
  EXPECT_EQ(count("homeless"), 1u);
}

TEST_F(TagsIndexTest, RetagOfAMissingIndexIsFatal) {
  indexer::RetagOptions options;
  options.db = dir_ / "nothing";
  std::ostringstream out, err;
  EXPECT_EQ(indexer::run_retag(options, out, err), indexer::kExitFatal);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "nothing"));
}

// Labels for learn: torture is also what people call ill-treatment of
// detainees, which the rules do not see; groups are the "To" and "Session".
constexpr std::string_view kTrainingLabels =
    "Text,Issue,To,Session\n"
    "Ensure adequate housing for all,Housing,Aland,1\n"
    "Build social housing for homeless families,Housing,Aland,1\n"
    "Prevent torture in prisons,Torture,Aland,1\n"
    "Shield detainees from ill-treatment by guards,Torture,Bland,1\n"
    "Protect detainees in custody from ill-treatment,Torture,Bland,1\n"
    "Provide housing to evicted families,Housing,Bland,1\n"
    "End ill-treatment of detainees in police custody,Torture,Cland,2\n"
    "Investigate ill-treatment of persons in custody,Torture,Cland,2\n"
    "Guarantee adequate housing in cities,Housing,Cland,2\n"
    "Stop the ill-treatment of detainees,Torture,Dland,2\n"
    "Increase the supply of affordable housing,Housing,Dland,2\n"
    "Stop forced evictions,Nonsense label,Eland,3\n";

class LearnTest : public TagsIndexTest {
 protected:
  int learn(std::string* out_text = nullptr, std::string* err_text = nullptr, std::string_view labels = kTrainingLabels,
            std::vector<std::string> forget = {}) {
    indexer::LearnOptions options;
    options.db = dir_ / "idx";
    if (!labels.empty()) options.labels = write_file(dir_ / "labels.csv", labels);
    options.forget = std::move(forget);
    options.word_vectors = false;
    options.min_examples = 5;
    options.training.folds = 2;
    options.training.min_support = 1;
    options.training.classifier.dim = 20;
    options.training.classifier.epoch = 100;
    std::ostringstream out, err;
    int status = indexer::run_learn(options, out, err);
    if (out_text) *out_text = out.str();
    if (err_text) *err_text = err.str();
    return status;
  }
  // Small and quick: two folds, no word vectors.
  indexer::EvaluateOptions evaluate_options() {
    indexer::EvaluateOptions options;
    options.db = dir_ / "idx";
    options.taxonomy_id = "test-issues";
    options.folds = 2;
    options.word_vectors = false;
    options.training.folds = 2;
    options.training.min_support = 1;
    options.training.classifier.dim = 20;
    return options;
  }
};

TEST_F(LearnTest, LearnTrainsAModelThatRetagAndShowUse) {
  ASSERT_EQ(add(), indexer::kExitOk);
  ASSERT_EQ(count("issue:torture"), 0u);  // 92.4 says ill-treatment, not torture
  std::string out, err;
  // One label names no tag: reported with its file and line, and the exit
  // status says so, but the other rows are learned.
  ASSERT_EQ(learn(&out, &err), indexer::kExitSomeFailed) << err;
  EXPECT_NE(err.find("labels.csv:13: label 'Nonsense label' names no tag of test-issues"), std::string::npos) << err;
  EXPECT_NE(out.find("stored 11 labelled rows of test-issues from labels.csv"), std::string::npos) << out;
  EXPECT_NE(out.find("test-issues: 2 tags from 11 labelled texts"), std::string::npos) << out;
  ASSERT_TRUE(std::filesystem::exists(dir_ / "idx" / "hrdex-model.bin"));
  // Examples are never search results.
  EXPECT_EQ(count("detainees"), 1u);
  ASSERT_EQ(retag(), 0);
  EXPECT_EQ(count("detainees issue:torture tagsource:learned"), 1u);

  query::ShowOptions show;
  show.id = unit_id("92.4");
  show.why = true;
  auto db = core::open_index_for_reading(dir_ / "idx");
  auto text = query::render_show(*db, show);
  ASSERT_TRUE(text.ok()) << text.error().message();
  EXPECT_NE(text->find("torture  Torture  (learned, score "), std::string::npos) << *text;
  EXPECT_NE(text->find("because: classifier "), std::string::npos) << *text;
  EXPECT_NE(text->find("(threshold "), std::string::npos) << *text;
}

TEST_F(LearnTest, EvaluateCrossValidatesByReviewAndScoresLabelsFiles) {
  ASSERT_EQ(add(), indexer::kExitOk);
  ASSERT_EQ(learn(), indexer::kExitSomeFailed);
  indexer::EvaluateOptions options = evaluate_options();
  std::ostringstream out, err;
  ASSERT_EQ(indexer::run_evaluate(options, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("## test-issues: 11 labelled texts in 4 reviews, 2-fold cross-validation grouped by review"),
            std::string::npos) << out.str();
  EXPECT_NE(out.str().find("| rules and classifier, leaf against leaf |"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("| rules alone, closure against closure |"), std::string::npos) << out.str();

  // Scoring a file the model learned from says the figures are in-sample.
  options.labels = dir_ / "labels.csv";
  std::ostringstream lout, lerr;
  EXPECT_EQ(indexer::run_evaluate(options, lout, lerr), indexer::kExitSomeFailed);  // the unknown label
  EXPECT_NE(lout.str().find("these figures are in-sample"), std::string::npos) << lout.str();
}

// One CSV line of quoted cells ("" for a quote) as core::csv_cell writes them.
std::vector<std::string> csv_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      cell += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.push_back(std::exchange(cell, {}));
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

std::set<std::string> tag_set(const std::string& cell) {
  std::set<std::string> out;
  for (const std::string& t : core::split(cell, ';')) {
    std::string_view v = core::trim(t);
    if (!v.empty()) out.emplace(v);
  }
  return out;
}

// --predictions writes, for every labelled text, people's tags, the
// held-out tagger's and the difference both ways, to read the errors by.
TEST_F(LearnTest, EvaluateWritesEveryTextsLabelsAndPredictions) {
  ASSERT_EQ(add(), indexer::kExitOk);
  ASSERT_EQ(learn(), indexer::kExitSomeFailed);
  indexer::EvaluateOptions options = evaluate_options();
  options.predictions = dir_ / "predictions.csv";
  std::ostringstream out, err;
  ASSERT_EQ(indexer::run_evaluate(options, out, err), 0) << err.str();
  std::ifstream in(dir_ / "predictions.csv");
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line, "taxonomy,source,review,name,text,labelled,given,missing,wrong,rules\r");
  std::size_t rows = 0, missing = 0, wrong = 0;
  while (std::getline(in, line)) {
    auto cells = csv_cells(line);
    ASSERT_EQ(cells.size(), 10u) << line;
    ++rows;
    EXPECT_EQ(cells[0], "test-issues");
    EXPECT_FALSE(cells[4].empty()) << line;
    const auto labelled = tag_set(cells[5]), given = tag_set(cells[6]);
    std::set<std::string> expect_missing, expect_wrong;
    std::ranges::set_difference(labelled, given, std::inserter(expect_missing, expect_missing.end()));
    std::ranges::set_difference(given, labelled, std::inserter(expect_wrong, expect_wrong.end()));
    EXPECT_EQ(tag_set(cells[7]), expect_missing) << line;
    EXPECT_EQ(tag_set(cells[8]), expect_wrong) << line;
    missing += expect_missing.size();
    wrong += expect_wrong.size();
  }
  EXPECT_EQ(rows, 11u);
  // The rows add up to the figures printed: recall and precision below 1
  // exactly when some tag is missing or wrong.
  const bool perfect = out.str().find("| rules and classifier, leaf against leaf | 1.000 | 1.000 |") != std::string::npos;
  EXPECT_EQ(perfect, missing == 0 && wrong == 0) << out.str();

  // Scoring a labels file writes its rows too, named by file and line.
  options.labels = dir_ / "labels.csv";
  std::ostringstream lout, lerr;
  EXPECT_EQ(indexer::run_evaluate(options, lout, lerr), indexer::kExitSomeFailed) << lerr.str();  // the unknown label
  std::ifstream labelled(dir_ / "predictions.csv");
  std::size_t labelled_rows = 0;
  std::getline(labelled, line);
  while (std::getline(labelled, line)) {
    auto cells = csv_cells(line);
    ASSERT_EQ(cells.size(), 10u) << line;
    EXPECT_EQ(cells[3].rfind("labels.csv:", 0), 0u) << line;
    ++labelled_rows;
  }
  EXPECT_EQ(labelled_rows, 11u) << "the row with only an unknown label is not scored";

  options.audit = true;
  std::ostringstream aout, aerr;
  EXPECT_EQ(indexer::run_evaluate(options, aout, aerr), indexer::kExitFatal);
  EXPECT_NE(aerr.str().find("--predictions: is written by cross-validation or --labels, not with --audit"),
            std::string::npos) << aerr.str();
}

// A labels file is known by its bytes; edited and learned again from the
// same path, its old rows go, or they would be learned beside the new.
// --forget removes a file's rows, and with them the last labels, the model.
TEST_F(LearnTest, AnEditedLabelsFileReplacesItsRowsAndForgetRemovesThem) {
  ASSERT_EQ(add(), indexer::kExitOk);
  ASSERT_EQ(learn(), indexer::kExitSomeFailed);
  auto labelled = [&] {
    Xapian::Database db((dir_ / "idx").string());
    taxonomy::TaxonomySource source;
    auto set = taxonomy::load_index_taxonomies(db, source);
    EXPECT_TRUE(set.ok());
    const auto texts = indexer::labelled_texts(db, *set);
    return texts.count("test-issues") ? texts.at("test-issues").size() : 0u;
  };
  EXPECT_EQ(labelled(), 11u);

  std::string edited(kTrainingLabels);
  edited.erase(edited.rfind("Stop forced evictions"));  // the row with an unknown label
  edited.erase(edited.rfind("Increase the supply"));
  std::string out, err;
  ASSERT_EQ(learn(&out, &err, edited), indexer::kExitOk) << err;
  EXPECT_NE(out.find("replaced the 11 labelled rows learned from labels.csv before it changed"), std::string::npos) << out;
  EXPECT_EQ(labelled(), 10u);

  ASSERT_EQ(learn(&out, &err, "", {"nope.csv"}), indexer::kExitFatal);
  EXPECT_NE(err.find("no labels file 'nope.csv' was learned here; it holds " + (dir_ / "labels.csv").string()),
            std::string::npos) << err;
  EXPECT_EQ(labelled(), 10u);

  ASSERT_EQ(learn(&out, &err, "", {"labels.csv"}), indexer::kExitOk) << err;
  EXPECT_NE(out.find("forgot 10 labelled rows of " + (dir_ / "labels.csv").string()), std::string::npos) << out;
  EXPECT_NE(out.find("the model is removed"), std::string::npos) << out;
  EXPECT_EQ(labelled(), 0u);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "idx" / "hrdex-model.bin"));
}

TEST_F(LearnTest, ADamagedModelStopsAddAndRetagNamingItsFile) {
  ASSERT_EQ(add(), indexer::kExitOk);
  ASSERT_EQ(learn(), indexer::kExitSomeFailed);
  const auto model = dir_ / "idx" / "hrdex-model.bin";
  std::string bytes = read(model);
  bytes[bytes.size() / 2] ^= 0x20;
  write_file(model, bytes);
  indexer::RetagOptions options;
  options.db = dir_ / "idx";
  std::ostringstream out, err;
  EXPECT_EQ(indexer::run_retag(options, out, err), indexer::kExitFatal);
  EXPECT_NE(err.str().find("hrdex-index: error: " + model.string() + ": the model file is damaged"), std::string::npos)
      << err.str();
  std::string add_err;
  EXPECT_EQ(add(&add_err), indexer::kExitFatal);
  EXPECT_NE(add_err.find(model.string() + ": the model file is damaged"), std::string::npos) << add_err;
  // Without it, the index works on rules again.
  std::filesystem::remove(model);
  EXPECT_EQ(add(), indexer::kExitOk);
}

TEST_F(LearnTest, NothingToLearnFromIsAnError) {
  ASSERT_EQ(add(), indexer::kExitOk);
  indexer::LearnOptions options;
  options.db = dir_ / "idx";
  std::ostringstream out, err;
  EXPECT_EQ(indexer::run_learn(options, out, err), indexer::kExitFatal);
  EXPECT_NE(err.str().find("nothing to learn from"), std::string::npos) << err.str();
}

TEST_F(TagsIndexTest, ShowWhyListsTheEvidenceForEveryTag) {
  ASSERT_EQ(add(), indexer::kExitOk);
  query::ShowOptions show;
  show.id = unit_id("92.2");
  ASSERT_FALSE(show.id.empty());
  auto db = core::open_index_for_reading(dir_ / "idx");
  auto plain = query::render_show(*db, show);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->find("because:"), std::string::npos);
  show.why = true;
  auto text = query::render_show(*db, show);
  ASSERT_TRUE(text.ok()) << text.error().message();
  EXPECT_NE(text->find("Guarantee the right to adequate housing for homeless persons (Ghana);"), std::string::npos) << *text;
  EXPECT_NE(text->find("Section:   Recommendations\n"), std::string::npos) << *text;
  EXPECT_NE(text->find("Themes:\n  housing  Right to adequate housing  (rule, score"), std::string::npos) << *text;
  EXPECT_NE(text->find("      because: adequate housing\n"), std::string::npos) << *text;
  EXPECT_NE(text->find("      because: theme housing"), std::string::npos) << *text;
  EXPECT_NE(text->find("Working groups:\n  wg3  Working Group 3"), std::string::npos) << *text;
  show.id = "nope-1";
  auto missing = query::render_show(*db, show);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message(), "nope-1: no unit or document with this id in the index (ids are printed by search)");
}

// The themes the shipped taxonomies give `text` (labelled `labels` by people),
// by rules alone.
std::vector<std::string> default_themes(const std::string& text, std::vector<std::string> labels = {}) {
  static const indexer::tag::UnitTagger tagger = [] {
    taxonomy::TaxonomySource source;
    source.files = taxonomy::taxonomy_files(hrdex::testing::shipped_taxonomy_dir());
    auto set = taxonomy::load_taxonomy_source(source);
    if (!set.ok()) throw std::runtime_error(set.error().message());
    return indexer::tag::UnitTagger(std::move(*set));
  }();
  core::UnitRecord unit;
  unit.text = text;
  unit.themes = std::move(labels);
  std::vector<std::string> out;
  for (const core::UnitTag& t : tagger.tag(unit, indexer::tag::TagContext{"en", ""}))
    if (t.taxonomy == "themes") out.push_back(t.tag);
  return out;
}

bool has_tag(const std::vector<std::string>& tags, std::string_view tag) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

// A recommendation on violence against women is filed under the violence
// themes, not also under "Discrimination against women", which its word
// "women" brings alone (yields_to); people's labels keep both.
TEST(UnitTagger, DiscriminationAgainstWomenYieldsToTheViolenceThemesButNotToPeople) {
  const auto violence = default_themes("Strengthen measures to prevent and combat violence against women, including domestic violence");
  EXPECT_TRUE(has_tag(violence, "violence-against-women")) << ::testing::PrintToString(violence);
  EXPECT_TRUE(has_tag(violence, "domestic-violence")) << ::testing::PrintToString(violence);
  EXPECT_TRUE(has_tag(violence, "women")) << ::testing::PrintToString(violence);  // the parent stays
  EXPECT_FALSE(has_tag(violence, "discrimination-against-women")) << ::testing::PrintToString(violence);
  const auto trafficking = default_themes("Combat trafficking in persons, especially women and children");
  EXPECT_TRUE(has_tag(trafficking, "slavery-trafficking")) << ::testing::PrintToString(trafficking);
  EXPECT_FALSE(has_tag(trafficking, "discrimination-against-women")) << ::testing::PrintToString(trafficking);
  const auto employment = default_themes("Ensure equal pay for women and men in employment");
  EXPECT_TRUE(has_tag(employment, "discrimination-against-women")) << ::testing::PrintToString(employment);
  const auto labelled =
      default_themes("Combat violence against women", {"Discrimination against women", "Violence against women"});
  EXPECT_TRUE(has_tag(labelled, "discrimination-against-women")) << ::testing::PrintToString(labelled);
  EXPECT_TRUE(has_tag(labelled, "violence-against-women")) << ::testing::PrintToString(labelled);
}

// F4 heads the disability themes; a recommendation with no more specific
// one is F41, "definition, general principles".
TEST(UnitTagger, DisabilitiesWithNoMoreSpecificThemeAreDefinitionAndGeneralPrinciples) {
  const auto general = default_themes("Protect the rights of persons with disabilities");
  EXPECT_TRUE(has_tag(general, "disabilities-definition")) << ::testing::PrintToString(general);
  EXPECT_TRUE(has_tag(general, "disabilities")) << ::testing::PrintToString(general);  // the parent stays
  const auto inclusive = default_themes("Ensure inclusive education for children with disabilities");
  EXPECT_TRUE(has_tag(inclusive, "disabilities-inclusion")) << ::testing::PrintToString(inclusive);
  EXPECT_FALSE(has_tag(inclusive, "disabilities-definition")) << ::testing::PrintToString(inclusive);
}

TEST(UnitTagger, HumanLabelsMapOntoThemesAndImplyWithRuleSource) {
  std::vector<std::filesystem::path> files;
  for (const char* f : {"themes.toml", "agencies.toml", "working-groups.toml"})
    files.push_back(test_data(std::string("taxonomy/") + f));
  taxonomy::TaxonomySource source;
  source.files = files;
  auto set = taxonomy::load_taxonomy_source(source);
  ASSERT_TRUE(set.ok()) << set.error().message();
  indexer::tag::UnitTagger tagger(std::move(*set));
  core::UnitRecord unit;
  unit.text = "Take measures for persons deprived of liberty.";
  unit.themes = {"Right to housing", "Unknown theme"};
  auto tags = tagger.tag(unit, indexer::tag::TagContext{"en", ""});
  ASSERT_FALSE(tags.empty());
  auto find = [&](const std::string& id) -> const core::UnitTag* {
    for (const auto& t : tags)
      if (t.tag == id) return &t;
    return nullptr;
  };
  ASSERT_NE(find("housing"), nullptr);
  EXPECT_EQ(find("housing")->source, "human");
  EXPECT_EQ(find("housing")->kind, "themes");
  EXPECT_EQ(find("housing")->score, 1.0);
  EXPECT_EQ(find("housing")->evidence, (std::vector<std::string>{"labelled \"Right to housing\" by OHCHR"}));
  ASSERT_NE(find("wg3"), nullptr);
  EXPECT_EQ(find("wg3")->source, "rule");
  EXPECT_EQ(find("wg3")->evidence.front(), "theme housing (human)");
  ASSERT_NE(find("hud"), nullptr);
  EXPECT_EQ(find("hud")->kind, "agencies");

  // Stored and read back whole, but for the labels, which the index keeps
  // once in its metadata and a reader puts back.
  unit.tags = tags;
  auto back = core::unit_from_json(core::to_json(unit));
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->tags.size(), tags.size());
  EXPECT_EQ(back->tags[0].label, "");
  core::TagVocabulary vocabulary;
  taxonomy::add_vocabulary(tagger.taxonomies(), vocabulary);
  vocabulary = core::TagVocabulary::from_json(vocabulary.to_json());
  vocabulary.label(back->tags);
  EXPECT_EQ(back->tags, tags);
}

TEST(UnitTagger, FilterValuesResolveThroughLabelsAliasesAndAbbreviations) {
  taxonomy::TaxonomySource source;
  source.files = {test_data("taxonomy/themes.toml"), test_data("taxonomy/agencies.toml")};
  auto set = taxonomy::load_taxonomy_source(source);
  ASSERT_TRUE(set.ok()) << set.error().message();
  using Found = std::vector<std::pair<std::string, std::string>>;
  using taxonomy::TaxonomyKind;
  EXPECT_EQ(taxonomy::resolve_tag(*set, TaxonomyKind::agencies, "epa"), (Found{{"agencies", "epa"}}));
  EXPECT_EQ(taxonomy::resolve_tag(*set, TaxonomyKind::agencies, "Fair Housing and Equal Opportunity"),
            (Found{{"agencies", "hud-fheo"}}));
  EXPECT_EQ(taxonomy::resolve_tag(*set, TaxonomyKind::themes, "RIGHT TO HOUSING"), (Found{{"themes", "housing"}}));
  EXPECT_EQ(taxonomy::resolve_tag(*set, TaxonomyKind::themes, "agencies:epa"), Found{});
  EXPECT_EQ(taxonomy::resolve_tag(*set, TaxonomyKind::agencies, "agencies:DOJ"), (Found{{"agencies", "doj"}}));
}

}  // namespace
}  // namespace hrdex
