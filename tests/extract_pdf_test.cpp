// extract_pdf on fixtures we generate (scripts/make-fixtures-pdf writes
// tests/data/pdf/ from invented text), the layout rules on hand-made word
// boxes, the shared normalisation module, and the third-party PDFs in
// ../shared/corpus when that folder is present.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "indexer/extract/extract.hpp"
#include "indexer/extract/pdf_layout.hpp"
#include "indexer/extract/unicode.hpp"
#include "indexer/ingest.hpp"
#include "test_support.hpp"

namespace hrdex::indexer::extract {
namespace {

namespace fs = std::filesystem;

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(HRDEX_TEST_DATA) + "/pdf/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

ExtractedDocument extract_fixture(const std::string& name) {
  auto result = extract_pdf(read_fixture(name));
  EXPECT_TRUE(result.ok()) << name << ": " << (result.ok() ? "" : result.error().message());
  return result.ok() ? std::move(result).value() : ExtractedDocument{};
}

std::string fixture_error(const std::string& name) {
  auto result = extract_pdf(read_fixture(name));
  EXPECT_FALSE(result.ok()) << name << " should fail";
  return result.ok() ? std::string() : result.error().message();
}

const Block* find_block(const ExtractedDocument& doc, std::string_view starts) {
  for (const Block& b : doc.blocks)
    if (b.text.starts_with(starts)) return &b;
  return nullptr;
}

std::string all_text(const ExtractedDocument& doc) {
  std::string text;
  for (const Block& b : doc.blocks) text += b.text + "\n";
  return text;
}

fs::path shared_corpus() { return fs::path(HRDEX_SHARED_CORPUS); }

// --- the generated fixture ------------------------------------------------

TEST(PdfFixture, BlocksInOrderWithPages) {
  ExtractedDocument doc = extract_fixture("recommendations.pdf");
  ASSERT_EQ(doc.blocks.size(), 9u) << all_text(doc);
  const std::vector<std::pair<BlockKind, std::string>> expected = {
      {BlockKind::heading, "II. Conclusions and recommendations"},
      {BlockKind::paragraph,
       "100. The recommendations below were examined by Freedonia, which supports them and will report on their "
       "implementation at the next review."},
      {BlockKind::paragraph, "100.1 Ratify the Optional Protocol to the Convention against Torture (Ruritania);"},
      {BlockKind::paragraph,
       "100.2 Strengthen the office of the ombudsperson and ensure its independence (Borduria); Establish a "
       "follow-up mechanism for the recommendations of treaty bodies (Syldavia);"},
      {BlockKind::paragraph,
       "100.3 Continue the dialogue with civil society on the rights of Timor-Leste nationals living in the country "
       "(Elbonia);"},
      {BlockKind::paragraph,
       "100.4 Adopt a national plan on the rights of persons with disabilities and allocate resources to it, "
       "including to the follow-up of the plan by independent experts, in consultation with the organizations "
       "that represent them, and publish yearly reports on its progress (Genovia); Take further measures to "
       "combat discrimination against migrants (Latveria);"},
      {BlockKind::footnote, "Statements that could not be delivered are posted on the extranet."},
      {BlockKind::paragraph, "100.5 Invite the Special Rapporteur on the right to education (Wakanda)."},
      {BlockKind::paragraph,
       "101. All conclusions and recommendations reflect the position of the submitting States and the State under "
       "review."},
  };
  const std::vector<int> pages = {1, 1, 1, 1, 1, 1, 1, 2, 2};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(doc.blocks[i].kind, expected[i].first) << i << ": " << doc.blocks[i].text;
    EXPECT_EQ(doc.blocks[i].text, expected[i].second) << i;
    EXPECT_EQ(doc.blocks[i].page, pages[i]) << i;
  }
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(PdfFixture, RunningHeaderPageNumbersAndJobNumberAreGone) {
  std::string text = all_text(extract_fixture("recommendations.pdf"));
  EXPECT_EQ(text.find("A/HRC/99/1"), std::string::npos) << text;
  EXPECT_EQ(text.find("GE.99"), std::string::npos) << text;
  for (const Block& b : extract_fixture("recommendations.pdf").blocks) {
    EXPECT_NE(b.text, "1");
    EXPECT_NE(b.text, "2");
  }
  // Kept aside, for understanding to find the document's symbol in; page
  // numbers and the job number are not running headers.
  EXPECT_EQ(extract_fixture("recommendations.pdf").meta.running_headers, (std::vector<std::string>{"A/HRC/99/1"}));
}

TEST(PdfFixture, TheSymbolInTheRunningHeaderIsTheDocumentsSymbol) {
  auto doc = indexer::prepare_document(hrdex::testing::test_data("pdf/recommendations.pdf"));
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ(doc->record.symbol, "A/HRC/99/1");
}

TEST(PdfFixture, ParagraphAcrossPageBreakIsWhole) {
  ExtractedDocument doc = extract_fixture("recommendations.pdf");
  const Block* b = find_block(doc, "100.4 ");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->page, 1);
  EXPECT_NE(b->text.find("publish yearly reports on its progress (Genovia);"), std::string::npos) << b->text;
  EXPECT_TRUE(b->text.ends_with("(Latveria);")) << b->text;
  EXPECT_EQ(find_block(doc, "reports on its progress"), nullptr);
}

TEST(PdfFixture, FootnoteIsSeparateAndItsMarkLeavesTheText) {
  ExtractedDocument doc = extract_fixture("recommendations.pdf");
  const Block* note = find_block(doc, "Statements that could not");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->kind, BlockKind::footnote);
  EXPECT_EQ(note->number, "1");
  EXPECT_EQ(note->page, 1);
  const Block* body = find_block(doc, "100. ");
  ASSERT_NE(body, nullptr);
  EXPECT_TRUE(body->text.ends_with("at the next review.")) << body->text;
}

TEST(PdfFixture, HyphenationUndoneButCompoundsKept) {
  std::string text = all_text(extract_fixture("recommendations.pdf"));
  EXPECT_NE(text.find("their implementation at"), std::string::npos);
  EXPECT_EQ(text.find("imple-"), std::string::npos);
  EXPECT_NE(text.find("to the follow-up of the plan"), std::string::npos);  // broken at the line end
  EXPECT_NE(text.find("a follow-up mechanism"), std::string::npos);         // whole on its line
  EXPECT_NE(text.find("Timor-Leste nationals"), std::string::npos);
}

TEST(PdfFixture, LigaturesNormalised) {
  std::string text = all_text(extract_fixture("recommendations.pdf"));
  EXPECT_NE(text.find("the office of the ombudsperson"), std::string::npos);
  EXPECT_NE(text.find("recommendations reflect the"), std::string::npos);
  EXPECT_EQ(text.find("\xEF\xAC\x81"), std::string::npos);  // U+FB01
}

TEST(PdfFixture, Metadata) {
  ExtractedDocument doc = extract_fixture("recommendations.pdf");
  EXPECT_EQ(doc.format, Format::pdf);
  EXPECT_EQ(doc.meta.title, "Report of the Working Group on Freedonia");
  EXPECT_EQ(doc.meta.author, "hrdex tests");
  EXPECT_EQ(doc.meta.created, "2011-01-04");
  EXPECT_EQ(doc.meta.page_count, 2);
}

// --- failure modes --------------------------------------------------------

TEST(PdfFixture, TruncatedIsNotReadable) {
  EXPECT_EQ(fixture_error("truncated.pdf"), "not a readable PDF (damaged or truncated)");
}

TEST(PdfFixture, NotAPdfAtAll) {
  auto result = extract_pdf("%PDF-1.4\nthis is not a PDF body\n");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "not a readable PDF (damaged or truncated)");
}

TEST(PdfFixture, EncryptedWithUserPasswordNeedsIt) {
  EXPECT_EQ(fixture_error("encrypted-password.pdf"), "encrypted PDF: needs a password");
}

TEST(PdfFixture, EncryptedForbiddingCopyIsRefused) {
  EXPECT_EQ(fixture_error("encrypted-no-copy.pdf"), "encrypted PDF does not permit text extraction");
}

TEST(PdfFixture, EncryptedButExtractableIsRead) {
  ExtractedDocument doc = extract_fixture("encrypted-readable.pdf");
  ASSERT_NE(find_block(doc, "100.4 "), nullptr);
  EXPECT_TRUE(find_block(doc, "100.4 ")->text.ends_with("(Latveria);"));
}

TEST(PdfFixture, NoTextLayerAnywhereIsAnError) {
  auto result = extract_pdf(read_fixture("no-text.pdf"), OcrOptions{false, ""});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "no text layer (scanned image?); OCR is off");
}

TEST(PdfFixture, PageWithoutTextIsAWarning) {
  auto result = extract_pdf(read_fixture("blank-page.pdf"), OcrOptions{false, ""});
  ASSERT_TRUE(result.ok());
  const ExtractedDocument& doc = *result;
  EXPECT_EQ(doc.meta.page_count, 2);
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_EQ(doc.warnings[0], "page 2: no text layer (scanned image?); OCR is off");
  EXPECT_NE(find_block(doc, "100.5 Invite"), nullptr);
}

TEST(PdfFixture, FileNameIsAddedToErrors) {
  const fs::path path = fs::path(HRDEX_TEST_DATA) / "pdf" / "truncated.pdf";
  auto result = extract_file(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), path.string() + ": not a readable PDF (damaged or truncated)");
}

// --- layout rules on word boxes -------------------------------------------

PdfWord word(std::string text, double x0, double y0, double x1, double y1, bool space_after = true) {
  PdfWord w;
  w.text = std::move(text);
  w.x0 = x0;
  w.y0 = y0;
  w.x1 = x1;
  w.y1 = y1;
  w.space_after = space_after;
  return w;
}

TEST(PdfLayout, RaisedSmallDigitAfterAWordIsDropped) {
  std::vector<PdfLine> lines = build_lines({word("rights", 100, 100, 130, 109, false), word("2", 130, 98, 133, 103),
                                            word("and", 136, 100, 150, 109)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "rights and");
}

TEST(PdfLayout, RaisedSmallDigitOpeningALineIsAFootnoteLabel) {
  std::vector<PdfLine> lines =
      build_lines({word("12", 90, 698, 96, 703, false), word("See", 100, 700, 115, 708), word("above.", 117, 700, 140, 708)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].footnote_label, "12");
  EXPECT_EQ(lines[0].text, "See above.");
}

TEST(PdfLayout, SuperscriptCharactersAreReferencesNotDigits) {
  std::vector<PdfLine> lines = build_lines({word("rights\xC2\xB9", 100, 100, 130, 109), word("and", 136, 100, 150, 109)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "rights and");
}

TEST(PdfLayout, WordsOnTwoBaselinesMakeTwoLines) {
  std::vector<PdfLine> lines = build_lines({word("one", 100, 100, 120, 109), word("two", 100, 112, 120, 121)});
  EXPECT_EQ(lines.size(), 2u);
}

PdfPage page_of(int number, std::vector<PdfWord> words) {
  PdfPage page;
  page.number = number;
  page.width = 595;
  page.height = 842;
  page.lines = build_lines(words);
  return page;
}

TEST(PdfLayout, RealHyphenKeptWhenTheDocumentUsesTheCompound) {
  std::vector<PdfPage> pages = {page_of(
      1, {word("Ensure", 100, 100, 130, 109), word("non-discrimination", 132, 100, 470, 109, false),
          word("and", 100, 112, 120, 121), word("non-", 122, 112, 470, 121, false),
          word("discrimination", 100, 124, 170, 133), word("again.", 172, 124, 200, 133)})};
  std::vector<Block> blocks = layout_blocks(pages);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].text, "Ensure non-discrimination and non-discrimination again.");
}

TEST(PdfLayout, ParagraphNumberStartsABlockWithoutAGap) {
  std::vector<PdfPage> pages = {
      page_of(1, {word("92.1", 100, 100, 120, 109), word("Ratify", 125, 100, 470, 109, false),
                  word("(Chile);", 100, 112, 140, 121), word("92.2", 100, 124, 120, 133),
                  word("Adopt", 125, 124, 470, 133, false), word("(Peru);", 100, 136, 140, 145)})};
  std::vector<Block> blocks = layout_blocks(pages);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].text, "92.1 Ratify (Chile);");
  EXPECT_EQ(blocks[1].text, "92.2 Adopt (Peru);");
}

// --- the shared normalisation module --------------------------------------

TEST(PdfUnicode, NfkcFoldsLigaturesAndCompatibilityForms) {
  EXPECT_EQ(normalize_nfkc("o\xEF\xAC\x83" "ce"), "office");        // U+FB03 ffi
  EXPECT_EQ(normalize_nfkc("\xEF\xBC\xA1\xEF\xBC\xA2"), "AB");      // full-width A B
  EXPECT_EQ(normalize_nfkc("e\xCC\x81"), "\xC3\xA9");              // e + combining acute
  EXPECT_EQ(normalize_nfkc("plain ascii"), "plain ascii");
}

TEST(PdfUnicode, NfcComposesButKeepsLigatures) {
  EXPECT_EQ(normalize_nfc("e\xCC\x81"), "\xC3\xA9");
  EXPECT_EQ(normalize_nfc("\xEF\xAC\x81"), "\xEF\xAC\x81");
}

TEST(PdfUnicode, IllFormedInputIsRepairedNotLost) {
  EXPECT_EQ(normalize_nfc("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
}

// --- third-party PDFs ------------------------------------------------------

TEST(PdfCorpus, UnitedStates2011Recommendation92_92IsWholeAndInOrder) {
  const fs::path path = shared_corpus() / "upr-wg-reports" / "unitedstatesofamerica2011.pdf";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent (../shared/corpus is not part of the repository)";
  auto result = extract_file(path);
  ASSERT_TRUE(result.ok()) << result.error().message();
  const ExtractedDocument& doc = *result;
  std::ptrdiff_t at = -1;
  for (std::size_t i = 0; i < doc.blocks.size(); ++i)
    if (doc.blocks[i].text.starts_with("92.92.")) at = static_cast<std::ptrdiff_t>(i);
  ASSERT_GE(at, 1);
  const Block& b = doc.blocks[static_cast<std::size_t>(at)];
  EXPECT_EQ(b.page, 19);
  std::size_t costa_rica = b.text.find("(Costa Rica);");
  std::size_t austria = b.text.find("(Austria);");
  std::size_t spain = b.text.find("(Spain);");
  std::size_t netherlands = b.text.find("(Netherlands);");
  ASSERT_NE(costa_rica, std::string::npos) << b.text;
  ASSERT_NE(netherlands, std::string::npos) << b.text;
  EXPECT_LT(costa_rica, austria);
  EXPECT_LT(austria, spain);
  EXPECT_LT(spain, netherlands);
  EXPECT_TRUE(b.text.ends_with("(Netherlands);")) << b.text;
  EXPECT_NE(b.text.find("Issue an open and standing invitation to the Special Procedures (Spain);"), std::string::npos)
      << b.text;
  EXPECT_TRUE(doc.blocks[static_cast<std::size_t>(at) - 1].text.starts_with("92.91."));
  ASSERT_LT(static_cast<std::size_t>(at) + 1, doc.blocks.size());
  EXPECT_TRUE(doc.blocks[static_cast<std::size_t>(at) + 1].text.starts_with("92.93."));
}

TEST(PdfCorpus, UnitedStates2011RunningHeaderAndPageNumbersNeverInBody) {
  const fs::path path = shared_corpus() / "upr-wg-reports" / "unitedstatesofamerica2011.pdf";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent";
  auto result = extract_file(path);
  ASSERT_TRUE(result.ok()) << result.error().message();
  for (const Block& b : result->blocks) {
    EXPECT_EQ(b.text.find("A/HRC/16/11"), std::string::npos) << "page " << b.page << ": " << b.text;
    EXPECT_FALSE(b.text.find_first_not_of("0123456789") == std::string::npos) << "bare number block on page " << b.page;
  }
}

TEST(PdfCorpus, BrokenPdfIsNotReadable) {
  const fs::path path = shared_corpus() / "slovenia" / "cycle1" / "g0917123.pdf";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent";
  auto result = extract_file(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().what, "not a readable PDF (damaged or truncated)");
}

TEST(PdfCorpus, ScannedLetterHasNoTextLayer) {
  const fs::path path = shared_corpus() / "slovenia" / "cycle3" / "Letter-OHCHR-HC-Slovenia.pdf";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent";
  auto result = extract_file(path, OcrOptions{false, ""});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().what, "no text layer (scanned image?); OCR is off");
}

TEST(PdfCorpus, DamagedStreamsAreReadPastWithAWarning) {
  const fs::path path = shared_corpus() / "treaty-bodies" / "CERD-Observacoes-Brasil-2022.pdf";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is absent";
  auto result = extract_file(path);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_GT(result->blocks.size(), 10u);
  bool warned = false;
  for (const std::string& w : result->warnings) warned = warned || w.starts_with("damaged PDF data read past");
  EXPECT_TRUE(warned);
}

}  // namespace
}  // namespace hrdex::indexer::extract
