// `hrdex-query show ID [--why]`: one unit whole, with its document's
// context (symbol, title, State, section, page, recommending States,
// response) and its tags; --why adds the evidence behind every tag.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include <xapian.h>

#include "core/expected.hpp"

namespace hrdex::query {

struct ShowOptions {
  std::filesystem::path db;
  std::string id;     // a unit id ("<document id>-<ordinal>") or a document id
  bool why = false;   // the evidence for every tag
  bool json = false;  // the unit and document records as one JSON object
};

// The text (or JSON) `show` prints; an error when the index has no such id.
core::Expected<std::string> render_show(const Xapian::Database& db, const ShowOptions& options);

// Exit status 0, or 2 with the error printed.
int run_show(const ShowOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::query
