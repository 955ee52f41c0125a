#include "core/index.hpp"

#include <unistd.h>

#include <string>

#include "core/schema.hpp"

namespace hrdex::core {
namespace fs = std::filesystem;

namespace {

const std::string kWant = std::to_string(schema::kSchemaVersion);

Status check_version(const Xapian::Database& db, const std::string& dir) {
  std::string have = db.get_metadata(std::string(schema::kMetaSchemaVersion));
  if (have == kWant) return ok_status();
  if (have.empty())
    return make_error(dir, "not an hrdex index (a Xapian database without an hrdex schema version)");
  return make_error(dir, "index was written with hrdex schema version " + have + ", this hrdex reads version " +
                             kWant + "; rebuild it with 'hrdex-index add --db " + dir + " ...' into a new folder");
}

Status check_not_a_file(const fs::path& dir) {
  std::error_code ec;
  auto st = fs::status(dir, ec);
  if (!ec && fs::exists(st) && !fs::is_directory(st))
    return make_error(dir.string(), "index path is not a directory");
  return ok_status();
}

void stamp_schema(Xapian::WritableDatabase& db) {
  db.set_metadata(std::string(schema::kMetaSchemaVersion), kWant);
  db.set_metadata(std::string(schema::kMetaCreatedBy), "hrdex " HRDEX_VERSION);
  db.commit();
}

// A new index is made whole in a sibling folder, stamped with the schema
// version, and renamed into place: a process killed while creating it (the
// first moment of every `add`) leaves no index, never a Xapian database
// without hrdex's metadata, which every later run would refuse.
Status create_index(const fs::path& dir) {
  const fs::path target = dir.has_filename() ? dir : dir.parent_path();
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on a
  // "." + std::string + ... chain.
  std::string name = ".";
  name += target.filename().string();
  name += ".creating-";
  name += std::to_string(::getpid());
  const fs::path staging = target.parent_path() / name;
  std::error_code ec;
  fs::remove_all(staging, ec);
  try {
    Xapian::WritableDatabase db(staging.string(), Xapian::DB_CREATE);
    stamp_schema(db);
    db.close();
  } catch (const Xapian::Error& e) {
    fs::remove_all(staging, ec);
    return make_error(dir.string(), "cannot create index: " + e.get_description());
  }
  // Onto a missing or empty folder; a writer that got there first wins,
  // and its index is opened below like any existing one.
  fs::rename(staging, target, ec);
  if (ec) {
    fs::remove_all(staging, ec);
    std::error_code exists;
    if (!fs::exists(target, exists) || fs::is_empty(target, exists))
      return make_error(dir.string(), "cannot create index: cannot move it into place");
  }
  return ok_status();
}

}  // namespace

Status check_schema_version(const Xapian::Database& db, const std::string& name) { return check_version(db, name); }

Expected<Xapian::Database> open_index_for_reading(const fs::path& dir) {
  if (auto s = check_not_a_file(dir); !s) return s.error();
  std::error_code ec;
  if (!fs::exists(dir, ec))
    return make_error(dir.string(), "no index here (create one with 'hrdex-index add --db " + dir.string() + " FILES')");
  try {
    Xapian::Database db(dir.string());
    if (auto s = check_version(db, dir.string()); !s) return s.error();
    return db;
  } catch (const Xapian::DatabaseNotFoundError&) {
    return make_error(dir.string(), "not an hrdex index (no Xapian database in this folder)");
  } catch (const Xapian::Error& e) {
    return make_error(dir.string(), "cannot open index: " + e.get_description());
  }
}

Expected<Xapian::WritableDatabase> open_index_for_writing(const fs::path& dir) {
  if (auto s = check_not_a_file(dir); !s) return s.error();
  std::error_code ec;
  if (!(fs::exists(dir, ec) && !fs::is_empty(dir, ec)))
    if (auto s = create_index(dir); !s) return s.error();
  try {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
    // An empty database without hrdex's metadata: left by a version that
    // created indexes in place and was killed at that moment.
    if (db.get_doccount() == 0 && db.get_metadata(std::string(schema::kMetaSchemaVersion)).empty()) {
      stamp_schema(db);
    } else if (auto s = check_version(db, dir.string()); !s) {
      return s.error();
    }
    return db;
  } catch (const Xapian::DatabaseLockError&) {
    return make_error("", "index " + dir.string() + " is being written by another process; try again when it has finished");
  } catch (const Xapian::Error& e) {
    return make_error(dir.string(), "cannot open index for writing: " + e.get_description());
  }
}

Expected<Xapian::WritableDatabase> open_existing_index_for_writing(const std::filesystem::path& dir) {
  if (auto existing = open_index_for_reading(dir); !existing) return existing.error();
  return open_index_for_writing(dir);
}

}  // namespace hrdex::core
