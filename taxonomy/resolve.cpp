#include "taxonomy/resolve.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace hrdex::taxonomy {

std::vector<std::pair<std::string, std::string>> resolve_tag(const TaxonomySet& set, TaxonomyKind kind,
                                                             std::string_view value) {
  std::vector<std::pair<std::string, std::string>> found;
  const std::string wanted = normalize_label(value);
  const std::string lower = core::ascii_lower(core::collapse_spaces(value));
  for (const Taxonomy& taxonomy : set.taxonomies()) {
    if (taxonomy.kind != kind) continue;
    // "us-agencies:epa" names one taxonomy's tag.
    std::string_view local = value;
    if (auto colon = lower.find(':'); colon != std::string::npos) {
      if (lower.substr(0, colon) != taxonomy.id) continue;
      local = value.substr(colon + 1);
    }
    if (const Tag* tag = set.find_tag(taxonomy.id, local)) {
      found.emplace_back(taxonomy.id, tag->id);
      continue;
    }
    for (const Tag& tag : taxonomy.tags) {
      bool named = std::any_of(tag.abbreviations.begin(), tag.abbreviations.end(),
                               [&](const std::string& a) { return core::ascii_lower(a) == lower; }) ||
                   std::any_of(tag.names.begin(), tag.names.end(),
                               [&](const std::string& n) { return normalize_label(n) == wanted; });
      if (named) {
        found.emplace_back(taxonomy.id, tag.id);
        break;
      }
    }
  }
  return found;
}

}  // namespace hrdex::taxonomy
