#include "indexer/learn_command.hpp"

#include <fstream>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/index.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/ingest.hpp"
#include "indexer/tag/crossval.hpp"
#include "indexer/tag/learner.hpp"
#include "indexer/write/index_writer.hpp"

namespace hrdex::indexer {
namespace fs = std::filesystem;
namespace schema = core::schema;

namespace labels {

std::string taxonomy_for(const std::string& given, const tag::LabelsCsvOptions& columns) {
  if (!given.empty()) return given;
  return columns.labels_column == "Issue" ? "upr-info-issues" : "";
}

core::Expected<std::string> source_key(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::make_error(file.string(), "cannot read the labels file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return core::short_hash(bytes.str());
}

std::string group_of(const tag::LabelledUnit& unit) {
  auto to = unit.fields.find("To");
  auto session = unit.fields.find("Session");
  if (to != unit.fields.end() && session != unit.fields.end()) return to->second + "|" + session->second;
  return "line " + std::to_string(unit.line);
}

}  // namespace labels

namespace {

void report(std::ostream& err, const core::Error& e) { err << "hrdex-index: error: " << e.message() << '\n'; }

}  // namespace

int run_learn(const LearnOptions& options, std::ostream& out, std::ostream& err) {
  auto db = core::open_existing_index_for_writing(options.db);
  if (!db) {
    report(err, db.error());
    return kExitFatal;
  }
  taxonomy::TaxonomySource source = options.taxonomies;
  auto set = taxonomy::load_index_taxonomies(*db, source);
  if (!set) {
    report(err, set.error());
    return kExitFatal;
  }
  const std::string taxonomy = labels::taxonomy_for(options.taxonomy_id, options.columns);
  if (taxonomy.empty()) {
    report(err, core::make_error("--taxonomy-id", "say which taxonomy the labels in column '" +
                                                      options.columns.labels_column + "' belong to"));
    return kExitFatal;
  }
  if (auto loaded = taxonomy::taxonomy_loaded(*set, taxonomy, "--taxonomy-id"); !loaded) {
    report(err, loaded.error());
    return kExitFatal;
  }
  auto rows = tag::load_labels_csv(options.labels, options.columns);
  if (!rows) {
    report(err, rows.error());
    return kExitFatal;
  }
  auto key = labels::source_key(options.labels);
  if (!key) {
    report(err, key.error());
    return kExitFatal;
  }
  const std::string name = options.labels.filename().string();
  tag::MappedExamples mapped = tag::map_labels(*set, taxonomy, *rows, name);
  for (std::size_t i = 0; i < mapped.unmapped.size() && i < 5; ++i) err << "hrdex-index: warning: " << mapped.unmapped[i] << '\n';
  if (mapped.unmapped.size() > 5) err << "hrdex-index: warning: ... and " << mapped.unmapped.size() - 5 << " more labels with no tag\n";

  std::vector<std::string> groups;
  for (const auto& u : mapped.units) groups.push_back(labels::group_of(u));
  std::vector<int> folds = tag::assign_folds(groups, options.folds, labels::kFoldSeed);
  try {
    // Learning the same file again replaces its examples.
    db->delete_document(schema::boolean_term(schema::prefix::kExampleSource, *key));
    for (std::size_t i = 0; i < mapped.units.size(); ++i) {
      const tag::LabelledUnit& u = mapped.units[i];
      write::Example e;
      e.id = "example/" + *key + "/" + std::to_string(u.line);
      e.name = name + ":" + std::to_string(u.line);
      e.source_key = *key;
      e.fold = folds[i];
      e.line = u.line;
      e.group = groups[i];
      e.taxonomy = taxonomy;
      e.tags = u.labels;
      e.text = u.text;
      e.language = options.language;
      for (const auto& row : *rows)
        if (row.line == u.line) e.labels = row.labels;
      db->replace_document(std::string(schema::prefix::kUniqueId) + e.id, write::example_document(e));
    }
    nlohmann::json meta = {{"file", fs::absolute(options.labels).lexically_normal().string()},
                           {"name", name},
                           {"taxonomy", taxonomy},
                           {"examples", mapped.units.size()},
                           {"folds", options.folds},
                           {"unmapped_labels", mapped.unmapped.size()}};
    db->set_metadata(std::string(schema::kMetaLabelsPrefix) + *key, meta.dump());
    db->commit();
    write::refresh_columns(*db, options.db, err);
  } catch (const Xapian::Error& e) {
    report(err, core::make_error(options.db.string(), "storing the examples failed: " + e.get_description()));
    return kExitFatal;
  }
  out << "learned " << mapped.units.size() << " labelled example" << (mapped.units.size() == 1 ? "" : "s") << " of "
      << taxonomy << " from " << name << " (" << rows->size() - mapped.units.size() << " rows without a known label, "
      << mapped.unmapped.size() << " labels with no tag); 'hrdex-index retag --db " << options.db.string()
      << "' applies them to the units already indexed\n";
  return kExitOk;
}

}  // namespace hrdex::indexer
