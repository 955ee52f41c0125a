#include "indexer/learn_command.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/index.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/ingest.hpp"
#include "indexer/labelled_data.hpp"
#include "indexer/tag/model.hpp"
#include "indexer/write/index_writer.hpp"
#include "taxonomy/source.hpp"

namespace hrdex::indexer {
namespace fs = std::filesystem;
namespace schema = core::schema;

namespace labels {

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

core::Expected<std::string> taxonomy_of(const taxonomy::TaxonomySet& set, const std::string& given,
                                        const tag::LabelsCsv& rows, const std::string& file) {
  if (!given.empty()) {
    if (auto loaded = taxonomy::taxonomy_loaded(set, given, "--taxonomy-id"); !loaded) return loaded.error();
    return given;
  }
  std::set<std::string> distinct;
  for (const auto& row : rows.rows) distinct.insert(row.labels.begin(), row.labels.end());
  // The labels column's name settles a tie: "Issue" for issues, "Themes"
  // for themes.
  const std::string column = core::ascii_lower(rows.labels_column);
  auto named_by_column = [&](const taxonomy::Taxonomy& t) {
    const std::string kind(taxonomy::kind_name(t.kind));
    return !column.empty() && kind.rfind(column.substr(0, std::min(column.size(), std::size_t{5})), 0) == 0;
  };
  std::string best;
  std::size_t best_count = 0;
  std::vector<std::string> tied;
  for (const taxonomy::Taxonomy& t : set.taxonomies()) {
    std::size_t count = 0;
    for (const std::string& label : distinct)
      if (set.find_tag(t.id, label)) ++count;
    if (count == 0 || count < best_count) continue;
    if (count > best_count) tied.clear();
    tied.push_back(t.id);
    best_count = count;
  }
  if (tied.size() > 1) {
    std::vector<std::string> by_column;
    for (const std::string& id : tied)
      if (named_by_column(*set.find_taxonomy(id))) by_column.push_back(id);
    if (by_column.size() == 1) tied = by_column;
  }
  if (!tied.empty()) best = tied.front();
  if (tied.size() > 1)
    return core::make_error(file, "its labels fit taxonomies '" + tied[0] + "' and '" + tied[1] +
                                      "' alike; say which with --taxonomy-id");
  if (best_count * 2 < distinct.size())
    return core::make_error(file, "its labels are not those of any loaded taxonomy" +
                                      (best.empty() ? std::string()
                                                    : " (the closest, '" + best + "', knows " +
                                                          std::to_string(best_count) + " of " +
                                                          std::to_string(distinct.size()) + ")") +
                                      "; say which with --taxonomy-id");
  return best;
}

Mapped map_labels(const taxonomy::TaxonomySet& set, const std::string& taxonomy, const tag::LabelsCsv& rows,
                  const std::string& file) {
  Mapped out;
  struct Unknown {
    int first_line = 0;
    std::size_t rows = 0;
  };
  std::map<std::string, Unknown> unknown;
  std::vector<std::string> candidates;
  if (const taxonomy::Taxonomy* t = set.find_taxonomy(taxonomy))
    for (const taxonomy::Tag& tag : t->tags) candidates.push_back(tag.label);
  for (const tag::LabelledUnit& row : rows.rows) {
    std::set<std::string> tags;
    for (const std::string& label : row.labels) {
      if (const taxonomy::Tag* t = set.find_tag(taxonomy, label)) {
        tags.insert(t->id);
      } else {
        auto [it, added] = unknown.try_emplace(label, Unknown{row.line, 0});
        ++it->second.rows;
      }
    }
    out.tags.emplace_back(tags.begin(), tags.end());
  }
  for (const auto& [label, u] : unknown) {
    std::string hint = core::closest_match(label, candidates);
    out.unknown.push_back(file + ":" + std::to_string(u.first_line) + ": label '" + label + "' names no tag of " +
                          taxonomy + (hint.empty() ? "" : "; did you mean '" + hint + "'?") + " (" +
                          std::to_string(u.rows) + (u.rows == 1 ? " row)" : " rows)"));
  }
  return out;
}

}  // namespace labels

namespace {

void report(std::ostream& err, const core::Error& e) { err << "hrdex-index: error: " << e.message() << '\n'; }

std::string decimals(double x, int places = 2) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", places, x);
  return buffer;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A labels file the index holds rows of, as `learn` recorded it.
struct StoredLabels {
  std::string key;   // source_key() of the bytes learned
  std::string file;  // absolute path when learned
  std::string name;  // its file name
  std::size_t examples = 0;
};

std::vector<StoredLabels> stored_labels(const Xapian::Database& db) {
  std::vector<StoredLabels> out;
  const std::string prefix(schema::kMetaLabelsPrefix);
  for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
    nlohmann::json meta = nlohmann::json::parse(db.get_metadata(*it), nullptr, false);
    if (!meta.is_object()) continue;
    out.push_back({(*it).substr(prefix.size()), meta.value("file", std::string()), meta.value("name", std::string()),
                   meta.value("examples", std::size_t{0})});
  }
  return out;
}

void remove_labels(Xapian::WritableDatabase& db, const StoredLabels& stored) {
  db.delete_document(schema::boolean_term(schema::prefix::kExampleSource, stored.key));
  db.set_metadata(std::string(schema::kMetaLabelsPrefix) + stored.key, "");
}

std::string absolute_path(const fs::path& file) { return fs::absolute(file).lexically_normal().string(); }

// learn --forget: the rows of each named labels file (by the path or the
// file name it was learned under) leave the index.
int forget_labels(const LearnOptions& options, Xapian::WritableDatabase& db, std::ostream& out, std::ostream& err) {
  const std::vector<StoredLabels> stored = stored_labels(db);
  for (const std::string& given : options.forget) {
    const std::string path = absolute_path(given);
    std::size_t matched = 0;
    for (const StoredLabels& s : stored) {
      if (s.file != path && s.name != given) continue;
      remove_labels(db, s);
      ++matched;
      out << "forgot " << s.examples << " labelled row" << (s.examples == 1 ? "" : "s") << " of " << s.file << '\n';
    }
    if (matched == 0) {
      std::string held;
      for (const StoredLabels& s : stored) held += (held.empty() ? "" : ", ") + s.file;
      report(err, core::make_error(options.db.string(), "no labels file '" + given + "' was learned here; " +
                                                            (held.empty() ? "the index holds none" : "it holds " + held)));
      return kExitFatal;
    }
  }
  db.commit();
  return kExitOk;
}

// Stores a labels file's rows as examples, replacing those of an earlier
// learn of the same bytes (under any path) or of the same path (an edited
// file). Returns the exit status so far.
int store_labels(const LearnOptions& options, Xapian::WritableDatabase& db, const taxonomy::TaxonomySet& set,
                 std::ostream& out, std::ostream& err) {
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
  std::size_t usable = 0;
  for (const auto& tags : mapped.tags) usable += tags.empty() ? 0 : 1;
  if (usable == 0) {
    report(err, core::make_error(file.string(), "no row has a label of taxonomy '" + *taxonomy + "'"));
    return kExitFatal;
  }
  auto key = labels::source_key(file);
  if (!key) {
    report(err, key.error());
    return kExitFatal;
  }
  const std::string name = file.filename().string();
  db.delete_document(schema::boolean_term(schema::prefix::kExampleSource, *key));
  // The rows of this file as it was when learned before: an edited file
  // replaces its old rows, or they would be learned beside the new ones.
  for (const StoredLabels& earlier : stored_labels(db)) {
    if (earlier.key == *key || earlier.file != absolute_path(file)) continue;
    remove_labels(db, earlier);
    out << "replaced the " << earlier.examples << " labelled row" << (earlier.examples == 1 ? "" : "s") << " learned from "
        << name << " before it changed\n";
  }
  for (std::size_t i = 0; i < rows->rows.size(); ++i) {
    const tag::LabelledUnit& row = rows->rows[i];
    if (mapped.tags[i].empty()) continue;
    write::Example e;
    e.id = "example/" + *key + "/" + std::to_string(row.line);
    e.name = name + ":" + std::to_string(row.line);
    e.source_key = *key;
    e.line = row.line;
    e.group = labels::group_of(row);
    e.taxonomy = *taxonomy;
    e.tags = mapped.tags[i];
    e.labels = row.labels;
    e.text = row.text;
    e.language = options.language;
    db.replace_document(std::string(schema::prefix::kUniqueId) + e.id, write::example_document(e));
  }
  nlohmann::json meta = {{"file", absolute_path(file)},
                         {"name", name},
                         {"taxonomy", *taxonomy},
                         {"text_column", rows->text_column},
                         {"labels_column", rows->labels_column},
                         {"examples", usable},
                         {"unknown_labels", mapped.unknown.size()}};
  db.set_metadata(std::string(schema::kMetaLabelsPrefix) + *key, meta.dump());
  db.commit();
  out << "stored " << usable << " labelled row" << (usable == 1 ? "" : "s") << " of " << *taxonomy << " from " << name
      << " (columns '" << rows->text_column << "' and '" << rows->labels_column << "'; "
      << rows->rows.size() - usable << " rows without a known label)\n";
  return mapped.unknown.empty() ? kExitOk : kExitSomeFailed;
}

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
  int status = kExitOk;
  try {
    if (!options.forget.empty() && forget_labels(options, *db, out, err) == kExitFatal) return kExitFatal;
    if (options.labels) {
      status = store_labels(options, *db, *set, out, err);
      if (status == kExitFatal) return status;
    }

    auto texts = labelled_texts(*db, *set);
    if (texts.empty() && !options.forget.empty()) {
      // A model of labels no longer held would go on tagging by them.
      std::error_code ec;
      if (fs::remove(options.db / tag::kModelFile, ec))
        out << "no labelled texts are left: the model is removed; 'hrdex-index retag --db " << options.db.string()
            << "' tags by the rules alone\n";
      return status;
    }
    if (texts.empty()) {
      report(err, core::make_error(options.db.string(),
                                   "nothing to learn from: the index holds no labelled rows and no units labelled by "
                                   "people; give a labels file with --labels"));
      return kExitFatal;
    }

    tag::TrainingOptions training = options.training;
    tag::ScratchFolder scratch;
    if (options.word_vectors) {
      auto start = std::chrono::steady_clock::now();
      const fs::path vectors = scratch.path() / "vectors.vec";
      auto trained = index_word_vectors(*db, texts, options.vector_words, training.classifier.dim, vectors);
      if (trained) {
        training.vectors = vectors;
        training.vector_words = *trained;
        out << "word vectors: " << *trained << " words, from the index's text and the labelled texts ("
            << decimals(seconds_since(start), 1) << " s)\n";
      } else {
        err << "hrdex-index: warning: word vectors: " << trained.error().message()
            << "; the classifiers start from random vectors\n";
      }
    }

    tag::RuleTagger rules(*set);
    tag::TaggerModel model;
    model.created_by = "hrdex " HRDEX_VERSION;
    model.created_at = utc_now();
    for (const auto& [taxonomy, list] : texts) {
      if (list.size() < options.min_examples) {
        out << taxonomy << ": " << list.size() << " labelled texts, fewer than " << options.min_examples
            << ": no classifier; its rules decide\n";
        continue;
      }
      auto start = std::chrono::steady_clock::now();
      auto trained = tag::train_taxonomy_model(taxonomy, list, rules, training);
      if (!trained) {
        report(err, trained.error());
        return kExitFatal;
      }
      std::string sources;
      for (const auto& [name, count] : trained->examples)
        sources += (sources.empty() ? "" : ", ") + name + " " + std::to_string(count);
      // The probability thresholds of the tags the classifier decides; one
      // above 1 means the tag is never given unless its rule fires.
      auto range = [&](const std::map<std::string, double, std::less<>>& thresholds) {
        double low = 1, high = 0;
        std::size_t never = 0;
        for (const auto& [tag, t] : thresholds) {
          if (!trained->decides(tag)) continue;
          if (t > 1) {
            ++never;
            continue;
          }
          low = std::min(low, t);
          high = std::max(high, t);
        }
        std::string text = low > high ? std::string("none") : decimals(low) + " to " + decimals(high);
        if (never) text += ", " + std::to_string(never) + " never";
        return text;
      };
      const auto& h = trained->held_out;
      const std::size_t known = trained->classifier.tags().size(), ruled = trained->rule_tags.size();
      out << taxonomy << ": " << known << " tags from " << list.size() << " labelled texts (" << sources << "); "
          << known - ruled << " decided by the classifier, " << ruled
          << " left to their rules (fewer examples, or the rules did better); probability thresholds "
          << range(trained->thresholds) << " without the tag's rule, " << range(trained->thresholds_with_rule)
          << " where it fired; on the " << h.folds
          << " held-out folds (by review) the thresholds were chosen on: micro P " << decimals(h.micro_precision, 3)
          << " R " << decimals(h.micro_recall, 3) << " F1 " << decimals(h.micro_f1, 3) << " ("
          << decimals(seconds_since(start), 1) << " s)\n";
      model.taxonomies.push_back(std::move(*trained));
    }
    if (model.taxonomies.empty()) {
      out << "no taxonomy has enough labelled texts for a classifier; the model is unchanged\n";
      return status;
    }
    const fs::path file = options.db / tag::kModelFile;
    if (auto written = tag::write_model(model, file); !written) {
      report(err, written.error());
      return kExitFatal;
    }
    std::error_code ec;
    out << "model written to " << file.string() << " (" << decimals(static_cast<double>(fs::file_size(file, ec)) / 1048576.0, 1)
        << " MiB); 'hrdex-index retag --db " << options.db.string()
        << "' applies it to the units already indexed, and 'hrdex-index evaluate --db " << options.db.string()
        << "' cross-validates it\n";
  } catch (const Xapian::Error& e) {
    report(err, core::make_error(options.db.string(), "learning failed: " + e.get_description()));
    return kExitFatal;
  }
  return status;
}

}  // namespace hrdex::indexer
