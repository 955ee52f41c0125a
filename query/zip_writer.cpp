#include "query/zip_writer.hpp"

#include <zip.h>

#include <cstdio>
#include <memory>

namespace hrdex::query {
namespace {

core::Error zip_failure(const std::string& what, const char* message) {
  return core::make_error("zip", what + ": " + (message ? message : "unknown error"));
}

}  // namespace

core::Expected<std::string> zip_members(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t error;
  zip_error_init(&error);
  // The archive is written into this source, which outlives the archive
  // (zip_source_keep) so its bytes can be read back after zip_close.
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) return zip_failure("cannot create a buffer", zip_error_strerror(&error));
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> held(buffer, &zip_source_free);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) return zip_failure("cannot start an archive", zip_error_strerror(&error));
  for (const auto& [name, content] : members) {
    zip_source_t* member = zip_source_buffer(archive, content.data(), content.size(), 0);
    const zip_int64_t index = member ? zip_file_add(archive, name.c_str(), member, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
    // 1 January 1980, the first date zip can hold: the same extract gives
    // the same bytes, whenever it is written.
    if (index < 0 || zip_file_set_dostime(archive, static_cast<zip_uint64_t>(index), 0, (0 << 9) | (1 << 5) | 1, 0) < 0) {
      if (member && index < 0) zip_source_free(member);
      const std::string message = zip_strerror(archive);
      zip_discard(archive);
      return zip_failure("cannot add " + name, message.c_str());
    }
  }
  if (zip_close(archive) < 0) {
    const std::string message = zip_strerror(archive);
    zip_discard(archive);
    return zip_failure("cannot write the archive", message.c_str());
  }
  if (zip_source_open(buffer) < 0) return zip_failure("cannot read the archive", zip_error_strerror(zip_source_error(buffer)));
  std::string bytes;
  char chunk[1 << 16];
  zip_int64_t n = 0;
  while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) bytes.append(chunk, static_cast<std::size_t>(n));
  zip_source_close(buffer);
  if (n < 0) return zip_failure("cannot read the archive", zip_error_strerror(zip_source_error(buffer)));
  return bytes;
}

}  // namespace hrdex::query
