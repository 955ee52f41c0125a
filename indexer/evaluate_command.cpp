#include "indexer/evaluate_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

#include "core/index.hpp"
#include "core/language.hpp"
#include "core/record.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/ingest.hpp"
#include "indexer/labelled_data.hpp"
#include "indexer/learn_command.hpp"
#include "indexer/tag/model.hpp"
#include "indexer/tag/unit_tagger.hpp"
#include "taxonomy/source.hpp"

namespace hrdex::indexer {
namespace fs = std::filesystem;
namespace schema = core::schema;

namespace {

void report(std::ostream& err, const core::Error& e) { err << "hrdex-index: error: " << e.message() << '\n'; }

std::string line(const char* format, auto... values) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

std::string row(const char* name, const tag::Evaluation& e) {
  return line("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", name, e.micro_precision, e.micro_recall,
              e.micro_f1, e.macro_precision, e.macro_recall, e.macro_f1);
}

constexpr const char* kHeader =
    "| | micro P | micro R | micro F1 | macro P | macro R | macro F1 |\n|---|---:|---:|---:|---:|---:|---:|\n";

void print_figures(std::ostream& out, const char* what, const tag::Figures& f) {
  out << row((std::string(what) + ", leaf against leaf").c_str(), f.leaf)
      << row((std::string(what) + ", closure against closure").c_str(), f.closure);
}

// Per tag: support, precision, recall, F1 (leaf against leaf).
void print_per_tag(std::ostream& out, const tag::Evaluation& e) { out << '\n' << tag::format_evaluation(e); }

std::string joined(const std::vector<std::string>& tags) {
  std::string out;
  for (const std::string& t : tags) out += (out.empty() ? "" : "; ") + t;
  return out;
}

// One labelled text as --predictions writes it.
struct PredictionRow {
  std::string source, review, name, text;
  std::vector<std::string> labelled, given, rules;
};

// One CSV row per labelled text, leaf against leaf as scored: what people
// gave, what the tagger gave, the difference both ways, and the rules'.
void write_predictions(std::ostream& csv, const taxonomy::TaxonomySet& set, const std::string& taxonomy,
                       const std::vector<PredictionRow>& rows) {
  for (const PredictionRow& row : rows) {
    const auto gold = tag::leaves(set, taxonomy, row.labelled);
    const auto given = tag::leaves(set, taxonomy, row.given);
    std::vector<std::string> missing, wrong;
    std::ranges::set_difference(gold, given, std::back_inserter(missing));
    std::ranges::set_difference(given, gold, std::back_inserter(wrong));
    for (const std::string& cell : {taxonomy, row.source, row.review, row.name, row.text}) csv << core::csv_cell(cell) << ',';
    for (const std::vector<std::string>& tags : {gold, given, missing, wrong}) csv << core::csv_cell(joined(tags)) << ',';
    csv << core::csv_cell(joined(tag::leaves(set, taxonomy, row.rules))) << "\r\n";
  }
}

int cross_validation(const EvaluateOptions& options, const Xapian::Database& db, const taxonomy::TaxonomySet& set,
                     std::ostream* predictions, std::ostream& out, std::ostream& err) {
  auto texts = labelled_texts(db, set);
  if (!options.taxonomy_id.empty()) {
    if (auto loaded = taxonomy::taxonomy_loaded(set, options.taxonomy_id, "--taxonomy"); !loaded) {
      report(err, loaded.error());
      return kExitFatal;
    }
    if (!texts.count(options.taxonomy_id)) {
      report(err, core::make_error(options.db.string(), "the index holds no labelled texts of '" +
                                                            options.taxonomy_id + "'; store some with learn --labels"));
      return kExitFatal;
    }
    for (auto it = texts.begin(); it != texts.end();) it = it->first == options.taxonomy_id ? std::next(it) : texts.erase(it);
  }
  if (texts.empty()) {
    report(err, core::make_error(options.db.string(),
                                 "the index holds no labelled texts to evaluate against; store some with learn --labels"));
    return kExitFatal;
  }
  tag::TrainingOptions training = options.training;
  tag::ScratchFolder scratch;
  if (options.word_vectors) {
    const fs::path vectors = scratch.path() / "vectors.vec";
    auto trained = index_word_vectors(db, texts, options.vector_words, training.classifier.dim, vectors);
    if (trained) {
      training.vectors = vectors;
      training.vector_words = *trained;
    } else {
      err << "hrdex-index: warning: word vectors: " << trained.error().message() << '\n';
    }
  }
  for (const auto& [taxonomy, list] : texts) {
    auto start = std::chrono::steady_clock::now();
    auto cv = tag::cross_validate(set, taxonomy, list, options.folds, training);
    if (!cv) {
      report(err, cv.error());
      return kExitFatal;
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (predictions) {
      std::vector<PredictionRow> rows;
      for (std::size_t i = 0; i < list.size() && i < cv->predicted.size(); ++i)
        rows.push_back({list[i].source, list[i].group, list[i].name, list[i].text, list[i].tags, cv->predicted[i],
                        cv->ruled[i]});
      write_predictions(*predictions, set, taxonomy, rows);
    }
    std::set<std::string> groups;
    for (const tag::LabelledText& t : list) groups.insert(t.group);
    out << "## " << taxonomy << ": " << list.size() << " labelled texts in " << groups.size() << " reviews, "
        << options.folds << "-fold cross-validation grouped by review ("
        << line("%.0f s; thresholds by %d inner folds of each training set; word vectors: %zu words)\n\n", seconds,
                training.folds, training.vector_words);
    out << kHeader;
    print_figures(out, "rules and classifier", cv->all);
    print_figures(out, "rules alone", cv->rules);
    out << line("\nleaf tags per text: %.2f given, %.2f labelled (rules alone: %.2f)\n", cv->all.tags_per_unit,
                cv->all.gold_tags_per_unit, cv->rules.tags_per_unit);
    if (cv->by_source.size() > 1) {
      out << "\n| labels from | texts | micro P | micro R | micro F1 | tags given | tags labelled |\n"
             "|---|---:|---:|---:|---:|---:|---:|\n";
      for (const auto& [source, f] : cv->by_source)
        out << line("| %s | %zu | %.3f | %.3f | %.3f | %.2f | %.2f |\n", source.c_str(), f.leaf.units,
                    f.leaf.micro_precision, f.leaf.micro_recall, f.leaf.micro_f1, f.tags_per_unit,
                    f.gold_tags_per_unit);
      out << "(leaf against leaf)\n";
    }
    out << "\n| fold | train | test | overall threshold | micro F1 |\n|---:|---:|---:|---:|---:|\n";
    for (std::size_t i = 0; i < cv->folds.size(); ++i) {
      const auto& f = cv->folds[i];
      out << line("| %zu | %zu | %zu | %.2f | %.3f |\n", i, f.train, f.test, f.overall_threshold, f.micro_f1);
    }
    if (options.per_tag) {
      print_per_tag(out, cv->all.leaf);
      if (cv->by_source.size() > 1)
        for (const auto& [source, f] : cv->by_source) {
          out << "\n### " << source << '\n';
          print_per_tag(out, f.leaf);
        }
    }
    out << '\n';
  }
  return kExitOk;
}

// Tags as indexed were given by the taxonomy files of the last add or
// retag: after an edit of a rule, the units still carry what the old rule
// gave, and figures read from them describe the old files.
void note_tags_of_other_taxonomy_files(const EvaluateOptions& options, const Xapian::Database& db,
                                       const taxonomy::TaxonomySet& set, std::ostream& out) {
  const std::vector<std::string> changed =
      taxonomy::taxonomies_changed_since(set, db.get_metadata(std::string(schema::kMetaWrittenBy)));
  if (changed.empty()) return;
  std::string names;
  for (const std::string& id : changed) names += (names.empty() ? "" : ", ") + id;
  out << "Note: the taxonomy files of " << names << " changed since the index was last tagged. What follows "
      << "reads the tags as indexed, which these files may no longer give: run 'hrdex-index retag --db "
      << options.db.string() << "' first.\n\n";
}

// Labels of units the index holds, named by symbol and number: their tags
// as indexed (by add or the last retag) against the file's.
int with_unit_labels(const EvaluateOptions& options, const Xapian::Database& db, const taxonomy::TaxonomySet& set,
                     const std::string& taxonomy, const tag::LabelsCsv& rows, const labels::Mapped& mapped,
                     std::ostream* predictions, std::ostream& out, std::ostream& err) {
  struct Indexed {
    std::string text;
    std::vector<std::string> tags;
  };
  std::map<std::string, std::map<std::string, Indexed>> indexed;  // symbol -> number -> unit
  std::vector<std::vector<std::string>> gold, predicted;
  std::vector<PredictionRow> written;
  std::size_t missing = 0;
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    const tag::LabelledUnit& row = rows.rows[i];
    const std::string symbol = core::ascii_lower(row.fields.at("symbol"));
    auto document = indexed.find(symbol);
    if (document == indexed.end()) {
      document = indexed.emplace(symbol, std::map<std::string, Indexed>{}).first;
      const std::string term = schema::boolean_term(schema::prefix::kSymbol, symbol);
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        auto unit = core::unit_from_json(db.get_document(*it).get_data());
        if (!unit) continue;
        Indexed& held = document->second[unit->number];
        held.text = unit->text;
        for (const core::UnitTag& t : unit->tags)
          if (t.taxonomy == taxonomy && !t.other_state) held.tags.push_back(t.tag);
      }
    }
    auto unit = document->second.find(row.fields.at("number"));
    if (unit == document->second.end()) {
      err << "hrdex-index: warning: " << options.labels->string() << ":" << row.line << ": no unit " << row.fields.at("number")
          << " of " << row.fields.at("symbol") << " in the index\n";
      ++missing;
      continue;
    }
    gold.push_back(mapped.tags[i]);
    predicted.push_back(unit->second.tags);
    // The rules' tags are left out: as indexed, a unit's tags also depend on
    // its document (its State), which the rules alone on its text lack.
    written.push_back({options.labels->filename().string(), "",
                       row.fields.at("symbol") + " " + row.fields.at("number"), unit->second.text, mapped.tags[i],
                       unit->second.tags, {}});
  }
  if (predictions) write_predictions(*predictions, set, taxonomy, written);
  note_tags_of_other_taxonomy_files(options, db, set, out);
  out << "## " << taxonomy << ": " << gold.size() << " units of the index labelled in "
      << options.labels->filename().string() << ", their tags as indexed\n\n" << kHeader;
  tag::Figures f = tag::score(set, taxonomy, gold, predicted);
  print_figures(out, "index", f);
  out << line("\nleaf tags per unit: %.2f given, %.2f labelled\n", f.tags_per_unit, f.gold_tags_per_unit);
  if (options.per_tag) print_per_tag(out, f.closure);
  return missing == 0 && mapped.unknown.empty() ? kExitOk : kExitSomeFailed;
}

int with_labels(const EvaluateOptions& options, const Xapian::Database& db, const taxonomy::TaxonomySet& set,
                std::ostream* predictions, std::ostream& out, std::ostream& err) {
  const fs::path& file = *options.labels;
  auto rows = tag::load_labels_csv(file, options.columns);
  if (!rows) {
    report(err, rows.error());
    return kExitFatal;
  }
  auto taxonomy = labels::taxonomy_of(set, options.taxonomy_id, *rows, file.string());
  if (!taxonomy) {
    report(err, taxonomy.error());
    return kExitFatal;
  }
  labels::Mapped mapped = labels::map_labels(set, *taxonomy, *rows, file.string());
  for (const std::string& u : mapped.unknown) err << "hrdex-index: warning: " << u << '\n';
  auto model = tag::read_index_model(options.db);
  if (!model) {
    report(err, model.error());
    return kExitFatal;
  }
  if (rows->unit_references)
    return with_unit_labels(options, db, set, *taxonomy, *rows, mapped, predictions, out, err);
  tag::UnitTagger tagger(set, *model);
  tag::UnitTagger rules_alone(set);
  std::vector<std::vector<std::string>> gold, predicted;
  std::vector<PredictionRow> written;
  for (std::size_t i = 0; i < rows->rows.size(); ++i) {
    if (mapped.tags[i].empty()) continue;
    tag::LabelledText text{rows->rows[i].text, options.language, mapped.tags[i], {}, {}, {}, {}, {}};
    gold.push_back(mapped.tags[i]);
    predicted.push_back(tag::predict(tagger, *taxonomy, text));
    if (predictions)
      written.push_back({file.filename().string(), "", file.filename().string() + ":" + std::to_string(rows->rows[i].line),
                         text.text, gold.back(), predicted.back(), tag::predict(rules_alone, *taxonomy, text)});
  }
  if (predictions) write_predictions(*predictions, set, *taxonomy, written);
  auto key = labels::source_key(file);
  const bool learned = key && db.get_termfreq(schema::boolean_term(schema::prefix::kExampleSource, *key)) > 0;
  out << "## " << *taxonomy << ": " << gold.size() << " labelled rows of " << file.filename().string()
      << ", tagged by the index's " << (*model && (*model)->find(*taxonomy) ? "rules and classifier" : "rules alone")
      << "\n";
  if (learned)
    out << "The model learned from this file: these figures are in-sample. 'hrdex-index evaluate --db "
        << options.db.string() << "' cross-validates it.\n";
  out << '\n' << kHeader;
  tag::Figures f = tag::score(set, *taxonomy, gold, predicted);
  print_figures(out, "index", f);
  out << line("\nleaf tags per row: %.2f given, %.2f labelled\n", f.tags_per_unit, f.gold_tags_per_unit);
  if (options.per_tag) print_per_tag(out, f.leaf);
  return mapped.unknown.empty() ? kExitOk : kExitSomeFailed;
}

// Units carrying each tag, and how many of them hold none of the tag's own
// words: a high share means the tag arrives by implication or by the
// classifier alone, which is where systematic mistakes hide.
int audit(const Xapian::Database& db, const taxonomy::TaxonomySet& set, std::ostream& out) {
  tag::RuleTagger rules(set);
  struct Count {
    std::size_t units = 0, wordless = 0;
    std::size_t implied = 0;  // of the wordless ones: reached from another tag
    std::map<std::string, std::size_t> sources;  // of the wordless ones
  };
  // "theme housing", "working group wg3 (learned)", "group of persons roma":
  // what an implication's evidence reads like (taxonomy::TaxonomySet::build).
  auto is_implication = [](const std::string& evidence) {
    for (taxonomy::TaxonomyKind kind :
         {taxonomy::TaxonomyKind::themes, taxonomy::TaxonomyKind::issues, taxonomy::TaxonomyKind::working_groups,
          taxonomy::TaxonomyKind::agencies, taxonomy::TaxonomyKind::affected_persons})
      if (evidence.starts_with(std::string(taxonomy::kind_singular(kind)) + " ")) return true;
    return false;
  };
  std::map<std::pair<std::string, std::string>, Count> counts;
  std::map<std::string, std::string> language_of;
  const std::string unit_term = schema::boolean_term(schema::prefix::kLevel, schema::kLevelUnit);
  for (auto it = db.postlist_begin(unit_term); it != db.postlist_end(unit_term); ++it) {
    auto unit = core::unit_from_json(db.get_document(*it).get_data());
    if (!unit || unit->tags.empty()) continue;
    auto lang = language_of.find(unit->parent);
    if (lang == language_of.end()) {
      std::string l = "en";
      const std::string q = std::string(schema::prefix::kUniqueId) + unit->parent;
      if (auto p = db.postlist_begin(q); p != db.postlist_end(q))
        if (auto r = core::document_from_json(db.get_document(*p).get_data()); r && !r->language.empty())
          l = r->language;
      lang = language_of.emplace(unit->parent, l).first;
    }
    std::set<std::pair<std::string, std::string>> own;
    for (const tag::TagHit& m : rules.matches(tag::tagging_text(*unit), lang->second)) own.emplace(m.taxonomy, m.tag);
    for (const core::UnitTag& t : unit->tags) {
      if (t.other_state) continue;
      Count& c = counts[{t.taxonomy, t.tag}];
      ++c.units;
      if (own.count({t.taxonomy, t.tag})) continue;
      ++c.wordless;
      ++c.sources[t.source];
      if (std::any_of(t.evidence.begin(), t.evidence.end(), is_implication)) ++c.implied;
    }
  }
  struct Row {
    std::string taxonomy, tag;
    Count count;
    bool has_words = false;
  };
  std::vector<Row> rows;
  for (auto& [key, c] : counts) {
    auto ref = set.find_ref(key.first, key.second);
    bool words = false;
    if (ref) {
      const taxonomy::Tag& tag = set.tag(*ref);
      words = !tag.rules.empty() || !tag.names.empty() || !tag.abbreviations.empty();
    }
    rows.push_back({key.first, key.second, std::move(c), words});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    double sa = static_cast<double>(a.count.wordless) / static_cast<double>(a.count.units);
    double sb = static_cast<double>(b.count.wordless) / static_cast<double>(b.count.units);
    return sa != sb ? sa > sb : a.count.units > b.count.units;
  });
  out << "## Tags carried without any of their own words, names or abbreviations in the unit\n\n"
         "Tags without rules of their own (working groups, grouping themes) arrive only by implication and are "
         "listed last. 'Implied' counts those of them a narrower tag or a link brought (a parent, a theme's "
         "agency); the rest came from people's labels or the classifier alone.\n\n"
         "| taxonomy | tag | units | without its words | share | implied | their sources |\n"
         "|---|---|---:|---:|---:|---:|---|\n";
  for (bool words : {true, false})
    for (const Row& r : rows) {
      if (r.has_words != words) continue;
      std::string sources;
      for (const auto& [s, n] : r.count.sources) sources += (sources.empty() ? "" : ", ") + s + " " + std::to_string(n);
      out << line("| %s | %s | %zu | %zu | %.0f%% | %zu | %s |\n", r.taxonomy.c_str(), r.tag.c_str(), r.count.units,
                  r.count.wordless, 100.0 * static_cast<double>(r.count.wordless) / static_cast<double>(r.count.units),
                  r.count.implied, words ? sources.c_str() : (sources + " (no words of its own)").c_str());
    }
  return kExitOk;
}

// Every word a rule matches on its stem, beside the index's other words of
// that stem: "corporations" also matches "corporal", "protesters"
// "Protestant". The count above cannot see these, since the word is in the
// unit; a reader can, and writes the rule word "=as written" where the
// other words are another word's.
void audit_stems(const Xapian::Database& db, const taxonomy::TaxonomySet& set, std::ostream& out) {
  struct RuleWord {
    std::string where;  // "taxonomy/tag"
    std::string word;
  };
  // By language, then stem: the rule words of that stem.
  std::map<std::string, std::map<std::string, std::vector<RuleWord>>> by_stem;
  std::map<std::string, Xapian::Stem> stemmers;
  for (const taxonomy::Taxonomy& t : set.taxonomies())
    for (const taxonomy::Tag& tag : t.tags)
      for (const auto& [language, rules] : tag.rules) {
        const std::string name = core::stemmer_name(language);
        if (name == "none") continue;
        Xapian::Stem& stem = stemmers.try_emplace(language, name).first->second;
        for (const std::string& entry : rules.words) {
          if (entry.empty() || entry.front() == '=') continue;
          const std::string word = core::ascii_lower(entry);
          by_stem[language][stem(word)].push_back({t.id + "/" + tag.id, word});
        }
      }
  struct Form {
    std::string word;
    Xapian::doccount units = 0;
  };
  // By language and stem: the index's words of that stem, as written.
  std::map<std::pair<std::string, std::string>, std::vector<Form>> forms;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    const std::string& term = *t;
    // Words are the terms without a prefix (prefixes are capitals).
    if (term.empty() || (term.front() >= 'A' && term.front() <= 'Z') || (term.front() >= '0' && term.front() <= '9'))
      continue;
    for (auto& [language, stem] : stemmers) {
      const std::string s = stem(term);
      if (by_stem[language].count(s)) forms[{language, s}].push_back({term, t.get_termfreq()});
    }
  }
  out << "\n## Rule words and the other words of their stem in the index\n\n"
         "A rule word matches every word of its stem. Where another word of the stem is not the tag's (\"corporal\" "
         "beside \"corporations\"), write the rule word as written (\"=corporations\"). Words that are themselves "
         "rule words of the same tag are not listed; the count is of units and documents holding the word.\n\n"
         "| tag | language | rule word | other words of its stem |\n|---|---|---|---|\n";
  for (const auto& [language, stems] : by_stem)
    for (const auto& [s, words] : stems) {
      auto found = forms.find({language, s});
      if (found == forms.end()) continue;
      std::vector<Form> others = found->second;
      std::sort(others.begin(), others.end(), [](const Form& a, const Form& b) {
        return a.units != b.units ? a.units > b.units : a.word < b.word;
      });
      for (const RuleWord& w : words) {
        std::string listed;
        std::size_t shown = 0;
        for (const Form& f : others) {
          const bool own = std::any_of(words.begin(), words.end(),
                                       [&](const RuleWord& o) { return o.where == w.where && o.word == f.word; });
          if (own) continue;
          if (shown++ == 8) {
            listed += ", …";
            break;
          }
          listed += (listed.empty() ? "" : ", ") + f.word + " (" + std::to_string(f.units) + ")";
        }
        if (!listed.empty())
          out << "| " << w.where << " | " << language << " | " << w.word << " | " << listed << " |\n";
      }
    }
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
  if (options.predictions && options.audit) {
    report(err, core::make_error("--predictions", "is written by cross-validation or --labels, not with --audit"));
    return kExitFatal;
  }
  std::ofstream predictions;
  if (options.predictions) {
    predictions.open(*options.predictions, std::ios::binary | std::ios::trunc);
    if (!predictions) {
      report(err, core::make_error(options.predictions->string(), "cannot write the predictions file"));
      return kExitFatal;
    }
    predictions << "taxonomy,source,review,name,text,labelled,given,missing,wrong,rules\r\n";
  }
  std::ostream* written = options.predictions ? &predictions : nullptr;
  try {
    if (options.audit) {
      note_tags_of_other_taxonomy_files(options, *db, *set, out);
      const int status = audit(*db, *set, out);
      audit_stems(*db, *set, out);
      return status;
    }
    const int status = options.labels ? with_labels(options, *db, *set, written, out, err)
                                      : cross_validation(options, *db, *set, written, out, err);
    if (written && !predictions.flush()) {
      report(err, core::make_error(options.predictions->string(), "writing the predictions file failed"));
      return kExitFatal;
    }
    return status;
  } catch (const Xapian::Error& e) {
    report(err, core::make_error(options.db.string(), "reading the index failed: " + e.get_description()));
    return kExitFatal;
  }
}

}  // namespace hrdex::indexer
