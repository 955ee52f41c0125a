// OHCHR's thematic lists in each layout (tests/data/thematic-lists/, made by
// scripts/make-fixtures-office and by hand), their human themes and affected
// persons mapped through the project's taxonomies, and the bad inputs
// (tests/data/thematic-lists-bad/): columns that name nothing known, UHRI
// codes and labels no tag has.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "core/record.hpp"
#include "indexer/add_command.hpp"
#include "indexer/ingest.hpp"
#include "indexer/labelled_data.hpp"
#include "indexer/learn_command.hpp"
#include "indexer/retag_command.hpp"
#include "indexer/tag/unit_tagger.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using hrdex::core::UnitRecord;
using hrdex::indexer::write::PreparedDocument;

namespace {

fs::path data(const std::string& name) { return fs::path(HRDEX_TEST_DATA) / name; }

const hrdex::indexer::tag::UnitTagger& project_tagger() {
  static const hrdex::indexer::tag::UnitTagger tagger = [] {
    auto set = hrdex::taxonomy::load_taxonomies(hrdex::taxonomy::taxonomy_files(hrdex::testing::shipped_taxonomy_dir()));
    if (!set) throw std::runtime_error(set.error().message());
    return hrdex::indexer::tag::UnitTagger(std::move(*set));
  }();
  return tagger;
}

PreparedDocument prepare(const fs::path& file) {
  auto doc = hrdex::indexer::prepare_document(file, {}, &project_tagger());
  if (!doc) ADD_FAILURE() << doc.error().message();
  return doc ? *doc : PreparedDocument{};
}

const UnitRecord* numbered(const PreparedDocument& doc, const std::string& number) {
  for (const auto& u : doc.units)
    if (u.number == number) return &u;
  return nullptr;
}

std::vector<std::string> human_tags(const UnitRecord& u, const std::string& kind) {
  std::vector<std::string> out;
  for (const auto& t : u.tags)
    if (t.kind == kind && t.source == "human") out.push_back(t.tag);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Adds `folder` to a new index `db`, as `hrdex-index add` does.
void add_to_new_index(const fs::path& db, const fs::path& folder) {
  hrdex::indexer::AddOptions options;
  options.db = db;
  options.inputs = {folder};
  std::ostringstream out, err;
  EXPECT_EQ(hrdex::indexer::run_add(options, out, err), hrdex::indexer::kExitOk) << err.str();
}

}  // namespace

// The target of issue 14: every recommendation of every layout's fixture
// carries its number, text, recommending States, position, and human themes
// and affected persons that map onto the taxonomies, with no warning.
TEST(ThematicList, EveryLayoutGivesEveryRecommendationItsLabels) {
  struct Case {
    const char* file;
    std::size_t recommendations;
    std::size_t with_sdgs;
  };
  const Case cases[] = {{"cycle2-uhri-codes.docx", 4, 0},
                        {"cycle3-bullets-sdgs.docx", 3, 3},
                        {"cycle4-groups-of-persons.docx", 3, 3},
                        {"matrix-states-column.docx", 3, 0},
                        {"matrix-columns.html", 3, 3}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    PreparedDocument doc = prepare(data("thematic-lists") / c.file);
    EXPECT_EQ(doc.record.kind, "upr-thematic-list");
    EXPECT_TRUE(doc.record.warnings.empty()) << doc.record.warnings.front();
    std::size_t recommendations = 0, with_sdgs = 0;
    for (const UnitRecord& u : doc.units) {
      if (u.unit_kind != "recommendation") continue;
      ++recommendations;
      with_sdgs += !u.sdgs.empty();
      SCOPED_TRACE(u.number);
      EXPECT_FALSE(u.number.empty());
      EXPECT_GT(u.text.size(), 20u);
      EXPECT_EQ(u.text.find("Source of"), std::string::npos) << u.text;
      EXPECT_FALSE(u.recommending_states.empty());
      EXPECT_TRUE(u.response == "supported" || u.response == "noted") << u.response_text;
      EXPECT_FALSE(human_tags(u, "themes").empty());
      // Each theme lands on a theme, or, a group the UHRI listed among its
      // themes before 2019 ("G1 Members of minorities"), on affected persons.
      std::size_t group_themes = 0;
      for (const auto& h : hrdex::indexer::tag::human_labels(project_tagger().taxonomies(), u))
        group_themes += h.taxonomy == "affected-persons" && has(u.themes, h.label);
      EXPECT_EQ(human_tags(u, "themes").size() + group_themes, u.themes.size());
      EXPECT_FALSE(human_tags(u, "affected-persons").empty());
      EXPECT_EQ(human_tags(u, "affected-persons").size(), u.affected_persons.size());
    }
    EXPECT_EQ(recommendations, c.recommendations);
    EXPECT_EQ(with_sdgs, c.with_sdgs);
  }
}

TEST(ThematicList, Cycle2CodesAndAffectedPersons) {
  PreparedDocument doc = prepare(data("thematic-lists") / "cycle2-uhri-codes.docx");
  const UnitRecord* u = numbered(doc, "120.1");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->themes, (std::vector<std::string>{"A12 Acceptance of international norms", "D32 Enforced disappearances"}));
  EXPECT_EQ(u->affected_persons, (std::vector<std::string>{"disappeared persons", "general"}));
  // Two texts in one item, each with its State.
  EXPECT_EQ(u->recommending_states, (std::vector<std::string>{"GHA", "PER"}));
  EXPECT_EQ(u->response, "noted");
  EXPECT_EQ(u->response_source, "A/HRC/99/9/Add.1 - Para. 120.1.");
  EXPECT_EQ(u->section, "Theme: A12 Acceptance of international norms");
  u = numbered(doc, "120.15");
  ASSERT_NE(u, nullptr);
  EXPECT_TRUE(has(u->themes, "G1 Members of minorities"));
  EXPECT_TRUE(has(human_tags(*u, "themes"), "racial-discrimination"));
  // Since the UHRI of 2019 minorities are affected persons, not a theme.
  EXPECT_FALSE(has(human_tags(*u, "themes"), "minorities"));
  EXPECT_TRUE(has(human_tags(*u, "affected-persons"), "minorities"));
  EXPECT_TRUE(has(human_tags(*u, "affected-persons"), "law-enforcement"));
}

TEST(ThematicList, Cycle3AndCycle4SubLists) {
  PreparedDocument c3 = prepare(data("thematic-lists") / "cycle3-bullets-sdgs.docx");
  const UnitRecord* u = numbered(c3, "122.1");
  ASSERT_NE(u, nullptr);
  // A label with its own " - " stays whole when the cell keeps its lines.
  EXPECT_EQ(u->themes, (std::vector<std::string>{"Economic, social & cultural rights - general measures of implementation",
                                                 "Right to an adequate standard of living"}));
  EXPECT_EQ(u->sdgs, (std::vector<std::string>{"1 - NO POVERTY"}));
  EXPECT_EQ(u->affected_persons, (std::vector<std::string>{"Persons living in poverty", "Older persons"}));

  // Cycle 4: the lines of one paragraph broken by line breaks.
  PreparedDocument c4 = prepare(data("thematic-lists") / "cycle4-groups-of-persons.docx");
  u = numbered(c4, "130.7");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->sdgs, (std::vector<std::string>{"6 - CLEAN WATER AND SANITATION", "3 - GOOD HEALTH AND WELL-BEING"}));
  EXPECT_EQ(u->affected_persons, (std::vector<std::string>{"Persons living in rural areas", "Women"}));
  EXPECT_TRUE(has(human_tags(*u, "themes"), "drinking-water"));
  EXPECT_TRUE(has(human_tags(*u, "affected-persons"), "women"));
  u = numbered(c4, "130.2");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->recommending_states, (std::vector<std::string>{"CUB", "VNM"}));
}

TEST(ThematicList, MatricesWithStateAndLabelColumns) {
  PreparedDocument doc = prepare(data("thematic-lists") / "matrix-states-column.docx");
  const UnitRecord* u = numbered(doc, "166.6");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->recommending_states, (std::vector<std::string>{"CHL", "EST"}));
  // "2.1. Acceptance of international norms": the matrix's numbering goes.
  EXPECT_TRUE(has(human_tags(*u, "themes"), "ratification"));
  EXPECT_TRUE(has(human_tags(*u, "themes"), "death-penalty"));

  PreparedDocument html = prepare(data("thematic-lists") / "matrix-columns.html");
  u = numbered(html, "98.2");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->text, "Register every invented birth in Veridia free of charge");
  EXPECT_EQ(u->recommending_states, (std::vector<std::string>{"COL"}));
  EXPECT_EQ(u->affected_persons, (std::vector<std::string>{"children", "stateless persons"}));
  EXPECT_EQ(u->sdgs.size(), 2u);
  EXPECT_EQ(numbered(html, "98.3")->recommending_states, (std::vector<std::string>{"CAN", "SWE"}));
}

// A list whose heading does not name its State (a legacy .doc read without
// its running header) takes the State its recommendations name, never a
// recommending State.
TEST(ThematicList, StateNamedInTheRecommendationsWhenNoHeadingNamesIt) {
  PreparedDocument doc = prepare(data("thematic-lists") / "matrix-state-in-text.html");
  EXPECT_EQ(doc.record.state, "GHA");
  EXPECT_EQ(doc.record.state_name, "Ghana");
  EXPECT_NE(numbered(doc, "120.2"), nullptr);
}

// OHCHR's Egypt list as legacy .doc alone: antiword prints no running
// header, where the list names its review; its recommendations name Egypt.
TEST(ThematicList, LegacyDocListTakesItsStateFromItsRecommendations) {
  const fs::path doc_path = fs::path(HRDEX_SHARED_CORPUS) / "thematic-lists" / "EgyptMatriceRecommendations.doc";
  if (!fs::exists(doc_path)) GTEST_SKIP() << doc_path << " is absent (../shared/corpus is not part of the repository)";
  if (std::system("command -v antiword >/dev/null 2>&1") != 0) GTEST_SKIP() << "antiword is not installed";
  PreparedDocument doc = prepare(doc_path);
  EXPECT_EQ(doc.record.state, "EGY");
  EXPECT_EQ(doc.record.title, "Thematic list of recommendations: Egypt");
  EXPECT_EQ(doc.units.size(), 300u);
  // Its symbol, A/HRC/28/16/Add.1, tells the cycle and the session (UPR 20).
  EXPECT_EQ(doc.record.cycle, 2);
  EXPECT_EQ(doc.record.session, 20);
}

// Bad input: the list is still indexed, as paragraphs, with a warning.
TEST(ThematicListBadInput, UnrecognisedColumnsAreParagraphsWithAWarning) {
  PreparedDocument doc = prepare(data("thematic-lists-bad") / "unrecognised-columns.md");
  EXPECT_EQ(doc.record.kind, "upr-thematic-list");
  ASSERT_EQ(doc.record.warnings.size(), 1u);
  EXPECT_EQ(doc.record.warnings[0],
            "thematic list: no table header names the recommendation column and its position or themes "
            "(first row: 'Text | Status | Tags'); indexed as paragraphs");
  bool kept = false;
  for (const UnitRecord& u : doc.units) {
    EXPECT_EQ(u.unit_kind, "paragraph");
    kept = kept || u.text.find("Publish invented statistics on Veridian prisons") != std::string::npos;
  }
  EXPECT_TRUE(kept);
}

TEST(ThematicListBadInput, UnknownCodesAndLabelsAreNamedInWarnings) {
  PreparedDocument doc = prepare(data("thematic-lists-bad") / "unknown-codes.md");
  EXPECT_EQ(doc.record.warnings,
            (std::vector<std::string>{
                "thematic list: recommendation 150.1: unknown UHRI code 'A99' of theme 'A99 Acceptance of "
                "international norms' (mapped by its label); add the code to a tag's aliases in the themes taxonomy",
                "thematic list: recommendation 150.1: unknown UHRI code 'C77' of theme 'C77 Invented area of rights'; "
                "add the code to a tag's aliases in the themes taxonomy",
                "thematic list: recommendation 150.1: affected persons 'invented persons' maps to no tag; add the "
                "label to a tag's aliases in the affected-persons taxonomy"}));
  // Nothing is lost: the labels stay on the unit as printed, and the one
  // that maps by its label is tagged.
  const UnitRecord* u = numbered(doc, "150.1");
  ASSERT_NE(u, nullptr);
  EXPECT_TRUE(has(u->themes, "C77 Invented area of rights"));
  EXPECT_TRUE(has(u->affected_persons, "invented persons"));
  EXPECT_EQ(human_tags(*u, "themes"), (std::vector<std::string>{"ratification"}));
}

TEST(ThematicListBadInput, AddPrintsTheWarningsAndIndexesTheList) {
  hrdex::testing::TempDir dir;
  hrdex::indexer::AddOptions options;
  options.db = dir / "idx";
  options.inputs = {data("thematic-lists-bad")};
  std::ostringstream out, err;
  EXPECT_EQ(hrdex::indexer::run_add(options, out, err), hrdex::indexer::kExitOk) << err.str();
  EXPECT_NE(err.str().find("unknown-codes.md: thematic list: recommendation 150.1: unknown UHRI code 'C77'"),
            std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("unrecognised-columns.md: thematic list: no table header"), std::string::npos) << err.str();
  EXPECT_NE(out.str().find("indexed 2 files"), std::string::npos) << out.str();

  // retag names the labels that still map onto no tag, as add did.
  std::ostringstream retag_out, retag_err;
  hrdex::indexer::RetagOptions retag;
  retag.db = options.db;
  EXPECT_EQ(hrdex::indexer::run_retag(retag, retag_out, retag_err), hrdex::indexer::kExitOk) << retag_err.str();
  EXPECT_NE(retag_err.str().find("unknown-codes.md: thematic list: recommendation 150.1: unknown UHRI code 'C77'"),
            std::string::npos)
      << retag_err.str();
  EXPECT_NE(retag_err.str().find("affected persons 'invented persons' maps to no tag"), std::string::npos)
      << retag_err.str();
}

TEST(ThematicList, PrintedLabelsSplitIntoCodeAndLabel) {
  using hrdex::indexer::tag::split_printed_label;
  EXPECT_EQ(split_printed_label("A12 Acceptance of international norms").code, "A12");
  EXPECT_EQ(split_printed_label("A12 Acceptance of international norms").label, "Acceptance of international norms");
  EXPECT_EQ(split_printed_label("D1 Civil & political rights").code, "D1");
  EXPECT_EQ(split_printed_label("2.1. Acceptance of international norms").label, "Acceptance of international norms");
  EXPECT_EQ(split_printed_label("12.4 Death penalty").label, "Death penalty");
  EXPECT_EQ(split_printed_label("Acceptance of international norms").code, "");
  EXPECT_EQ(split_printed_label("Hungary").code, "");
  EXPECT_EQ(split_printed_label("G1").code, "G1");
}

// `add --jobs N` numbers documents as files finish, so the same files can
// sit in an index in any order. What `learn` reads of an index (the lists'
// labelled units and the text sampled for word vectors) must not follow
// that order, or two indexes of the same files learn different models.
TEST(ThematicList, WhatLearnReadsDoesNotDependOnTheOrderFilesWereAdded) {
  hrdex::testing::TempDir dir;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(data("thematic-lists"))) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 3u);
  auto build = [&](const fs::path& db, const std::vector<fs::path>& order) {
    for (const fs::path& file : order) {
      hrdex::indexer::AddOptions options;
      options.db = db;
      options.inputs = {file};
      std::ostringstream out, err;
      EXPECT_EQ(hrdex::indexer::run_add(options, out, err), hrdex::indexer::kExitOk) << err.str();
    }
  };
  std::vector<fs::path> reversed(files.rbegin(), files.rend());
  build(dir / "forwards", files);
  build(dir / "backwards", reversed);
  Xapian::Database forwards((dir / "forwards").string()), backwards((dir / "backwards").string());
  // The same files, numbered otherwise.
  ASSERT_NE(forwards.get_document(1).get_data(), backwards.get_document(1).get_data());

  const hrdex::taxonomy::TaxonomySet& set = project_tagger().taxonomies();
  auto names = [&](const Xapian::Database& db) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [taxonomy, texts] : hrdex::indexer::labelled_texts(db, set))
      for (const auto& t : texts) out[taxonomy].push_back(t.name + " " + t.source);
    return out;
  };
  const auto labelled = names(forwards);
  ASSERT_GT(labelled.count("themes"), 0u);
  EXPECT_GT(labelled.at("themes").size(), 10u);
  EXPECT_EQ(labelled, names(backwards));
  // All of the text, and a sample of it.
  for (std::size_t words : {std::size_t{100000000}, std::size_t{200}}) {
    const auto sample = hrdex::indexer::index_texts(forwards, words);
    EXPECT_FALSE(sample.empty());
    EXPECT_EQ(sample, hrdex::indexer::index_texts(backwards, words)) << words << " words";
  }
  EXPECT_LT(hrdex::indexer::index_texts(forwards, 200).size(), hrdex::indexer::index_texts(forwards, 100000000).size());
}

// An older list's group themes ("G1 Members of minorities", "G5 Refugees &
// asylum seekers", "Older persons") land on the affected persons tags with
// those codes and labels, as people's labels, with no warning, even where
// the unit's cell names no affected persons of its own. They decide the
// groups that had such a code (no G4 here: not migrants, whatever the
// words), and the rules the others (children).
TEST(ThematicList, OlderGroupThemesLandOnAffectedPersons) {
  PreparedDocument doc = prepare(data("thematic-lists-older") / "group-themes.md");
  EXPECT_EQ(doc.record.kind, "upr-thematic-list");
  EXPECT_TRUE(doc.record.warnings.empty()) << doc.record.warnings.front();
  const UnitRecord* u = numbered(doc, "140.1");
  ASSERT_NE(u, nullptr);
  EXPECT_TRUE(u->affected_persons.empty());
  EXPECT_EQ(human_tags(*u, "themes"), (std::vector<std::string>{"racial-discrimination"}));
  EXPECT_EQ(human_tags(*u, "affected-persons"), (std::vector<std::string>{"minorities"}));
  std::vector<std::string> persons;
  for (const auto& t : u->tags)
    if (t.taxonomy == "affected-persons") persons.push_back(t.tag + " " + t.source);
  EXPECT_EQ(persons, (std::vector<std::string>{"children rule", "minorities human"}));
  for (const auto& t : u->tags) {
    if (t.taxonomy == "affected-persons" && t.tag == "minorities") {
      EXPECT_EQ(t.evidence, (std::vector<std::string>{"labelled \"G1 Members of minorities\" by OHCHR"}));
    }
  }
  u = numbered(doc, "140.2");
  ASSERT_NE(u, nullptr);
  EXPECT_TRUE(human_tags(*u, "themes").empty());
  EXPECT_EQ(human_tags(*u, "affected-persons"), (std::vector<std::string>{"older-persons", "refugees-asylum-seekers"}));
}

// For learning, persons that come only from an older list's themes speak
// for the groups that vocabulary had: the list's silence on women is no
// label. A unit whose cell names its affected persons speaks for them all.
TEST(ThematicList, OlderGroupThemesSpeakOnlyForTheirGroups) {
  hrdex::testing::TempDir dir;
  add_to_new_index(dir / "idx", data("thematic-lists-older"));
  Xapian::Database db((dir / "idx").string());
  const auto texts = hrdex::indexer::labelled_texts(db, project_tagger().taxonomies());
  ASSERT_GT(texts.count("affected-persons"), 0u);
  // Texts are named by unit id, as the same file prepared again gives them.
  const PreparedDocument doc = prepare(data("thematic-lists-older") / "group-themes.md");
  std::map<std::string, const hrdex::indexer::tag::LabelledText*> by_number;
  for (const auto& t : texts.at("affected-persons"))
    for (const UnitRecord& u : doc.units)
      if (t.name == u.id) by_number[u.number] = &t;
  ASSERT_EQ(by_number.size(), 3u);
  const auto& minorities = *by_number.at("140.1");
  EXPECT_EQ(minorities.tags, (std::vector<std::string>{"minorities"}));
  EXPECT_EQ(minorities.covers,
            (std::set<std::string>{"lgbti", "migrants", "minorities", "older-persons", "refugees-asylum-seekers"}));
  EXPECT_TRUE(minorities.speaks_for("migrants"));
  EXPECT_EQ(minorities.names, minorities.covers);
  EXPECT_FALSE(minorities.speaks_for("women"));
  EXPECT_FALSE(minorities.speaks_for("children"));
  EXPECT_EQ(by_number.at("140.2")->covers, minorities.covers);
  const auto& women = *by_number.at("140.3");
  EXPECT_EQ(women.tags, (std::vector<std::string>{"women"}));
  EXPECT_TRUE(women.speaks_for("children"));
}

// OHCHR published some lists twice, as .doc and as .docx (Egypt's). The
// copies share the review's symbol: their recommendations are learned and
// scored once, in one group, so cross-validation never trains on one copy
// of a recommendation and scores the other.
TEST(ThematicList, CopiesInTwoFormatsAreOneReviewLearnedOnce) {
  hrdex::testing::TempDir dir;
  const std::string list =
      "# Thematic list of recommendations: Veridia\n\n"
      "Invented content for hrdex's tests. Source of position: A/HRC/99/9/Add.1\n\n"
      "| Recommendation | Position | Full list of themes |\n|---|---|---|\n"
      "| 140.1 Open invented shelters for women in every Veridian province (Ghana); | Supported | "
      "F12 Discrimination against women |\n"
      "| 140.2 Ratify the invented Convention on model archives (Peru); | Noted | A12 Acceptance of international "
      "norms |\n";
  hrdex::testing::write_file(dir / "lists" / "veridia.md", list);
  hrdex::testing::write_file(dir / "lists" / "veridia-copy.md", list + "\nThe same list, saved again.\n");
  add_to_new_index(dir / "idx", dir / "lists");
  Xapian::Database db((dir / "idx").string());
  const auto texts = hrdex::indexer::labelled_texts(db, project_tagger().taxonomies());
  ASSERT_GT(texts.count("themes"), 0u);
  std::vector<std::string> openings;
  for (const auto& t : texts.at("themes")) {
    EXPECT_EQ(t.group, "A/HRC/99/9/Add.1");
    openings.push_back(t.text.substr(0, t.text.find(' ')));
  }
  std::sort(openings.begin(), openings.end());
  EXPECT_EQ(openings, (std::vector<std::string>{"Open", "Ratify"}));
}

// UPR Info's group issues crosswalk to affected persons, and a text
// labelled through them speaks only for the groups UPR Info's issues name:
// "Women's rights" is an issue, so no woman is a group there.
TEST(ThematicList, UprInfoGroupIssuesCrosswalkToAffectedPersons) {
  hrdex::testing::TempDir dir;
  add_to_new_index(dir / "idx", data("thematic-lists-older"));
  hrdex::indexer::LearnOptions learn;
  learn.db = dir / "idx";
  learn.labels = data("learn") / "upr-info-groups.csv";
  learn.taxonomy_id = "upr-info-issues";
  learn.word_vectors = false;
  learn.min_examples = 1000;  // stores the rows; no classifier is needed here
  std::ostringstream out, err;
  ASSERT_EQ(hrdex::indexer::run_learn(learn, out, err), hrdex::indexer::kExitOk) << err.str();
  Xapian::Database db(learn.db.string());
  const auto texts = hrdex::indexer::labelled_texts(db, project_tagger().taxonomies());
  std::map<std::string, const hrdex::indexer::tag::LabelledText*> crosswalked;
  for (const auto& t : texts.at("affected-persons"))
    if (t.source.rfind("crosswalk from upr-info-issues", 0) == 0) crosswalked[t.name] = &t;
  ASSERT_EQ(crosswalked.size(), 2u);
  const auto& fishermen = *crosswalked.at("upr-info-groups.csv:2");
  EXPECT_EQ(fishermen.tags, (std::vector<std::string>{"migrants"}));
  EXPECT_EQ(fishermen.covers, (std::set<std::string>{"lgbti", "migrants", "minorities", "refugees-asylum-seekers"}));
  EXPECT_FALSE(fishermen.speaks_for("women"));
  EXPECT_EQ(fishermen.names, fishermen.covers) << "the groups have no parents to add";
  EXPECT_EQ(crosswalked.at("upr-info-groups.csv:3")->tags, (std::vector<std::string>{"refugees-asylum-seekers"}));
  // The themes the issues still stand for are untouched: "Women's rights"
  // is OHCHR's "Discrimination against women" (a list never gives the
  // group theme alone), which the text can name; its parent it speaks for.
  const hrdex::indexer::tag::LabelledText* women = nullptr;
  for (const auto& t : texts.at("themes"))
    if (t.name == "upr-info-groups.csv:3") women = &t;
  ASSERT_NE(women, nullptr);
  EXPECT_EQ(women->tags, (std::vector<std::string>{"discrimination-against-women"}));
  EXPECT_TRUE(women->names.count("discrimination-against-women"));
  EXPECT_FALSE(women->names.count("women"));
  EXPECT_TRUE(women->speaks_for("women"));
}

