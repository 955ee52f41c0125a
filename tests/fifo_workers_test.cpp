// serve/fifo_workers.hpp: jobs run on N workers, in the order they came,
// each worker number on one job at a time.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "serve/fifo_workers.hpp"

namespace hrdex::serve {
namespace {

// Waits until `workers` counts `n` jobs queued or running.
void wait_for(const FifoWorkers& workers, unsigned n) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (workers.waiting_or_active() != n) {
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "the workers never counted " << n;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(FifoWorkers, RunsWaitingJobsInTheOrderTheyCame) {
  FifoWorkers workers(1);
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  std::vector<int> order;
  std::thread blocker([&] {
    workers.run([&](unsigned) {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return release; });
    });
  });
  wait_for(workers, 1);
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&, i] {
      workers.run([&, i](unsigned) {
        std::lock_guard lock(m);
        order.push_back(i);
      });
    });
    wait_for(workers, static_cast<unsigned>(i) + 2);  // queued before the next comes
  }
  {
    std::lock_guard lock(m);
    EXPECT_TRUE(order.empty()) << "no job may run while the only worker is busy";
    release = true;
  }
  cv.notify_all();
  blocker.join();
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(workers.waiting_or_active(), 0u);
}

TEST(FifoWorkers, EachWorkerRunsOneJobAtATimeAndNoMoreRunThanWorkers) {
  FifoWorkers workers(3);
  ASSERT_EQ(workers.workers(), 3u);
  std::atomic<int> inside{0}, most{0};
  std::atomic<int> busy[3] = {0, 0, 0};
  std::atomic<bool> shared_worker{false}, bad_number{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&] {
      for (int k = 0; k < 50; ++k)
        workers.run([&](unsigned worker) {
          if (worker >= 3) {
            bad_number = true;
            return;
          }
          if (++busy[worker] != 1) shared_worker = true;
          const int now = ++inside;
          int seen = most.load();
          while (now > seen && !most.compare_exchange_weak(seen, now)) {
          }
          std::this_thread::yield();
          --inside;
          --busy[worker];
        });
    });
  for (auto& t : threads) t.join();
  EXPECT_FALSE(bad_number);
  EXPECT_FALSE(shared_worker);
  EXPECT_LE(most.load(), 3);
  EXPECT_EQ(workers.waiting_or_active(), 0u);
}

TEST(FifoWorkers, AJobsExceptionReachesItsCaller) {
  FifoWorkers workers(2);
  EXPECT_THROW(workers.run([](unsigned) { throw std::runtime_error("failed"); }), std::runtime_error);
  int ran = 0;
  workers.run([&](unsigned) { ++ran; });
  EXPECT_EQ(ran, 1) << "a worker goes on after a job threw";
}

}  // namespace
}  // namespace hrdex::serve
