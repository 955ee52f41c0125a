// CPU time, for `hrdex-index add --timings`: what each stage of ingestion
// costs, measured where it runs (a worker's thread, the writer's thread),
// so that the figures hold on a machine other work shares.
#pragma once

namespace hrdex::indexer::pipeline {

// CPU seconds the calling thread has used so far.
double thread_cpu_seconds();
// CPU seconds (user and system) of this process and of the children it has
// waited for, such as the workers of a finished pool.
double process_cpu_seconds();

}  // namespace hrdex::indexer::pipeline
