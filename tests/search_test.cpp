#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include <xapian.h>

#include "core/columns.hpp"
#include "core/schema.hpp"
#include "indexer/add_command.hpp"
#include "indexer/ingest.hpp"
#include "query/query_check.hpp"
#include "query/search.hpp"
#include "query/writers.hpp"
#include "test_support.hpp"

namespace hrdex::query {
namespace {

namespace fs = std::filesystem;
using hrdex::testing::TempDir;
using hrdex::testing::write_file;

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "docs" / "report.txt",
               "Recommendations\n\n"
               "92.1 Ratify the Convention on the Elimination of All Forms of Discrimination against Women (Brazil);\n\n"
               "92.2 Establish a national human rights institution (France);\n\n"
               "92.3 Guarantee the right to adequate housing for homeless persons (Ghana);\n");
    write_file(dir_ / "docs" / "letter.html",
               "<html lang=\"en\"><head><title>Letter</title></head><body><h2>Working Group Structure</h2>"
               "<p>Indigenous Peoples are combined with the environment in Working Group 3.</p>"
               "<p>We urge the Administration to house the homeless.</p></body></html>");
    indexer::AddOptions options;
    options.db = dir_ / "idx";
    options.inputs = {dir_ / "docs"};
    std::ostringstream out, err;
    ASSERT_EQ(indexer::run_add(options, out, err), indexer::kExitOk) << err.str();
    auto s = Searcher::open(dir_ / "idx");
    ASSERT_TRUE(s.ok()) << s.error().message();
    searcher_.emplace(std::move(*s));
  }

  SearchResult search(const std::string& q, std::size_t limit = 10) {
    SearchRequest r;
    r.query = q;
    r.limit = limit;
    auto result = searcher_->search(r);
    EXPECT_TRUE(result.ok()) << result.error().message();
    return result.ok() ? *result : SearchResult{};
  }

  TempDir dir_;
  std::optional<Searcher> searcher_;
};

TEST_F(SearchTest, WordsAreStemmedAndAllRequired) {
  auto r = search("ratifying conventions");
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(r.hits[0].number, "92.1");
  EXPECT_EQ(r.hits[0].level, "unit");
  EXPECT_EQ(r.hits[0].unit_kind, "paragraph");
  EXPECT_NE(r.hits[0].snippet.find("<b>Ratify</b>"), std::string::npos) << r.hits[0].snippet;
  EXPECT_NE(r.hits[0].source_path.find("report.txt"), std::string::npos);
}

TEST_F(SearchTest, FindsTheLettersParagraphOnWorkingGroupThree) {
  auto r = search("indigenous working group");
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(r.hits[0].section, "Working Group Structure");
  EXPECT_NE(r.hits[0].text.find("Working Group 3"), std::string::npos);
}

TEST_F(SearchTest, PhrasesAndBooleanOperators) {
  EXPECT_EQ(search("\"human rights institution\"").total, 1u);
  EXPECT_EQ(search("\"rights human institution\"").total, 0u);
  EXPECT_EQ(search("homeless OR convention").total, 3u);
  EXPECT_EQ(search("homeless NOT urge").total, 1u);
  EXPECT_EQ(search("(housing OR house) AND homeless").total, 2u);
}

TEST_F(SearchTest, FiltersAreCaseInsensitive) {
  EXPECT_EQ(search("homeless format:html").total, 1u);
  EXPECT_EQ(search("homeless format:HTML").total, 1u);
  EXPECT_EQ(search("homeless lang:en").total, 2u);
  EXPECT_EQ(search("homeless kind:nothing-like-this").total, 0u);
}

TEST_F(SearchTest, CountIsExactAndLimitDoesNotChangeIt) {
  auto r = search("homeless OR convention OR indigenous", 1);
  EXPECT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.total, 4u);
  auto n = searcher_->count("homeless OR convention OR indigenous");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 4u);
}

// `title:` finds the units of a document by its title, as it finds the
// document (in schema version 6 it found no unit).
TEST_F(SearchTest, TitleFindsTheUnitsOfTheDocument) {
  auto r = search("title:letter");
  ASSERT_EQ(r.total, 2u);
  for (const auto& hit : r.hits) {
    EXPECT_EQ(hit.level, "unit");
    EXPECT_NE(hit.source_path.find("letter.html"), std::string::npos) << hit.source_path;
  }
  EXPECT_EQ(search("title:letter homeless").total, 1u);
  // With no weight: a unit's length (its BM25 score, the text `learn`
  // samples) is its text's alone.
  Xapian::Database db((dir_ / "idx").string());
  const std::string unit = hrdex::core::schema::boolean_term(hrdex::core::schema::prefix::kLevel,
                                                            hrdex::core::schema::kLevelUnit);
  std::size_t title_terms = 0;
  for (auto doc = db.postlist_begin(unit); doc != db.postlist_end(unit); ++doc)
    for (auto term = db.termlist_begin(*doc); term != db.termlist_end(*doc); ++term)
      if ((*term).starts_with(hrdex::core::schema::prefix::kTitle) && (*term).size() > 1 &&
          std::islower(static_cast<unsigned char>((*term)[1]))) {
        ++title_terms;
        EXPECT_EQ(term.get_wdf(), 0u) << *term;
      }
  EXPECT_GT(title_terms, 0u);
}

TEST_F(SearchTest, DocumentsCanBeSearchedInsteadOfUnits) {
  SearchRequest r;
  r.query = "letter";
  r.documents = true;
  auto result = searcher_->search(r);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->total, 1u);
  EXPECT_EQ(result->hits[0].level, "document");
}

// A UN symbol typed as a word finds the document of that symbol as well as
// the texts that cite it; before, a document-level search for it found
// nothing, since a document's own text is its title.
TEST(SymbolSearch, ASymbolFindsItsDocumentItsUnitsAndTheTextsCitingIt) {
  TempDir dir;
  write_file(dir.path() / "docs" / "report.txt",
             "Recommendations\n\n90.1 Ratify the invented convention (Brazil);\n\n"
             "90.2 Adopt the invented plan (Chile);\n");
  write_file(dir.path() / "docs" / "letter.txt",
             "Dear Minister,\n\nWe urge you to carry out the recommendations on the invented plan (A/HRC/99/11).\n");
  write_file(dir.path() / "manifest.csv", "path,symbol\ndocs/report.txt,A/HRC/99/11\n");
  indexer::AddOptions options;
  options.db = dir.path() / "idx";
  options.inputs = {dir.path() / "docs"};
  options.manifest = dir.path() / "manifest.csv";
  std::ostringstream out, err;
  ASSERT_EQ(indexer::run_add(options, out, err), indexer::kExitOk) << err.str();
  auto searcher = Searcher::open(dir.path() / "idx");
  ASSERT_TRUE(searcher.ok()) << searcher.error().message();
  SearchRequest r;
  r.query = "A/HRC/99/11";
  r.documents = true;
  auto documents = searcher->search(r);
  ASSERT_TRUE(documents.ok()) << documents.error().message();
  std::size_t reports = 0;
  for (const auto& hit : documents->hits)
    if (hit.symbol == "A/HRC/99/11") {
      ++reports;
      EXPECT_NE(hit.source_path.find("report.txt"), std::string::npos) << hit.source_path;
    }
  EXPECT_EQ(reports, 1u);
  r.documents = false;
  auto units = searcher->search(r);
  ASSERT_TRUE(units.ok()) << units.error().message();
  std::size_t of_report = 0, citing = 0;
  for (const auto& hit : units->hits) (hit.source_path.find("report.txt") != std::string::npos ? of_report : citing)++;
  EXPECT_EQ(of_report, 2u);
  EXPECT_EQ(citing, 1u);
  // The text that cites it has the words; it ranks first.
  EXPECT_NE(units->hits[0].source_path.find("letter.txt"), std::string::npos);
  r.query = "A/HRC/99/11 convention";
  auto both = searcher->search(r);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->total, 1u);
}

// Four reports, dated by a manifest 2009, 2012 and 2015 and one undated,
// with one recommendation each.
class YearRangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* years[] = {"2009", "2012", "2015", ""};
    const char* by[] = {"Brazil", "France", "Ghana", "Chile"};  // identical files would be indexed once
    std::string manifest = "path,date\n";
    for (int i = 0; i < 4; ++i) {
      const std::string name = "r" + std::to_string(i) + ".txt";
      write_file(dir_ / "docs" / name, std::string("Recommendations\n\n90.1 Ratify the Optional Protocol (") + by[i] + ");\n");
      if (*years[i]) manifest += "docs/" + name + "," + years[i] + "-06-01\n";
    }
    write_file(dir_ / "manifest.csv", manifest);
    indexer::AddOptions options;
    options.db = dir_ / "idx";
    options.inputs = {dir_ / "docs"};
    options.manifest = dir_ / "manifest.csv";
    std::ostringstream out, err;
    ASSERT_EQ(indexer::run_add(options, out, err), indexer::kExitOk) << err.str();
    auto s = Searcher::open(dir_ / "idx");
    ASSERT_TRUE(s.ok()) << s.error().message();
    searcher_.emplace(std::move(*s));
  }
  Xapian::doccount total(const std::string& q) {
    auto n = searcher_->count(q);
    EXPECT_TRUE(n.ok()) << q << ": " << (n.ok() ? "" : n.error().message());
    return n.ok() ? *n : 0;
  }
  TempDir dir_;
  std::optional<Searcher> searcher_;
};

TEST_F(YearRangeTest, RangesTakeWholeYearsAtBothEnds) {
  EXPECT_EQ(total("ratify"), 4u);
  EXPECT_EQ(total("ratify year:2012"), 1u);
  EXPECT_EQ(total("ratify year:2012..2012"), 1u);
  EXPECT_EQ(total("ratify year:2009..2012"), 2u);
  EXPECT_EQ(total("ratify year:2010..2014"), 1u);
  EXPECT_EQ(total("ratify year:2012.."), 2u);
  EXPECT_EQ(total("ratify year:..2012"), 2u);
  EXPECT_EQ(total("ratify year:2000..2030"), 3u) << "the undated report is in no range";
  EXPECT_EQ(total("ratify year:2016.."), 0u);
  EXPECT_EQ(total("ratify year:2015..2009"), 0u);
  EXPECT_EQ(total("ratify NOT year:2010..2013"), 3u);
  EXPECT_FALSE(searcher_->count("ratify year:20x..2012").ok());
}

// The years come from the columns when they are current and from the year
// terms when not; a search and a count agree, both ways.
TEST_F(YearRangeTest, TheSameFromTheColumnsAndFromTheYearTerms) {
  const char* queries[] = {"ratify year:2012",        "ratify year:2009..2012", "ratify year:2010..2014",
                           "ratify year:2012..",      "ratify year:..2012",     "ratify year:2000..2030",
                           "ratify year:2016..",      "ratify NOT year:2010..2013",
                           "year:2009..2015",         "ratify OR year:2015..2015"};
  auto totals = [&](Searcher& s) {
    std::vector<Xapian::doccount> out;
    for (const char* q : queries) {
      SearchRequest r;
      r.query = q;
      auto searched = s.search(r);
      auto counted = s.count(q);
      EXPECT_TRUE(searched.ok() && counted.ok()) << q;
      if (!searched.ok() || !counted.ok()) continue;
      EXPECT_EQ(searched->total, *counted) << q;
      out.push_back(*counted);
    }
    return out;
  };
  const fs::path columns = dir_ / "idx" / core::kColumnsFile;
  ASSERT_TRUE(fs::exists(columns));
  const auto from_columns = totals(*searcher_);
  fs::remove(columns);
  auto plain = Searcher::open(dir_ / "idx");
  ASSERT_TRUE(plain.ok());
  const auto from_terms = totals(*plain);
  EXPECT_EQ(from_columns, from_terms);
  EXPECT_EQ(from_terms, (std::vector<Xapian::doccount>{1, 2, 1, 2, 2, 3, 0, 3, 3, 4}));
}

TEST(QueryCheck, UnbalancedQuoteShowsItsPosition) {
  auto s = check_query_syntax("housing \"right to");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message(),
            "query:9: unbalanced '\"': this quote is never closed\n"
            "  housing \"right to\n"
            "          ^");
}

TEST(QueryCheck, UnbalancedParenthesesShowTheirPosition) {
  auto open = check_query_syntax("(housing OR water");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().where, "query:1");
  EXPECT_NE(open.error().what.find("no ')' closes it"), std::string::npos);
  auto close = check_query_syntax("housing) OR water");
  ASSERT_FALSE(close.ok());
  EXPECT_EQ(close.error().where, "query:8");
  EXPECT_TRUE(check_query_syntax("\"(not a bracket\" AND (a OR b)").ok());
  EXPECT_FALSE(check_query_syntax("   ").ok());
}

TEST(Writers, PlainSnippetDecodesEntitiesAndMarksMatches) {
  EXPECT_EQ(plain_snippet("a <b>b</b> &amp; &lt;c&gt;", "[", "]"), "a [b] & <c>");
}

TEST_F(SearchTest, JsonLinesCarryTheContractFields) {
  auto r = search("ratify");
  std::ostringstream out;
  auto writer = make_writer("json", out, {});
  SearchRequest req;
  req.query = "ratify";
  write_result(*writer, r, req);
  for (const char* field : {"\"id\"", "\"level\"", "\"doc_kind\"", "\"unit_kind\"", "\"symbol\"", "\"title\"",
                            "\"number\"", "\"page\"", "\"text\"", "\"snippet\"", "\"source_path\"", "\"score\""})
    EXPECT_NE(out.str().find(field), std::string::npos) << field;
}

}  // namespace
}  // namespace hrdex::query
