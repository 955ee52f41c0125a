// Scanned PDFs: pages without a text layer read with Tesseract. The
// fixtures are scans of invented text that scripts/make-fixtures-scanned
// typesets, renders to 1-bit pictures and wraps in image-only PDFs; the
// shared corpus's scanned letter when ../shared/corpus is present. Also the
// bad inputs: OCR off, OCR data missing for a language, no data at all.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "indexer/add_command.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/ocr.hpp"
#include "indexer/ingest.hpp"
#include "query/search.hpp"
#include "tests/index_support.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using hrdex::indexer::extract::ExtractedDocument;
using hrdex::indexer::extract::OcrOptions;
using hrdex::testing::TempDir;
using hrdex::testing::test_data;

namespace {

ExtractedDocument extract(const std::string& name, const OcrOptions& ocr = {}) {
  auto doc = hrdex::indexer::extract::extract_file(test_data("pdf/" + name), ocr);
  EXPECT_TRUE(doc.ok()) << name << ": " << (doc.ok() ? "" : doc.error().message());
  return doc.ok() ? *doc : ExtractedDocument{};
}

std::string text_of(const ExtractedDocument& doc, int page = 0) {
  std::string text;
  for (const auto& b : doc.blocks)
    if (page == 0 || b.page == page) text += b.text + "\n";
  return text;
}

bool has(const std::string& text, std::string_view words) { return text.find(words) != std::string::npos; }

// TESSDATA_PREFIX pointed at a folder of the test's choosing for one scope.
class TessdataScope {
 public:
  explicit TessdataScope(const fs::path& dir) {
    if (const char* old = std::getenv("TESSDATA_PREFIX")) old_ = old;
    setenv("TESSDATA_PREFIX", dir.c_str(), 1);
  }
  ~TessdataScope() {
    if (old_) setenv("TESSDATA_PREFIX", old_->c_str(), 1);
    else unsetenv("TESSDATA_PREFIX");
  }
  TessdataScope(const TessdataScope&) = delete;
  TessdataScope& operator=(const TessdataScope&) = delete;

 private:
  std::optional<std::string> old_;
};

// Tesseract sees English data only, as on a machine with tesseract-ocr-eng
// and no other language installed.
class OnlyEnglishData {
 private:
  // Linked before scope_ moves TESSDATA_PREFIX, which tessdata_dir() reads.
  static fs::path linked(const TempDir& dir) {
    fs::create_symlink(hrdex::indexer::extract::tessdata_dir() / "eng.traineddata", dir / "eng.traineddata");
    return dir.path();
  }
  TempDir dir_;
  TessdataScope scope_{linked(dir_)};
};

}  // namespace

TEST(Ocr, ScannedPagesAreRead) {
  if (!hrdex::indexer::extract::ocr_data_installed("eng")) GTEST_SKIP() << "tesseract-ocr-eng is not installed";
  const ExtractedDocument doc = extract("scanned-letter.pdf");
  EXPECT_EQ(doc.meta.ocr_pages, (std::vector<int>{1, 2}));
  EXPECT_EQ(doc.meta.ocr_language, "eng");
  EXPECT_EQ(doc.meta.language, "en");
  EXPECT_TRUE(doc.warnings.empty()) << ::testing::PrintToString(doc.warnings);
  const std::string page1 = text_of(doc, 1), page2 = text_of(doc, 2);
  EXPECT_TRUE(has(page1, "Environmental Protection Agency")) << page1;
  EXPECT_TRUE(has(page1, "racial profiling")) << page1;
  EXPECT_TRUE(has(page2, "Example Legal Aid Society")) << page2;
  // Lines of one paragraph are joined, as in a PDF with text.
  EXPECT_TRUE(has(page1, "publish its plan on drinking water")) << page1;
}

TEST(Ocr, OnlyPagesWithoutATextLayerAreRead) {
  if (!hrdex::indexer::extract::ocr_data_installed("eng")) GTEST_SKIP() << "tesseract-ocr-eng is not installed";
  const ExtractedDocument doc = extract("scanned-mixed.pdf");
  EXPECT_EQ(doc.meta.ocr_pages, (std::vector<int>{2}));
  EXPECT_TRUE(has(text_of(doc, 1), "2. The Committee welcomes the invented law on access to water."));
  EXPECT_TRUE(has(text_of(doc, 2), "moratorium on forced evictions")) << text_of(doc, 2);
}

TEST(Ocr, LanguageIsDetectedOnAFirstPass) {
  using hrdex::indexer::extract::ocr_data_installed;
  if (!ocr_data_installed("fra") || !ocr_data_installed("eng")) GTEST_SKIP() << "tesseract-ocr-fra or -eng is not installed";
  const ExtractedDocument doc = extract("scanned-fr.pdf");
  EXPECT_EQ(doc.meta.language, "fr");
  EXPECT_EQ(doc.meta.ocr_language, "fra");
  const std::string text = text_of(doc);
  EXPECT_TRUE(has(text, "société civile")) << text;
  EXPECT_TRUE(has(text, "recommandations")) << text;
}

TEST(Ocr, OffLeavesScansUnread) {
  auto doc = hrdex::indexer::extract::extract_file(test_data("pdf/scanned-letter.pdf"), OcrOptions{false, ""});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what, "no text layer (scanned image?); OCR is off");
  const ExtractedDocument mixed = extract("scanned-mixed.pdf", OcrOptions{false, ""});
  EXPECT_TRUE(mixed.meta.ocr_pages.empty());
  EXPECT_EQ(mixed.warnings, (std::vector<std::string>{"page 2: no text layer (scanned image?); OCR is off"}));
}

// Bad input: the language's data is not installed. The page is read with
// English, with a warning naming the package; nothing is lost.
TEST(Ocr, MissingLanguageDataIsAWarning) {
  if (!hrdex::indexer::extract::ocr_data_installed("eng")) GTEST_SKIP() << "tesseract-ocr-eng is not installed";
  OnlyEnglishData only_english;
  const ExtractedDocument doc = extract("scanned-fr.pdf", OcrOptions{true, "fr"});
  EXPECT_EQ(doc.meta.ocr_pages, (std::vector<int>{1}));
  EXPECT_EQ(doc.meta.ocr_language, "eng");
  EXPECT_EQ(doc.warnings, (std::vector<std::string>{
                              "OCR: no Tesseract data for French ('fr'; install tesseract-ocr-fra); page 1 read with English"}));
  EXPECT_TRUE(has(text_of(doc), "recommandons")) << text_of(doc);
}

TEST(Ocr, NoDataAtAllLeavesTheScanUnreadWithTheReason) {
  TempDir empty;
  TessdataScope scope(empty.path());
  auto doc = hrdex::indexer::extract::extract_file(test_data("pdf/scanned-letter.pdf"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what,
            "no text layer (scanned image?), and no OCR data is installed (apt-get install tesseract-ocr-eng, or "
            "tesseract-ocr-fra, -spa, -rus for other languages)");
}

TEST(Ocr, NoTextFoundIsAWarning) {
  if (!hrdex::indexer::extract::ocr_data_installed("eng")) GTEST_SKIP() << "tesseract-ocr-eng is not installed";
  // scripts/make-fixtures-pdf: page 2 is a grey box, nothing to read.
  const ExtractedDocument doc = extract("blank-page.pdf");
  EXPECT_EQ(doc.warnings, (std::vector<std::string>{"page 2: no text layer (scanned image?), and OCR found no text"}));
}

// The manifest's language decides the OCR language, with no first pass:
// a French scan said to be Russian is read for Russian, and with only
// English data installed that is the warning naming tesseract-ocr-rus.
TEST(Ocr, ManifestLanguageIsTheOcrLanguage) {
  if (!hrdex::indexer::extract::ocr_data_installed("eng")) GTEST_SKIP() << "tesseract-ocr-eng is not installed";
  OnlyEnglishData only_english;
  hrdex::indexer::DocumentOverrides manifest;
  manifest.language = "ru";
  auto doc = hrdex::indexer::prepare_document(test_data("pdf/scanned-fr.pdf"), manifest);
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ(doc->record.language, "ru");
  EXPECT_EQ(doc->record.ocr_pages, (std::vector<int>{1}));
  EXPECT_EQ(doc->record.warnings, (std::vector<std::string>{"OCR: no Tesseract data for Russian ('ru'; install "
                                                            "tesseract-ocr-rus); page 1 read with English"}));
}

// The record says which text came from OCR, and the scan is searchable.
TEST(Ocr, UnitsOfScannedPagesAreMarkedAndSearchable) {
  if (!hrdex::indexer::extract::ocr_data_installed("eng")) GTEST_SKIP() << "tesseract-ocr-eng is not installed";
  TempDir dir;
  auto s = hrdex::testing::index_and_open(dir, {test_data("pdf/scanned-mixed.pdf")});
  ASSERT_TRUE(s);
  hrdex::query::SearchRequest r;
  r.query = "moratorium evictions";
  auto found = s->search(r);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_TRUE(found->hits[0].ocr);
  EXPECT_EQ(found->hits[0].page, 2);
  r.query = "welcomes water";
  found = s->search(r);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_FALSE(found->hits[0].ocr);
  r.query = "format:pdf";  // the document: its words are its title's
  r.documents = true;
  found = s->search(r);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_TRUE(found->hits[0].ocr);

  // --no-ocr: the scan is not read, and the run says so.
  hrdex::indexer::AddOptions off;
  off.db = dir / "off";
  off.jobs = 1;
  off.inputs = {test_data("pdf/scanned-letter.pdf")};
  off.ocr = false;
  std::ostringstream out2, err2;
  EXPECT_EQ(hrdex::indexer::run_add(off, out2, err2), hrdex::indexer::kExitSomeFailed);
  EXPECT_TRUE(has(err2.str(), "scanned-letter.pdf: no text layer (scanned image?); OCR is off")) << err2.str();
}

TEST(OcrCorpus, ScannedLetterBecomesSearchable) {
  const fs::path letter = fs::path(HRDEX_SHARED_CORPUS) / "slovenia" / "cycle3" / "Letter-OHCHR-HC-Slovenia.pdf";
  if (!fs::exists(letter)) GTEST_SKIP() << letter << " is absent";
  if (!hrdex::indexer::extract::ocr_data_installed("eng")) GTEST_SKIP() << "tesseract-ocr-eng is not installed";
  TempDir dir;
  auto s = hrdex::testing::index_and_open(dir, {letter});
  ASSERT_TRUE(s);
  hrdex::query::SearchRequest r;
  r.query = "Slovenia universal periodic review";
  auto found = s->search(r);
  ASSERT_TRUE(found.ok()) << found.error().message();
  ASSERT_GE(found->hits.size(), 1u);
  EXPECT_TRUE(found->hits[0].ocr);
  EXPECT_EQ(found->hits[0].language, "en");
  r.query = "recommendations";
  found = s->search(r);
  ASSERT_TRUE(found.ok());
  EXPECT_GE(found->total, 3u);
  r.query = "format:pdf";
  r.documents = true;
  found = s->search(r);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_TRUE(found->hits[0].ocr);
  // The High Commissioner's letter, on the Office's letterhead: the UN's
  // own, not a civil-society letter for all its "Excellency" and "Please
  // accept".
  EXPECT_EQ(found->hits[0].doc_kind, "other");
}
