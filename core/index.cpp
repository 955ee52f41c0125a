#include "core/index.hpp"

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
  bool existed = fs::exists(dir, ec) && !fs::is_empty(dir, ec);
  try {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
    if (!existed || (db.get_doccount() == 0 && db.get_metadata(std::string(schema::kMetaSchemaVersion)).empty())) {
      db.set_metadata(std::string(schema::kMetaSchemaVersion), kWant);
      db.set_metadata(std::string(schema::kMetaCreatedBy), "hrdex " HRDEX_VERSION);
      db.commit();
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
