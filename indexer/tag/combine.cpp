#include "indexer/tag/combine.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

namespace hrdex::indexer::tag {

std::vector<TagHit> combine(const std::vector<TagHit>& rule_hits, const std::vector<TagHit>& learned,
                            std::string_view taxonomy_id, const CombineOptions& options) {
  std::map<std::string, const TagHit*, std::less<>> learned_by_tag;
  for (const TagHit& hit : learned)
    if (hit.taxonomy == taxonomy_id) learned_by_tag.emplace(hit.tag, &hit);

  std::vector<TagHit> out;
  for (const TagHit& rule : rule_hits) {
    if (rule.taxonomy != taxonomy_id || learned.empty()) {
      out.push_back(rule);
      continue;
    }
    auto it = learned_by_tag.find(rule.tag);
    double support = it == learned_by_tag.end() ? 0.0 : it->second->score;
    if (support < options.rule_support) continue;
    TagHit hit = rule;
    if (it != learned_by_tag.end()) {
      if (support >= options.learned_alone) hit.source = "both";
      hit.score = 1 - (1 - rule.score) * (1 - support);
      hit.evidence.insert(hit.evidence.end(), it->second->evidence.begin(), it->second->evidence.end());
      learned_by_tag.erase(it);
    }
    out.push_back(std::move(hit));
  }
  for (const auto& entry : learned_by_tag) {
    // Named copies, not structured bindings: clang 14 cannot capture those.
    const auto& tag = entry.first;
    const auto& hit = entry.second;
    bool ruled = std::any_of(rule_hits.begin(), rule_hits.end(),
                             [&](const TagHit& r) { return r.taxonomy == taxonomy_id && r.tag == tag; });
    // A rule tag the neighbours did not support stays dropped.
    if (!ruled && hit->score >= options.learned_alone) out.push_back(*hit);
  }
  std::sort(out.begin(), out.end(),
            [](const TagHit& a, const TagHit& b) { return std::tie(a.taxonomy, a.tag) < std::tie(b.taxonomy, b.tag); });
  return out;
}

}  // namespace hrdex::indexer::tag
