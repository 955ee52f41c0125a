// Searching an hrdex index: parsing the researcher's query, running it over
// units (or documents) and returning hits with everything a citation needs.
#pragma once

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/columns.hpp"
#include "core/copies.hpp"
#include "core/shards.hpp"
#include "core/record.hpp"
#include "core/tag_vocabulary.hpp"
#include "query/synonyms.hpp"

namespace hrdex::taxonomy {
class TaxonomySet;
}

namespace hrdex::query {

enum class SortOrder { relevance, date_ascending, date_descending };

struct SearchRequest {
  std::string query;
  std::size_t offset = 0;
  std::size_t limit = 10;
  bool documents = false;  // search whole documents instead of units
  bool collapse = false;   // best unit per document only
  // Language versions of one document (same symbol) as one: the best unit
  // of each symbol and number (with `collapse`, the best of each symbol).
  bool collapse_languages = false;
  SortOrder sort = SortOrder::relevance;
  bool facets = false;     // count facet values over every match
  bool snippets = true;    // extracts need the text, not a snippet
  // agency: and wg: filters also match units of other States than the
  // government's own (core::UnitTag::other_state).
  bool all_states = false;
};

// Exact counts of one facet's values over every match, most frequent first.
struct FacetValue {
  std::string value;
  Xapian::doccount count = 0;
  std::string label;  // a tag's label from the index's taxonomies; empty for other facets
};
struct Facet {
  std::string name;  // "theme", "state", ...
  std::vector<FacetValue> values;
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
  std::string mandate;                           // special procedure
  std::string lead_in;                           // a sub-item's paragraph before its items
  bool followup = false;                         // a committee asked for follow-up on it
  bool ocr = false;                              // its text was read by OCR
  // The languages of the other documents with the same symbol (other
  // language versions), sorted; empty when there are none.
  std::vector<std::string> other_languages;
  std::vector<core::UnitTag> tags;               // hrdex's tags, human labels included
  std::vector<std::string> affected_persons;     // labels OHCHR assigned (thematic lists)
  std::vector<std::string> sdgs;
  double score = 0;
};

struct SearchResult {
  std::vector<Hit> hits;
  Xapian::doccount total = 0;  // exact number of matches (of documents, with collapse)
  std::vector<Facet> facets;   // when requested
  // When nothing matched: the query with misspelt words corrected, if that
  // query would match; empty otherwise.
  std::string suggestion;
  // When nothing matched: a note for each value of a filter with few values
  // (kind:, lang:, response:, ...) that the index holds nowhere, naming
  // those it holds (query/spelling.hpp, values_not_held).
  std::vector<std::string> notes;
  // Shards left out of this answer (ShardOptions::skip_missing), each
  // with why; empty when every shard answered.
  std::vector<core::Error> missing_shards;
};

class Searcher {
 public:
  static core::Expected<Searcher> open(const std::filesystem::path& dir);
  // Several shards searched as one (core/shards.hpp: folders, stub files,
  // remote shards), with the merged index's answers (query/shard_match.hpp);
  // one folder is the single index.
  static core::Expected<Searcher> open(const std::vector<std::filesystem::path>& dbs,
                                       const core::ShardOptions& options = {});

  core::Expected<SearchResult> search(const SearchRequest& request);
  // Exact number of matching units (or documents).
  core::Expected<Xapian::doccount> count(const std::string& query, bool documents = false);

  // Runs an already built query with the request's paging, order, collapse
  // and facets (request.query is only echoed); `similar` builds its own.
  // `add_level`: the query has no level filter, and the request's level
  // (units, or documents) is to be added.
  core::Expected<SearchResult> run_reopening(const Xapian::Query& query, const SearchRequest& request,
                                             bool add_level = false);
  core::Expected<SearchResult> run(const Xapian::Query& query, const SearchRequest& request);
  // The query as Xapian will run it, level filter included.
  core::Expected<Xapian::Query> parse(const std::string& query, bool documents);

  // Indexes of at least this many Xapian documents are matched in two
  // halves on two threads (query/parallel_match.hpp); smaller ones in one.
  static constexpr Xapian::doccount kParallelMinDocuments = 50000;
  void set_parallel_min_documents(Xapian::doccount n) { parallel_min_documents_ = n; }

  // Moves to the index's newest commit when a writer has committed since
  // it was opened (a long-running reader such as hrdex-serve calls it
  // before each request); true when it moved. An error when the index can
  // no longer be read (deleted or moved away, or another schema version).
  core::Expected<bool> refresh();

  // Acronym and name groups expanded at query time; replaces the set.
  void set_synonyms(SynonymTable synonyms) { synonyms_ = std::move(synonyms); }
  const Xapian::Database& database() const { return db_; }
  // Whether this searches shards (or one remote shard), not one folder.
  bool sharded() const { return shards_.has_value(); }
  // The shards left out when opened or since (ShardOptions::skip_missing).
  const std::vector<core::Error>& missing_shards() const;
  // The index's tag names and labels (core/tag_vocabulary.hpp).
  const core::TagVocabulary& vocabulary() const { return vocabulary_; }

 private:
  Searcher(Xapian::Database db, std::filesystem::path dir);
  explicit Searcher(core::Shards shards, std::vector<std::filesystem::path> dbs, core::ShardOptions options);
  core::Expected<SearchResult> run_sharded(const Xapian::Query& query, const SearchRequest& request);
  // After a shard stopped answering: the shards opened again, those that
  // cannot be left out when allowed; an error naming them otherwise.
  core::Status reopen_shards(const std::string& why);
  core::Expected<bool> refresh_shards();

  Xapian::Query parse_one_language(const std::string& query, const std::string& language);
  Xapian::Query by_language(const std::string& query);
  // The query's words and filters, without the level (units or documents).
  core::Expected<Xapian::Query> parse_words(const std::string& query);
  Xapian::Query at_level(const Xapian::Query& words, bool documents);
  core::Expected<SearchResult> run(const Xapian::Query& query, const SearchRequest& request, bool add_level);
  std::shared_ptr<const core::Columns> columns();
  // Forgets what was read from the revision that was open.
  void forget_revision();
  void read_languages();
  Hit make_hit(const Xapian::Document& xdoc, double weight);
  // The hit of one match, with its snippet, onto the page (none when its
  // record cannot be read).
  void add_hit(SearchResult& result, const Xapian::Document& xdoc, double weight, const SearchRequest& request,
               const Xapian::MSet& snippets);
  // The database handles to match `request` with: this one, and a second at
  // the same revision when the work is worth two threads.
  std::vector<Xapian::Database*> match_handles(const SearchRequest& request);
  std::string spelling_suggestion(const std::string& query, bool documents);
  const core::DocumentRecord* parent(const std::string& document_id);
  // The languages of documents with this symbol, other than `language`.
  std::vector<std::string> other_languages(const std::string& symbol, const std::string& language);
  // Whether exactly one document (not unit) of the index carries `symbol`,
  // told from the columns; false without them.
  bool only_document_of_symbol(const std::string& symbol);

  Xapian::Database db_;
  std::filesystem::path dir_;
  std::optional<Xapian::Database> second_;  // the second thread's handle, opened when first needed
  Xapian::doccount parallel_min_documents_ = kParallelMinDocuments;
  // The columns of the revision open (core/columns.hpp), looked for at the
  // first search; null when there are none for it (lengths and facets are
  // then read from the index).
  std::shared_ptr<const core::Columns> columns_;
  bool columns_checked_ = false;
  std::vector<std::string> languages_;  // of the documents in the index, from the L terms
  SynonymTable synonyms_;
  std::map<std::string, core::DocumentRecord> parents_;
  std::map<std::string, std::vector<std::string>> symbol_languages_;  // symbol -> languages of its documents
  core::TagVocabulary vocabulary_;  // tag labels, from the index
  // The taxonomies the vocabulary describes, built by the first query that
  // names a tag and kept until the revision changes (a few hundred tags:
  // building them for every query cost more than parsing it).
  std::shared_ptr<const taxonomy::TaxonomySet> tag_set_;
  bool all_states_ = false;         // of the search being parsed (SearchRequest::all_states)
  // When searching shards: the set, and how it was named, to open it again.
  std::optional<core::Shards> shards_;
  // Shards searched side by side hide the copies a merge would drop, and a
  // file indexed into two of them is shown from the first
  // (core::copies_left_out), found again when a shard's documents change
  // (its count or last id). Returns `query` without the former; the latter
  // are match_shards' to leave out.
  Xapian::Query without_copies(const Xapian::Query& query);
  std::vector<std::pair<Xapian::doccount, Xapian::docid>> copies_checked_at_;
  core::CopiesLeftOut copies_;
  std::vector<std::filesystem::path> shard_args_;
  core::ShardOptions shard_options_;
  std::chrono::steady_clock::time_point missing_tried_ = std::chrono::steady_clock::now();
};

}  // namespace hrdex::query
