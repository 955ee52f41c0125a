// Reading members of a zip container (DOCX, ODT) held in memory, with a
// guard against zip bombs: a few kilobytes of deflate can claim gigabytes,
// so sizes declared in the archive are never trusted and every read stops
// at a hard cap.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/expected.hpp"

struct zip;

namespace hrdex::indexer::extract {

struct ZipLimits {
  // Bytes decompressed over the whole archive, all members read together.
  std::uint64_t max_total_bytes = 256u * 1024 * 1024;
  // A member may expand to at most this many times its compressed size once
  // it is larger than ratio_floor_bytes (small XML parts compress very well
  // and are harmless).
  std::uint64_t max_ratio = 200;
  std::uint64_t ratio_floor_bytes = 1024 * 1024;
  std::uint64_t max_entries = 10000;
};

class ZipArchive {
 public:
  // `bytes` must outlive the archive. `kind` names the container in errors
  // ("DOCX", "ODT").
  static core::Expected<ZipArchive> open(std::string_view bytes, std::string kind, ZipLimits limits = {});

  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;
  ~ZipArchive();

  // Part names are compared without regard to case, as OPC requires.
  bool contains(std::string_view name) const;
  // The whole member, decompressed. Missing members are an error; callers
  // test optional parts with contains() first.
  core::Expected<std::string> read(std::string_view name);

 private:
  ZipArchive(zip* archive, std::string kind, ZipLimits limits);

  struct Closer {
    void operator()(zip* archive) const;
  };
  std::unique_ptr<zip, Closer> archive_;
  std::string kind_;
  ZipLimits limits_;
  std::uint64_t total_read_ = 0;
};

}  // namespace hrdex::indexer::extract
