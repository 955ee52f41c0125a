// Searching an hrdex index: parsing the researcher's query, running it over
// units (or documents) and returning hits with everything a citation needs.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/record.hpp"

namespace hrdex::query {

struct SearchRequest {
  std::string query;
  std::size_t offset = 0;
  std::size_t limit = 10;
  bool documents = false;  // search whole documents instead of units
};

struct Hit {
  std::string id;
  std::string level;  // "unit" or "document"
  std::string doc_kind;
  std::string unit_kind;
  std::string symbol;
  std::string title;
  std::string number;
  int page = 0;
  std::string section;
  std::string text;
  // HTML-escaped text around the matches, each match in <b>...</b>.
  std::string snippet;
  std::string source_path;
  std::string document_id;
  std::string language;
  std::string date;
  std::string subsection;                        // topic sub-heading (concluding observations)
  std::string state;                             // ISO alpha-3 of the State under review
  std::vector<std::string> recommending_states;  // ISO alpha-3
  std::string response;                          // supported / noted
  std::string response_text;                     // the State's own wording
  int session = 0;                               // UPR session, 0 when none
  int cycle = 0;                                 // UPR cycle, 0 when none
  std::string body;                              // treaty body
  double score = 0;
};

struct SearchResult {
  std::vector<Hit> hits;
  Xapian::doccount total = 0;  // exact number of matches
};

class Searcher {
 public:
  static core::Expected<Searcher> open(const std::filesystem::path& dir);

  core::Expected<SearchResult> search(const SearchRequest& request);
  // Exact number of matching units (or documents).
  core::Expected<Xapian::doccount> count(const std::string& query, bool documents = false);

 private:
  explicit Searcher(Xapian::Database db) : db_(std::move(db)) {}

  core::Expected<Xapian::Query> parse(const std::string& query, bool documents);
  const core::DocumentRecord* parent(const std::string& document_id);

  Xapian::Database db_;
  std::map<std::string, core::DocumentRecord> parents_;
};

}  // namespace hrdex::query
