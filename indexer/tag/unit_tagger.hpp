// Tagging a unit as the index stores it: human labels (OHCHR thematic lists)
// mapped onto the taxonomies, rule tags, and learned tags from the labelled
// neighbours the index holds, with what each implies. Used at add time (in
// the worker processes), by retag, evaluate, and by the query filters to
// resolve a tag typed by its label, alias or abbreviation.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.hpp"
#include "core/record.hpp"
#include "indexer/tag/combine.hpp"
#include "indexer/tag/learner.hpp"
#include "indexer/tag/tagger.hpp"
#include "taxonomy/source.hpp"
#include "taxonomy/taxonomy.hpp"

namespace hrdex::indexer::tag {

// Settings of the learned half, one per index.
struct LearnedSettings {
  LearnerOptions learner;
  CombineOptions combine;
};

// One learner per taxonomy for which `db` holds labelled examples or
// human-labelled units (label terms). `exclude`, when not empty, keeps the
// documents it matches out of the neighbours (evaluate's held-out fold).
std::vector<Learner> index_learners(const Xapian::Database& db, const taxonomy::TaxonomySet& set,
                                    const LearnedSettings& settings, const Xapian::Query& exclude = Xapian::Query());

class UnitTagger {
 public:
  explicit UnitTagger(taxonomy::TaxonomySet set, LearnedSettings settings = {});
  ~UnitTagger();
  UnitTagger(UnitTagger&&) noexcept;
  UnitTagger& operator=(UnitTagger&&) noexcept;

  const taxonomy::TaxonomySet& taxonomies() const;
  const RuleTagger& rules() const;
  const LearnedSettings& settings() const;

  // Learners to consult from now on (index_learners); none: rules only.
  void set_learners(std::vector<Learner> learners);
  bool learning() const;
  // The first call opens the index at `db` read-only and learns from the
  // labelled examples it holds (each worker process does this once); later
  // calls do nothing. An index that cannot be opened leaves rules alone.
  void learn_from_index(const std::filesystem::path& db);

  // The tags of `unit` (its text in `language`), sorted by taxonomy then tag
  // id. `self` is the unit's own Xapian document, kept out of its neighbours.
  std::vector<core::UnitTag> tag(const core::UnitRecord& unit, std::string_view language,
                                 Xapian::docid self = 0) const;
  // The same with other learners (evaluate: one per held-out fold).
  std::vector<core::UnitTag> tag_with(const core::UnitRecord& unit, std::string_view language,
                                      const std::vector<Learner>& learners, Xapian::docid self = 0) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hrdex::indexer::tag
