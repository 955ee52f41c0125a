// The query language and the output formats: synonyms, field checks,
// spelling, facets, collapse, sort, similar, the field table and extracts,
// over a small index built from tests/data/query and the bundled corpus.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <limits>
#include <sstream>

#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/add_command.hpp"
#include "indexer/ingest.hpp"
#include "query/extract_command.hpp"
#include "query/fields.hpp"
#include "query/query_check.hpp"
#include "query/search.hpp"
#include "query/similar.hpp"
#include "query/spelling.hpp"
#include "query/synonyms.hpp"
#include "query/writers.hpp"
#include "test_support.hpp"

namespace hrdex::query {
namespace {

using hrdex::testing::TempDir;

SynonymTable table_of(std::string_view text) {
  SynonymTable t;
  auto s = parse_synonyms(text, "test.txt", t);
  EXPECT_TRUE(s.ok()) << s.error().message();
  return t;
}

TEST(QuerySynonyms, AcronymExpandsToItsNamesAndBack) {
  auto t = table_of("# comment\nCRC | Convention on the Rights of the Child\n");
  EXPECT_EQ(expand_synonyms("ratify CRC", t), "ratify (CRC OR \"Convention on the Rights of the Child\")");
  EXPECT_EQ(expand_synonyms("\"convention on the rights of the child\"", t),
            "(\"convention on the rights of the child\" OR CRC)");
  // Unquoted words keep their own meaning (all of them) and gain the acronym.
  EXPECT_EQ(expand_synonyms("convention on the rights of the child", t),
            "((convention AND on AND the AND rights AND of AND the AND child) OR CRC)");
}

TEST(QuerySynonyms, FieldValuesNearOperandsAndLoveHateAreLeftAlone) {
  auto t = table_of("CRC | Convention on the Rights of the Child\n");
  EXPECT_EQ(expand_synonyms("body:crc", t), "body:crc");
  EXPECT_EQ(expand_synonyms("CRC NEAR/3 ratify", t), "CRC NEAR/3 ratify");
  EXPECT_EQ(expand_synonyms("+CRC -CRC CRC*", t), "+CRC -CRC CRC*");
}

TEST(QuerySynonyms, AUnSymbolAlsoNamesItsDocument) {
  const SynonymTable none;
  EXPECT_EQ(expand_synonyms("A/HRC/16/11 torture", none), "(symbol:A/HRC/16/11 OR A/HRC/16/11) torture");
  EXPECT_EQ(expand_synonyms("CERD/C/USA/CO/7-9", none), "(symbol:CERD/C/USA/CO/7-9 OR CERD/C/USA/CO/7-9)");
  EXPECT_EQ(expand_synonyms("E/C.12/BRA/CO/2", none), "(symbol:E/C.12/BRA/CO/2 OR E/C.12/BRA/CO/2)");
  // Already a filter, a phrase, a NEAR operand, or no symbol: left alone.
  for (const char* q : {"symbol:A/HRC/16/11", "\"A/HRC/16/11\"", "A/HRC/16/11 NEAR torture", "and/or", "A/HRC",
                        "-A/HRC/16/11"})
    EXPECT_EQ(expand_synonyms(q, none), q);
}

TEST(QuerySynonyms, UserFileJoinsAGroupThroughAKnownForm) {
  SynonymTable t = table_of("CRC | Convention on the Rights of the Child\n");
  ASSERT_TRUE(parse_synonyms("CRC | Child Rights Convention\n", "mine.txt", t).ok());
  ASSERT_EQ(t.groups.size(), 1u);
  EXPECT_EQ(t.groups[0].size(), 3u);
}

TEST(QuerySynonyms, ErrorsNameFileAndLine) {
  SynonymTable t;
  auto s = parse_synonyms("# ok\nCRC\n", "syn.txt", t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message(), "syn.txt:2: a group needs at least two forms separated by ' | '");
  s = parse_synonyms("CRC | | x\n", "syn.txt", t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "syn.txt:1");
  s = parse_synonyms("CRC | \"quoted\"\n", "syn.txt", t);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().what.find("quote or bracket"), std::string::npos);
}

TEST(QuerySynonyms, ShippedFileParses) {
  auto t = load_synonym_files({}, false);
  ASSERT_TRUE(t.ok()) << t.error().message();
  for (const char* acronym : {"iccpr", "icescr", "cedaw", "crc", "cat", "opcat", "crpd", "icerd", "cmw", "ced", "nhri",
                              "undrip", "hrc", "ohchr", "upr"})
    EXPECT_TRUE(t->index.count(acronym)) << acronym;
}

TEST(QueryFieldCheck, UnknownFieldSuggestsTheNearestAndListsAll) {
  auto s = check_query_fields("housing thme:water", {"state", "theme"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message(),
            "query:9: unknown field 'thme:'; did you mean 'theme:'? Fields: state:, theme:\n"
            "  housing thme:water\n"
            "          ^");
}

TEST(QueryFieldCheck, DanglingFieldIsAnError) {
  auto s = check_query_fields("housing state: water", {"state"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "query:9");
  EXPECT_NE(s.error().what.find("field 'state:' has no value"), std::string::npos);
  EXPECT_FALSE(check_query_fields("state:", {"state"}).ok());
}

TEST(QueryFieldCheck, NonFieldsPass) {
  EXPECT_TRUE(check_query_fields("state:\"United States\" \"note: this\" 10:30 https://x", {"state"}).ok());
  EXPECT_TRUE(check_query_fields("symbol:a/hrc/16/11", {"symbol"}).ok());
  // An upper-case field is not Xapian's field: say so.
  auto s = check_query_fields("STATE:usa", {"state"});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().what.find("did you mean 'state:'"), std::string::npos);
}

TEST(QueryFields, SelectionKeepsOrderAndNamesUnknownOnes) {
  auto f = select_fields("symbol, number,text");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->size(), 3u);
  EXPECT_EQ((*f)[1].name, "number");
  auto bad = select_fields("symbol,nmber");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message().rfind("--fields: unknown field 'nmber'; valid fields: id, level,", 0), 0u)
      << bad.error().message();
  EXPECT_EQ(select_fields("")->size(), hit_fields().size());
}

TEST(QueryFields, CsvCellsAreQuotedAndFormulasDefused) {
  EXPECT_EQ(core::csv_cell("a \"b\", c"), "\"a \"\"b\"\", c\"");
  EXPECT_EQ(core::csv_cell("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
  EXPECT_EQ(core::csv_cell("-1"), "\"'-1\"");
}

TEST(QueryExtract, QueryTitleAndCommandLine) {
  ExtractOptions o;
  EXPECT_FALSE(extract_query(o).ok());
  o.agency = "EPA";
  o.state = "United States";
  o.words = {"water", "OR", "sanitation"};
  EXPECT_EQ(*extract_query(o), "unit:recommendation agency:\"EPA\" state:\"United States\" (water OR sanitation)");
  EXPECT_EQ(extract_title(o), "Recommendations for EPA to United States");
  ExtractNames names;
  names.agency = "Department of Justice";
  names.state = "United States of America";
  names.notes = {"'FBI' is listed under the Department of Justice"};
  o.state.clear();
  EXPECT_EQ(extract_title(o, names),
            "Recommendations to United States of America for Department of Justice ('FBI' is listed under the "
            "Department of Justice)");
  const char* argv[] = {"/x/build/hrdex-query", "extract", "--agency", "EPA", "it's here"};
  EXPECT_EQ(shell_command_line(5, const_cast<char**>(argv)), "hrdex-query extract --agency EPA 'it'\\''s here'");
}

// Documents name a treaty by a shorter form than its title ("the Covenant on
// Economic, Social and Cultural Rights", without "International"): each
// short form must be found by the acronym and by the full title.
TEST(QuerySynonyms, ShortFormsDocumentsUseAreFoundByAcronymAndTitle) {
  struct Case {
    const char* acronym;
    const char* title;
    const char* sentence;  // as a document writes it
  };
  const Case cases[] = {
      {"ICESCR", "International Covenant on Economic, Social and Cultural Rights",
       "Implement the Covenant on Economic, Social and Cultural Rights in domestic law."},
      {"ICCPR", "International Covenant on Civil and Political Rights",
       "Bring legislation into line with the Covenant on Civil and Political Rights."},
      {"CAT", "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
       "Withdraw the reservations to the Convention against Torture."},
      {"CRC", "Convention on the Rights of the Child", "Give effect to the Convention on the Rights of the Child."},
      {"ICERD", "International Convention on the Elimination of All Forms of Racial Discrimination",
       "Incorporate the Convention on the Elimination of Racial Discrimination."},
      {"CEDAW", "Convention on the Elimination of All Forms of Discrimination against Women",
       "Apply the Convention on the Elimination of Discrimination against Women."},
      {"CED", "International Convention for the Protection of All Persons from Enforced Disappearance",
       "Accede to the CPED without reservations."},
      {"CMW", "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
       "Sign the Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families."},
      {"OPCAT", "Optional Protocol to the Convention against Torture", "Establish the mechanism the OP-CAT requires."},
      {"ICCPR-OP2", "Second Optional Protocol to the International Covenant on Civil and Political Rights",
       "Accede to the Second Optional Protocol to the Covenant on Civil and Political Rights."},
      {"UNDRIP", "United Nations Declaration on the Rights of Indigenous Peoples",
       "Respect the Declaration on the Rights of Indigenous Peoples."},
      {"ICC", "International Criminal Court", "Cooperate fully with the ICC."},
      {"UDHR", "Universal Declaration of Human Rights", "Teach the UDHR in schools."},
      {"UNHCR", "Office of the United Nations High Commissioner for Refugees",
       "Work with the United Nations High Commissioner for Refugees."},
  };
  TempDir dir;
  std::string text = "Short forms\n\n";
  int n = 0;
  for (const Case& c : cases) text += std::to_string(++n) + ". " + c.sentence + "\n\n";
  hrdex::testing::write_file(dir / "docs" / "short-forms.txt", text);
  indexer::AddOptions options;
  options.db = dir / "idx";
  options.inputs = {dir / "docs"};
  std::ostringstream out, err;
  ASSERT_EQ(indexer::run_add(options, out, err), indexer::kExitOk) << err.str();
  auto searcher = Searcher::open(dir / "idx");
  ASSERT_TRUE(searcher.ok()) << searcher.error().message();
  auto table = load_synonym_files({}, false);
  ASSERT_TRUE(table.ok()) << table.error().message();
  searcher->set_synonyms(std::move(*table));
  n = 0;
  for (const Case& c : cases) {
    const std::string number = std::to_string(++n);
    for (const std::string& q : {std::string(c.acronym), "\"" + std::string(c.title) + "\""}) {
      SearchRequest r;
      r.query = q;
      auto result = searcher->search(r);
      ASSERT_TRUE(result.ok()) << q << ": " << result.error().message();
      bool found = false;
      for (const auto& hit : result->hits) found = found || hit.number == number;
      EXPECT_TRUE(found) << q << " does not find \"" << c.sentence << "\"";
    }
  }
}

class QueryIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    indexer::AddOptions options;
    options.db = *dir_ / "idx";
    options.inputs = {hrdex::testing::project_corpus(), hrdex::testing::test_data("query")};
    std::ostringstream out, err;
    ASSERT_EQ(indexer::run_add(options, out, err), indexer::kExitOk) << err.str();
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override {
    auto s = Searcher::open(*dir_ / "idx");
    ASSERT_TRUE(s.ok()) << s.error().message();
    searcher_.emplace(std::move(*s));
    auto t = load_synonym_files({}, false);
    ASSERT_TRUE(t.ok()) << t.error().message();
    searcher_->set_synonyms(std::move(*t));
  }
  SearchResult search(SearchRequest r) {
    auto result = searcher_->search(r);
    EXPECT_TRUE(result.ok()) << result.error().message();
    return result.ok() ? *result : SearchResult{};
  }
  SearchResult search(const std::string& q) {
    SearchRequest r;
    r.query = q;
    r.limit = 100;
    return search(r);
  }
  static TempDir* dir_;
  std::optional<Searcher> searcher_;
};
TempDir* QueryIndexTest::dir_ = nullptr;

TEST_F(QueryIndexTest, SynonymsFindTheLongName) {
  // The sample report spells out the covenant; the acronym finds it.
  auto r = search("ICESCR");
  ASSERT_GE(r.total, 1u);
  EXPECT_EQ(r.hits[0].number, "92.2");
}

TEST_F(QueryIndexTest, NearAndWildcards) {
  EXPECT_GE(search("environmental NEAR/2 pollution").total, 3u);
  EXPECT_EQ(search("pollution ADJ/2 environmental").total, 0u);
  EXPECT_GE(search("ratif*").total, 2u);
}

TEST_F(QueryIndexTest, FrenchTextIsStemmedAsFrench) {
  // tests/data/query/examen-periodique-fr.txt has "Garantir" and
  // "handicapées" only: the French stemmer joins them to these other forms,
  // which the English one leaves apart.
  auto r = search("garantissant");
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(r.hits[0].number, "90.1");
  EXPECT_EQ(r.hits[0].language, "fr");
  r = search("handicapée lang:fr");
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(r.hits[0].number, "90.2");
  EXPECT_EQ(search("communauté rurale").total, 1u);
  EXPECT_EQ(search("garantissant lang:en").total, 0u);
}

TEST_F(QueryIndexTest, QuotedMultiWordStateValues) {
  EXPECT_EQ(search("pollution state:\"United States of America\"").total, search("pollution state:usa").total);
  EXPECT_GT(search("pollution state:USA").total, 0u);
}

// A State's name misspelt is an error naming the closest States, not a
// filter that quietly matches nothing; a name in another UN language and
// three letters taken for a code still filter.
TEST_F(QueryIndexTest, AStateNameHrdexDoesNotKnowIsAnErrorNamingTheClosest) {
  for (const char* q : {"pollution state:\"Untied States of America\"", "pollution by:Frence"}) {
    auto r = searcher_->count(q);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_NE(r.error().message().find("no State named '"), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find("; the closest are "), std::string::npos) << r.error().message();
  }
  auto usa = searcher_->count("pollution state:\"Untied States of America\"");
  EXPECT_NE(usa.error().message().find("the closest are United States (USA)"), std::string::npos)
      << usa.error().message();
  EXPECT_EQ(search("pollution state:\"États-Unis d'Amérique\"").total, search("pollution state:usa").total);
  EXPECT_TRUE(searcher_->count("pollution state:XKX").ok());  // a code ISO does not list
}

// session:, cycle: and year: without a number are errors that say what the
// filter takes, not filters that quietly match nothing.
TEST_F(QueryIndexTest, ANumberFilterWithoutANumberIsAnError) {
  const std::pair<const char*, const char*> kBad[] = {
      {"pollution session:abc", "session: takes a number, as session:9 (not session:abc)"},
      {"pollution cycle:second", "cycle: takes a number, as cycle:9 (not cycle:second)"},
      {"pollution year:20x0", "year: takes a four-digit year, as year:2016 or year:2010..2016 (not year:20x0)"},
      {"pollution year:20x0..2012", "year: ranges take four-digit years, as year:2010..2016 (not year:20x0..2012)"},
  };
  for (const auto& [q, message] : kBad) {
    auto r = searcher_->count(q);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_NE(r.error().message().find(message), std::string::npos) << r.error().message();
  }
  for (const char* q : {"pollution session:9", "pollution cycle:2", "pollution year:2011", "pollution year:2000.."})
    EXPECT_TRUE(searcher_->count(q).ok()) << q;
}

TEST_F(QueryIndexTest, DidYouMeanWhenACorrectionWouldMatch) {
  auto r = search("disproportionate polution");
  EXPECT_EQ(r.total, 0u);
  EXPECT_EQ(r.suggestion, "disproportionate pollution");
  EXPECT_EQ(search("zzqxv").suggestion, "");
  EXPECT_EQ(correct_spelling(searcher_->database(), "state:\"Unitd\" pollution"), "");
  // A filter's value no unit carries is offered the nearest the index holds
  // for that filter; one it holds, or one quoted, stays as typed.
  EXPECT_EQ(search("unit:recomendation pollution").suggestion, "unit:recommendation pollution");
  EXPECT_EQ(search("unit:recomendation polution").suggestion, "unit:recommendation pollution");
  const ClosedField unit[] = {{"unit", hrdex::core::schema::prefix::kUnitKind}};
  EXPECT_EQ(correct_spelling(searcher_->database(), "unit:recommendation zzqxv", unit), "");
  EXPECT_EQ(correct_spelling(searcher_->database(), "unit:\"recomendation\" pollution", unit), "");
  EXPECT_EQ(correct_spelling(searcher_->database(), "unit:recomendation pollution"), "");  // not a closed field here
}

// A filter's value the index holds nowhere (a typo too far from any value
// for "did you mean") says so, naming the values it does hold; a value it
// holds, or a query that matches, gets no note.
TEST_F(QueryIndexTest, AFilterValueTheIndexHoldsNowhereSaysWhatItHolds) {
  auto r = search("pollution kind:report lang:xx");
  EXPECT_EQ(r.total, 0u);
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_EQ(r.notes[0].rfind("the index holds no kind 'report'; it holds ", 0), 0u) << r.notes[0];
  EXPECT_NE(r.notes[0].find("upr-wg-report"), std::string::npos) << r.notes[0];
  EXPECT_EQ(r.notes[1], "the index holds no lang 'xx'; it holds en, fr");
  EXPECT_TRUE(search("zzqxv kind:upr-wg-report").notes.empty());
  EXPECT_TRUE(search("pollution OR kind:report").notes.empty()) << "something matched";
  // Three letters in a State filter are a code even when ISO lists none
  // (XKX); one the index does not hold either says so.
  EXPECT_EQ(search("pollution by:uas").notes,
            std::vector<std::string>{
                "the index holds no by 'uas', and ISO 3166 has no such code; a State's name works too, as "
                "by:\"United States\""});
  EXPECT_TRUE(search("zzqxv state:usa").notes.empty());
  EXPECT_TRUE(search("zzqxv state:fra").notes.empty()) << "an ISO code, though not in this index";
}

TEST_F(QueryIndexTest, FacetsCountEveryMatchNotThePage) {
  SearchRequest r;
  r.query = "unit:recommendation";
  r.limit = 1;
  r.facets = true;
  auto result = search(r);
  ASSERT_GT(result.total, 3u);
  std::map<std::string, std::map<std::string, Xapian::doccount>> f;
  for (const auto& facet : result.facets)
    for (const auto& v : facet.values) f[facet.name][v.value] = v.count;
  EXPECT_EQ(f["unit"]["recommendation"], result.total);
  // The sample report's 92.8, the fixture's 80.1 and the French fixture's
  // 90.3, "(Norvège)".
  EXPECT_EQ(f["by"]["NOR"], 3u);
  EXPECT_EQ(f["by"]["MDV"], 1u);
  Xapian::doccount kinds = 0;
  for (const auto& [k, n] : f["kind"]) kinds += n;
  EXPECT_EQ(kinds, result.total);  // one kind per unit
}

TEST_F(QueryIndexTest, TwoThreadsGiveWhatOneEnquireGives) {
  auto parallel = Searcher::open(*dir_ / "idx");
  ASSERT_TRUE(parallel.ok());
  parallel->set_parallel_min_documents(0);  // split even this small index
  searcher_->set_parallel_min_documents(std::numeric_limits<Xapian::doccount>::max());
  std::size_t compared = 0;
  for (const char* q : {"unit:recommendation", "rights", "housing OR water", "ratif*", "\"human rights\"",
                        "women NOT violence", "state:usa", "environment NEAR/5 pollution"}) {
    for (SortOrder order : {SortOrder::relevance, SortOrder::date_ascending, SortOrder::date_descending}) {
      for (std::size_t offset : {0u, 3u, 17u}) {
        SearchRequest r;
        r.query = q;
        r.limit = 7;
        r.offset = offset;
        r.sort = order;
        r.facets = true;
        auto one = searcher_->search(r);
        auto two = parallel->search(r);
        ASSERT_TRUE(one.ok() && two.ok()) << q;
        EXPECT_EQ(one->total, two->total) << q;
        ASSERT_EQ(one->hits.size(), two->hits.size()) << q << " offset " << offset;
        for (std::size_t i = 0; i < one->hits.size(); ++i) {
          EXPECT_EQ(one->hits[i].id, two->hits[i].id) << q << " offset " << offset << " rank " << i;
          EXPECT_DOUBLE_EQ(one->hits[i].score, two->hits[i].score) << q;
          EXPECT_EQ(one->hits[i].snippet, two->hits[i].snippet) << q;
        }
        std::map<std::string, std::map<std::string, Xapian::doccount>> f1, f2;
        for (const auto& f : one->facets)
          for (const auto& v : f.values) f1[f.name][v.value] = v.count;
        for (const auto& f : two->facets)
          for (const auto& v : f.values) f2[f.name][v.value] = v.count;
        EXPECT_EQ(f1, f2) << q;
        compared += one->hits.size();
      }
    }
  }
  EXPECT_GT(compared, 100u) << "the queries should fill pages";
}

TEST_F(QueryIndexTest, CollapseKeepsOneUnitPerDocument) {
  SearchRequest r;
  r.query = "unit:recommendation";
  r.limit = 100;
  r.collapse = true;
  auto result = search(r);
  std::set<std::string> docs;
  for (const auto& h : result.hits) EXPECT_TRUE(docs.insert(h.document_id).second) << h.document_id;
  EXPECT_EQ(result.total, result.hits.size());
}

// Xapian's collapsed estimate is not exact even when every match is
// checked: it said 20 where 15 documents held 55 units matching
// "recommend". The total of a collapsed page counts the documents, whatever
// the page's size.
TEST_F(QueryIndexTest, CollapsedTotalIsTheNumberOfDocumentsAtAnyPageSize) {
  std::size_t compared = 0;
  for (const char* q : {"recommend", "unit:recommendation", "rights", "state OR party", "kind:upr-wg-report"}) {
    SearchRequest all;
    all.query = q;
    all.limit = 1000;
    const auto every = search(all);
    std::set<std::string> documents;
    for (const auto& h : every.hits) documents.insert(h.document_id);
    for (std::size_t limit : {0, 1, 3}) {
      SearchRequest r;
      r.query = q;
      r.limit = limit;
      r.collapse = true;
      EXPECT_EQ(search(r).total, documents.size()) << q << " limit " << limit;
      r.facets = true;
      EXPECT_EQ(search(r).total, documents.size()) << q << " limit " << limit << " with facets";
    }
    compared += documents.size();
  }
  EXPECT_GT(compared, 10u);
}

TEST_F(QueryIndexTest, SortByDateBothWays) {
  SearchRequest r;
  r.query = "unit:recommendation";
  r.limit = 100;
  r.sort = SortOrder::date_ascending;
  auto up = search(r);
  for (std::size_t i = 1; i < up.hits.size(); ++i) EXPECT_LE(up.hits[i - 1].date, up.hits[i].date);
  r.sort = SortOrder::date_descending;
  auto down = search(r);
  for (std::size_t i = 1; i < down.hits.size(); ++i) EXPECT_GE(down.hits[i - 1].date, down.hits[i].date);
}

TEST_F(QueryIndexTest, SimilarFindsTheSameRecommendationInOtherReports) {
  auto r = search("\"toxic waste\"");
  ASSERT_EQ(r.total, 1u);
  SimilarRequest s;
  s.id = r.hits[0].id;
  SearchRequest req;
  req.limit = 2;
  auto similar = find_similar(*searcher_, s, req);
  ASSERT_TRUE(similar.ok()) << similar.error().message();
  ASSERT_EQ(similar->hits.size(), 2u);
  std::set<std::string> numbers = {similar->hits[0].number, similar->hits[1].number};
  EXPECT_EQ(numbers, (std::set<std::string>{"92.6", "70.1"}));
  for (const auto& h : similar->hits) EXPECT_NE(h.id, s.id);
  s.id = "no-such-id";
  auto missing = find_similar(*searcher_, s, req);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message(), "no-such-id: no unit or document with this id in the index; ids are printed by search");
}

TEST_F(QueryIndexTest, CsvAndJsonCarryTheSameFields) {
  SearchRequest r;
  r.query = "pollution";
  r.facets = true;
  auto result = search(r);
  auto fields = select_fields("id,symbol,number,recommending_states,page");
  ASSERT_TRUE(fields.ok());
  WriterOptions o;
  o.fields = *fields;
  std::ostringstream csv, json, md;
  write_result(*make_writer("csv", csv, o), result, r);
  write_result(*make_writer("json", json, o), result, r);
  write_result(*make_writer("markdown", md, o), result, r);
  std::istringstream lines(json.str());
  std::string line;
  std::getline(lines, line);
  auto first = nlohmann::ordered_json::parse(line);
  std::vector<std::string> keys;
  for (auto it = first.begin(); it != first.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "symbol", "number", "recommending_states", "page"}));
  EXPECT_EQ(csv.str().substr(0, csv.str().find('\r')), "id,symbol,number,recommending_states,page");
  EXPECT_NE(csv.str().find("\r\n\r\nfacet,value,label,count\r\n"), std::string::npos);
  EXPECT_NE(json.str().find("{\"facets\":"), std::string::npos);
  EXPECT_NE(md.str().find("## Facets (over all matches)"), std::string::npos);
  EXPECT_NE(md.str().find("- **symbol**: A/HRC/"), std::string::npos);
}

TEST_F(QueryIndexTest, ExtractTakesEveryRecommendationAndMergesRepeats) {
  ExtractOptions o;
  o.dbs = {*dir_ / "idx"};
  o.words = {"disproportionate", "pollution"};
  o.command_line = "hrdex-query extract disproportionate pollution";
  auto e = make_extract(*searcher_, o);
  ASSERT_TRUE(e.ok()) << e.error().message();
  EXPECT_EQ(e->units, 3u);
  EXPECT_EQ(e->title, "Recommendations matching disproportionate pollution");
  EXPECT_EQ(e->reproduce, o.command_line);
  bool merged = false;
  for (const auto& g : e->groups)
    for (const auto& entry : g.entries) merged = merged || entry.sources.size() == 3;
  EXPECT_TRUE(merged);
}

}  // namespace
}  // namespace hrdex::query
