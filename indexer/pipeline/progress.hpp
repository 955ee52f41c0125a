// Progress of a bulk ingest: a bar on a terminal, a line every few seconds
// otherwise, nothing when quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>

namespace hrdex::indexer::pipeline {

enum class ProgressStyle { bar, lines, quiet };

class Progress {
 public:
  Progress(std::ostream& out, ProgressStyle style, std::size_t total_files, std::uint64_t total_bytes);

  // One file finished, whatever its outcome.
  void file_done(std::uint64_t bytes, int pages, bool failed);
  // Clears the bar before other output, so messages don't mix with it.
  void clear();
  void finish();

 private:
  void draw(bool force);

  std::ostream& out_;
  ProgressStyle style_;
  std::size_t total_files_;
  std::uint64_t total_bytes_;
  std::size_t files_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t pages_ = 0;
  std::size_t failed_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace hrdex::indexer::pipeline
