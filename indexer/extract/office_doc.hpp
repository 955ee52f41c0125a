// Legacy Word (.doc, OLE) documents are read by antiword in a child process:
// its parser stays out of ours, and a hang or crash on a damaged file costs
// one document, not the run.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::extract {

struct AntiwordOptions {
  // The program to run: a path, or a name looked up in PATH. Empty means
  // $HRDEX_ANTIWORD when set, else "antiword".
  std::string program;
  std::chrono::milliseconds time_limit{30000};
  std::size_t max_output_bytes = 64u * 1024 * 1024;
};

// extract_doc with the antiword command and limits chosen by the caller
// (tests point it at a missing program or a slow one).
core::Expected<ExtractedDocument> extract_doc_with(std::string_view bytes, const AntiwordOptions& options);

}  // namespace hrdex::indexer::extract
