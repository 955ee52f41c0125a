#include "core/facet_column.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <unordered_map>

#include "core/schema.hpp"

namespace hrdex::core {
namespace fs = std::filesystem;

namespace {

// The file, in the machine's byte order (the column is rebuilt, not moved
// between machines; a foreign one fails the magic check and is not used):
//   Header
//   uint32 offsets[doc_bound + 1]   document d's ids are ids[offsets[d] .. offsets[d + 1])
//   uint16 ids[id_count]
//   dictionary: dictionary_count entries of (field byte, value, NUL), id order
constexpr char kMagic[8] = {'H', 'R', 'D', 'X', 'F', 'C', 'L', '1'};
constexpr std::uint32_t kFormat = 1;

struct Header {
  char magic[8];
  std::uint32_t format;
  std::uint32_t schema_version;
  std::uint64_t revision;
  char uuid[40];
  std::uint32_t doc_bound;
  std::uint32_t id_count;
  std::uint32_t dictionary_count;
  std::uint32_t dictionary_bytes;
};

std::size_t offsets_at() { return sizeof(Header); }
std::size_t ids_at(const Header& h) { return offsets_at() + (std::size_t{h.doc_bound} + 1) * sizeof(std::uint32_t); }
std::size_t dictionary_at(const Header& h) { return ids_at(h) + std::size_t{h.id_count} * sizeof(std::uint16_t); }

void set_uuid(Header& h, const std::string& uuid) {
  std::memset(h.uuid, 0, sizeof h.uuid);
  std::memcpy(h.uuid, uuid.data(), std::min(uuid.size(), sizeof h.uuid - 1));
}

template <typename T>
void put(std::ofstream& out, const std::vector<T>& v) {
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}

}  // namespace

Status write_facet_column(const Xapian::Database& db, const fs::path& dir) {
  const fs::path file = dir / kFacetColumnFile;
  const fs::path temp = dir / (std::string(kFacetColumnFile) + ".new");
  try {
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.format = kFormat;
    h.schema_version = static_cast<std::uint32_t>(schema::kSchemaVersion);
    h.revision = db.get_revision();
    set_uuid(h, db.get_uuid());
    h.doc_bound = db.get_lastdocid() + 1;

    std::vector<std::uint32_t> offsets(std::size_t{h.doc_bound} + 1, 0);
    std::vector<std::uint16_t> ids;
    ids.reserve(std::size_t{db.get_doccount()} * 16);
    std::unordered_map<std::string, std::uint16_t> known;
    std::string dictionary;
    bool overflow = false;
    std::string key;
    Xapian::docid next = 0;  // every document below it has its offset
    const auto end = db.valuestream_end(schema::slot::kFacets);
    for (auto it = db.valuestream_begin(schema::slot::kFacets); it != end && !overflow; ++it) {
      const Xapian::docid d = it.get_docid();
      while (next <= d) offsets[next++] = static_cast<std::uint32_t>(ids.size());
      const std::string v = *it;
      schema::for_each_facet_value(v, [&](std::size_t field, std::string_view value) {
        key.assign(1, static_cast<char>(field));
        key.append(value);
        auto [at, added] = known.try_emplace(key, static_cast<std::uint16_t>(known.size()));
        if (added) {
          if (known.size() > std::numeric_limits<std::uint16_t>::max()) overflow = true;
          dictionary.append(key);
          dictionary.push_back('\0');
        }
        ids.push_back(at->second);
      });
      if (ids.size() > std::numeric_limits<std::uint32_t>::max() / 2) overflow = true;
    }
    if (overflow)
      return make_error(file.string(), "too many facet values for the facet column; facets are counted from the index");
    while (next <= h.doc_bound) offsets[next++] = static_cast<std::uint32_t>(ids.size());
    h.id_count = static_cast<std::uint32_t>(ids.size());
    h.dictionary_count = static_cast<std::uint32_t>(known.size());
    h.dictionary_bytes = static_cast<std::uint32_t>(dictionary.size());

    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      if (!out) return make_error(temp.string(), std::string("cannot write the facet column: ") + std::strerror(errno));
      out.write(reinterpret_cast<const char*>(&h), sizeof h);
      put(out, offsets);
      put(out, ids);
      out.write(dictionary.data(), static_cast<std::streamsize>(dictionary.size()));
      out.flush();
      if (!out) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return make_error(temp.string(), "cannot write the facet column (is the disk full?)");
      }
    }
    std::error_code ec;
    fs::rename(temp, file, ec);
    if (ec) {
      fs::remove(temp, ec);
      return make_error(file.string(), "cannot put the facet column in place: " + ec.message());
    }
    return ok_status();
  } catch (const Xapian::Error& e) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return make_error(dir.string(), "cannot read the index for the facet column: " + e.get_description());
  }
}

Status refresh_facet_column(const Xapian::Database& db, const fs::path& dir) {
  if (FacetColumn::open(dir, db)) return ok_status();
  return write_facet_column(db, dir);
}

std::shared_ptr<const FacetColumn> FacetColumn::open(const fs::path& dir, const Xapian::Database& db) {
  const fs::path file = dir / kFacetColumnFile;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st{};
  if (::fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < sizeof(Header)) {
    ::close(fd);
    return nullptr;
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return nullptr;
  std::shared_ptr<FacetColumn> column(new FacetColumn);
  column->map_ = map;
  column->map_size_ = size;

  Header h;
  std::memcpy(&h, map, sizeof h);
  try {
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.format != kFormat ||
        h.schema_version != static_cast<std::uint32_t>(schema::kSchemaVersion) || h.revision != db.get_revision())
      return nullptr;
    Header want{};
    set_uuid(want, db.get_uuid());
    if (std::memcmp(h.uuid, want.uuid, sizeof h.uuid) != 0 || h.doc_bound < db.get_lastdocid() + 1) return nullptr;
  } catch (const Xapian::Error&) {
    return nullptr;
  }
  if (dictionary_at(h) + h.dictionary_bytes != size) return nullptr;
  const auto* base = static_cast<const char*>(map);
  column->offsets_ = reinterpret_cast<const std::uint32_t*>(base + offsets_at());
  column->ids_ = reinterpret_cast<const std::uint16_t*>(base + ids_at(h));
  column->doc_bound_ = h.doc_bound;
  column->id_count_ = h.id_count;
  if (column->offsets_[h.doc_bound] != h.id_count) return nullptr;

  const std::string_view dictionary(base + dictionary_at(h), h.dictionary_bytes);
  const std::size_t fields = schema::facet_fields().size();
  for (std::size_t at = 0; at < dictionary.size();) {
    // The field byte comes first and may itself be 0 (the first field).
    const std::size_t stop = dictionary.find('\0', at + 1);
    if (stop == std::string_view::npos || static_cast<unsigned char>(dictionary[at]) >= fields)
      return nullptr;
    column->dictionary_.push_back({static_cast<std::uint8_t>(dictionary[at]), dictionary.substr(at + 1, stop - at - 1)});
    at = stop + 1;
  }
  if (column->dictionary_.size() != h.dictionary_count) return nullptr;
  return column;
}

FacetColumn::~FacetColumn() {
  if (map_) ::munmap(const_cast<void*>(map_), map_size_);
}

bool FacetColumn::count(const std::vector<Xapian::docid>& docs, std::vector<std::uint32_t>& counts) const {
  if (counts.size() < kCountSlots) return false;
  std::uint32_t* const slots = counts.data();
  for (Xapian::docid d : docs) {
    if (d >= doc_bound_) return false;
    const std::uint32_t start = offsets_[d], stop = offsets_[d + 1];
    if (start > stop || stop > id_count_) return false;
    for (std::uint32_t k = start; k < stop; ++k) ++slots[ids_[k]];
  }
  return true;
}

}  // namespace hrdex::core
