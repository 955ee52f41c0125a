// Runs work in a pool of forked worker processes, so that a crash, abort or
// hang inside a parsing library costs one file, not the run. Each worker is a
// long-lived child fed one task at a time over a pipe; a worker that dies or
// overruns its time limit is killed, reported for its task, and replaced.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace hrdex::indexer::pipeline {

struct TaskResult {
  enum class Status { ok, failed, crashed, timed_out };
  std::size_t task = 0;  // index into the inputs given to run()
  Status status = Status::ok;
  std::string payload;   // the work's output, when ok
  std::string error;     // why not, otherwise
};

struct PoolOptions {
  int workers = 1;
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};  // per task
};

class WorkerPool {
 public:
  // Runs in a worker: takes a task's input, returns its payload. Throwing
  // std::exception makes the task `failed` with the exception's message.
  using Work = std::function<std::string(const std::string& input)>;
  // Runs in the parent for every finished task, in completion order.
  using OnResult = std::function<void(TaskResult&&)>;
  // Asked in the parent between events; true stops dispatching new tasks.
  using ShouldStop = std::function<bool()>;

  WorkerPool(PoolOptions options, Work work);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs every input through the work and reports each result. Returns the
  // number of tasks not started because `stop` said so.
  std::size_t run(const std::vector<std::string>& inputs, const OnResult& on_result,
                  const ShouldStop& stop = [] { return false; });

 private:
  struct Worker {
    pid_t pid = -1;
    int to_worker = -1;    // parent writes tasks
    int from_worker = -1;  // parent reads results
    bool busy = false;
    std::size_t task = 0;
    std::chrono::steady_clock::time_point started;
    std::string buffer;    // partial result read so far
  };

  void spawn(Worker& w);
  void retire(Worker& w, bool kill_it);
  std::string describe_exit(pid_t pid, bool killed);

  PoolOptions options_;
  Work work_;
  std::vector<Worker> workers_;
};

}  // namespace hrdex::indexer::pipeline
