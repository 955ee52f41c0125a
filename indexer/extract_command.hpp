// `hrdex-index extract`: shows what extraction makes of files, without
// touching an index. For checking a new format or a difficult PDF, and for
// benchmarking extraction alone.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <vector>

namespace hrdex::indexer {

struct ExtractOptions {
  std::vector<std::filesystem::path> inputs;
  bool json = false;     // JSON Lines, one object per file
  bool summary = false;  // one line per file: format, pages, blocks, words
  bool ocr = true;       // read PDF pages without a text layer with Tesseract
};

int run_extract(const ExtractOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::indexer
