#include "core/tag_labels.hpp"

#include <nlohmann/json.hpp>

#include "core/schema.hpp"

namespace hrdex::core {

void TagLabels::add(const std::string& taxonomy, const std::string& kind, const std::string& tag,
                    const std::string& label) {
  Taxonomy& t = taxonomies_[taxonomy];
  t.kind = kind;
  t.labels[tag] = label;
}

std::string TagLabels::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [id, t] : taxonomies_) j[id] = {{"kind", t.kind}, {"labels", t.labels}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TagLabels TagLabels::from_json(const std::string& text) {
  TagLabels out;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [id, t] : j.items()) {
    if (!t.is_object() || !t.contains("labels") || !t["labels"].is_object()) continue;
    const std::string kind = t.value("kind", "");
    for (const auto& [tag, label] : t["labels"].items())
      if (label.is_string()) out.add(id, kind, tag, label.get<std::string>());
  }
  return out;
}

TagLabels TagLabels::of_index(const Xapian::Database& db) {
  return from_json(db.get_metadata(std::string(schema::kMetaTagLabels)));
}

const std::string* TagLabels::find(std::string_view taxonomy, std::string_view tag) const {
  auto t = taxonomies_.find(taxonomy);
  if (t == taxonomies_.end()) return nullptr;
  auto l = t->second.labels.find(tag);
  return l == t->second.labels.end() ? nullptr : &l->second;
}

const std::string* TagLabels::find_by_kind(std::string_view kind, std::string_view tag) const {
  for (const auto& [id, t] : taxonomies_) {
    if (t.kind != kind) continue;
    if (auto l = t.labels.find(tag); l != t.labels.end()) return &l->second;
  }
  return nullptr;
}

void TagLabels::label(std::vector<UnitTag>& tags) const {
  for (UnitTag& t : tags)
    if (const std::string* l = find(t.taxonomy, t.tag)) t.label = *l;
}

}  // namespace hrdex::core
