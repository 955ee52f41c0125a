#include "indexer/evaluate_command.hpp"

#include <cstdio>
#include <map>
#include <ostream>
#include <set>

#include <nlohmann/json.hpp>

#include "core/index.hpp"
#include "core/record.hpp"
#include "core/schema.hpp"
#include "indexer/ingest.hpp"
#include "indexer/learn_command.hpp"
#include "indexer/tag/evaluation.hpp"
#include "indexer/tag/learner.hpp"

namespace hrdex::indexer {
namespace schema = core::schema;

namespace {

void report(std::ostream& err, const core::Error& e) { err << "hrdex-index: error: " << e.message() << '\n'; }

std::set<std::string> tags_of(const std::vector<core::UnitTag>& tags, const std::string& taxonomy) {
  std::set<std::string> out;
  for (const auto& t : tags)
    if (t.taxonomy == taxonomy) out.insert(t.tag);
  return out;
}

void print(std::ostream& out, const tag::Evaluation& e) {
  out << '\n' << tag::format_evaluation(e);
  char line[160];
  std::snprintf(line, sizeof line, "\nmicro P %.3f R %.3f F1 %.3f; macro P %.3f R %.3f F1 %.3f\n", e.micro_precision,
                e.micro_recall, e.micro_f1, e.macro_precision, e.macro_recall, e.macro_f1);
  out << line;
}

// Against a labels file.
int with_labels(const EvaluateOptions& options, const Xapian::Database& db, const tag::UnitTagger& tagger,
                const std::string& taxonomy, std::ostream& out, std::ostream& err) {
  auto rows = tag::load_labels_csv(*options.labels, options.columns);
  if (!rows) {
    report(err, rows.error());
    return kExitFatal;
  }
  auto key = labels::source_key(*options.labels);
  if (!key) {
    report(err, key.error());
    return kExitFatal;
  }
  const std::string name = options.labels->filename().string();
  tag::MappedExamples mapped = tag::map_labels(tagger.taxonomies(), taxonomy, *rows, name);

  // The folds learn gave this file's rows, by line; none when it never did.
  std::map<int, int> fold_of;
  const std::string source_term = schema::boolean_term(schema::prefix::kExampleSource, *key);
  for (auto it = db.postlist_begin(source_term); it != db.postlist_end(source_term); ++it) {
    auto j = nlohmann::json::parse(db.get_document(*it).get_data(), nullptr, false);
    if (j.is_object()) fold_of[j.value("line", 0)] = j.value("fold", 0);
  }
  std::map<int, std::vector<tag::Learner>> held_out;  // fold -> learners without it
  std::vector<tag::Learner> all =
      options.rules_only ? std::vector<tag::Learner>{} : tag::index_learners(db, tagger.taxonomies(), tagger.settings());

  std::vector<std::set<std::string>> gold, predicted;
  for (const tag::LabelledUnit& row : mapped.units) {
    core::UnitRecord unit;
    unit.text = row.text;
    const std::vector<tag::Learner>* learners = &all;
    if (auto f = fold_of.find(row.line); f != fold_of.end() && !options.rules_only) {
      auto it = held_out.find(f->second);
      if (it == held_out.end()) {
        Xapian::Query fold(schema::boolean_term(schema::prefix::kExampleFold, *key + ":" + std::to_string(f->second)));
        it = held_out.emplace(f->second, tag::index_learners(db, tagger.taxonomies(), tagger.settings(), fold)).first;
      }
      learners = &it->second;
    }
    gold.emplace_back(row.labels.begin(), row.labels.end());
    predicted.push_back(tags_of(tagger.tag_with(unit, options.language, *learners), taxonomy));
  }
  out << "evaluate: " << mapped.units.size() << " labelled rows of " << name << " against the index's " << taxonomy
      << " tags (";
  if (options.rules_only)
    out << "rules only";
  else if (fold_of.empty())
    out << (all.empty() ? "rules only: the index holds no labelled examples"
                        : "rules and learned; the index did not learn from this file");
  else
    out << "rules and learned; the index learned from this file, so each row's fold (of " << held_out.size()
        << ", by State review) was held out";
  out << ")";
  if (!mapped.unmapped.empty()) out << "; " << mapped.unmapped.size() << " labels with no tag left out";
  out << '\n';
  print(out, tag::evaluate(gold, predicted));
  return kExitOk;
}

// Against the human labels the index holds.
int with_human_labels(const EvaluateOptions& options, const Xapian::Database& db, const tag::UnitTagger& tagger,
                      const std::string& taxonomy, std::ostream& out) {
  const std::string labelled = tag::label_term(taxonomy, "");
  std::vector<std::set<std::string>> gold, predicted;
  std::map<std::string, std::string> language_of;
  std::map<std::string, std::vector<tag::Learner>> learners_without;  // by document
  std::set<std::string> documents;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_WILDCARD, labelled),
                                  Xapian::Query(schema::boolean_term(schema::prefix::kLevel, schema::kLevelUnit))));
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  Xapian::MSet m = enquire.get_mset(0, db.get_doccount());
  for (auto it = m.begin(); it != m.end(); ++it) {
    auto unit = core::unit_from_json(it.get_document().get_data());
    if (!unit) continue;
    std::set<std::string> g;
    for (const auto& t : unit->tags)
      if (t.taxonomy == taxonomy && t.source == "human") g.insert(t.tag);
    if (g.empty()) continue;
    documents.insert(unit->parent);
    if (!language_of.count(unit->parent)) {
      const std::string q = std::string(schema::prefix::kUniqueId) + unit->parent;
      std::string lang;
      if (auto p = db.postlist_begin(q); p != db.postlist_end(q))
        if (auto r = core::document_from_json(db.get_document(*p).get_data())) lang = r->language;
      language_of[unit->parent] = lang;
      if (!options.rules_only) {
        Xapian::Query own(schema::boolean_term(schema::prefix::kParent, unit->parent));
        learners_without[unit->parent] = tag::index_learners(db, tagger.taxonomies(), tagger.settings(), own);
      }
    }
    unit->themes.clear();  // the labels being predicted
    static const std::vector<tag::Learner> none;
    const auto& learners = options.rules_only ? none : learners_without[unit->parent];
    gold.push_back(std::move(g));
    predicted.push_back(tags_of(tagger.tag_with(*unit, language_of[unit->parent], learners, *it), taxonomy));
  }
  out << "evaluate: " << gold.size() << " units with human " << taxonomy << " labels in " << documents.size()
      << " document" << (documents.size() == 1 ? "" : "s") << " of the index, re-tagged without their labels ("
      << (options.rules_only ? "rules only" : "rules and learned, each document's own units held out") << ")\n";
  print(out, tag::evaluate(gold, predicted));
  return kExitOk;
}

}  // namespace

int run_evaluate(const EvaluateOptions& options, std::ostream& out, std::ostream& err) {
  auto db = core::open_index_for_reading(options.db);
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
    report(err, core::make_error("--taxonomy", "say which taxonomy to evaluate"));
    return kExitFatal;
  }
  if (auto loaded = taxonomy::taxonomy_loaded(*set, taxonomy, "--taxonomy"); !loaded) {
    report(err, loaded.error());
    return kExitFatal;
  }
  tag::UnitTagger tagger(std::move(*set));
  try {
    if (options.labels) return with_labels(options, *db, tagger, taxonomy, out, err);
    return with_human_labels(options, *db, tagger, taxonomy, out);
  } catch (const Xapian::Error& e) {
    report(err, core::make_error(options.db.string(), "reading the index failed: " + e.get_description()));
    return kExitFatal;
  }
}

}  // namespace hrdex::indexer
