#include "indexer/extract/zip_archive.hpp"

#include <zip.h>

#include <algorithm>
#include <array>

namespace hrdex::indexer::extract {
namespace {

std::string mebibytes(std::uint64_t bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

void ZipArchive::Closer::operator()(zip* archive) const { zip_discard(archive); }

ZipArchive::ZipArchive(zip* archive, std::string kind, ZipLimits limits)
    : archive_(archive), kind_(std::move(kind)), limits_(limits) {}
ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

core::Expected<ZipArchive> ZipArchive::open(std::string_view bytes, std::string kind, ZipLimits limits) {
  auto damaged = [&](const std::string& why) {
    return core::make_error("", "not a readable " + kind + " (damaged zip archive: " + why + ")");
  };
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return damaged(why);
  }
  zip* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) {
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    zip_source_free(source);
    return damaged(why);
  }
  zip_error_fini(&error);
  ZipArchive result(archive, kind, limits);
  zip_int64_t entries = zip_get_num_entries(archive, 0);
  if (entries < 0) return damaged("no central directory");
  if (static_cast<std::uint64_t>(entries) > limits.max_entries)
    return core::make_error("", "zip bomb guard: the " + kind + " holds " + std::to_string(entries) +
                                    " members, more than the limit of " + std::to_string(limits.max_entries));
  return result;
}

bool ZipArchive::contains(std::string_view name) const {
  return zip_name_locate(archive_.get(), std::string(name).c_str(), ZIP_FL_NOCASE) >= 0;
}

core::Expected<std::string> ZipArchive::read(std::string_view name_view) {
  const std::string name(name_view);
  auto damaged = [&](const std::string& why) {
    return core::make_error("", "not a readable " + kind_ + " (damaged zip archive: " + name + ": " + why + ")");
  };
  zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return core::make_error("", "not a readable " + kind_ + " (" + name + " is missing)");
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &st) != 0)
    return damaged(zip_strerror(archive_.get()));
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    return core::make_error("", kind_ + " is password-protected (" + name + " is encrypted); remove the password to index it");
  std::uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;

  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(
      zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0), zip_fclose);
  if (!file) return damaged(zip_strerror(archive_.get()));

  std::string out;
  std::array<char, 64 * 1024> chunk;
  for (;;) {
    zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
    if (n < 0) return damaged(zip_file_strerror(file.get()));
    if (n == 0) break;
    out.append(chunk.data(), static_cast<std::size_t>(n));
    total_read_ += static_cast<std::uint64_t>(n);
    if (total_read_ > limits_.max_total_bytes)
      return core::make_error("", "zip bomb guard: " + name + " would expand to more than " +
                                      mebibytes(limits_.max_total_bytes));
    if (out.size() > limits_.ratio_floor_bytes && out.size() / std::max<std::uint64_t>(compressed, 1) > limits_.max_ratio)
      return core::make_error("", "zip bomb guard: " + name + " expands more than " + std::to_string(limits_.max_ratio) +
                                      " times its compressed size");
  }
  return out;
}

}  // namespace hrdex::indexer::extract
