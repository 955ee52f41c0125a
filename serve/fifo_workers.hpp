// A few worker threads answer the requests, first come first served; the
// connection threads only read requests and write answers.
//
// Why: httplib gives every kept-alive connection its own thread, so with
// 16 clients 16 searches shared two cores, each took 8 times its own time,
// and a slow one (a phrase over a large index) held every other request
// back as long as it ran. Answered in turn on as many threads as cores
// (and one more, so that no core idles while the next request is handed
// over), a request waits for those queued before it and then runs at full
// speed: the mean latency stays what the throughput allows (Little's law)
// and the tail shortens. And the work stays on a few threads whose
// searchers, allocator arenas and caches are warm: run on the connection
// threads, each request met the cold memory of a thread last used 16
// requests ago, and a faceted search cost a fifth more CPU at 16 clients
// than at 4.
#pragma once

#include <pthread.h>
#include <signal.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hrdex::serve {

class FifoWorkers {
 public:
  // `workers` threads (at least one), numbered from 0.
  explicit FifoWorkers(unsigned workers) {
    for (unsigned k = 0; k < (workers == 0 ? 1 : workers); ++k) threads_.emplace_back([this, k] { work(k); });
  }
  ~FifoWorkers() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    more_.notify_all();
    for (auto& t : threads_) t.join();
  }
  FifoWorkers(const FifoWorkers&) = delete;
  FifoWorkers& operator=(const FifoWorkers&) = delete;

  unsigned workers() const { return static_cast<unsigned>(threads_.size()); }

  // Runs job(worker) on a worker once the jobs queued before it have
  // started, and returns when it is done; an exception it throws is thrown
  // here. Only worker `worker` runs jobs with that number, so what belongs
  // to a worker (a searcher) needs no lock.
  void run(const std::function<void(unsigned worker)>& job) {
    Job mine(job);
    std::unique_lock lock(mutex_);
    ++present_;
    queue_.push_back(&mine);
    more_.notify_one();
    mine.finished.wait(lock, [&] { return mine.done; });
    --present_;
    if (mine.error) std::rethrow_exception(mine.error);
  }

  // Jobs queued or running.
  unsigned waiting_or_active() const {
    std::lock_guard lock(mutex_);
    return present_;
  }

 private:
  struct Job {
    explicit Job(const std::function<void(unsigned)>& f) : run(f) {}
    const std::function<void(unsigned)>& run;
    std::condition_variable finished;
    bool done = false;
    std::exception_ptr error;
  };

  void work(unsigned worker) {
    // Signals (SIGTERM, SIGINT) go to the thread that stops the server,
    // never to a worker, whenever the workers were started.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    std::unique_lock lock(mutex_);
    for (;;) {
      more_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to answer
      Job* job = queue_.front();
      queue_.pop_front();
      lock.unlock();
      std::exception_ptr error;
      try {
        job->run(worker);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      // Under the lock: the job lives on its caller's stack and is gone once
      // the caller sees `done`.
      job->error = error;
      job->done = true;
      job->finished.notify_one();
    }
  }

  mutable std::mutex mutex_;
  std::condition_variable more_;
  std::deque<Job*> queue_;  // first come, first run
  unsigned present_ = 0;    // queued or running
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace hrdex::serve
