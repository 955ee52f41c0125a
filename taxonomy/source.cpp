#include "taxonomy/source.hpp"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/data_dir.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

namespace hrdex::taxonomy {
namespace fs = std::filesystem;

core::Expected<fs::path> default_taxonomy_dir() {
  auto data = core::find_data_dir();
  if (!data) return data.error();
  fs::path dir = data->path / "taxonomies";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return core::make_error(dir.string(), "no taxonomy folder in the data folder (" + data->origin + ")");
  return dir;
}

core::Expected<TaxonomySet> load_taxonomy_source(TaxonomySource& source) {
  std::vector<fs::path> files;
  if (!source.files.empty()) {
    for (fs::path& f : source.files) f = fs::absolute(f).lexically_normal();
    files = source.files;
  } else {
    if (!source.dir) {
      auto dir = default_taxonomy_dir();
      if (!dir) return dir.error();
      source.dir = *dir;
      source.default_dir = true;
    }
    source.dir = fs::absolute(*source.dir).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(*source.dir, ec)) return core::make_error(source.dir->string(), "no such taxonomy folder");
    files = taxonomy_files(*source.dir);
    if (files.empty())
      return core::make_error(source.dir->string(), std::string("no taxonomy files (*.toml) in this folder") +
                                                        (source.default_dir ? " (the data folder's default taxonomies)" : ""));
  }
  return load_taxonomies(files);
}

core::Expected<TaxonomySet> load_index_taxonomies(const Xapian::Database& db, TaxonomySource& source) {
  if (source.empty()) source = source_from_json(db.get_metadata(std::string(core::schema::kMetaTaxonomies)));
  return load_taxonomy_source(source);
}

std::string source_fingerprint(const TaxonomySource& source) {
  std::vector<fs::path> files = source.files;
  if (files.empty()) {
    if (source.dir) {
      files = taxonomy_files(*source.dir);
    } else if (auto dir = default_taxonomy_dir()) {
      files = taxonomy_files(*dir);
    }
  }
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
    if (source.default_dir) j["default"] = true;
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
  // The data folder's taxonomies are looked up again, wherever it is now.
  if (auto it = j.find("default"); it != j.end() && it->is_boolean() && it->get<bool>()) source.dir.reset();
  return source;
}

namespace {

std::string file_hash(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return core::short_hash(bytes.str());
}

}  // namespace

std::string written_by_json(const TaxonomySet& set) {
  nlohmann::json taxonomies = nlohmann::json::array();
  for (const Taxonomy& taxonomy : set.taxonomies())
    taxonomies.push_back({{"id", taxonomy.id}, {"file", taxonomy.source}, {"hash", file_hash(taxonomy.source)}});
  return nlohmann::json{{"hrdex", HRDEX_VERSION}, {"taxonomies", taxonomies}}.dump();
}

std::vector<std::string> taxonomies_changed_since(const TaxonomySet& set, std::string_view written_by) {
  const nlohmann::json recorded = nlohmann::json::parse(written_by, nullptr, false);
  if (!recorded.is_object() || !recorded.contains("taxonomies") || !recorded["taxonomies"].is_array()) return {};
  std::map<std::string, std::string> hash_of;
  for (const nlohmann::json& t : recorded["taxonomies"])
    if (t.is_object()) hash_of[t.value("id", "")] = t.value("hash", "");
  std::vector<std::string> changed;
  for (const Taxonomy& taxonomy : set.taxonomies()) {
    auto it = hash_of.find(taxonomy.id);
    if (it == hash_of.end() || it->second != file_hash(taxonomy.source)) changed.push_back(taxonomy.id);
  }
  return changed;
}

}  // namespace hrdex::taxonomy
