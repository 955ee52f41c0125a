// The stored record of each Xapian document: JSON in the document data.
// A record is what a search result shows, so it holds everything a citation
// needs without a second lookup.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace hrdex::core {

// One ingested file.
struct DocumentRecord {
  std::string id;            // stable id derived from the canonical path
  std::string path;          // canonical absolute path
  std::string content_hash;  // XXH3-128 of the bytes, hex
  std::uint64_t size = 0;    // bytes
  std::int64_t mtime = 0;    // seconds since the epoch
  std::string format;        // pdf, docx, odt, doc, html, text, markdown
  std::string kind;          // upr-wg-report, treaty-co, civil-society, other, ...
  std::string symbol;        // normalised UN symbol, empty when none
  std::string title;
  std::string language;      // ISO 639-1
  std::string date;          // YYYY-MM-DD of the document, empty when unknown
  std::string indexed_at;    // YYYY-MM-DDThh:mm:ssZ
  int page_count = 0;        // 0 for formats without pages
  int unit_count = 0;
  std::vector<std::string> warnings;
};

// One citable unit inside a document: a recommendation, a numbered paragraph.
struct UnitRecord {
  std::string id;         // <document id>-<ordinal>
  std::string parent;     // document id
  int ordinal = 0;        // 1-based position in the document
  std::string unit_kind;  // recommendation, paragraph, concern, ask, ...
  std::string number;     // as printed: "92.1", "12", empty when unnumbered
  int page = 0;           // page the unit starts on, 0 when the format has none
  std::string section;    // nearest heading above the unit
  std::string text;
};

std::string to_json(const DocumentRecord& record);
std::string to_json(const UnitRecord& record);
Expected<DocumentRecord> document_from_json(const std::string& data);
Expected<UnitRecord> unit_from_json(const std::string& data);

// Which of the two a stored record is, read from its "level" field.
std::string record_level(const std::string& data);

}  // namespace hrdex::core
