#include "indexer/retag_command.hpp"

#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <optional>
#include <ostream>

#include "core/index.hpp"
#include "core/record.hpp"
#include "core/schema.hpp"
#include "indexer/ingest.hpp"
#include "indexer/tag/model.hpp"
#include "indexer/write/index_writer.hpp"

namespace hrdex::indexer {
namespace fs = std::filesystem;
namespace schema = core::schema;

namespace {

// Units rewritten between commits: bounds the memory Xapian holds for
// pending changes on a large index.
constexpr std::size_t kCommitEvery = 20000;
// Units read, tagged and written as one step of the pipeline.
constexpr std::size_t kBatch = 2000;

void report(std::ostream& err, const core::Error& e) { err << "hrdex-index: error: " << e.message() << '\n'; }

}  // namespace

int run_retag(const RetagOptions& options, std::ostream& out, std::ostream& err) {
  auto start = std::chrono::steady_clock::now();
  auto db = core::open_existing_index_for_writing(options.db);
  if (!db) {
    report(err, db.error());
    return kExitFatal;
  }
  taxonomy::TaxonomySource source = options.taxonomies;
  auto taxonomies = taxonomy::load_index_taxonomies(*db, source);
  if (!taxonomies) {
    report(err, taxonomies.error());
    return kExitFatal;
  }
  auto model = tag::read_index_model(options.db);
  if (!model) {
    report(err, model.error());
    return kExitFatal;
  }
  tag::UnitTagger tagger(std::move(*taxonomies), *model);

  std::size_t units = 0, changed = 0, pending = 0;
  std::map<std::string, std::size_t> by_source;
  try {
    // Docids first: the loop below rewrites the documents it would walk.
    const std::string unit_term = schema::boolean_term(schema::prefix::kLevel, schema::kLevelUnit);
    std::vector<Xapian::docid> ids;
    for (auto it = db->postlist_begin(unit_term); it != db->postlist_end(unit_term); ++it) ids.push_back(*it);

    // What tagging needs of each unit's document: its language and State,
    // read once for every document so the tagging thread needs no database.
    std::map<std::string, core::DocumentRecord> context_of;  // document id -> its record
    const std::string document_term = schema::boolean_term(schema::prefix::kLevel, schema::kLevelDocument);
    for (auto it = db->postlist_begin(document_term); it != db->postlist_end(document_term); ++it)
      if (auto r = core::document_from_json(db->get_document(*it).get_data())) context_of.emplace(r->id, std::move(*r));

    // One batch: read here, tagged (and its changed units' index documents
    // built) on a second thread while the batch before it is written here.
    // Writing, not tagging, is most of retag's time, so the tagging hides
    // behind it.
    struct Batch {
      std::vector<Xapian::docid> ids;
      std::vector<std::string> data;
      // Empty: unchanged or unreadable. Otherwise `data` holds its new record.
      std::vector<std::optional<core::UnitRecord>> retagged;
      // The unit's index document built anew, as add builds it (empty
      // without its document's record): cheaper to write than the stored
      // one edited, whose terms Xapian would first read with all their
      // positions.
      std::vector<std::optional<Xapian::Document>> built;
      std::vector<std::string> problems;
      std::map<std::string, std::size_t> by_source;
      std::size_t units = 0;
      std::vector<core::UnitRecord> labelled;  // units with people's labels, for the warnings
    };
    // Per document, its units with people's labels: a label that still maps
    // onto no tag is named again after retag, as add named it.
    std::map<std::string, std::vector<core::UnitRecord>> labelled_by_document;
    auto read_batch = [&](std::size_t from) {
      Batch b;
      for (std::size_t i = from; i < ids.size() && i < from + kBatch; ++i) {
        b.ids.push_back(ids[i]);
        b.data.push_back(db->get_document(ids[i]).get_data());
      }
      return b;
    };
    auto tag_batch = [&](Batch b) {
      b.retagged.resize(b.ids.size());
      b.built.resize(b.ids.size());
      for (std::size_t i = 0; i < b.ids.size(); ++i) {
        auto unit = core::unit_from_json(b.data[i]);
        if (!unit) {
          b.problems.push_back("unit #" + std::to_string(b.ids[i]) + ": " + unit.error().what + " (left as it was)");
          continue;
        }
        ++b.units;
        if (!unit->themes.empty() || !unit->affected_persons.empty()) b.labelled.push_back(*unit);
        auto c = context_of.find(unit->parent);
        std::vector<core::UnitTag> tags =
            c == context_of.end() ? tagger.tag(*unit, tag::TagContext{})
                                  : tagger.tag(*unit, tag::TagContext{c->second.language, c->second.state});
        for (const auto& t : tags) ++b.by_source[t.source];
        // Compared as stored: a tag's label, for one, is filled in by the
        // tagger but never stored, so the records would always differ.
        unit->tags = std::move(tags);
        std::string data = core::to_json(*unit);
        if (data == b.data[i]) continue;
        b.data[i] = std::move(data);
        if (c != context_of.end()) b.built[i] = std::move(write::build_document({c->second, {*unit}}).units.front());
        b.retagged[i] = std::move(*unit);
      }
      return b;
    };
    auto write_batch = [&](const Batch& b) {
      for (const std::string& problem : b.problems) err << "hrdex-index: warning: " << problem << '\n';
      units += b.units;
      for (const auto& [source, n] : b.by_source) by_source[source] += n;
      for (const core::UnitRecord& u : b.labelled) labelled_by_document[u.parent].push_back(u);
      for (std::size_t i = 0; i < b.ids.size(); ++i) {
        if (!b.retagged[i]) continue;
        Xapian::Document xunit;
        if (b.built[i]) {
          xunit = *b.built[i];
        } else {
          // A unit whose document's record is unreadable: its stored terms,
          // edited.
          xunit = db->get_document(b.ids[i]);
          xunit.set_data(b.data[i]);
          write::remove_tag_terms(xunit);
          write::add_tag_terms(xunit, *b.retagged[i]);
          xunit.add_value(schema::slot::kFacets, schema::facet_value(xunit));
        }
        db->replace_document(b.ids[i], xunit);
        ++changed;
        if (++pending >= kCommitEvery) {
          db->commit();
          pending = 0;
        }
      }
    };

    std::future<Batch> tagging;
    for (std::size_t from = 0; from < ids.size(); from += kBatch) {
      Batch next = read_batch(from);
      std::future<Batch> previous = std::move(tagging);
      tagging = std::async(std::launch::async, tag_batch, std::move(next));
      if (previous.valid()) write_batch(previous.get());
    }
    if (tagging.valid()) write_batch(tagging.get());
    for (const auto& [document, labelled] : labelled_by_document) {
      auto c = context_of.find(document);
      const std::string where = c == context_of.end() || c->second.path.empty() ? document : c->second.path;
      for (const std::string& w : unmapped_label_warnings(labelled, tagger))
        err << "hrdex-index: warning: " << where << ": " << w << '\n';
    }
    db->set_metadata(std::string(schema::kMetaTaxonomies), taxonomy::source_to_json(source));
    db->set_metadata(std::string(schema::kMetaWrittenBy), taxonomy::written_by_json(tagger.taxonomies()));
    core::TagVocabulary vocabulary = core::TagVocabulary::of_index(*db);
    taxonomy::add_vocabulary(tagger.taxonomies(), vocabulary);
    db->set_metadata(std::string(schema::kMetaTagVocabulary), vocabulary.to_json());
    db->commit();
    write::refresh_columns(*db, options.db, err);
  } catch (const Xapian::Error& e) {
    report(err, core::make_error(options.db.string(), "retagging failed: " + e.get_description()));
    return kExitFatal;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f", seconds);
  out << "retagged " << units << " unit" << (units == 1 ? "" : "s") << " in " << secs << " s; " << changed
      << " changed; tags by source:";
  if (by_source.empty()) out << " none";
  for (const auto& [s, n] : by_source) out << ' ' << s << ' ' << n;
  out << '\n';
  return kExitOk;
}

}  // namespace hrdex::indexer
