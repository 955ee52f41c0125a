#include "indexer/retag_command.hpp"

#include <chrono>
#include <cstdio>
#include <map>
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

    // What tagging needs of each unit's document: its language and State.
    struct Context {
      std::string language, state;
    };
    std::map<std::string, Context> context_of;  // document id -> context
    auto context = [&](const std::string& parent) -> const Context& {
      if (auto it = context_of.find(parent); it != context_of.end()) return it->second;
      Context c;
      const std::string q = std::string(schema::prefix::kUniqueId) + parent;
      if (auto p = db->postlist_begin(q); p != db->postlist_end(q))
        if (auto r = core::document_from_json(db->get_document(*p).get_data())) c = {r->language, r->state};
      return context_of.emplace(parent, std::move(c)).first->second;
    };

    for (Xapian::docid id : ids) {
      Xapian::Document xunit = db->get_document(id);
      auto unit = core::unit_from_json(xunit.get_data());
      if (!unit) {
        err << "hrdex-index: warning: unit #" << id << ": " << unit.error().what << " (left as it was)\n";
        continue;
      }
      ++units;
      const Context& c = context(unit->parent);
      std::vector<core::UnitTag> tags = tagger.tag(*unit, tag::TagContext{c.language, c.state});
      for (const auto& t : tags) ++by_source[t.source];
      if (tags == unit->tags) continue;
      unit->tags = std::move(tags);
      xunit.set_data(core::to_json(*unit));
      write::remove_tag_terms(xunit);
      write::add_tag_terms(xunit, *unit);
      xunit.add_value(schema::slot::kFacets, schema::facet_value(xunit));
      db->replace_document(id, xunit);
      ++changed;
      if (++pending >= kCommitEvery) {
        db->commit();
        pending = 0;
      }
    }
    db->set_metadata(std::string(schema::kMetaTaxonomies), taxonomy::source_to_json(source));
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
