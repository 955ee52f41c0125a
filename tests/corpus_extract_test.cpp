// Every file under ../shared/corpus either extracts to some text or fails
// with one of the clear messages the extractors document; nothing crashes.
// Skips when the shared corpus is absent (it is not part of the repository).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "indexer/extract/extract.hpp"

namespace hrdex::indexer::extract {
namespace {

namespace fs = std::filesystem;

// Whole messages (PDF) and message openings (the other formats, whose
// extractors are still being written: these are their messages as of now).
const std::vector<std::string> kKnownMessages = {
    "not a readable PDF (damaged or truncated)",
    "encrypted PDF: needs a password",
    "encrypted PDF does not permit text extraction",
    "no text layer (scanned image?); OCR is off",
    "no text found besides running headers and page numbers",
};
const std::vector<std::string> kKnownOpenings = {
    "not a readable ",                  // DOCX, ODT, DOC: damaged containers
    "no text in ",                      // DOCX, ODT, DOC, HTML, text
    "not a supported document format",  // binary content of no known format
    "zip bomb guard: ",
    "empty file",
    "antiword",                         // missing or failing antiword for .doc
    "install antiword",
};

bool is_known_message(const std::string& what) {
  if (std::find(kKnownMessages.begin(), kKnownMessages.end(), what) != kKnownMessages.end()) return true;
  if (what.find("is password-protected") != std::string::npos) return true;
  return std::any_of(kKnownOpenings.begin(), kKnownOpenings.end(),
                     [&](const std::string& opening) { return what.starts_with(opening); });
}

TEST(CorpusExtract, EveryFileExtractsOrFailsClearly) {
  const fs::path corpus(HRDEX_SHARED_CORPUS);
  if (!fs::is_directory(corpus)) GTEST_SKIP() << corpus << " is absent (../shared/corpus is not part of the repository)";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(corpus))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());

  std::size_t extracted = 0, failed = 0;
  for (const fs::path& file : files) {
    // Without OCR: the scanned letter is read by OCR in ocr_test.cpp, and
    // here would only add half a minute.
    auto result = extract_file(file, OcrOptions{false, ""});
    if (result.ok()) {
      ++extracted;
      EXPECT_FALSE(result->blocks.empty()) << file << ": succeeded with no blocks";
      for (const Block& b : result->blocks) EXPECT_FALSE(b.text.empty()) << file << ": empty block";
      continue;
    }
    ++failed;
    EXPECT_TRUE(is_known_message(result.error().what)) << file << ": unexpected message: " << result.error().message();
    EXPECT_EQ(result.error().where.rfind(file.string(), 0), 0u) << "error does not name the file: " << result.error().message();
  }
  std::cout << "[ corpus   ] " << files.size() << " files: " << extracted << " extracted, " << failed << " failed clearly\n";
}

}  // namespace
}  // namespace hrdex::indexer::extract
