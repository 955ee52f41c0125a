// extract_text on plain-text and Markdown fixtures we wrote
// (tests/data/text/), and on the third-party text in ../shared/corpus/us.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "indexer/extract/extract.hpp"

namespace hrdex::indexer::extract {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(HRDEX_TEST_DATA) + "/text/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

ExtractedDocument extract_fixture(const std::string& name, Format format = Format::text) {
  auto result = extract_text(read_fixture(name), format);
  EXPECT_TRUE(result.ok()) << name << ": " << (result.ok() ? "" : result.error().message());
  return result.ok() ? std::move(result).value() : ExtractedDocument{};
}

std::string all_text(const ExtractedDocument& doc) {
  std::string text;
  for (const Block& b : doc.blocks) text += b.text + "\n";
  return text;
}

const Block* find_block(const ExtractedDocument& doc, std::string_view starts) {
  for (const Block& b : doc.blocks)
    if (b.text.rfind(starts, 0) == 0) return &b;
  return nullptr;
}

TEST(Text, FormFeedsArePageBreaks) {
  ExtractedDocument doc = extract_fixture("upr_report_pages.txt");
  EXPECT_EQ(doc.meta.page_count, 3);
  const Block* first = find_block(doc, "1. The Working Group held its review");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->page, 1);
  const Block* item = find_block(doc, "(a) Adopt a national action plan;");
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->page, 2);
  EXPECT_EQ(item->kind, BlockKind::list_item);
}

TEST(Text, RecommendationCrossingPageBreakStaysWhole) {
  ExtractedDocument doc = extract_fixture("upr_report_pages.txt");
  const Block* b = find_block(doc, "92.3 Strengthen");
  ASSERT_NE(b, nullptr) << all_text(doc);
  EXPECT_EQ(b->text,
            "92.3 Strengthen the measures taken to combat trafficking in persons and to protect its victims, in "
            "particular women and children, through awareness-raising campaigns and the training of law "
            "enforcement officials (Grand Fenwick, Latveria);");
  EXPECT_EQ(b->page, 1);
}

// A letter's salutation and closing are paragraphs of their own; a
// sentence broken at a comma across a blank line still joins.
TEST(Text, SalutationIsAParagraphButACommaMidSentenceJoins) {
  auto letter = extract_text(
      "Dear Minister,\n\nWe urge you to carry out the invented plan.\n\nYours sincerely,\n\nA. Writer\n\n"
      "In accordance with the invented resolution of the Council, adopted in 2030 after a long debate,\n\n"
      "The Government agreed to report.\n",
      Format::text);
  ASSERT_TRUE(letter.ok());
  ASSERT_GE(letter->blocks.size(), 4u) << all_text(*letter);
  EXPECT_EQ(letter->blocks[0].text, "Dear Minister,");
  EXPECT_EQ(letter->blocks[1].text, "We urge you to carry out the invented plan.");
  EXPECT_EQ(letter->blocks[2].text, "Yours sincerely,");
  EXPECT_NE(find_block(*letter, "In accordance with the invented resolution of the Council, adopted in 2030 after a long "
                                "debate, The Government agreed to report."),
            nullptr)
      << all_text(*letter);
}

TEST(Text, RunningHeaderAndPageNumbersDropped) {
  ExtractedDocument doc = extract_fixture("upr_report_pages.txt");
  for (const Block& b : doc.blocks) {
    EXPECT_EQ(b.text.find("A/HRC/99/12"), std::string::npos) << b.text;
    EXPECT_NE(b.text, "3");
    EXPECT_NE(b.text, "4");
  }
  // Kept apart, as PDF extraction keeps them: the symbol names the document.
  EXPECT_EQ(doc.meta.running_headers, (std::vector<std::string>{"A/HRC/99/12"}));
}

TEST(Text, NumberedParagraphsStartNewBlocks) {
  ExtractedDocument doc = extract_fixture("upr_report_pages.txt");
  EXPECT_NE(find_block(doc, "92. The following recommendations enjoy the support of Freedonia:"), nullptr);
  const Block* b = find_block(doc, "92.1 Ratify");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->text, "92.1 Ratify the Optional Protocol to the Convention against Torture (Ruritania);");
  EXPECT_EQ(b->kind, BlockKind::paragraph);
  EXPECT_EQ(b->number, "");  // a typed number stays in the text
}

TEST(Text, HeadingsBulletsAndNotes) {
  ExtractedDocument doc = extract_fixture("upr_report_pages.txt");
  const Block* h = find_block(doc, "II. Conclusions and/or recommendations");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->kind, BlockKind::heading);
  EXPECT_EQ(h->level, 1);
  const Block* bullet = find_block(doc, "Consult civil society organizations.");
  ASSERT_NE(bullet, nullptr);
  EXPECT_EQ(bullet->kind, BlockKind::list_item);
  const Block* note = find_block(doc, "1 See A/HRC/99/1, para. 4.");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->kind, BlockKind::footnote);
  EXPECT_EQ(note->page, 3);
}

TEST(Text, TextWithoutFormFeedsHasNoPages) {
  auto result = extract_text("Line one of a note.\n\nSecond paragraph.\n", Format::text);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->meta.page_count, 0);
  ASSERT_EQ(result->blocks.size(), 2u);
  EXPECT_EQ(result->blocks[1].page, 0);
}

TEST(Text, CarriageReturnLineEnds) {
  auto result = extract_text("First paragraph.\r\rSecond paragraph.\r\n", Format::text);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->blocks.size(), 2u);
  EXPECT_EQ(result->blocks[1].text, "Second paragraph.");
}

TEST(Text, EmptyTextIsAClearError) {
  auto result = extract_text(" \n\f\n \t\n", Format::text);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "no text in file (only white space or markup)");
}

TEST(Text, Utf16FixturesDecode) {
  for (std::string name : {"utf16le_no_bom.txt", "utf16be_bom.txt"}) {
    ExtractedDocument doc = extract_fixture(name);
    EXPECT_NE(find_block(doc, "92.2 Establish a national human rights institution"), nullptr) << name;
  }
}

TEST(Text, InvalidBytesReplacedWithWarning) {
  ExtractedDocument doc = extract_fixture("invalid_bytes.txt");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_EQ(doc.warnings[0], "1 byte sequence not valid UTF-8 replaced with U+FFFD");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text, "Le Comit\xC3\xA9 note \xEF\xBF\xBD( que l\xE2\x80\x99\xC3\x89tat a re\xC3\xA7u des plaintes.");
}

TEST(TextMarkdown, FrontMatterGivesMetadataAndIsNotText) {
  ExtractedDocument doc = extract_fixture("concluding_observations.md", Format::markdown);
  EXPECT_EQ(doc.meta.title, "Observaciones finales sobre el informe de Ruritania");
  EXPECT_EQ(doc.meta.author, "Invented Network");
  EXPECT_EQ(doc.meta.created, "2031-05-02");
  EXPECT_EQ(all_text(doc).find("layout"), std::string::npos);
}

// A static site files each page under categories or tags; a series of
// booklets names the State each is about only there.
TEST(TextMarkdown, FrontMatterCategoriesTagsAndCountryAreTheFilesKeywords) {
  auto block_list = extract_text(
      "---\nlayout: apartado\ntitle: \"Observaciones\"\ncategories:\n   - \"Bolivia\"\n   - 'informes'\n"
      "cover: img/portada.png\n---\n# Observaciones\n\n1. El examen de Chile se llev\xC3\xB3 a cabo.\n",
      Format::markdown);
  ASSERT_TRUE(block_list.ok());
  EXPECT_EQ(block_list->meta.keywords, (std::vector<std::string>{"Bolivia", "informes"}));
  EXPECT_EQ(all_text(*block_list).find("portada"), std::string::npos);

  auto flow = extract_text("---\ntags: [UPR, \"Costa Rica\"]\ncountry: Bolivia, Plurinational State of\n---\nText.\n",
                           Format::markdown);
  ASSERT_TRUE(flow.ok());
  EXPECT_EQ(flow->meta.keywords, (std::vector<std::string>{"UPR", "Costa Rica", "Bolivia, Plurinational State of"}));

  // Only front matter: a list in the text is no keyword, and plain text
  // has no front matter.
  auto none = extract_text("---\ntitle: A\n---\ncategories:\n- Chile\n", Format::markdown);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->meta.keywords.empty());
  auto text = extract_text("---\ncategories: Chile\n---\nA letter.\n", Format::text);
  ASSERT_TRUE(text.ok());
  EXPECT_TRUE(text->meta.keywords.empty());
}

TEST(TextMarkdown, HeadingsListsTablesFootnotes) {
  ExtractedDocument doc = extract_fixture("concluding_observations.md", Format::markdown);
  const Block* h = find_block(doc, "C. Principales motivos de preocupaci\xC3\xB3n y recomendaciones");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->kind, BlockKind::heading);
  EXPECT_EQ(h->level, 2);
  EXPECT_EQ(h->text, "C. Principales motivos de preocupaci\xC3\xB3n y recomendaciones");  // [^1] removed

  const Block* p14 = find_block(doc, "El Comit\xC3\xA9 observa");
  ASSERT_NE(p14, nullptr);
  EXPECT_EQ(p14->kind, BlockKind::list_item);
  EXPECT_EQ(p14->number, "14.");
  EXPECT_EQ(p14->text, "El Comit\xC3\xA9 observa con preocupaci\xC3\xB3n que la legislaci\xC3\xB3n vigente no protege "
                       "plenamente a las mujeres rurales contra la discriminaci\xC3\xB3n.");
  const Block* cont = find_block(doc, "El Comit\xC3\xA9 recomienda que el Estado parte");
  ASSERT_NE(cont, nullptr);
  EXPECT_EQ(cont->kind, BlockKind::list_item);  // indented paragraph of item 14
  EXPECT_EQ(cont->number, "");
  const Block* p15 = find_block(doc, "El Comit\xC3\xA9 recomienda adem\xC3\xA1s");
  ASSERT_NE(p15, nullptr);
  EXPECT_EQ(p15->text, "El Comit\xC3\xA9 recomienda adem\xC3\xA1s que se revisen las leyes sobre violencia dom\xC3\xA9stica.");

  std::vector<const Block*> rows;
  for (const Block& b : doc.blocks)
    if (b.kind == BlockKind::table_row) rows.push_back(&b);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1]->cells, (std::vector<std::string>{"14", "Aceptada"}));

  const Block* note = find_block(doc, "CCPR/C/RUR/CO/5");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->kind, BlockKind::footnote);
  EXPECT_EQ(note->number, "1");
  EXPECT_NE(find_block(doc, "Texto con c\xC3\xB3" "digo y escape *literal*."), nullptr);
}

TEST(TextMarkdown, ExtractFileDetectsSpanish) {
  auto result = extract_file(std::string(HRDEX_TEST_DATA) + "/text/concluding_observations.md");
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->format, Format::markdown);
  EXPECT_EQ(result->meta.language, "es");
}

// ../shared/corpus/us: text exported from PDF by a third party, one
// paragraph per line, with running headers, page numbers and footnotes.
TEST(TextCorpus, UsCompilationExtractsSensibly) {
  std::filesystem::path file = std::filesystem::path(HRDEX_SHARED_CORPUS) / "us" / "compilation_USA_2.txt";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "shared corpus not present: " << file;
  auto result = extract_file(file);
  ASSERT_TRUE(result.ok()) << result.error().message();
  const ExtractedDocument& doc = *result;
  EXPECT_EQ(doc.meta.language, "en");
  EXPECT_GE(doc.meta.page_count, 10);
  for (const Block& b : doc.blocks) {
    EXPECT_EQ(b.text.find("A/HRC/WG.6/50/USA/2"), std::string::npos) << b.text.substr(0, 120);
    EXPECT_EQ(b.text.find("GE.25-13106"), std::string::npos) << b.text.substr(0, 120);
  }
  // Paragraph 5 runs across the first page break and must stay one block.
  const Block* p5 = find_block(doc, "5. ");
  ASSERT_NE(p5, nullptr);
  EXPECT_NE(p5->text.find("international agreements and institutions"), std::string::npos);
  EXPECT_EQ(p5->page, 1);
  const Block* h = find_block(doc, "I. Background");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->kind, BlockKind::heading);
}

TEST(TextCorpus, UsTextFilesDetectAsEnglish) {
  std::filesystem::path dir = std::filesystem::path(HRDEX_SHARED_CORPUS) / "us";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "shared corpus not present: " << dir;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    auto result = extract_file(entry.path());
    ASSERT_TRUE(result.ok()) << result.error().message();
    EXPECT_EQ(result->meta.language, "en") << entry.path();
    EXPECT_TRUE(result->warnings.empty()) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 2);
}

}  // namespace
}  // namespace hrdex::indexer::extract
