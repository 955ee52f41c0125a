#include "indexer/tag/learner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/language.hpp"

namespace hrdex::indexer::tag {
namespace {

// The text terms of a document: unprefixed words and their Z-prefixed
// stems. Boolean and field terms start with other capitals.
bool is_text_term(const std::string& term) {
  if (term.empty()) return false;
  unsigned char first = static_cast<unsigned char>(term[0]);
  if (first == 'Z') return term.size() > 1 && !(term[1] >= 'A' && term[1] <= 'Z');
  return !(first >= 'A' && first <= 'Z');
}

std::string q_term_name(const Xapian::Document& document) {
  Xapian::TermIterator it = document.termlist_begin();
  it.skip_to("Q");
  if (it != document.termlist_end() && (*it).size() > 1 && (*it)[0] == 'Q') return (*it).substr(1);
  return "#" + std::to_string(document.get_docid());
}

std::string format_similarity(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", share);
  return buffer;
}

}  // namespace

std::string label_term(std::string_view taxonomy_id, std::string_view tag_id) {
  std::string term(kLabelPrefix);
  term += taxonomy_id;
  term += ':';
  term += tag_id;
  return term;
}

void index_example_text(Xapian::Document& document, std::string_view text, std::string_view language) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem(core::stemmer_name(language.empty() ? core::kDefaultLanguage : language)));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  generator.set_document(document);
  generator.index_text(std::string(text));
}

ExampleReader label_term_reader(std::string taxonomy_id) {
  return [prefix = label_term(taxonomy_id, "")](const Xapian::Document& document) {
    ExampleLabels labels;
    Xapian::TermIterator it = document.termlist_begin();
    for (it.skip_to(prefix); it != document.termlist_end(); ++it) {
      const std::string term = *it;
      if (term.compare(0, prefix.size(), prefix) != 0) break;
      labels.tags.push_back(term.substr(prefix.size()));
    }
    labels.name = q_term_name(document);
    return labels;
  };
}

MappedExamples map_labels(const taxonomy::TaxonomySet& set, std::string_view taxonomy_id, const std::vector<LabelledUnit>& units,
                          std::string_view source_name) {
  MappedExamples mapped;
  for (const LabelledUnit& unit : units) {
    LabelledUnit example = unit;
    example.labels.clear();
    for (const std::string& label : unit.labels) {
      if (const taxonomy::Tag* tag = set.find_tag(taxonomy_id, label)) {
        if (std::find(example.labels.begin(), example.labels.end(), tag->id) == example.labels.end())
          example.labels.push_back(tag->id);
      } else {
        mapped.unmapped.push_back(std::string(source_name) + ":" + std::to_string(unit.line) + ": no tag '" + label +
                                  "' in taxonomy '" + std::string(taxonomy_id) + "'");
      }
    }
    if (!example.labels.empty()) mapped.units.push_back(std::move(example));
  }
  return mapped;
}

std::vector<TagHit> vote(const std::vector<Neighbour>& neighbours, std::string_view taxonomy_id,
                         const LearnerOptions& options) {
  struct Tally {
    double weight = 0;
    std::vector<std::string> evidence;
  };
  std::map<std::string, Tally, std::less<>> tallies;
  double total = 0;
  double best = neighbours.empty() ? 0 : neighbours.front().weight;
  std::size_t used = 0;
  for (const Neighbour& n : neighbours) {
    if (used++ == options.neighbours) break;
    // Relative to the best neighbour, so the score does not depend on the
    // query's length or the collection's statistics.
    double w = best > 0 ? std::pow(n.weight / best, options.sharpness) : 1.0;
    total += w;
    for (const std::string& tag : n.labels.tags) {
      Tally& tally = tallies[tag];
      tally.weight += w;
      tally.evidence.push_back("neighbour " + n.labels.name + " (similarity " + format_similarity(w) + ")");
    }
  }
  std::vector<TagHit> hits;
  for (auto& [tag, tally] : tallies) {
    TagHit hit;
    hit.taxonomy = std::string(taxonomy_id);
    hit.tag = tag;
    hit.source = "learned";
    hit.score = total > 0 ? tally.weight / total : 0;
    hit.evidence = std::move(tally.evidence);
    hits.push_back(std::move(hit));
  }
  std::stable_sort(hits.begin(), hits.end(), [](const TagHit& a, const TagHit& b) { return a.score > b.score; });
  return hits;
}

struct Learner::State {
  Xapian::Database database;  // the examples alone
  std::string taxonomy;
  ExampleReader reader;
  LearnerOptions options;
  // Examples' labels by docid - 1, so no document is read back.
  std::vector<ExampleLabels> cached;
  // For examples copied from another database: their ids there, by docid - 1.
  std::vector<Xapian::docid> original;
};

Learner::Learner(std::unique_ptr<State> state) : state_(std::move(state)) {}

// The labelled documents are copied, terms and wdfs as they are (so their
// lengths too), into an in-memory database of their own, and neighbours are
// looked for there. Looked for in the whole index, a unit's query (the OR of
// all its words) walked every posting of every word over every unit, to
// keep the few thousand labelled ones (a retag of 97,692 units with 6,094
// examples took 16 minutes; 7 this way). BM25 now weighs the words by the
// examples' own statistics, as it does for examples read from a CSV
// (from_examples); cross-validated F1 on UPR Info's labels did not drop.
Learner::Learner(Xapian::Database database, std::string taxonomy_id, ExampleReader reader, LearnerOptions options,
                 Xapian::Query labelled)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.taxonomy = std::move(taxonomy_id);
  s.reader = reader ? std::move(reader) : label_term_reader(s.taxonomy);
  s.options = options;
  if (labelled.empty()) labelled = Xapian::Query(Xapian::Query::OP_WILDCARD, label_term(s.taxonomy, ""));
  Xapian::WritableDatabase examples(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Enquire enquire(database);
  enquire.set_query(labelled);
  enquire.set_weighting_scheme(Xapian::BoolWeight());  // in document id order
  const Xapian::MSet all = enquire.get_mset(0, database.get_doccount());
  for (Xapian::MSetIterator it = all.begin(); it != all.end(); ++it) {
    const Xapian::Document source = it.get_document();
    Xapian::Document copy;
    for (Xapian::TermIterator t = source.termlist_begin(); t != source.termlist_end(); ++t)
      copy.add_term(*t, t.get_wdf());
    examples.add_document(copy);
    s.cached.push_back(s.reader(source));
    s.original.push_back(*it);
  }
  examples.commit();
  s.database = examples;
}

Learner Learner::from_examples(const std::vector<LabelledUnit>& examples, std::string taxonomy_id,
                               std::string_view language, std::string_view source_name, LearnerOptions options) {
  auto state = std::make_unique<State>();
  Xapian::WritableDatabase database(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const LabelledUnit& example : examples) {
    Xapian::Document document;
    index_example_text(document, example.text, language);
    ExampleLabels labels;
    labels.name = std::string(source_name) + ":" + std::to_string(example.line);
    for (const std::string& tag : example.labels) {
      document.add_boolean_term(label_term(taxonomy_id, tag));
      labels.tags.push_back(tag);
    }
    // Xapian refuses terms over 245 bytes; the name is only for evidence.
    if (labels.name.size() < 200) document.add_boolean_term("Q" + labels.name);
    database.add_document(document);
    state->cached.push_back(std::move(labels));
  }
  database.commit();
  state->database = database;
  state->taxonomy = std::move(taxonomy_id);
  state->reader = label_term_reader(state->taxonomy);
  state->options = options;
  return Learner(std::move(state));
}

Learner::~Learner() = default;
Learner::Learner(Learner&&) noexcept = default;
Learner& Learner::operator=(Learner&&) noexcept = default;

std::vector<Neighbour> Learner::neighbours(std::string_view text, std::string_view language, std::size_t k,
                                           Xapian::docid exclude) const {
  const State& s = *state_;
  std::vector<Neighbour> out;
  if (k == 0 || s.database.get_doccount() == 0) return out;
  // `exclude` is an id of the database the examples came from.
  Xapian::docid excluded = 0;
  if (exclude && !s.original.empty()) {
    auto at = std::lower_bound(s.original.begin(), s.original.end(), exclude);
    if (at != s.original.end() && *at == exclude) excluded = static_cast<Xapian::docid>(at - s.original.begin()) + 1;
  } else {
    excluded = exclude;
  }
  Xapian::Document scratch;
  index_example_text(scratch, text, language);
  std::vector<Xapian::Query> terms;
  for (Xapian::TermIterator it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
    std::string term = *it;
    if (is_text_term(term)) terms.emplace_back(term, it.get_wdf());
  }
  if (terms.empty()) return out;
  Xapian::Enquire enquire(s.database);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(excluded ? k + 1 : k));
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end() && out.size() < k; ++it) {
    if (*it == excluded) continue;
    Neighbour n;
    n.docid = s.original.empty() ? *it : s.original[*it - 1];
    n.weight = it.get_weight();
    n.labels = *it - 1 < s.cached.size() ? s.cached[*it - 1] : s.reader(it.get_document());
    out.push_back(std::move(n));
  }
  return out;
}

std::vector<TagHit> Learner::candidates(std::string_view text, std::string_view language, Xapian::docid exclude) const {
  return vote(neighbours(text, language, state_->options.neighbours, exclude), state_->taxonomy, state_->options);
}

std::vector<TagHit> Learner::tag(std::string_view text, std::string_view language, Xapian::docid exclude) const {
  std::vector<TagHit> hits = candidates(text, language, exclude);
  std::erase_if(hits, [&](const TagHit& hit) { return hit.score < state_->options.threshold; });
  std::sort(hits.begin(), hits.end(), [](const TagHit& a, const TagHit& b) { return a.tag < b.tag; });
  return hits;
}

const LearnerOptions& Learner::options() const { return state_->options; }
void Learner::set_options(const LearnerOptions& options) { state_->options = options; }
const std::string& Learner::taxonomy() const { return state_->taxonomy; }
Xapian::doccount Learner::size() const { return state_->database.get_doccount(); }

}  // namespace hrdex::indexer::tag
