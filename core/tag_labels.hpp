// The labels of the tags an index was tagged with, stored once in the
// index's metadata (schema::kMetaTagLabels) rather than in every unit's
// record: a unit carries some twenty tags, and their labels made up a third
// of each record. The index stays self-contained: labels read back without
// the taxonomy files.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"

namespace hrdex::core {

class TagLabels {
 public:
  void add(const std::string& taxonomy, const std::string& kind, const std::string& tag, const std::string& label);
  std::string to_json() const;
  // Empty when the text is not what to_json() writes.
  static TagLabels from_json(const std::string& text);
  static TagLabels of_index(const Xapian::Database& db);

  // nullptr when unknown.
  const std::string* find(std::string_view taxonomy, std::string_view tag) const;
  // A tag of a taxonomy kind ("themes", "agencies"), whichever taxonomy of
  // that kind has it: facets count by kind and id.
  const std::string* find_by_kind(std::string_view kind, std::string_view tag) const;
  // Gives each tag the label of its taxonomy's tag, where known.
  void label(std::vector<UnitTag>& tags) const;

 private:
  struct Taxonomy {
    std::string kind;
    std::map<std::string, std::string, std::less<>> labels;  // by tag id
  };
  std::map<std::string, Taxonomy, std::less<>> taxonomies_;  // by taxonomy id
};

}  // namespace hrdex::core
