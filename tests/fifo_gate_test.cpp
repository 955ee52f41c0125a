// serve/fifo_gate.hpp: at most N requests inside, the rest let in the order
// they came.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "serve/fifo_gate.hpp"

namespace hrdex::serve {
namespace {

// Waits until `gate` counts `n` requests inside or waiting.
void wait_for(const FifoGate& gate, unsigned n) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (gate.waiting_or_active() != n) {
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "the gate never counted " << n;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(FifoGate, LetsWaitingRequestsInInTheOrderTheyCame) {
  FifoGate gate(1);
  std::mutex m;
  std::vector<int> order;
  std::vector<std::thread> threads;
  {
    FifoGate::Pass held(gate);
    for (int i = 0; i < 5; ++i) {
      threads.emplace_back([&, i] {
        FifoGate::Pass pass(gate);
        std::lock_guard lock(m);
        order.push_back(i);
      });
      // Each queued before the next starts.
      wait_for(gate, static_cast<unsigned>(i) + 2);
    }
    std::lock_guard lock(m);
    EXPECT_TRUE(order.empty()) << "none may pass while the only slot is held";
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(gate.waiting_or_active(), 0u);
}

TEST(FifoGate, HoldsNoMoreThanItsSlotsAtOnce) {
  FifoGate gate(3);
  std::atomic<int> inside{0}, most{0}, done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&] {
      for (int k = 0; k < 50; ++k) {
        FifoGate::Pass pass(gate);
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
      }
      ++done;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(done.load(), 16);
  EXPECT_LE(most.load(), 3);
  EXPECT_GE(most.load(), 1);
  EXPECT_EQ(gate.waiting_or_active(), 0u);
}

}  // namespace
}  // namespace hrdex::serve
