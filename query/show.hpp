// `hrdex-query show ID [--why]`: one unit whole, with its document's
// context (symbol, title, State, section, page, recommending States,
// response) and its tags; --why adds the evidence behind every tag.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include <xapian.h>

#include "core/expected.hpp"
#include "core/record.hpp"

namespace hrdex::query {

struct ShowOptions {
  std::filesystem::path db;
  std::string id;     // a unit id ("<document id>-<ordinal>") or a document id
  bool why = false;   // the evidence for every tag
  bool json = false;  // the unit and document records as one JSON object
};

// A unit (or document) as stored, with its document; the unit's tags
// carry their labels.
struct Shown {
  std::optional<core::UnitRecord> unit;         // empty when the id is a document's
  std::optional<core::DocumentRecord> document;  // the unit's document, or the document shown
  std::string data;                              // the stored JSON record of what was asked for
  std::string document_data;                     // the document's stored JSON record
};

// The stored JSON record of a unit, document or example; nullopt when the
// index has no such id.
std::optional<std::string> stored_record(const Xapian::Database& db, const std::string& id);

// Error when the index has no unit or document with this id.
core::Expected<Shown> load_shown(const Xapian::Database& db, const std::string& id);

// The text (or JSON) `show` prints; an error when the index has no such id.
core::Expected<std::string> render_show(const Xapian::Database& db, const ShowOptions& options);

// Exit status 0, or 2 with the error printed.
int run_show(const ShowOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::query
