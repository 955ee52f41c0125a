// Writing documents and their units into an hrdex index. The only code that
// turns records into Xapian terms and values, following core/schema.hpp.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/record.hpp"

namespace hrdex::indexer::write {

// A document ready to be written: its record and all its units.
struct PreparedDocument {
  core::DocumentRecord record;
  std::vector<core::UnitRecord> units;
};

// The stable id of a file: a hash of its canonical absolute path, so adding
// the same file again replaces it.
std::string document_id_for_path(const std::filesystem::path& canonical_path);

class IndexWriter {
 public:
  static core::Expected<IndexWriter> open(const std::filesystem::path& dir);

  // Replaces everything the index holds for the document's id (the document
  // and all its units) in one transaction, committed at once.
  core::Status replace(const PreparedDocument& doc);

  // Removes a document and its units; false when the index did not hold it.
  core::Expected<bool> remove(const std::string& document_id);

  std::optional<core::DocumentRecord> find(const std::string& document_id) const;

  // Every document record, for operations over a folder.
  std::vector<core::DocumentRecord> documents() const;

 private:
  explicit IndexWriter(Xapian::WritableDatabase db, std::filesystem::path dir)
      : db_(std::move(db)), dir_(std::move(dir)) {}

  core::Error failure(const Xapian::Error& e) const;

  Xapian::WritableDatabase db_;
  std::filesystem::path dir_;
};

}  // namespace hrdex::indexer::write
