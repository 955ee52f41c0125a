#include "core/tag_vocabulary.hpp"

#include <nlohmann/json.hpp>

#include "core/schema.hpp"

namespace hrdex::core {

namespace {

std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (auto it = j.find(key); it != j.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

void TagVocabulary::add(const std::string& taxonomy_id, Taxonomy taxonomy) {
  taxonomies_[taxonomy_id] = std::move(taxonomy);
}

std::string TagVocabulary::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [id, t] : taxonomies_) {
    nlohmann::json tags = nlohmann::json::object();
    for (const auto& [tag_id, tag] : t.tags) {
      nlohmann::json one = {{"label", tag.label}};
      // Empty lists are left out: most tags have none.
      if (!tag.aliases.empty()) one["aliases"] = tag.aliases;
      if (!tag.abbreviations.empty()) one["abbreviations"] = tag.abbreviations;
      if (!tag.names.empty()) one["names"] = tag.names;
      tags[tag_id] = std::move(one);
    }
    j[id] = {{"kind", t.kind}, {"label", t.label}, {"tags", std::move(tags)}};
    if (!t.state.empty()) j[id]["state"] = t.state;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TagVocabulary TagVocabulary::from_json(const std::string& text) {
  TagVocabulary out;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [id, t] : j.items()) {
    if (!t.is_object() || !t.contains("tags") || !t["tags"].is_object()) continue;
    Taxonomy taxonomy;
    taxonomy.kind = t.value("kind", "");
    taxonomy.label = t.value("label", "");
    taxonomy.state = t.value("state", "");
    for (const auto& [tag_id, tag] : t["tags"].items()) {
      if (!tag.is_object()) continue;
      taxonomy.tags[tag_id] = {tag.value("label", ""), strings(tag, "aliases"), strings(tag, "abbreviations"),
                               strings(tag, "names")};
    }
    out.add(id, std::move(taxonomy));
  }
  return out;
}

TagVocabulary TagVocabulary::of_index(const Xapian::Database& db) {
  return from_json(db.get_metadata(std::string(schema::kMetaTagVocabulary)));
}

const std::string* TagVocabulary::label(std::string_view taxonomy, std::string_view tag) const {
  auto t = taxonomies_.find(taxonomy);
  if (t == taxonomies_.end()) return nullptr;
  auto found = t->second.tags.find(tag);
  return found == t->second.tags.end() ? nullptr : &found->second.label;
}

const std::string* TagVocabulary::label_by_kind(std::string_view kind, std::string_view tag) const {
  for (const auto& [id, t] : taxonomies_) {
    if (t.kind != kind) continue;
    if (auto found = t.tags.find(tag); found != t.tags.end()) return &found->second.label;
  }
  return nullptr;
}

void TagVocabulary::label(std::vector<UnitTag>& tags) const {
  for (UnitTag& t : tags)
    if (const std::string* l = label(t.taxonomy, t.tag)) t.label = *l;
}

}  // namespace hrdex::core
