// The names of the tags an index was tagged with: each tag's label, and the
// aliases, abbreviations and names a query filter may use for it. Stored
// once in the index's metadata (schema::kMetaTagVocabulary) rather than in
// every unit's record (a unit carries some twenty tags, and their labels
// made up a third of each record), so that an index is read whole without
// the taxonomy files it was tagged from: labels in results and facets, and
// `theme:"Right to housing"` or `agency:EPA` in queries.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"

namespace hrdex::core {

class TagVocabulary {
 public:
  struct Tag {
    std::string label;
    std::vector<std::string> aliases;
    std::vector<std::string> abbreviations;  // matched as written
    std::vector<std::string> names;          // agencies: names documents use
  };
  struct Taxonomy {
    std::string kind;   // themes, issues, working-groups, agencies
    std::string label;
    std::string state;  // ISO alpha-3 of the government whose bodies these are; empty: none
    std::map<std::string, Tag, std::less<>> tags;  // by tag id
  };

  // Adds or replaces a taxonomy: what an add or retag applied wins.
  void add(const std::string& taxonomy_id, Taxonomy taxonomy);
  const std::map<std::string, Taxonomy, std::less<>>& taxonomies() const { return taxonomies_; }

  std::string to_json() const;
  // Empty when the text is not what to_json() writes.
  static TagVocabulary from_json(const std::string& text);
  static TagVocabulary of_index(const Xapian::Database& db);

  // nullptr when unknown.
  const std::string* label(std::string_view taxonomy, std::string_view tag) const;
  // A tag of a taxonomy kind ("themes", "agencies"), whichever taxonomy of
  // that kind has it: facets count by kind and id.
  const std::string* label_by_kind(std::string_view kind, std::string_view tag) const;
  // Gives each tag the label of its taxonomy's tag, where known.
  void label(std::vector<UnitTag>& tags) const;

 private:
  std::map<std::string, Taxonomy, std::less<>> taxonomies_;  // by taxonomy id
};

}  // namespace hrdex::core
