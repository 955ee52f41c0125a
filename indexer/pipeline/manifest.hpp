// A manifest: per-file metadata that users download with their documents
// (path, symbol, kind, State, date, language, source URL, title), in CSV with
// a header row or in JSON. It overrides what detection finds.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "core/expected.hpp"
#include "indexer/ingest.hpp"

namespace hrdex::indexer::pipeline {

class Manifest {
 public:
  // Errors name the manifest and the line (CSV) or entry (JSON).
  static core::Expected<Manifest> load(const std::filesystem::path& file);

  // The overrides for a file, found by its canonical path; relative paths in
  // the manifest are relative to the manifest's folder.
  const DocumentOverrides* find(const std::filesystem::path& canonical) const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::map<std::string, DocumentOverrides> entries_;
};

}  // namespace hrdex::indexer::pipeline
