#include "taxonomy/source.hpp"

#include <nlohmann/json.hpp>

#include "core/schema.hpp"

#ifndef HRDEX_TAXONOMY_DIR
#define HRDEX_TAXONOMY_DIR "corpus/taxonomies"
#endif

namespace hrdex::taxonomy {
namespace fs = std::filesystem;

namespace {

fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace

fs::path default_taxonomy_dir() {
  fs::path beside = executable_dir();
  if (!beside.empty()) {
    fs::path installed = (beside / ".." / "share" / "hrdex" / "taxonomies").lexically_normal();
    std::error_code ec;
    if (fs::is_directory(installed, ec)) return installed;
  }
  return fs::path(HRDEX_TAXONOMY_DIR);
}

core::Expected<TaxonomySet> load_taxonomy_source(TaxonomySource& source) {
  std::vector<fs::path> files;
  if (!source.files.empty()) {
    for (fs::path& f : source.files) f = fs::absolute(f).lexically_normal();
    files = source.files;
  } else {
    if (!source.dir) source.dir = default_taxonomy_dir();
    source.dir = fs::absolute(*source.dir).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(*source.dir, ec)) return core::make_error(source.dir->string(), "no such taxonomy folder");
    files = taxonomy_files(*source.dir);
    if (files.empty()) return core::make_error(source.dir->string(), "no taxonomy files (*.toml) in this folder");
  }
  return load_taxonomies(files);
}

core::Expected<TaxonomySet> load_index_taxonomies(const Xapian::Database& db, TaxonomySource& source) {
  if (source.empty()) source = source_from_json(db.get_metadata(std::string(core::schema::kMetaTaxonomies)));
  return load_taxonomy_source(source);
}

std::string source_fingerprint(const TaxonomySource& source) {
  std::vector<fs::path> files = source.files;
  if (files.empty()) files = taxonomy_files(source.dir ? *source.dir : default_taxonomy_dir());
  std::string print;
  for (const fs::path& f : files) {
    std::error_code ec;
    auto size = fs::file_size(f, ec);
    auto time = fs::last_write_time(f, ec);
    print += f.string() + '|' + std::to_string(ec ? 0 : size) + '|' +
             std::to_string(ec ? 0 : time.time_since_epoch().count()) + '\n';
  }
  return print;
}

std::string source_to_json(const TaxonomySource& source) {
  nlohmann::json j = nlohmann::json::object();
  if (!source.files.empty()) {
    std::vector<std::string> files;
    for (const fs::path& f : source.files) files.push_back(f.string());
    j["files"] = files;
  } else if (source.dir) {
    j["dir"] = source.dir->string();
  }
  return j.dump();
}

TaxonomySource source_from_json(const std::string& text) {
  TaxonomySource source;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return source;
  if (auto it = j.find("files"); it != j.end() && it->is_array())
    for (const auto& f : *it)
      if (f.is_string()) source.files.emplace_back(f.get<std::string>());
  if (auto it = j.find("dir"); it != j.end() && it->is_string()) source.dir = it->get<std::string>();
  return source;
}

}  // namespace hrdex::taxonomy
