#include "indexer/pipeline/manifest.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <vector>

#include "core/text.hpp"

namespace hrdex::indexer::pipeline {
namespace fs = std::filesystem;
namespace {

constexpr const char* kColumns = "path, symbol, kind, state, date, language, source_url, title";

// Sets one override from a column or key name; false for an unknown name.
bool set_field(DocumentOverrides& o, const std::string& name, const std::string& value, std::string& path) {
  std::string key = core::ascii_lower(core::trim(name));
  std::string v(core::trim(value));
  if (key == "path" || key == "file") path = v;
  else if (key == "symbol") o.symbol = v;
  else if (key == "kind") o.kind = core::ascii_lower(v);
  else if (key == "state" || key == "country") o.state = v;
  else if (key == "date") o.date = v;
  else if (key == "language" || key == "lang") o.language = core::ascii_lower(v);
  else if (key == "source_url" || key == "url") o.source_url = v;
  else if (key == "title") o.title = v;
  else return false;
  return true;
}

// RFC 4180 records: quoted fields may hold commas, quotes ("") and newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text, std::vector<int>& lines) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row(1);
  bool quoted = false, any = false;
  int line = 1, row_line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        row.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        row.back().push_back(c);
      }
      continue;
    }
    if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      row.emplace_back();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || row.size() > 1 || !row.back().empty()) {
        rows.push_back(std::move(row));
        lines.push_back(row_line);
      }
      row.assign(1, {});
      any = false;
      row_line = ++line;
    } else {
      row.back().push_back(c);
      any = true;
    }
  }
  if (any || row.size() > 1 || !row.back().empty()) {
    rows.push_back(std::move(row));
    lines.push_back(row_line);
  }
  return rows;
}

std::string resolve(const fs::path& manifest, const std::string& path) {
  fs::path p(path);
  if (p.is_relative()) p = fs::absolute(manifest).parent_path() / p;
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return (ec ? p.lexically_normal() : c).string();
}

}  // namespace

core::Expected<Manifest> Manifest::load(const fs::path& file) {
  const std::string name = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::make_error(name, "cannot open manifest");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  Manifest m;

  std::string_view start = core::trim(text);
  if (!start.empty() && (start.front() == '[' || start.front() == '{')) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return core::make_error(name, "not valid JSON");
    if (j.is_object() && j.contains("documents")) j = j["documents"];
    if (!j.is_array()) return core::make_error(name, "expected a JSON array of objects, one per file");
    for (std::size_t i = 0; i < j.size(); ++i) {
      const auto& entry = j[i];
      std::string where = name + ": entry " + std::to_string(i + 1);
      if (!entry.is_object()) return core::make_error(where, "not a JSON object");
      DocumentOverrides o;
      std::string path;
      for (const auto& [key, value] : entry.items()) {
        if (!value.is_string()) return core::make_error(where, "value of '" + key + "' is not a string");
        if (!set_field(o, key, value.get<std::string>(), path))
          return core::make_error(where, "unknown field '" + key + "' (fields: " + kColumns + ")");
      }
      if (path.empty()) return core::make_error(where, "no 'path'");
      m.entries_[resolve(file, path)] = std::move(o);
    }
    return m;
  }

  std::vector<int> lines;
  auto rows = parse_csv(text, lines);
  if (rows.empty()) return core::make_error(name, "empty manifest");
  const auto& header = rows.front();
  std::string ignored;
  bool has_path = false;
  for (const auto& column : header) {
    DocumentOverrides probe;
    if (!set_field(probe, column, "x", ignored))
      return core::make_error(name + ":1", "unknown column '" + column + "' (columns: " + std::string(kColumns) + ")");
    std::string key = core::ascii_lower(core::trim(column));
    if (key == "path" || key == "file") has_path = true;
  }
  if (!has_path) return core::make_error(name + ":1", "no 'path' column");
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::string where = name + ":" + std::to_string(lines[r]);
    if (rows[r].size() != header.size())
      return core::make_error(where, std::to_string(rows[r].size()) + " fields, the header has " + std::to_string(header.size()));
    DocumentOverrides o;
    std::string path;
    for (std::size_t c = 0; c < header.size(); ++c) set_field(o, header[c], rows[r][c], path);
    if (path.empty()) return core::make_error(where, "empty path");
    m.entries_[resolve(file, path)] = std::move(o);
  }
  return m;
}

const DocumentOverrides* Manifest::find(const fs::path& canonical) const {
  auto it = entries_.find(canonical.string());
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace hrdex::indexer::pipeline
