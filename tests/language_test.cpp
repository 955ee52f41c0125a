// Declared language codes normalised, and languages detected from text.
#include <gtest/gtest.h>

#include <filesystem>

#include "indexer/extract/extract.hpp"
#include "indexer/extract/language.hpp"

namespace hrdex::indexer::extract {
namespace {

TEST(Language, DeclaredCodesNormalised) {
  EXPECT_EQ(normalise_language_code("en"), "en");
  EXPECT_EQ(normalise_language_code("en-US"), "en");
  EXPECT_EQ(normalise_language_code("EN_gb"), "en");
  EXPECT_EQ(normalise_language_code("eng"), "en");
  EXPECT_EQ(normalise_language_code("English"), "en");
  EXPECT_EQ(normalise_language_code("fre"), "fr");
  EXPECT_EQ(normalise_language_code("Fran\xC3\xA7" "ais"), "fr");
  EXPECT_EQ(normalise_language_code("es-419"), "es");
  EXPECT_EQ(normalise_language_code("zh-Hans-CN"), "zh");
  EXPECT_EQ(normalise_language_code("pt-BR"), "pt");
  EXPECT_EQ(normalise_language_code("ger"), "de");
  EXPECT_EQ(normalise_language_code(" ru "), "ru");
  EXPECT_EQ(normalise_language_code("iw"), "he");
}

TEST(Language, UnknownDeclarationsAreEmpty) {
  EXPECT_EQ(normalise_language_code(""), "");
  EXPECT_EQ(normalise_language_code("und"), "");
  EXPECT_EQ(normalise_language_code("xx"), "");
  EXPECT_EQ(normalise_language_code("Klingon"), "");
}

TEST(Language, DetectsEachUnLanguageAndPortugueseAndGerman) {
  EXPECT_EQ(detect_language("The Committee recommends that the State party adopt a comprehensive law on the rights "
                            "of the child and that it should allocate resources for its implementation."),
            "en");
  EXPECT_EQ(detect_language("Le Comit\xC3\xA9 recommande que l'\xC3\x89tat partie adopte une loi sur les droits de "
                            "l'enfant et qu'il alloue des ressources pour sa mise en \xC5\x93uvre."),
            "fr");
  EXPECT_EQ(detect_language("El Comit\xC3\xA9 recomienda que el Estado parte adopte una ley sobre los derechos del "
                            "ni\xC3\xB1o y que asigne recursos para su aplicaci\xC3\xB3n."),
            "es");
  EXPECT_EQ(detect_language("\xD0\x9A\xD0\xBE\xD0\xBC\xD0\xB8\xD1\x82\xD0\xB5\xD1\x82 \xD1\x80\xD0\xB5\xD0\xBA\xD0\xBE"
                            "\xD0\xBC\xD0\xB5\xD0\xBD\xD0\xB4\xD1\x83\xD0\xB5\xD1\x82 \xD0\xB3\xD0\xBE\xD1\x81\xD1\x83"
                            "\xD0\xB4\xD0\xB0\xD1\x80\xD1\x81\xD1\x82\xD0\xB2\xD1\x83."),
            "ru");  // Комитет рекомендует государству.
  EXPECT_EQ(detect_language("\xD8\xAA\xD9\x88\xD8\xB5\xD9\x8A \xD8\xA7\xD9\x84\xD9\x84\xD8\xAC\xD9\x86\xD8\xA9 "
                            "\xD8\xA7\xD9\x84\xD8\xAF\xD9\x88\xD9\x84\xD8\xA9 \xD8\xA7\xD9\x84\xD8\xB7\xD8\xB1\xD9\x81."),
            "ar");  // توصي اللجنة الدولة الطرف.
  EXPECT_EQ(detect_language("\xE5\xA7\x94\xE5\x91\x98\xE4\xBC\x9A\xE5\xBB\xBA\xE8\xAE\xAE\xE7\xBC\x94\xE7\xBA\xA6"
                            "\xE5\x9B\xBD\xE9\x80\x9A\xE8\xBF\x87\xE6\xB3\x95\xE5\xBE\x8B\xE3\x80\x82"),
            "zh");  // 委员会建议缔约国通过法律。
  EXPECT_EQ(detect_language("O Comit\xC3\xAA recomenda que o Estado parte adote uma lei sobre os direitos da "
                            "crian\xC3\xA7" "a e que n\xC3\xA3o deixe de alocar recursos para a sua aplica\xC3\xA7\xC3\xA3o."),
            "pt");
  EXPECT_EQ(detect_language("Der Ausschuss empfiehlt, dass der Vertragsstaat ein Gesetz \xC3\xBC" "ber die Rechte des "
                            "Kindes verabschiedet und die Mittel f\xC3\xBCr seine Umsetzung bereitstellt."),
            "de");
}

TEST(Language, ChineseWithLatinSymbolsIsStillChinese) {
  EXPECT_EQ(detect_language("A/HRC/16/11 CERD/C/USA/CO/7 \xE5\xA7\x94\xE5\x91\x98\xE4\xBC\x9A\xE5\xBB\xBA\xE8\xAE\xAE"
                            "\xE7\xBC\x94\xE7\xBA\xA6\xE5\x9B\xBD\xE9\x80\x9A\xE8\xBF\x87\xE6\xB3\x95\xE5\xBE\x8B"),
            "zh");
}

TEST(Language, TooLittleEvidenceGivesEmpty) {
  EXPECT_EQ(detect_language(""), "");
  EXPECT_EQ(detect_language("A/HRC/16/11 92.1 2011"), "");
  EXPECT_EQ(detect_language("Freedonia"), "");
}

TEST(Language, SloveneIsNotForcedIntoAnotherLanguage) {
  EXPECT_EQ(detect_language("Varuh \xC4\x8Dlovekovih pravic je opozoril, da dr\xC5\xBE" "ava \xC5\xA1" "e ni sprejela "
                            "celovitega zakona o enakosti \xC5\xBE" "ensk in mo\xC5\xA1kih, kar je Odbor ponovno "
                            "poudaril v svojih sklepnih ugotovitvah."),
            "");
}

TEST(Language, IllFormedUtf8IsSafe) {
  EXPECT_EQ(detect_language("the \xFF\xFE of \xC3 and \xE2\x82 the"), "en");
}

TEST(Language, SettleKeepsDeclaredAndDetectsOtherwise) {
  ExtractedDocument declared;
  declared.meta.language = "es-AR";
  declared.blocks.push_back(Block{BlockKind::paragraph, "The Committee recommends that the State party act.", 0, "", 0, {}});
  settle_language(declared);
  EXPECT_EQ(declared.meta.language, "es");
  EXPECT_TRUE(declared.warnings.empty());

  ExtractedDocument unknown = declared;
  unknown.meta.language = "Klingon";
  settle_language(unknown);
  EXPECT_EQ(unknown.meta.language, "en");
  ASSERT_EQ(unknown.warnings.size(), 1u);
  EXPECT_EQ(unknown.warnings[0], "declared language 'Klingon' not recognised; detected 'en'");
}

TEST(LanguageCorpus, ClademMarkdownDetectsAsSpanish) {
  std::filesystem::path dir = std::filesystem::path(HRDEX_SHARED_CORPUS) / "civil-society" / "cladem-es";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "shared corpus not present: " << dir;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".md") continue;
    auto result = extract_file(entry.path());
    ASSERT_TRUE(result.ok()) << result.error().message();
    EXPECT_EQ(result->meta.language, "es") << entry.path();
    ++files;
  }
  EXPECT_GE(files, 100);
}

}  // namespace
}  // namespace hrdex::indexer::extract
