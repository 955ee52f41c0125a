#include "core/columns.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <unordered_map>

#include "core/schema.hpp"

namespace hrdex::core {
namespace fs = std::filesystem;

namespace {

// The file, in the machine's byte order (the column is rebuilt, not moved
// between machines; a foreign one fails the magic check and is not used):
//   Header
//   uint32 offsets[doc_bound + 1]   document d's ids are ids[offsets[d] .. offsets[d + 1])
//   uint32 lengths[doc_bound]       document d's length (its wdf total, as Xapian counts it)
//   uint16 ids[id_count]
//   uint16 years[doc_bound]         document d's year (its Y term), 0 for none
//   uint8 levels[doc_bound]         document d's level byte (Columns::level_of; last of the arrays, which keeps the others aligned)
//   dictionary: dictionary_count entries of (field byte, value, NUL), id order
//   unit kinds: unit_kind_count entries of (kind, NUL), code order
constexpr char kMagic[8] = {'H', 'R', 'D', 'X', 'C', 'O', 'L', 'S'};
constexpr std::uint32_t kFormat = 3;  // 2 added the years, 3 the unit kinds in the level bytes

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
  std::uint32_t unit_kind_count;
  std::uint32_t unit_kind_bytes;
};

std::size_t offsets_at() { return sizeof(Header); }
std::size_t lengths_at(const Header& h) { return offsets_at() + (std::size_t{h.doc_bound} + 1) * sizeof(std::uint32_t); }
std::size_t ids_at(const Header& h) { return lengths_at(h) + std::size_t{h.doc_bound} * sizeof(std::uint32_t); }
std::size_t years_at(const Header& h) { return ids_at(h) + std::size_t{h.id_count} * sizeof(std::uint16_t); }
std::size_t levels_at(const Header& h) { return years_at(h) + std::size_t{h.doc_bound} * sizeof(std::uint16_t); }
std::size_t dictionary_at(const Header& h) { return levels_at(h) + h.doc_bound; }
std::size_t unit_kinds_at(const Header& h) { return dictionary_at(h) + h.dictionary_bytes; }

// Whether a boolean term's value starts right after `prefix`: values are
// lower case, so a capital there belongs to a longer prefix.
bool value_follows(const std::string& term, std::string_view prefix) {
  return term.size() > prefix.size() && !(term[prefix.size()] >= 'A' && term[prefix.size()] <= 'Z');
}

// Gives each unit kind a code in the level bytes of its units, where the
// kind's term can stand for it exactly: every document with the term is a
// unit with no other kind. Codes go by frequency, so that the commonest
// kinds have one when there are more kinds than codes.
std::string code_unit_kinds(const Xapian::Database& db, std::vector<std::uint8_t>& levels) {
  const std::string p(schema::prefix::kUnitKind);
  std::vector<std::uint8_t> kinds_of(levels.size(), 0);
  std::vector<std::pair<Xapian::doccount, std::string>> kinds;
  for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
    if (!value_follows(*t, p)) continue;
    kinds.emplace_back(t.get_termfreq(), *t);
    for (auto it = db.postlist_begin(*t); it != db.postlist_end(*t); ++it)
      if (*it < kinds_of.size() && kinds_of[*it] < 2) ++kinds_of[*it];
  }
  std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string names;
  std::size_t code = 0;
  for (const auto& [frequency, term] : kinds) {
    if (code == Columns::kUnitKindCodes) break;
    bool exact = true;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && exact; ++it)
      exact = *it < levels.size() && levels[*it] == Columns::kUnitLevel && kinds_of[*it] == 1;
    if (!exact) continue;
    const auto byte = static_cast<std::uint8_t>(Columns::kUnitKindBase + code++);
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) levels[*it] = byte;
    names.append(term, p.size());
    names.push_back('\0');
  }
  return names;
}

void set_uuid(Header& h, const std::string& uuid) {
  std::memset(h.uuid, 0, sizeof h.uuid);
  std::memcpy(h.uuid, uuid.data(), std::min(uuid.size(), sizeof h.uuid - 1));
}

template <typename T>
void put(std::ofstream& out, const std::vector<T>& v) {
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}

}  // namespace

Status write_columns(const Xapian::Database& db, const fs::path& dir) {
  const fs::path file = dir / kColumnsFile;
  const fs::path temp = dir / (std::string(kColumnsFile) + ".new");
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
    if (overflow) return make_error(file.string(), "too many facet values for the columns; searches read the index instead");
    std::vector<std::uint32_t> lengths(h.doc_bound, 0);
    const auto all_end = db.postlist_end("");
    for (auto it = db.postlist_begin(""); it != all_end; ++it) lengths[*it] = it.get_doclength();
    std::vector<std::uint8_t> levels(h.doc_bound, Columns::kNoDocument);
    const std::pair<std::string_view, Columns::Level> level_terms[] = {{schema::kLevelDocument, Columns::kDocumentLevel},
                                                                       {schema::kLevelUnit, Columns::kUnitLevel},
                                                                       {schema::kLevelExample, Columns::kExampleLevel}};
    for (const auto& [name, level] : level_terms) {
      const std::string term = schema::boolean_term(schema::prefix::kLevel, name);
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) levels[*it] = level;
    }
    const std::string unit_kinds = code_unit_kinds(db, levels);
    h.unit_kind_count = static_cast<std::uint32_t>(std::count(unit_kinds.begin(), unit_kinds.end(), '\0'));
    h.unit_kind_bytes = static_cast<std::uint32_t>(unit_kinds.size());
    std::vector<std::uint16_t> years(h.doc_bound, 0);
    const std::string year_prefix(schema::prefix::kYear);
    for (auto t = db.allterms_begin(year_prefix); t != db.allterms_end(year_prefix); ++t) {
      const std::string digits = (*t).substr(year_prefix.size());
      if (!is_year(digits)) continue;
      const auto year = static_cast<std::uint16_t>(std::stoi(digits));
      for (auto it = db.postlist_begin(*t); it != db.postlist_end(*t); ++it) years[*it] = year;
    }
    while (next <= h.doc_bound) offsets[next++] = static_cast<std::uint32_t>(ids.size());
    h.id_count = static_cast<std::uint32_t>(ids.size());
    h.dictionary_count = static_cast<std::uint32_t>(known.size());
    h.dictionary_bytes = static_cast<std::uint32_t>(dictionary.size());

    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      if (!out) return make_error(temp.string(), std::string("cannot write the columns: ") + std::strerror(errno));
      out.write(reinterpret_cast<const char*>(&h), sizeof h);
      put(out, offsets);
      put(out, lengths);
      put(out, ids);
      put(out, years);
      put(out, levels);
      out.write(dictionary.data(), static_cast<std::streamsize>(dictionary.size()));
      out.write(unit_kinds.data(), static_cast<std::streamsize>(unit_kinds.size()));
      out.flush();
      if (!out) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return make_error(temp.string(), "cannot write the columns (is the disk full?)");
      }
    }
    std::error_code ec;
    fs::rename(temp, file, ec);
    if (ec) {
      fs::remove(temp, ec);
      return make_error(file.string(), "cannot put the columns in place: " + ec.message());
    }
    return ok_status();
  } catch (const Xapian::Error& e) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return make_error(dir.string(), "cannot read the index for the columns: " + e.get_description());
  }
}

Status refresh_columns(const Xapian::Database& db, const fs::path& dir) {
  if (Columns::open(dir, db)) return ok_status();
  return write_columns(db, dir);
}

namespace {

// The columns open in this process, by the file they map. hrdex-serve has a
// searcher per thread, and each mapping of the same file counts again in
// the process's resident memory: one mapping serves them all.
using FileKey = std::tuple<dev_t, ino_t, off_t, std::int64_t, std::int64_t>;
struct OpenColumns {
  std::mutex mutex;
  std::map<FileKey, std::weak_ptr<const Columns>> by_file;
};
OpenColumns& open_columns() {
  static OpenColumns open;
  return open;
}

}  // namespace

std::shared_ptr<const Columns> Columns::open(const fs::path& dir, const Xapian::Database& db) {
  const fs::path file = dir / kColumnsFile;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st{};
  if (::fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < sizeof(Header)) {
    ::close(fd);
    return nullptr;
  }
  // A file is rewritten by renaming a new one over it, so the same device,
  // inode, size and time mean the same bytes.
  const FileKey key{st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
  OpenColumns& shared = open_columns();
  std::lock_guard lock(shared.mutex);
  if (auto it = shared.by_file.find(key); it != shared.by_file.end())
    if (auto open = it->second.lock()) {
      ::close(fd);
      try {
        return open->built_from(db) ? open : nullptr;
      } catch (const Xapian::Error&) {
        return nullptr;
      }
    }
  std::erase_if(shared.by_file, [](const auto& entry) { return entry.second.expired(); });
  auto column = map_file(fd, static_cast<std::size_t>(st.st_size), db);
  ::close(fd);
  if (column) shared.by_file[key] = column;
  return column;
}

std::shared_ptr<const Columns> Columns::map_file(int fd, std::size_t size, const Xapian::Database& db) {
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) return nullptr;
  std::shared_ptr<Columns> column(new Columns);
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
  if (unit_kinds_at(h) + h.unit_kind_bytes != size || h.unit_kind_count > kUnitKindCodes) return nullptr;
  const auto* base = static_cast<const char*>(map);
  column->offsets_ = reinterpret_cast<const std::uint32_t*>(base + offsets_at());
  column->lengths_ = reinterpret_cast<const std::uint32_t*>(base + lengths_at(h));
  column->levels_ = reinterpret_cast<const std::uint8_t*>(base + levels_at(h));
  column->years_ = reinterpret_cast<const std::uint16_t*>(base + years_at(h));
  column->revision_ = h.revision;
  column->uuid_.assign(h.uuid, strnlen(h.uuid, sizeof h.uuid));
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
  const std::string_view kinds(base + unit_kinds_at(h), h.unit_kind_bytes);
  for (std::size_t at = 0; at < kinds.size();) {
    const std::size_t stop = kinds.find('\0', at);
    if (stop == std::string_view::npos) return nullptr;
    column->unit_kinds_.push_back(kinds.substr(at, stop - at));
    at = stop + 1;
  }
  if (column->unit_kinds_.size() != h.unit_kind_count) return nullptr;
  column->unit_kind_counts_.assign(column->unit_kinds_.size(), 0);
  std::vector<std::uint32_t> per_year(std::size_t{1} << 16);
  for (std::uint32_t d = 0; d < h.doc_bound; ++d) {
    const std::uint8_t byte = column->levels_[d];
    if (byte != kNoDocument && column->years_[d] != 0) ++per_year[column->years_[d]];
    if (byte >= kUnitKindBase) {
      const std::size_t code = byte - kUnitKindBase;
      if (code >= column->unit_kinds_.size()) return nullptr;
      ++column->unit_kind_counts_[code];
    }
  }
  for (std::size_t year = 1; year < per_year.size(); ++year)
    if (per_year[year] != 0) column->year_counts_.emplace_back(static_cast<std::uint16_t>(year), per_year[year]);
  return column;
}

bool Columns::built_from(const Xapian::Database& db) const {
  return db.get_revision() == revision_ && db.get_uuid() == uuid_ && db.get_lastdocid() < doc_bound_;
}

std::optional<std::uint8_t> Columns::unit_kind_byte(std::string_view kind) const {
  for (std::size_t code = 0; code < unit_kinds_.size(); ++code)
    if (unit_kinds_[code] == kind) return static_cast<std::uint8_t>(kUnitKindBase + code);
  return std::nullopt;
}

std::uint32_t Columns::unit_kind_count(std::uint8_t byte) const {
  if (byte < kUnitKindBase) return 0;
  const std::size_t code = byte - kUnitKindBase;
  return code < unit_kind_counts_.size() ? unit_kind_counts_[code] : 0;
}

bool is_year(std::string_view digits) {
  return digits.size() == 4 && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Columns::~Columns() {
  if (map_) ::munmap(const_cast<void*>(map_), map_size_);
}

bool Columns::count(const std::vector<Xapian::docid>& docs, std::vector<std::uint32_t>& counts) const {
  const std::size_t values = dictionary_.size();
  if (counts.size() < values) return false;
  const std::size_t n = docs.size();
  if (n && *std::max_element(docs.begin(), docs.end()) >= doc_bound_) return false;  // the prefetches read ahead
  // Neighbouring matches share most values (their kind, year, State), and
  // adding to one counter again before the last add has landed stalls; four
  // sets of counters, taken in turn, keep the adds independent.
  constexpr std::size_t kSets = 4;
  std::vector<std::uint32_t> sets(kSets * values, 0);
  // Matches are far apart in a big index, so each one's offsets and ids are
  // a cache miss: ask for them a few matches ahead (the ids once their
  // offsets have arrived), which more than halves the time.
  constexpr std::size_t kOffsetsAhead = 16, kIdsAhead = 8;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kOffsetsAhead < n) __builtin_prefetch(offsets_ + docs[i + kOffsetsAhead]);
    if (i + kIdsAhead < n) __builtin_prefetch(ids_ + std::min(offsets_[docs[i + kIdsAhead]], id_count_));
    const Xapian::docid d = docs[i];
    const std::uint32_t start = offsets_[d], stop = offsets_[d + 1];
    if (start > stop || stop > id_count_) return false;
    std::uint32_t* const set = sets.data() + (i % kSets) * values;
    for (std::uint32_t k = start; k < stop; ++k) {
      const std::uint16_t id = ids_[k];
      if (id >= values) return false;
      ++set[id];
    }
  }
  for (std::size_t id = 0; id < values; ++id)
    counts[id] += sets[id] + sets[values + id] + sets[2 * values + id] + sets[3 * values + id];
  return true;
}

}  // namespace hrdex::core
