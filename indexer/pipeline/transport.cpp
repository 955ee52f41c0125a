#include "indexer/pipeline/transport.hpp"

namespace hrdex::indexer::pipeline {

std::string serialize(const write::PreparedDocument& doc) {
  std::string out = core::to_json(doc.record);
  for (const auto& u : doc.units) {
    out += '\n';
    out += core::to_json(u);
  }
  return out;
}

core::Expected<write::PreparedDocument> deserialize(const std::string& text) {
  write::PreparedDocument doc;
  std::size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    if (first) {
      auto r = core::document_from_json(line);
      if (!r) return r.error();
      doc.record = std::move(*r);
      first = false;
    } else {
      auto u = core::unit_from_json(line);
      if (!u) return u.error();
      doc.units.push_back(std::move(*u));
    }
  }
  if (first) return core::make_error("worker", "empty result from worker");
  return doc;
}

std::string serialize(const core::Error& error) { return error.where + '\x1f' + error.what; }

core::Error deserialize_error(const std::string& text) {
  auto sep = text.find('\x1f');
  if (sep == std::string::npos) return core::make_error("", text);
  return core::make_error(text.substr(0, sep), text.substr(sep + 1));
}

}  // namespace hrdex::indexer::pipeline
