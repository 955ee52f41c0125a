#include "core/record.hpp"

#include <nlohmann/json.hpp>

#include "core/schema.hpp"

namespace hrdex::core {
namespace {

using nlohmann::json;

template <class T>
void read(const json& j, const char* key, T& out) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->get<T>();
}

Expected<json> parse(const std::string& data) {
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return make_error("record", "stored record is not a JSON object");
  return j;
}

}  // namespace

// Found by nlohmann::json through argument-dependent lookup, so they live in
// the records' own namespace.
void to_json(nlohmann::json& j, const Response& r) {
  j = {{"number", r.number}, {"response", r.response}, {"response_text", r.response_text}};
}
void from_json(const nlohmann::json& j, Response& r) {
  read(j, "number", r.number);
  read(j, "response", r.response);
  read(j, "response_text", r.response_text);
}
void to_json(nlohmann::json& j, const SubItem& s) { j = {{"label", s.label}, {"text", s.text}}; }
void from_json(const nlohmann::json& j, SubItem& s) {
  read(j, "label", s.label);
  read(j, "text", s.text);
}

// A tag is an array, [taxonomy, kind, tag, source, score, [evidence...]],
// with a seventh element, true, for a tag of another State's government
// (UnitTag::other_state); its label is not stored: a unit has some twenty
// tags, and their keys and labels were most of its record. Labels come from
// the index's metadata (core/tag_vocabulary.hpp).
void to_json(nlohmann::json& j, const UnitTag& t) {
  j = nlohmann::json::array({t.taxonomy, t.kind, t.tag, t.source, t.score, t.evidence});
  if (t.other_state) j.push_back(true);
}
void from_json(const nlohmann::json& j, UnitTag& t) {
  if (!j.is_array() || (j.size() != 6 && j.size() != 7))
    throw nlohmann::json::type_error::create(302, "a tag is an array of 6 or 7", &j);
  t.other_state = j.size() == 7 && j[6].is_boolean() && j[6].get<bool>();
  j[0].get_to(t.taxonomy);
  j[1].get_to(t.kind);
  j[2].get_to(t.tag);
  j[3].get_to(t.source);
  j[4].get_to(t.score);
  j[5].get_to(t.evidence);
}

std::string to_json(const DocumentRecord& r) {
  json j = {{"level", schema::kLevelDocument},
            {"id", r.id},
            {"path", r.path},
            {"content_hash", r.content_hash},
            {"size", r.size},
            {"mtime", r.mtime},
            {"format", r.format},
            {"kind", r.kind},
            {"symbol", r.symbol},
            {"title", r.title},
            {"language", r.language},
            {"date", r.date},
            {"indexed_at", r.indexed_at},
            {"page_count", r.page_count},
            {"unit_count", r.unit_count},
            {"warnings", r.warnings},
            {"source_url", r.source_url},
            {"symbols", r.symbols},
            {"state", r.state},
            {"state_name", r.state_name},
            {"session", r.session},
            {"cycle", r.cycle},
            {"body", r.body},
            {"report_cycle", r.report_cycle},
            {"answers", r.answers},
            {"review", r.review},
            {"responses", r.responses},
            {"addressee", r.addressee},
            {"signatories", r.signatories},
            {"followup_paragraphs", r.followup_paragraphs},
            {"next_report_date", r.next_report_date}};
  if (!r.mandate.empty()) j["mandate"] = r.mandate;
  if (!r.ocr_pages.empty()) {
    j["ocr"] = true;
    j["ocr_pages"] = r.ocr_pages;
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string to_json(const UnitRecord& r) {
  json j = {{"level", schema::kLevelUnit},
            {"id", r.id},
            {"parent", r.parent},
            {"ordinal", r.ordinal},
            {"unit_kind", r.unit_kind},
            {"number", r.number},
            {"page", r.page},
            {"section", r.section},
            {"text", r.text},
            {"symbol", r.symbol},
            {"subsection", r.subsection},
            {"recommending_states", r.recommending_states},
            {"recommended_by", r.recommended_by},
            {"group", r.group},
            {"response", r.response},
            {"response_text", r.response_text},
            {"response_source", r.response_source},
            {"items", r.items},
            {"themes", r.themes},
            {"affected_persons", r.affected_persons},
            {"sdgs", r.sdgs},
            {"tags", r.tags}};
  if (!r.lead_in.empty()) j["lead_in"] = r.lead_in;
  if (r.followup) j["followup"] = true;
  if (r.ocr) j["ocr"] = true;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Expected<DocumentRecord> document_from_json(const std::string& data) {
  auto parsed = parse(data);
  if (!parsed) return parsed.error();
  const json& j = *parsed;
  DocumentRecord r;
  try {
    read(j, "id", r.id);
    read(j, "path", r.path);
    read(j, "content_hash", r.content_hash);
    read(j, "size", r.size);
    read(j, "mtime", r.mtime);
    read(j, "format", r.format);
    read(j, "kind", r.kind);
    read(j, "symbol", r.symbol);
    read(j, "title", r.title);
    read(j, "language", r.language);
    read(j, "date", r.date);
    read(j, "indexed_at", r.indexed_at);
    read(j, "page_count", r.page_count);
    read(j, "unit_count", r.unit_count);
    read(j, "warnings", r.warnings);
    read(j, "source_url", r.source_url);
    read(j, "symbols", r.symbols);
    read(j, "state", r.state);
    read(j, "state_name", r.state_name);
    read(j, "session", r.session);
    read(j, "cycle", r.cycle);
    read(j, "body", r.body);
    read(j, "report_cycle", r.report_cycle);
    read(j, "answers", r.answers);
    read(j, "review", r.review);
    read(j, "responses", r.responses);
    read(j, "addressee", r.addressee);
    read(j, "signatories", r.signatories);
    read(j, "followup_paragraphs", r.followup_paragraphs);
    read(j, "next_report_date", r.next_report_date);
    read(j, "mandate", r.mandate);
    read(j, "ocr_pages", r.ocr_pages);
  } catch (const json::exception& e) {
    return make_error("record", std::string("document record has a field of the wrong type: ") + e.what());
  }
  return r;
}

Expected<UnitRecord> unit_from_json(const std::string& data) {
  auto parsed = parse(data);
  if (!parsed) return parsed.error();
  const json& j = *parsed;
  UnitRecord r;
  try {
    read(j, "id", r.id);
    read(j, "parent", r.parent);
    read(j, "ordinal", r.ordinal);
    read(j, "unit_kind", r.unit_kind);
    read(j, "number", r.number);
    read(j, "page", r.page);
    read(j, "section", r.section);
    read(j, "text", r.text);
    read(j, "symbol", r.symbol);
    read(j, "subsection", r.subsection);
    read(j, "recommending_states", r.recommending_states);
    read(j, "recommended_by", r.recommended_by);
    read(j, "group", r.group);
    read(j, "response", r.response);
    read(j, "response_text", r.response_text);
    read(j, "response_source", r.response_source);
    read(j, "items", r.items);
    read(j, "themes", r.themes);
    read(j, "affected_persons", r.affected_persons);
    read(j, "sdgs", r.sdgs);
    read(j, "tags", r.tags);
    read(j, "lead_in", r.lead_in);
    read(j, "followup", r.followup);
    read(j, "ocr", r.ocr);
  } catch (const json::exception& e) {
    return make_error("record", std::string("unit record has a field of the wrong type: ") + e.what());
  }
  return r;
}

std::string record_level(const std::string& data) {
  // Found without parsing the record: a search reads this for every hit
  // and then parses the record once. The unescaped sequence can only be the
  // top-level field, since quotes inside any string value are escaped, and
  // level values ("unit", "document", "example") hold nothing to escape.
  static constexpr std::string_view kKey = R"("level":")";
  const std::size_t at = data.find(kKey);
  if (at == std::string::npos) return {};
  const std::size_t start = at + kKey.size();
  const std::size_t end = data.find('"', start);
  return end == std::string::npos ? std::string() : data.substr(start, end - start);
}

}  // namespace hrdex::core
