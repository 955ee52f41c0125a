// Writing documents and their units into an hrdex index. The only code that
// turns records into Xapian terms and values, following core/schema.hpp.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <ostream>
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

// The same, with each unit already turned into the Xapian document the
// writer adds. Workers build these, so the one writer process only adds
// documents and does not parse records or tokenise text.
struct BuiltDocument {
  core::DocumentRecord record;
  std::vector<Xapian::Document> units;  // in ordinal order
};
BuiltDocument build_document(const PreparedDocument& doc);

// A labelled example stored by `hrdex-index learn` (schema: level
// "example"): training data for the classifier, never a search result.
struct Example {
  std::string id;          // "example/<source key>/<line>"
  std::string name;        // "<labels file name>:<line>", for messages
  std::string source_key;  // identifies the labels file (hash of its bytes)
  int line = 0;
  std::string group;       // its review (a State's): folds never split one
  std::string taxonomy;
  std::vector<std::string> tags;    // tag ids in `taxonomy`
  std::vector<std::string> labels;  // as written in the file
  std::string text;
  std::string language;
};
Xapian::Document example_document(const Example& example);

// The terms of a unit's tags (kind prefix + id, sources, human labels).
// unit_document() adds them; retag removes and re-adds them on the stored
// document, which saves indexing the text again.
void add_tag_terms(Xapian::Document& xunit, const core::UnitRecord& unit);
void remove_tag_terms(Xapian::Document& xunit);

// The stable id of a file: a hash of its canonical absolute path, so adding
// the same file again replaces it.
std::string document_id_for_path(const std::filesystem::path& canonical_path);

// The reviews (XREVIEW) of the Working Group reports, or (`addenda`) of
// the addenda, `db` holds: what a merge or a join compares across shards.
std::set<std::string> reviews_of(const Xapian::Database& db, bool addenda);

// The columns (core/columns.hpp) of `db` as committed, brought up to date in `dir` by
// every command that writes an index; a failure is a warning on `err`.
void refresh_columns(const Xapian::Database& db, const std::filesystem::path& dir, std::ostream& err);

class IndexWriter {
 public:
  static core::Expected<IndexWriter> open(const std::filesystem::path& dir);
  IndexWriter(IndexWriter&&) = default;
  IndexWriter& operator=(IndexWriter&&) = default;
  // Xapian's own destructor commits what is pending, and when the disk is
  // full that commit can end the process (std::terminate). After a failure
  // the writer therefore never lets Xapian's destructor run: the pending
  // changes are dropped, the lock goes with the process, and the index
  // keeps its last commit, as the error said.
  ~IndexWriter();

  // Replaces everything the index holds for the document's id (the document
  // and all its units) in one transaction: all or nothing, made durable by
  // the next commit(). The response
  // join happens here, from whichever side arrives second: a Working Group
  // report takes the responses of the addenda already indexed, and an
  // addendum rewrites the units of the report it answers.
  core::Status replace(const PreparedDocument& doc);
  core::Status replace(const BuiltDocument& doc);

  // Removes a document and its units, in one transaction made durable by the
  // next commit(); false when the index did not hold it.
  core::Expected<bool> remove(const std::string& document_id);

  // Makes every change so far durable. A crash before it loses only what
  // came after the previous commit; the index always opens. Refuses to
  // start when the disk lacks room for it (see pending_bytes_).
  core::Status commit();

  // Brings the columns (core/columns.hpp) up to the last commit; after a
  // failure they are left as they are, for readers to find stale. Columns
  // that cannot be written are a warning on `err`: searches then read the
  // index, with the same results, more slowly.
  void refresh_columns(std::ostream& err);

  // Joins onto the units of this index's Working Group reports of `reviews`
  // the responses of every addendum `source` holds for them (in symbol
  // order, as replace() does), so an addendum in another shard answers a
  // report in this one. `source` may be this index, or a set of shards
  // that includes it. Made durable by the next commit(); returns the
  // number of reports rewritten.
  core::Expected<std::size_t> join_responses(const Xapian::Database& source, const std::set<std::string>& reviews);

  // Documents whose bytes hash to `content_hash` (copies under other paths).
  std::vector<core::DocumentRecord> documents_with_hash(const std::string& content_hash) const;
  // Documents of a UN symbol (as normalised in records), and the numbers
  // and texts of a document's units in their order: what tells a copy in
  // another format.
  std::vector<core::DocumentRecord> documents_with_symbol(const std::string& symbol) const;
  std::vector<std::pair<std::string, std::string>> unit_texts(const std::string& document_id) const;

  // The index's metadata: bookkeeping such as files that failed. An empty
  // value deletes the key.
  std::string metadata(const std::string& key) const;
  core::Status set_metadata(const std::string& key, const std::string& value);
  std::vector<std::string> metadata_keys(const std::string& key_prefix) const;

  std::optional<core::DocumentRecord> find(const std::string& document_id) const;

  // Every document record, for operations over a folder.
  std::vector<core::DocumentRecord> documents() const;

 private:
  explicit IndexWriter(Xapian::WritableDatabase db, std::filesystem::path dir)
      : db_(std::move(db)), dir_(std::move(dir)) {}

  // Also marks the writer abandoned: see ~IndexWriter.
  core::Error failure(const Xapian::Error& e);
  std::vector<core::DocumentRecord> documents_with(const std::string& term) const;
  // Rewrites the units of the Working Group report(s) of the addendum's
  // review (those it joins onto: the same language's, or any when a
  // report's language has no addendum) with `responses`; none clears those
  // it gave.
  void rejoin_reports(const core::DocumentRecord& addendum, const std::vector<core::Response>& responses);
  // Reads the units of `report`, lets `change` change them, and writes
  // them again in place.
  void rebuild_units(const core::DocumentRecord& report,
                     const std::function<void(std::vector<core::UnitRecord>&)>& change);

  Xapian::WritableDatabase db_;
  std::filesystem::path dir_;
  // A rough size of what was added since the last commit. Xapian can end
  // the process (std::terminate) when the disk fills in the middle of a
  // commit, so commit() first checks the disk has room for twice this.
  std::uintmax_t pending_bytes_ = 0;
  bool abandoned_ = false;
};

}  // namespace hrdex::indexer::write
