#include <gtest/gtest.h>

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include "indexer/pipeline/worker_pool.hpp"

namespace hrdex::indexer::pipeline {
namespace {

using namespace std::chrono_literals;

// The work the tests give the pool: the input says how the task behaves.
std::string misbehave(const std::string& input) {
  if (input == "abort") std::abort();
  if (input == "segv") raise(SIGSEGV);
  if (input == "hang") pause();
  if (input == "throw") throw std::runtime_error("no text layer");
  if (input == "exit") _exit(3);
  return "done:" + input;
}

std::map<std::string, TaskResult> run_all(const std::vector<std::string>& inputs, int workers,
                                          std::chrono::milliseconds timeout = 2s) {
  WorkerPool pool({workers, timeout}, misbehave);
  std::map<std::string, TaskResult> results;
  pool.run(inputs, [&](TaskResult&& r) { results[inputs[r.task]] = std::move(r); });
  return results;
}

TEST(WorkerPool, EveryTaskIsReportedOnce) {
  std::vector<std::string> inputs;
  for (int i = 0; i < 50; ++i) inputs.push_back(std::to_string(i));
  auto results = run_all(inputs, 2);
  ASSERT_EQ(results.size(), 50u);
  for (const auto& [input, r] : results) {
    EXPECT_EQ(r.status, TaskResult::Status::ok);
    EXPECT_EQ(r.payload, "done:" + input);
  }
}

TEST(WorkerPool, LargePayloadsArriveWhole) {
  WorkerPool pool({2, 5s}, [](const std::string& in) { return std::string(3 << 20, in[0]); });
  std::vector<std::string> seen;
  pool.run({"a", "b", "c"}, [&](TaskResult&& r) {
    ASSERT_EQ(r.status, TaskResult::Status::ok);
    EXPECT_EQ(r.payload.size(), 3u << 20);
    seen.push_back(r.payload.substr(0, 1));
  });
  EXPECT_EQ(seen.size(), 3u);
}

TEST(WorkerPool, CrashesAndFailuresCostOneTaskAndTheRunGoesOn) {
  auto results = run_all({"a", "abort", "b", "segv", "c", "throw", "exit", "d"}, 2);
  ASSERT_EQ(results.size(), 8u);
  for (const char* good : {"a", "b", "c", "d"}) EXPECT_EQ(results[good].status, TaskResult::Status::ok) << good;
  EXPECT_EQ(results["abort"].status, TaskResult::Status::crashed);
  EXPECT_EQ(results["abort"].error, "worker crashed (signal 6 SIGABRT)");
  EXPECT_EQ(results["segv"].status, TaskResult::Status::crashed);
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer catches the segfault itself and exits with status 1.
  EXPECT_EQ(results["segv"].error, "worker exited with status 1");
#else
  EXPECT_EQ(results["segv"].error, "worker crashed (signal 11 SIGSEGV)");
#endif
  EXPECT_EQ(results["throw"].status, TaskResult::Status::failed);
  EXPECT_EQ(results["throw"].error, "no text layer");
  EXPECT_EQ(results["exit"].status, TaskResult::Status::crashed);
  EXPECT_EQ(results["exit"].error, "worker exited with status 3");
}

TEST(WorkerPool, HangIsCutByTheTimeout) {
  auto results = run_all({"a", "hang", "b"}, 1, 300ms);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results["hang"].status, TaskResult::Status::timed_out);
  EXPECT_NE(results["hang"].error.find("timed out"), std::string::npos);
  EXPECT_EQ(results["b"].status, TaskResult::Status::ok);
}

TEST(WorkerPool, StopLeavesTheRestUnstarted) {
  std::vector<std::string> inputs;
  for (int i = 0; i < 20; ++i) inputs.push_back(std::to_string(i));
  WorkerPool pool({1, 2s}, misbehave);
  std::size_t done = 0;
  std::size_t left = pool.run(inputs, [&](TaskResult&&) { ++done; }, [&] { return done >= 5; });
  EXPECT_GE(done, 5u);
  EXPECT_EQ(done + left, 20u);
}

}  // namespace
}  // namespace hrdex::indexer::pipeline
