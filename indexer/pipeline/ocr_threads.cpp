#include "indexer/pipeline/ocr_threads.hpp"

#include <unistd.h>

#include <cstdlib>

namespace hrdex::indexer::pipeline {

void limit_ocr_threads(char** argv) {
  if (std::getenv("OMP_THREAD_LIMIT")) return;
  if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0) return;
  // The same program, arguments and process id; only the environment
  // differs. On failure execv returns and the run goes on unlimited.
  execv("/proc/self/exe", argv);
}

}  // namespace hrdex::indexer::pipeline
