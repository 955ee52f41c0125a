// The six UN languages: the same report, addendum, concluding observations
// and country-visit report written in French, Spanish, Russian, Arabic and
// Chinese (tests/data/languages/, invented text laid out as the real
// documents) must give what their English counterparts in
// tests/data/understand/ give: kinds, units, recommending States,
// responses. Also State names in every language, abbreviations, language
// detection and stemmers, searching each language, language versions of
// one symbol, and the bad inputs (a language without a stemmer).
#include <gtest/gtest.h>

#include <xapian.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

#include "core/countries.hpp"
#include "core/language.hpp"
#include "core/record.hpp"
#include "indexer/add_command.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/language.hpp"
#include "indexer/ingest.hpp"
#include "indexer/understand/recommenders.hpp"
#include "indexer/write/index_writer.hpp"
#include "query/extract_command.hpp"
#include "query/search.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using hrdex::core::UnitRecord;
using hrdex::indexer::write::PreparedDocument;
using hrdex::testing::TempDir;
using hrdex::testing::test_data;

namespace {

PreparedDocument prepare(const fs::path& file, const hrdex::indexer::DocumentOverrides& o = {}) {
  auto doc = hrdex::indexer::prepare_document(file, o);
  if (!doc) ADD_FAILURE() << doc.error().message();
  return doc ? *doc : PreparedDocument{};
}

fs::path english(const std::string& name) { return test_data("understand/" + name); }
fs::path translated(const std::string& name) { return test_data("languages/" + name); }

// What must not depend on the language: per recommendation, its number,
// kind and recommending States.
using Recommendation = std::tuple<std::string, std::string, std::vector<std::string>>;
std::vector<Recommendation> recommendations(const PreparedDocument& doc) {
  std::vector<Recommendation> out;
  for (const UnitRecord& u : doc.units)
    if (u.unit_kind == "recommendation") out.emplace_back(u.number, u.unit_kind, u.recommending_states);
  return out;
}

std::map<std::string, std::string> responses(const PreparedDocument& doc) {
  std::map<std::string, std::string> out;
  for (const auto& r : doc.record.responses) out[r.number] = r.response;
  return out;
}

// Every unit's number, kind and follow-up flag: concluding observations
// and visit reports must split the same way in every language.
std::vector<std::tuple<std::string, std::string, bool>> numbered_units(const PreparedDocument& doc) {
  std::vector<std::tuple<std::string, std::string, bool>> out;
  for (const UnitRecord& u : doc.units)
    if (!u.number.empty()) out.emplace_back(u.number, u.unit_kind, u.followup);
  return out;
}

}  // namespace

TEST(Languages, UprReportInEveryLanguageMatchesTheEnglish) {
  const PreparedDocument en = prepare(english("upr-report-cycle2.txt"));
  ASSERT_EQ(recommendations(en).size(), 4u);
  for (const char* lang : {"fr", "es", "ru", "ar", "zh"}) {
    SCOPED_TRACE(lang);
    const PreparedDocument doc = prepare(translated(std::string("upr-report-") + lang + ".txt"));
    EXPECT_EQ(doc.record.language, lang);
    EXPECT_EQ(doc.record.kind, en.record.kind);
    EXPECT_EQ(doc.record.symbol, en.record.symbol);
    EXPECT_EQ(doc.record.state, en.record.state);
    EXPECT_EQ(doc.record.session, en.record.session);
    EXPECT_EQ(doc.record.review, en.record.review);
    EXPECT_EQ(recommendations(doc), recommendations(en));
    for (const UnitRecord& u : doc.units) {
      if (u.unit_kind != "recommendation") continue;
      EXPECT_EQ(u.group, "will-be-examined") << u.number;
    }
  }
  // The dates of the French and Spanish mastheads, in their own words.
  EXPECT_EQ(prepare(translated("upr-report-fr.txt")).record.date, "2031-01-04");
  EXPECT_EQ(prepare(translated("upr-report-es.txt")).record.date, "2031-01-04");
}

TEST(Languages, AddendumInEveryLanguageMatchesTheEnglish) {
  const PreparedDocument en = prepare(english("upr-addendum.txt"));
  ASSERT_EQ(responses(en).size(), 4u);
  for (const char* lang : {"fr", "es", "ru", "ar", "zh"}) {
    SCOPED_TRACE(lang);
    const PreparedDocument doc = prepare(translated(std::string("upr-addendum-") + lang + ".txt"));
    EXPECT_EQ(doc.record.kind, "upr-addendum");
    EXPECT_EQ(doc.record.answers, en.record.answers);
    EXPECT_EQ(doc.record.review, en.record.review);
    EXPECT_EQ(responses(doc), responses(en));
  }
}

// The response join across languages: each report takes the responses of
// the addendum in its own language, with the State's wording in that
// language, whatever order the files come in.
TEST(Languages, ResponsesJoinInTheAddendumsLanguage) {
  TempDir dir;
  {
    auto w = hrdex::indexer::write::IndexWriter::open(dir / "idx");
    ASSERT_TRUE(w.ok()) << w.error().message();
    for (const fs::path& f : {translated("upr-addendum-fr.txt"), english("upr-report-cycle2.txt"),
                              translated("upr-report-es.txt"), english("upr-addendum.txt"),
                              translated("upr-report-fr.txt"), translated("upr-addendum-es.txt")})
      ASSERT_TRUE(w->replace(prepare(f)).ok()) << f;
    ASSERT_TRUE(w->commit().ok());
  }
  Xapian::Database db((dir / "idx").string());
  std::map<std::string, std::map<std::string, std::pair<std::string, std::string>>> by_language;  // lang -> number -> response
  std::map<std::string, std::string> languages;                                                  // document id -> language
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const std::string data = db.get_document(*it).get_data();
    if (hrdex::core::record_level(data) == "document") {
      auto d = hrdex::core::document_from_json(data);
      languages[d->id] = d->language;
    }
  }
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const std::string data = db.get_document(*it).get_data();
    if (hrdex::core::record_level(data) != "unit") continue;
    auto u = hrdex::core::unit_from_json(data);
    if (u->unit_kind == "recommendation")
      by_language[languages[u->parent]][u->number] = {u->response, u->response_text};
  }
  for (const char* lang : {"en", "fr", "es"}) {
    SCOPED_TRACE(lang);
    ASSERT_EQ(by_language[lang].size(), 4u);
    EXPECT_EQ(by_language[lang]["115.1"].first, "supported");
    EXPECT_EQ(by_language[lang]["115.2"].first, "noted");
    EXPECT_EQ(by_language[lang]["115.4"].first, "supported");
  }
  EXPECT_EQ(by_language["en"]["115.2"].second, "Noted recommendations");
  EXPECT_EQ(by_language["fr"]["115.2"].second, "Recommandations dont il est pris note");
  EXPECT_EQ(by_language["es"]["115.1"].second, "Recomendaciones aceptadas");
}

TEST(Languages, ConcludingObservationsInFrenchAndSpanishMatchTheEnglish) {
  const PreparedDocument en = prepare(english("treaty-co.txt"));
  for (const char* lang : {"fr", "es"}) {
    SCOPED_TRACE(lang);
    const PreparedDocument doc = prepare(translated(std::string("treaty-co-") + lang + ".txt"));
    EXPECT_EQ(doc.record.kind, "treaty-co");
    EXPECT_EQ(doc.record.body, "cerd");
    EXPECT_EQ(doc.record.report_cycle, "7-9");
    EXPECT_EQ(numbered_units(doc), numbered_units(en));
    // "paragraphe 1 de l'article 9" cites the Convention, not a paragraph.
    EXPECT_EQ(doc.record.followup_paragraphs, en.record.followup_paragraphs);
    EXPECT_EQ(doc.record.next_report_date, "2035-01-04");
  }
}

TEST(Languages, CountryVisitReportInEnglishAndFrench) {
  for (const char* name : {"special-procedures-visit.txt", "special-procedures-visit-fr.txt"}) {
    SCOPED_TRACE(name);
    const PreparedDocument doc = prepare(translated(name));
    EXPECT_EQ(doc.record.kind, "special-procedures");
    EXPECT_EQ(doc.record.symbol, "A/HRC/99/40/Add.2");
    EXPECT_EQ(doc.record.state, "SVN");
    std::vector<std::string> recommended;
    for (const UnitRecord& u : doc.units)
      if (u.unit_kind == "recommendation") recommended.push_back(u.number);
    // The recommendations section: 41's two items and 42; not the
    // conclusions' concern (40) nor the legal framework's (2).
    EXPECT_EQ(recommended, (std::vector<std::string>{"41 (a)", "41 (b)", "42"}));
  }
  EXPECT_EQ(prepare(translated("special-procedures-visit.txt")).record.mandate,
            "Special Rapporteur on the right to adequate housing");
  EXPECT_EQ(prepare(translated("special-procedures-visit-fr.txt")).record.mandate,
            "Rapporteuse spéciale sur le droit à un logement convenable");
}

TEST(Languages, DetectionAndStemmers) {
  for (const auto& [file, lang, stemmer] :
       {std::tuple{"upr-report-fr.txt", "fr", "french"}, std::tuple{"upr-report-es.txt", "es", "spanish"},
        std::tuple{"upr-report-ru.txt", "ru", "russian"}, std::tuple{"upr-report-ar.txt", "ar", "arabic"},
        std::tuple{"upr-report-zh.txt", "zh", "none"}}) {
    auto doc = hrdex::indexer::extract::extract_file(translated(file));
    ASSERT_TRUE(doc.ok()) << doc.error().message();
    EXPECT_EQ(doc->meta.language, lang) << file;
    EXPECT_EQ(hrdex::core::stemmer_name(lang), stemmer);
    if (std::string_view(stemmer) != "none") {
      EXPECT_NO_THROW(Xapian::Stem{stemmer}) << stemmer;
    }
  }
  // Xapian's Arabic stemmer takes the article and suffixes off.
  EXPECT_EQ(Xapian::Stem("arabic")("التوصيات"), Xapian::Stem("arabic")("توصية"));
}

TEST(Languages, StateNamesInEveryUnLanguage) {
  auto table = hrdex::core::CountryTable::shared();
  ASSERT_TRUE(table.ok()) << table.error().message();
  const auto& t = **table;
  EXPECT_GT(t.translated_names(), 1000u);
  for (const auto& [name, iso3] : std::vector<std::pair<std::string, std::string>>{
           {"Royaume-Uni de Grande-Bretagne et d’Irlande du Nord", "GBR"},
           {"ÉTATS-UNIS D'AMÉRIQUE", "USA"},
           {"Etats-Unis d'Amérique", "USA"},
           {"Iran (République islamique d’)", "IRN"},
           {"Venezuela (République bolivarienne du)", "VEN"},
           {"République de Moldova", "MDA"},
           {"République-Unie de Tanzanie", "TZA"},
           {"Fédération de Russie", "RUS"},
           {"République démocratique du Congo", "COD"},
           {"Reino Unido de Gran Bretaña e Irlanda del Norte", "GBR"},
           {"Irán (República Islámica del)", "IRN"},
           {"Bolivia (Estado Plurinacional de)", "BOL"},
           {"Federación de Rusia", "RUS"},
           {"Соединенное Королевство Великобритании и Северной Ирландии", "GBR"},
           {"Соединённые Штаты Америки", "USA"},
           {"Иран (Исламская Республика)", "IRN"},
           {"Российская Федерация", "RUS"},
           {"الولايات المتحدة الأمريكية", "USA"},
           {"فرنسا", "FRA"},
           {"美利坚合众国", "USA"},
           {"俄罗斯联邦", "RUS"},
           {"大不列颠及北爱尔兰联合王国", "GBR"},
       })
    EXPECT_EQ(t.find(name) ? t.find(name)->iso3 : "(none)", iso3) << name;
  // iso-codes' Arabic catalogue names Moldova with the name of Maldives.
  EXPECT_EQ(t.find("المالديف")->iso3, "MDV");
}

TEST(Languages, AbbreviationsOfStatesInParentheses) {
  auto table = hrdex::core::CountryTable::shared();
  ASSERT_TRUE(table.ok());
  using hrdex::indexer::understand::trailing_recommenders;
  EXPECT_EQ(trailing_recommenders("Ratify the Convention (UK) (USA);", **table).iso3,
            (std::vector<std::string>{"GBR", "USA"}));
  EXPECT_EQ(trailing_recommenders("End child labour (DRC, Brazil).", **table).iso3,
            (std::vector<std::string>{"COD", "BRA"}));
  EXPECT_EQ(trailing_recommenders("Ratifier la Convention (RDC) ;", **table).iso3, (std::vector<std::string>{"COD"}));
  EXPECT_EQ(trailing_recommenders("Ратифицировать Конвенцию (США);", **table).iso3, (std::vector<std::string>{"USA"}));
  EXPECT_EQ(trailing_recommenders("Ratificar la Convención (Francia y Alemania);", **table).iso3,
            (std::vector<std::string>{"FRA", "DEU"}));
  EXPECT_EQ(trailing_recommenders("批准公约（葡萄牙、斯洛伐克）；", **table).iso3, (std::vector<std::string>{"PRT", "SVK"}));
  // Other capitals in parentheses are not States.
  EXPECT_TRUE(trailing_recommenders("Implement the goals (MDG);", **table).iso3.empty());
  EXPECT_EQ((*table)->find("UK")->iso3, "GBR");  // by:UK
}

// Bad input: a language Xapian has no stemmer for is indexed unstemmed,
// with a warning; nothing is lost.
TEST(Languages, LanguageWithoutStemmerIsAWarning) {
  hrdex::indexer::DocumentOverrides o;
  o.language = "sl";
  const PreparedDocument doc = prepare(test_data("text/slovenian_windows1250.txt"), o);
  EXPECT_EQ(doc.record.language, "sl");
  ASSERT_FALSE(doc.units.empty());
  bool warned = false;
  for (const auto& w : doc.record.warnings)
    warned = warned || w == "no stemmer for language 'sl' (Slovenian): its words are indexed and searched as written";
  EXPECT_TRUE(warned) << ::testing::PrintToString(doc.record.warnings);
  // Chinese has no stemmer either, but is indexed in character n-grams:
  // nothing to warn about.
  for (const auto& w : prepare(translated("upr-report-zh.txt")).record.warnings)
    EXPECT_EQ(w.find("stemmer"), std::string::npos) << w;
}

class LanguagesIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    hrdex::indexer::AddOptions options;
    options.db = *dir_ / "idx";
    options.inputs = {test_data("languages"), english("upr-report-cycle2.txt"), english("upr-addendum.txt"),
                      english("treaty-co.txt")};
    std::ostringstream out, err;
    ASSERT_EQ(hrdex::indexer::run_add(options, out, err), hrdex::indexer::kExitOk) << err.str();
  }
  static void TearDownTestSuite() { delete dir_; }
  hrdex::query::SearchResult search(const std::string& q, bool collapse_languages = false) {
    auto s = hrdex::query::Searcher::open(*dir_ / "idx");
    EXPECT_TRUE(s.ok());
    hrdex::query::SearchRequest r;
    r.query = q;
    r.limit = 100;
    r.collapse_languages = collapse_languages;
    auto result = s->search(r);
    EXPECT_TRUE(result.ok()) << result.error().message();
    return result.ok() ? *result : hrdex::query::SearchResult{};
  }
  static std::vector<std::string> hit_languages(const hrdex::query::SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.language + " " + h.number);
    std::sort(out.begin(), out.end());
    return out;
  }
  static TempDir* dir_;
};
TempDir* LanguagesIndexTest::dir_ = nullptr;

TEST_F(LanguagesIndexTest, EachLanguageIsSearchedWithItsOwnStemmer) {
  // "Ratify the convention" in each language, another form of each word.
  EXPECT_EQ(hit_languages(search("ratifiera imaginaire")), (std::vector<std::string>{"fr 115.1"}));
  EXPECT_EQ(hit_languages(search("ratificando convenciones")), (std::vector<std::string>{"es 115.1"}));
  EXPECT_EQ(hit_languages(search("ратифицировал конвенции")), (std::vector<std::string>{"ru 115.1"}));
  EXPECT_EQ(hit_languages(search("التصديق الاتفاقيات")), (std::vector<std::string>{"ar 115.1"}));
  // Chinese has no spaces: two characters of a longer run are found.
  EXPECT_EQ(hit_languages(search("公约")), (std::vector<std::string>{"zh 115.1"}));
  EXPECT_EQ(hit_languages(search("批准 lang:zh")), (std::vector<std::string>{"zh 115.1"}));
  EXPECT_EQ(search("公约 lang:fr").total, 0u);
}

TEST_F(LanguagesIndexTest, LanguageVersionsOfOneSymbolAreLinkedAndCollapse) {
  // 115.1 in six languages, each with France and Lithuania.
  auto all = search("by:FRA by:LTU kind:upr-wg-report");
  EXPECT_EQ(all.total, 6u);
  for (const auto& h : all.hits) {
    std::vector<std::string> others = {"ar", "en", "es", "fr", "ru", "zh"};
    others.erase(std::find(others.begin(), others.end(), h.language));
    EXPECT_EQ(h.other_languages, others) << h.language;
  }
  auto one = search("by:FRA by:LTU kind:upr-wg-report", true);
  EXPECT_EQ(one.total, 1u);
  ASSERT_EQ(one.hits.size(), 1u);
  EXPECT_EQ(one.hits[0].number, "115.1");
  // Every recommendation once, whatever the number of versions.
  EXPECT_EQ(search("unit:recommendation kind:upr-wg-report", true).total, 4u);
  EXPECT_EQ(search("unit:recommendation kind:upr-wg-report lang:es").total, 4u);
}

TEST_F(LanguagesIndexTest, FollowupFilterAndSubItemUnits) {
  // 13 (a) and 13 (b) in English, French and Spanish.
  auto r = search("followup:yes");
  EXPECT_EQ(hit_languages(r), (std::vector<std::string>{"en 13 (a)", "en 13 (b)", "es 13 (a)", "es 13 (b)",
                                                         "fr 13 (a)", "fr 13 (b)"}));
  for (const auto& h : r.hits) EXPECT_EQ(h.unit_kind, "recommendation");
  EXPECT_EQ(search("followup:yes profilage").total, 1u);
}

TEST_F(LanguagesIndexTest, ExtractsSayWhichBodyOrMandateMadeEachRecommendation) {
  auto s = hrdex::query::Searcher::open(*dir_ / "idx");
  ASSERT_TRUE(s.ok());
  hrdex::query::ExtractOptions o;
  o.dbs = {*dir_ / "idx"};
  o.words = {"lang:en", "(evictions", "OR", "profiling", "OR", "invented", "OR", "housing)"};
  auto e = hrdex::query::make_extract(*s, o);
  ASSERT_TRUE(e.ok()) << e.error().message();
  std::map<std::string, std::string> by;  // citation -> made by
  for (const auto& g : e->groups)
    for (const auto& entry : g.entries)
      for (const auto& src : entry.sources) by[src.symbol + " " + src.number] = hrdex::query::made_by(src);
  EXPECT_EQ(by["A/HRC/99/40/Add.2 41 (a)"], "Special Rapporteur on the right to adequate housing");
  EXPECT_EQ(by["CERD/C/FRE/CO/7-9 13 (a)"], "CERD");
  EXPECT_EQ(by["A/HRC/99/15 115.1"], "FRA, LTU");
  EXPECT_EQ(e->counts.by_body["Special Rapporteur on the right to adequate housing"], 3u);
}

// Text files carry their masthead as their first block; the title is the
// one printed below it, in the document's language (an addendum's word for
// "addendum" too), whatever the script.
TEST(Languages, PrintedTitlesInEveryLanguage) {
  for (const auto& [file, title] : std::vector<std::pair<std::string, std::string>>{
           {"upr-addendum-fr.txt", "Rapport du Groupe de travail sur l’Examen périodique universel: Slovénie, additif"},
           {"upr-addendum-es.txt", "Informe del Grupo de Trabajo sobre el Examen Periódico Universal: Eslovenia, adición"},
           {"upr-addendum-ru.txt", "Доклад Рабочей группы по универсальному периодическому обзору: Словения, Добавление"},
           {"upr-addendum-ar.txt", "تقرير الفريق العامل المعني بالاستعراض الدوري الشامل: سلوفينيا, إضافة"},
           {"upr-addendum-zh.txt", "普遍定期审议工作组报告: 斯洛文尼亚, 增编"},
           {"upr-report-ru.txt", "Доклад Рабочей группы по универсальному периодическому обзору: Фридония"},
           {"upr-report-zh.txt", "普遍定期审议工作组报告: 弗里多尼亚"},
           {"treaty-co-es.txt",
            "Observaciones finales sobre los informes periódicos séptimo a noveno combinados de Freedonia"},
       }) {
    SCOPED_TRACE(file);
    EXPECT_EQ(prepare(translated(file)).record.title, title);
  }
  EXPECT_EQ(prepare(translated("special-procedures-visit.txt")).record.title.substr(0, 37),
            "Report of the Special Rapporteur on t");
}
