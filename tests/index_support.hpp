// Helpers for the tests that index real files through `add` and search the
// result: one call that indexes and opens, failing the test with add's
// messages when it does not exit 0.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <sstream>
#include <vector>

#include "indexer/add_command.hpp"
#include "query/search.hpp"
#include "tests/test_support.hpp"

namespace hrdex::testing {

// Indexes `inputs` into `dir`/idx with `add`'s defaults (one worker) and
// opens a Searcher on it; nullopt, with the test failed, when add does not
// exit 0 or the index does not open.
inline std::optional<query::Searcher> index_and_open(const TempDir& dir, std::vector<std::filesystem::path> inputs) {
  indexer::AddOptions options;
  options.db = dir / "idx";
  options.inputs = std::move(inputs);
  options.jobs = 1;
  std::ostringstream out, err;
  const int status = indexer::run_add(options, out, err);
  if (status != indexer::kExitOk) {
    ADD_FAILURE() << "add exited " << status << ": " << err.str();
    return std::nullopt;
  }
  auto s = query::Searcher::open(dir / "idx");
  if (!s) {
    ADD_FAILURE() << s.error().message();
    return std::nullopt;
  }
  return std::move(*s);
}

}  // namespace hrdex::testing
