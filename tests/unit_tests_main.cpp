// The unit tests' main: gtest's, after the environment hrdex-index gives
// itself. Tesseract's OpenMP threads, started by one OCR test, do not
// survive the fork of a later test's worker processes, which then hang; one
// thread (OMP_THREAD_LIMIT=1, read by OpenMP only at start) has none to
// lose. So a run of the binary alone behaves as a run under ctest.
#include <gtest/gtest.h>

#include "indexer/pipeline/ocr_threads.hpp"

int main(int argc, char** argv) {
  hrdex::indexer::pipeline::limit_ocr_threads(argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
