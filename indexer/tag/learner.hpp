// The learned half of the tagger: a unit gets the tags of its nearest
// human-labelled neighbours. Neighbours are found by Xapian itself (BM25 over
// the unit's own stemmed words), so the labelled examples can live in any
// Xapian database: an in-memory one built from a labels CSV, or the hrdex
// index, where human-labelled units (OHCHR thematic lists) carry label terms.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/expected.hpp"
#include "indexer/tag/labels_csv.hpp"
#include "indexer/tag/tagger.hpp"
#include "taxonomy/taxonomy.hpp"

namespace hrdex::indexer::tag {

// A labelled example's labels, as boolean terms: kLabelPrefix + taxonomy id +
// ':' + tag id ("XLABELupr-info-issues:womens-rights"). Ids are lower case,
// so the term cannot run into the prefix. Meant to move to core/schema.hpp
// when the index writer stores labelled units.
inline constexpr std::string_view kLabelPrefix = "XLABEL";
std::string label_term(std::string_view taxonomy_id, std::string_view tag_id);

// An example's text is indexed the way the index writer indexes a unit's
// text (TermGenerator, stemmer of its language, STEM_SOME, no prefix), so a
// neighbour database built here and the hrdex index answer alike.
void index_example_text(Xapian::Document& document, std::string_view text, std::string_view language);

// What the learner reads from a neighbour: its tag ids in the learner's
// taxonomy, and a name for the evidence ("labels.csv:12", a unit id).
struct ExampleLabels {
  std::vector<std::string> tags;
  std::string name;
};
using ExampleReader = std::function<ExampleLabels(const Xapian::Document&)>;

// The default reader: tags from label_term() terms of `taxonomy_id`, name
// from the Q (unique id) term, else "#docid".
ExampleReader label_term_reader(std::string taxonomy_id);

// One labelled neighbour of a unit, with Xapian's BM25 weight for it; docid
// is its id in the database the Learner was given.
struct Neighbour {
  Xapian::docid docid = 0;
  double weight = 0;
  ExampleLabels labels;
};

struct LearnerOptions {
  std::size_t neighbours = 10;  // k
  // A tag is given when the similarity-weighted share of the k neighbours
  // carrying it reaches this.
  double threshold = 0.4;
  // Neighbour weight = (BM25 weight / best neighbour's weight) ^ sharpness:
  // higher trusts the closest neighbours more.
  double sharpness = 2.0;
};

// Labelled units of one taxonomy turned into examples: each label looked up
// with TaxonomySet::find_tag. Labels that find no tag are listed in
// `unmapped` as "source:line: no tag 'X' in taxonomy 'T'" and dropped; a
// unit left without tags is dropped too.
struct MappedExamples {
  std::vector<LabelledUnit> units;  // labels replaced by tag ids
  std::vector<std::string> unmapped;
};
MappedExamples map_labels(const taxonomy::TaxonomySet& set, std::string_view taxonomy_id, const std::vector<LabelledUnit>& units,
                          std::string_view source_name = "labels");

// The similarity-weighted vote of `neighbours` (best first), one hit per tag
// with its share of the vote as score, best first; no threshold applied.
std::vector<TagHit> vote(const std::vector<Neighbour>& neighbours, std::string_view taxonomy_id,
                         const LearnerOptions& options);

// Not safe to share between threads (a Xapian::Database is not): give each
// thread its own Learner over its own Database handle.
class Learner {
 public:
  // Neighbours from any database (e.g. the hrdex index). Only documents
  // matching `labelled` are neighbours; the default, an empty query,
  // accepts every document that has a label term of the taxonomy. They are
  // copied into memory when the Learner is made (and `reader` called for
  // each), so it sees the database as it was then, and BM25 weighs words by
  // the labelled documents' statistics.
  Learner(Xapian::Database database, std::string taxonomy_id, ExampleReader reader, LearnerOptions options = {},
          Xapian::Query labelled = Xapian::Query());

  // Builds an in-memory database of `examples` (tag ids already mapped, see
  // map_labels), named "source_name:line" in evidence. Xapian 1.4's
  // in-memory backend (WritableDatabase("", DB_BACKEND_INMEMORY)): nothing
  // touches the disk, and it is fast enough for tens of thousands of
  // examples. If it goes away in Xapian 2.0, a glass database in a temporary
  // folder is the drop-in replacement.
  static Learner from_examples(const std::vector<LabelledUnit>& examples, std::string taxonomy_id,
                               std::string_view language, std::string_view source_name = "labels",
                               LearnerOptions options = {});

  ~Learner();
  Learner(Learner&&) noexcept;
  Learner& operator=(Learner&&) noexcept;

  // The k labelled documents nearest to `text`, best first. `exclude`
  // keeps a document out of its own neighbours.
  std::vector<Neighbour> neighbours(std::string_view text, std::string_view language, std::size_t k,
                                    Xapian::docid exclude = 0) const;
  // Every tag of the k neighbours with its score, best first, whatever the
  // threshold: the combiner decides with its own thresholds. Source
  // "learned"; evidence names the neighbours that carry the tag.
  std::vector<TagHit> candidates(std::string_view text, std::string_view language, Xapian::docid exclude = 0) const;
  // The candidates that reach options().threshold, sorted by tag id.
  std::vector<TagHit> tag(std::string_view text, std::string_view language, Xapian::docid exclude = 0) const;

  const LearnerOptions& options() const;
  void set_options(const LearnerOptions& options);
  const std::string& taxonomy() const;
  Xapian::doccount size() const;  // labelled examples available

 private:
  struct State;
  explicit Learner(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace hrdex::indexer::tag
