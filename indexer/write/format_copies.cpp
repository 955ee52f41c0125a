#include "indexer/write/format_copies.hpp"

#include <nlohmann/json.hpp>

namespace hrdex::indexer::write {

std::vector<core::DocumentRecord> format_copies(const IndexWriter& writer, const BuiltDocument& doc) {
  std::vector<core::DocumentRecord> out;
  if (doc.record.symbol.empty() || doc.units.empty()) return out;
  std::vector<core::UnitText> units;
  for (const Xapian::Document& xunit : doc.units)
    if (auto unit = core::unit_from_json(xunit.get_data())) units.push_back({unit->number, unit->text});
  for (core::DocumentRecord& other : writer.documents_with_symbol(doc.record.symbol)) {
    if (other.id == doc.record.id || other.language != doc.record.language) continue;
    std::vector<core::UnitText> theirs;
    for (auto& [number, text] : writer.unit_texts(other.id)) theirs.push_back({std::move(number), std::move(text)});
    if (core::same_units(theirs, units)) out.push_back(std::move(other));
  }
  return out;
}

std::string copy_metadata(const std::string& path, std::uint64_t size, std::int64_t mtime,
                          const core::DocumentRecord& kept) {
  nlohmann::json j = {{"path", path},       {"size", size},
                      {"mtime", mtime},     {"kept_id", kept.id},
                      {"kept_hash", kept.content_hash}, {"kept_path", kept.path}};
  return j.dump();
}

}  // namespace hrdex::indexer::write
