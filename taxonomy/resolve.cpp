#include "taxonomy/resolve.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace hrdex::taxonomy {
namespace {

// The runs of letters and digits of a lower-case name.
std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> out;
  std::string word;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

}  // namespace

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

bool has_kind(const TaxonomySet& set, TaxonomyKind kind) {
  return std::any_of(set.taxonomies().begin(), set.taxonomies().end(),
                     [&](const Taxonomy& t) { return t.kind == kind && !t.tags.empty(); });
}

std::string unknown_tag_message(const TaxonomySet& set, TaxonomyKind kind, std::string_view value) {
  const std::string wanted = core::ascii_lower(core::collapse_spaces(value));
  struct Candidate {
    std::size_t distance;
    std::string id, label;
  };
  std::vector<Candidate> candidates;
  for (const Taxonomy& taxonomy : set.taxonomies()) {
    if (taxonomy.kind != kind) continue;
    for (const Tag& tag : taxonomy.tags) {
      std::vector<std::string> names{tag.id, tag.label};
      names.insert(names.end(), tag.aliases.begin(), tag.aliases.end());
      names.insert(names.end(), tag.abbreviations.begin(), tag.abbreviations.end());
      std::size_t best = std::string::npos;
      for (const std::string& name : names) {
        const std::string low = core::ascii_lower(name);
        best = std::min(best, core::edit_distance(wanted, low));
        // A word of a longer name ("wter" for drinking-water), a step
        // behind a whole name as close.
        for (const std::string& word : words_of(low))
          if (word.size() >= 3) best = std::min(best, core::edit_distance(wanted, word) + 1);
      }
      candidates.push_back({best, tag.id, tag.label});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
  std::string message = "no " + std::string(kind_singular(kind)) + " named '" + std::string(value) + "'";
  for (std::size_t i = 0; i < candidates.size() && i < 3; ++i)
    message += (i == 0 ? "; the closest are '" : ", '") + candidates[i].id + "' (" + candidates[i].label + ")";
  return message;
}

}  // namespace hrdex::taxonomy
