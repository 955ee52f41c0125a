// Treaty bodies and language versions: the nine committees' symbols, the
// follow-up request of a real CERD document, the bundled sample's lettered
// list items, and the two language versions of Italy's national report in
// ../shared/corpus (skipped when that folder is absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <tuple>

#include "core/countries.hpp"
#include "indexer/add_command.hpp"
#include "indexer/ingest.hpp"
#include "indexer/understand/document_info.hpp"
#include "query/search.hpp"
#include "tests/index_support.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using hrdex::indexer::extract::Block;
using hrdex::indexer::extract::BlockKind;
using hrdex::indexer::extract::ExtractedDocument;
using hrdex::testing::TempDir;

namespace {

ExtractedDocument masthead(const std::string& symbol, const std::string& title) {
  ExtractedDocument doc;
  doc.blocks.push_back(Block{BlockKind::paragraph, "United Nations " + symbol, 1, "", 0, {}});
  doc.blocks.push_back(Block{BlockKind::heading, title, 1, "", 1, {}});
  doc.blocks.push_back(Block{BlockKind::paragraph, "1. The Committee considered the report.", 1, "", 0, {}});
  return doc;
}

const hrdex::core::UnitRecord* unit(const hrdex::indexer::write::PreparedDocument& doc, const std::string& number) {
  for (const auto& u : doc.units)
    if (u.number == number) return &u;
  return nullptr;
}

fs::path shared(const std::string& relative) { return fs::path(HRDEX_SHARED_CORPUS) / relative; }

}  // namespace

TEST(TreatyBodies, EveryCommitteesSymbolGivesBodyStateAndCycle) {
  auto countries = hrdex::core::CountryTable::shared();
  ASSERT_TRUE(countries.ok());
  for (const auto& [symbol, body, state, cycle] : std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
           {"CCPR/C/USA/CO/4", "ccpr", "USA", "4"},
           {"E/C.12/DEU/CO/6", "cescr", "DEU", "6"},
           {"CEDAW/C/FRA/CO/7-8", "cedaw", "FRA", "7-8"},
           {"CRC/C/GBR/CO/6-7", "crc", "GBR", "6-7"},
           {"CRC/C/OPSC/USA/CO/3-4", "crc", "USA", "3-4"},
           {"CAT/C/MEX/CO/7", "cat", "MEX", "7"},
           {"CRPD/C/BRA/CO/1", "crpd", "BRA", "1"},
           {"CERD/C/BRA/CO/18-20", "cerd", "BRA", "18-20"},
           {"CMW/C/MEX/CO/3", "cmw", "MEX", "3"},
           {"CED/C/MEX/CO/1", "ced", "MEX", "1"},
       }) {
    SCOPED_TRACE(symbol);
    const ExtractedDocument doc = masthead(symbol, "Concluding observations on the report of the State party");
    const std::string kind = hrdex::indexer::understand::classify(doc, "co.txt");
    EXPECT_EQ(kind, "treaty-co");
    const auto info = hrdex::indexer::understand::describe(doc, kind, **countries);
    ASSERT_FALSE(info.symbols.empty());
    EXPECT_EQ(info.symbols.front(), symbol);
    EXPECT_EQ(info.body, body);
    EXPECT_EQ(info.state, state);
    EXPECT_EQ(info.report_cycle, cycle);
  }
}

// The bundled sample numbers its sub-items apart (an HTML <ol type="a">):
// they are items of paragraph 4 all the same, and "paragraphs 4 and 5"
// asks follow-up on the whole of both.
TEST(TreatyBodies, ListItemsNumberedApartAreSubItems) {
  auto doc = hrdex::indexer::prepare_document(hrdex::testing::project_corpus() / "treaty-co-sample.html");
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  ASSERT_NE(unit(*doc, "4 (a)"), nullptr);
  EXPECT_EQ(unit(*doc, "4 (a)")->unit_kind, "recommendation");
  EXPECT_EQ(unit(*doc, "4 (b)")->lead_in, "The State party should:");
  EXPECT_EQ(unit(*doc, "a"), nullptr);
  EXPECT_EQ(doc->record.followup_paragraphs, (std::vector<std::string>{"4", "5"}));
  for (const char* n : {"4", "4 (a)", "4 (b)", "5"}) EXPECT_TRUE(unit(*doc, n)->followup) << n;
  EXPECT_FALSE(unit(*doc, "3")->followup);
}

TEST(TreatyBodiesCorpus, CerdFollowUpRequestNamesItems) {
  const fs::path file = shared("treaty-bodies/CERD-Observacoes-Brasil-2022.pdf");
  if (!fs::exists(file)) GTEST_SKIP() << file << " is absent";
  auto doc = hrdex::indexer::prepare_document(file);
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ(doc->record.body, "cerd");
  EXPECT_EQ(doc->record.state, "BRA");
  EXPECT_EQ(doc->record.report_cycle, "18-20");
  // "paragraphs 17 (a) (right to health ...), 19 (c) (...), 23 (a) (...)
  // and 36 (a)–(d) (...)", as the request prints them.
  EXPECT_EQ(doc->record.followup_paragraphs,
            (std::vector<std::string>{"17 (a)", "19 (c)", "23 (a)", "36 (a)", "36 (b)", "36 (c)", "36 (d)"}));
  std::vector<std::string> flagged;
  for (const auto& u : doc->units)
    if (u.followup) flagged.push_back(u.number);
  EXPECT_EQ(flagged, doc->record.followup_paragraphs);
  ASSERT_NE(unit(*doc, "17 (a)"), nullptr);
  EXPECT_EQ(unit(*doc, "17 (a)")->unit_kind, "recommendation");
  ASSERT_NE(unit(*doc, "16 (d)"), nullptr);
  EXPECT_EQ(unit(*doc, "16 (d)")->unit_kind, "concern");
}

TEST(TreatyBodiesCorpus, ItalysReportInEnglishAndFrenchAreVersionsOfOneSymbol) {
  const fs::path folder = shared("languages");
  if (!fs::exists(folder)) GTEST_SKIP() << folder << " is absent";
  TempDir dir;
  auto s = hrdex::testing::index_and_open(dir, {folder});
  ASSERT_TRUE(s);
  hrdex::query::SearchRequest r;
  r.query = "symbol:A/HRC/WG.6/7/ITA/1";
  r.documents = true;
  auto found = s->search(r);
  ASSERT_TRUE(found.ok()) << found.error().message();
  ASSERT_EQ(found->hits.size(), 2u);
  std::vector<std::string> languages;
  for (const auto& h : found->hits) {
    languages.push_back(h.language);
    EXPECT_EQ(h.doc_kind, "upr-national-report");
    EXPECT_EQ(h.state, "ITA");
    EXPECT_EQ(h.date, "2009-11-16");  // "16 November 2009", "16 novembre 2009"
    EXPECT_EQ(h.other_languages, (std::vector<std::string>{h.language == "en" ? "fr" : "en"}));
  }
  std::sort(languages.begin(), languages.end());
  EXPECT_EQ(languages, (std::vector<std::string>{"en", "fr"}));
  r.collapse_languages = true;
  found = s->search(r);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->total, 1u);
  // Each language's words find its own version: "Constitution" is in both,
  // stemmed the English way in one and the French way in the other.
  r.documents = false;
  r.collapse_languages = false;
  r.query = "constitutionnelle lang:fr";
  found = s->search(r);
  ASSERT_TRUE(found.ok());
  EXPECT_GT(found->total, 0u);
  for (const auto& h : found->hits) EXPECT_EQ(h.language, "fr");
}
