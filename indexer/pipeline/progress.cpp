#include "indexer/pipeline/progress.hpp"

#include <cstdio>
#include <ostream>
#include <string>

namespace hrdex::indexer::pipeline {
namespace {

std::string clock_time(double seconds) {
  if (seconds < 0 || seconds > 359999) return "--:--";
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace

Progress::Progress(std::ostream& out, ProgressStyle style, std::size_t total_files, std::uint64_t total_bytes)
    : out_(out), style_(style), total_files_(total_files), total_bytes_(total_bytes) {
  // Lines are for long runs: the first one comes after one interval, so a
  // short run prints only its summary.
  if (style_ == ProgressStyle::lines) last_draw_ = start_;
}

void Progress::file_done(std::uint64_t bytes, int pages, bool failed) {
  ++files_;
  bytes_ += bytes;
  pages_ += static_cast<std::uint64_t>(pages > 0 ? pages : 0);
  if (failed) ++failed_;
  draw(false);
}

void Progress::draw(bool force) {
  if (style_ == ProgressStyle::quiet) return;
  auto now = std::chrono::steady_clock::now();
  auto interval = style_ == ProgressStyle::bar ? std::chrono::milliseconds(100) : std::chrono::milliseconds(10000);
  if (!force && now - last_draw_ < interval) return;
  last_draw_ = now;

  double elapsed = std::chrono::duration<double>(now - start_).count();
  double rate = elapsed > 0 ? files_ / elapsed : 0;
  // Bytes predict the time left better than files: PDFs vary in size by 100x.
  double eta = bytes_ > 0 && elapsed > 0 ? (static_cast<double>(total_bytes_ - bytes_) / (bytes_ / elapsed)) : -1;
  char stats[256];
  std::snprintf(stats, sizeof stats, "%zu/%zu files  %llu pages  %.1f/%.1f MB  %.1f files/s  ETA %s  %zu failed",
                files_, total_files_, static_cast<unsigned long long>(pages_), bytes_ / 1e6, total_bytes_ / 1e6, rate,
                clock_time(eta).c_str(), failed_);
  if (style_ == ProgressStyle::lines) {
    out_ << "progress: " << stats << '\n' << std::flush;
    drawn_ = true;
    return;
  }
  constexpr int kWidth = 24;
  int filled = total_files_ ? static_cast<int>(kWidth * files_ / total_files_) : kWidth;
  std::string bar = "[";
  bar.append(static_cast<std::size_t>(filled), '=')
      .append(static_cast<std::size_t>(kWidth - filled), ' ')
      .append("] ");
  out_ << "\r\x1b[K" << bar << stats << std::flush;
  drawn_ = true;
}

void Progress::clear() {
  if (style_ == ProgressStyle::bar && drawn_) {
    out_ << "\r\x1b[K" << std::flush;
    drawn_ = false;
    last_draw_ = {};
  }
}

void Progress::finish() {
  if (style_ == ProgressStyle::bar) {
    clear();
  } else if (style_ == ProgressStyle::lines && drawn_) {
    draw(true);
  }
}

}  // namespace hrdex::indexer::pipeline
