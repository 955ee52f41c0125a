#include "query/fields.hpp"

#include <sstream>

namespace hrdex::query {
namespace {

FieldValue text(std::string s) { return FieldValue(std::move(s)); }
FieldValue number(long long n) { return FieldValue(n); }

// Tags of one taxonomy kind ("themes", "working-groups", ...); another
// State's government bodies are not the unit's tags.
FieldValue tags(const Hit& h, std::string_view kind) {
  std::vector<TagValue> out;
  for (const core::UnitTag& t : h.tags)
    if (t.kind == kind && !t.other_state) out.push_back({t.tag, t.label, t.taxonomy, t.source, t.score});
  return out;
}

// OHCHR's affected persons and SDGs are human labels with no taxonomy.
FieldValue human_labels(const std::vector<std::string>& labels) {
  std::vector<TagValue> out;
  for (const std::string& l : labels) out.push_back({"", l, "", "human", 1});
  return out;
}

}  // namespace

const std::vector<HitField>& hit_fields() {
  static const std::vector<HitField> fields = {
      {"id", [](const Hit& h) { return text(h.id); }},
      {"level", [](const Hit& h) { return text(h.level); }},
      {"doc_kind", [](const Hit& h) { return text(h.doc_kind); }},
      {"unit_kind", [](const Hit& h) { return text(h.unit_kind); }},
      {"symbol", [](const Hit& h) { return text(h.symbol); }},
      {"title", [](const Hit& h) { return text(h.title); }},
      {"number", [](const Hit& h) { return text(h.number); }},
      {"page", [](const Hit& h) { return number(h.page); }},
      {"section", [](const Hit& h) { return text(h.section); }},
      {"text", [](const Hit& h) { return text(h.text); }},
      {"snippet", [](const Hit& h) { return text(h.snippet); }},
      {"source_path", [](const Hit& h) { return text(h.source_path); }},
      {"document_id", [](const Hit& h) { return text(h.document_id); }},
      {"language", [](const Hit& h) { return text(h.language); }},
      {"date", [](const Hit& h) { return text(h.date); }},
      {"subsection", [](const Hit& h) { return text(h.subsection); }},
      {"state", [](const Hit& h) { return text(h.state); }},
      {"recommending_states", [](const Hit& h) { return FieldValue(h.recommending_states); }},
      {"response", [](const Hit& h) { return text(h.response); }},
      {"response_text", [](const Hit& h) { return text(h.response_text); }},
      {"session", [](const Hit& h) { return number(h.session); }},
      {"cycle", [](const Hit& h) { return number(h.cycle); }},
      {"body", [](const Hit& h) { return text(h.body); }},
      {"mandate", [](const Hit& h) { return text(h.mandate); }},
      {"lead_in", [](const Hit& h) { return text(h.lead_in); }},
      {"followup", [](const Hit& h) { return text(h.followup ? "yes" : ""); }},
      {"ocr", [](const Hit& h) { return text(h.ocr ? "yes" : ""); }},
      {"other_languages", [](const Hit& h) { return FieldValue(h.other_languages); }},
      {"themes", [](const Hit& h) { return tags(h, "themes"); }},
      {"issues", [](const Hit& h) { return tags(h, "issues"); }},
      {"working_groups", [](const Hit& h) { return tags(h, "working-groups"); }},
      {"agencies", [](const Hit& h) { return tags(h, "agencies"); }},
      {"persons", [](const Hit& h) { return tags(h, "affected-persons"); }},
      {"affected_persons", [](const Hit& h) { return human_labels(h.affected_persons); }},
      {"sdgs", [](const Hit& h) { return human_labels(h.sdgs); }},
      {"score", [](const Hit& h) { return FieldValue(h.score); }},
  };
  return fields;
}

core::Expected<std::vector<HitField>> select_fields(std::string_view list) {
  const auto& all = hit_fields();
  if (list.find_first_not_of(" ,") == std::string_view::npos) return all;
  std::vector<HitField> chosen;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view name = list.substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    start = comma + 1;
    if (name.empty()) continue;
    const HitField* found = nullptr;
    for (const auto& f : all)
      if (f.name == name) found = &f;
    if (!found) {
      std::string valid;
      for (const auto& f : all) valid += (valid.empty() ? "" : ", ") + std::string(f.name);
      return core::make_error("--fields", "unknown field '" + std::string(name) + "'; valid fields: " + valid);
    }
    chosen.push_back(*found);
  }
  return chosen;
}

std::string field_text(const FieldValue& value) {
  if (auto s = std::get_if<std::string>(&value)) return *s;
  if (auto n = std::get_if<long long>(&value)) return std::to_string(*n);
  if (auto d = std::get_if<double>(&value)) {
    std::ostringstream out;
    out << *d;
    return out.str();
  }
  std::string joined;
  if (auto list = std::get_if<std::vector<std::string>>(&value)) {
    for (const auto& s : *list) joined += (joined.empty() ? "" : "; ") + s;
    return joined;
  }
  for (const auto& t : std::get<std::vector<TagValue>>(value))
    joined += (joined.empty() ? "" : "; ") + (t.label.empty() ? t.id : t.label) + " (" + t.source + ")";
  return joined;
}

}  // namespace hrdex::query
