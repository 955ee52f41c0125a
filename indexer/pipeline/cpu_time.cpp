#include "indexer/pipeline/cpu_time.hpp"

#include <sys/resource.h>
#include <time.h>

#include <initializer_list>

namespace hrdex::indexer::pipeline {

namespace {
double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }
}  // namespace

double thread_cpu_seconds() {
  timespec t{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return 0;
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double process_cpu_seconds() {
  double total = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage r{};
    if (getrusage(who, &r) == 0) total += seconds(r.ru_utime) + seconds(r.ru_stime);
  }
  return total;
}

}  // namespace hrdex::indexer::pipeline
