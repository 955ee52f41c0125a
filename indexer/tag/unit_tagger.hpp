// Tagging a unit as the index stores it, by one policy (docs/tagging.md):
//   1. A person's labels (OHCHR thematic lists), mapped onto a taxonomy,
//      are that taxonomy's tags for the unit; nothing is added to them.
//      Old group themes alone ("G1 Members of minorities" where the list
//      names no affected persons) decide only the groups that had a code;
//      the steps below decide the others.
//   2. Otherwise, where the index's model has a classifier for the taxonomy
//      and the unit's language, the classifier decides the tags it was
//      trained on and did better on than their rules (on held-out folds,
//      with enough examples): a tag is given when its probability reaches
//      the tag's threshold. The rules that fired are part of what it reads
//      (classifier_input), so they are evidence, not verdicts.
//   3. The other tags, and taxonomies without a classifier, keep the rules'
//      verdicts. A tag rules or classifier gave then yields to the more
//      specific tags of its taxonomy's `yields_to` given beside it
//      (drop_yielding).
//   4. Every tag then implies its parents, working groups and lead agencies
//      (with_implications).
//   5. Agencies and working groups of a State's government (a taxonomy with
//      `state`) reach units about that State, and units of documents about
//      no State that name them; elsewhere they are kept as `other_state`.
// Used at add time (in the worker processes), by retag and by evaluate.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "indexer/tag/model.hpp"
#include "indexer/tag/tagger.hpp"
#include "taxonomy/taxonomy.hpp"

namespace hrdex::indexer::tag {

// What a unit's tags depend on besides its text.
struct TagContext {
  std::string_view language;  // ISO 639-1 of its document
  std::string_view state;     // ISO alpha-3 of its document's State under review; empty: none
};

// A label as an OHCHR thematic list prints it: "A12 Acceptance of
// international norms" (a UHRI code, then the label), "2.1. Acceptance of
// international norms" (a matrix's own numbering, dropped), or the label.
struct PrintedLabel {
  std::string code;   // "A12"; empty when none is printed
  std::string label;  // without code or numbering
};
PrintedLabel split_printed_label(std::string_view printed);

// A label people gave a unit, mapped onto a tag of a loaded taxonomy.
struct HumanLabel {
  std::string taxonomy;  // id of the taxonomy it landed in
  std::string tag;
  std::string label;     // as printed (the first, when several name the tag)
  // Printed only among the unit's themes, yet a group of persons: the UHRI
  // listed groups as themes before 2019 ("G1 Members of minorities"), and
  // such a label lands on the affected persons tag that has the old code.
  bool older_theme = false;
};
// The labels of `unit`'s themes and affected persons, each mapped by UHRI
// code, then label, in every taxonomy of its kind (a theme that is a group
// of persons in the affected persons), once per tag. What tagging gives as
// `human`, and what learning reads.
std::vector<HumanLabel> human_labels(const taxonomy::TaxonomySet& set, const core::UnitRecord& unit);
// The tags of `taxonomy` that an older list's theme can name: those with a
// UHRI code ("G1") among their aliases. A unit whose persons come only from
// its themes speaks for these alone.
std::vector<std::string> older_theme_tags(const taxonomy::TaxonomySet& set, const std::string& taxonomy);

class UnitTagger {
 public:
  // `model`: the index's classifiers (read_index_model); none: rules only.
  explicit UnitTagger(taxonomy::TaxonomySet set, std::shared_ptr<const TaggerModel> model = nullptr);
  ~UnitTagger();
  UnitTagger(UnitTagger&&) noexcept;
  UnitTagger& operator=(UnitTagger&&) noexcept;

  const taxonomy::TaxonomySet& taxonomies() const;
  const RuleTagger& rules() const;
  const TaggerModel* model() const;

  // The tags of `unit`, sorted by taxonomy then tag id. Safe to call from
  // several threads.
  std::vector<core::UnitTag> tag(const core::UnitRecord& unit, const TagContext& context) const;

  // The labels people gave `unit` (its themes and affected persons) that
  // map onto no tag of a loaded taxonomy of their kind, and UHRI codes no
  // theme has as an alias, one description each ("theme 'Foo'", "unknown
  // UHRI code 'Z99' of theme 'Z99 Foo'"). Kinds with no taxonomy loaded are
  // not checked.
  std::vector<std::string> unmapped_labels(const core::UnitRecord& unit) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The text a unit is tagged by: its own, and its lettered sub-items.
std::string tagging_text(const core::UnitRecord& unit);

}  // namespace hrdex::indexer::tag
