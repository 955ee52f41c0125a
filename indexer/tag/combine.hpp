// Rules and learning together: the final tags of a unit, each with the
// source that justifies it, under thresholds chosen by cross-validation
// (see crossval.hpp), never by looking at the units being evaluated.
#pragma once

#include <string_view>
#include <vector>

#include "indexer/tag/tagger.hpp"

namespace hrdex::indexer::tag {

struct CombineOptions {
  // A tag the rules did not find is given when its learned score reaches
  // this.
  double learned_alone = 0.5;
  // A tag the rules found is kept only when its learned score reaches this;
  // 0 keeps every rule tag. Lets the neighbours overrule a rule that fires
  // where human labellers never put the tag.
  double rule_support = 0.0;
};

// `rule_hits`: RuleTagger::tag() for the unit, every taxonomy. `learned`:
// Learner::candidates() for `taxonomy_id`, all scores. Tags of other
// taxonomies pass through unchanged; so do the rule hits when `learned` is
// empty (no labelled neighbour at all, so the learner has no opinion).
// Sources: "rule", "learned", or "both" when each would have given the tag
// on its own (rule hit and learned score >= learned_alone). A combined
// tag's score is 1 - (1 - rule)(1 - learned); its evidence is the rule's,
// then the neighbours'. Sorted by taxonomy, then tag id.
std::vector<TagHit> combine(const std::vector<TagHit>& rule_hits, const std::vector<TagHit>& learned,
                            std::string_view taxonomy_id, const CombineOptions& options);

}  // namespace hrdex::indexer::tag
