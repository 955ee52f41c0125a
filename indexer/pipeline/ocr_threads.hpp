// One OCR thread per worker process. Tesseract parallelises its neural
// network with OpenMP, and OpenMP sizes its thread pool from
// OMP_THREAD_LIMIT when its library loads, before main() runs and before
// any setting hrdex could make. hrdex-index already runs one worker per
// core; each worker's Tesseract spreading over every core as well made a
// 7-page scan take 2.5 times the CPU and 4 times as long on two cores
// (scripts/bench, bench_ocr). So the program starts itself again with the
// variable set, unless the user set it.
#pragma once

namespace hrdex::indexer::pipeline {

// Returns only when OMP_THREAD_LIMIT is set (or setting it and starting
// again failed, when the run goes on as it is).
void limit_ocr_threads(char** argv);

}  // namespace hrdex::indexer::pipeline
