#include "core/record.hpp"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <string_view>
#include <utility>

#include "core/schema.hpp"

namespace hrdex::core {

using nlohmann::json;

// Found by nlohmann::json through argument-dependent lookup, so they live in
// the records' own namespace.
void to_json(nlohmann::json& j, const Response& r) {
  j = {{"number", r.number}, {"response", r.response}, {"response_text", r.response_text}};
}
void to_json(nlohmann::json& j, const SubItem& s) { j = {{"label", s.label}, {"text", s.text}}; }

// A tag is an array, [taxonomy, kind, tag, source, score, [evidence...]],
// with a seventh element, true, for a tag of another State's government
// (UnitTag::other_state); its label is not stored: a unit has some twenty
// tags, and their keys and labels were most of its record. Labels come from
// the index's metadata (core/tag_vocabulary.hpp).
void to_json(nlohmann::json& j, const UnitTag& t) {
  j = nlohmann::json::array({t.taxonomy, t.kind, t.tag, t.source, t.score, t.evidence});
  if (t.other_state) j.push_back(true);
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

namespace {

// Records are read with simdjson, written with nlohmann::json: a search
// reads ten of them for every page of hits, and building nlohmann's tree of
// a unit's record (its tags and their evidence are most of it) took longer
// than the rest of a filtered search on a million units.
namespace dom = simdjson::dom;

// Each reader takes one field's value into its place and says whether the
// value had the type the record gives that field; null leaves the field
// as it is, as a missing one does.
bool take(dom::element e, std::string& out) {
  std::string_view v;
  if (e.get_string().get(v)) return false;
  out.assign(v);
  return true;
}
bool take(dom::element e, int& out) {
  std::int64_t v = 0;
  if (e.get_int64().get(v) || v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) return false;
  out = static_cast<int>(v);
  return true;
}
bool take(dom::element e, std::int64_t& out) { return !e.get_int64().get(out); }
bool take(dom::element e, std::uint64_t& out) { return !e.get_uint64().get(out); }
bool take(dom::element e, double& out) { return !e.get_double().get(out); }
bool take(dom::element e, bool& out) { return !e.get_bool().get(out); }

template <class T>
bool take(dom::element e, std::vector<T>& out);

bool take(dom::element e, SubItem& out) {
  dom::object o;
  if (e.get_object().get(o)) return false;
  for (auto [key, value] : o) {
    if (value.is_null()) continue;
    if ((key == "label" && !take(value, out.label)) || (key == "text" && !take(value, out.text))) return false;
  }
  return true;
}
bool take(dom::element e, Response& out) {
  dom::object o;
  if (e.get_object().get(o)) return false;
  for (auto [key, value] : o) {
    if (value.is_null()) continue;
    if ((key == "number" && !take(value, out.number)) || (key == "response" && !take(value, out.response)) ||
        (key == "response_text" && !take(value, out.response_text)))
      return false;
  }
  return true;
}
// [taxonomy, kind, tag, source, score, [evidence...]], and a seventh
// element, true, for a tag of another State's government.
bool take(dom::element e, UnitTag& out) {
  dom::array a;
  if (e.get_array().get(a) || (a.size() != 6 && a.size() != 7)) return false;
  std::size_t i = 0;
  for (dom::element v : a) {
    bool ok = true;
    switch (i++) {
      case 0: ok = take(v, out.taxonomy); break;
      case 1: ok = take(v, out.kind); break;
      case 2: ok = take(v, out.tag); break;
      case 3: ok = take(v, out.source); break;
      case 4: ok = take(v, out.score); break;
      case 5: ok = take(v, out.evidence); break;
      default: out.other_state = v.is_bool() && v.get_bool().value_unsafe(); break;
    }
    if (!ok) return false;
  }
  return true;
}

template <class T>
bool take(dom::element e, std::vector<T>& out) {
  dom::array a;
  if (e.get_array().get(a)) return false;
  out.clear();
  out.reserve(a.size());
  for (dom::element v : a)
    if (!take(v, out.emplace_back())) return false;
  return true;
}

// A record's fields by name, each with where its value goes.
template <class Record>
using Field = std::pair<std::string_view, std::function<bool(dom::element, Record&)>>;

template <class Record, class T>
Field<Record> field(std::string_view name, T Record::*member) {
  return {name, [member](dom::element e, Record& r) { return take(e, r.*member); }};
}

// The record in `data`, read field by field; a field it does not know is
// passed over, and the last of two with one name is the one kept.
template <class Record>
Expected<Record> read_record(const std::string& data, const std::vector<Field<Record>>& fields, const char* what) {
  // One parser a thread: it keeps its buffers from one record to the next.
  thread_local dom::parser parser;
  dom::object o;
  if (parser.parse(data).get_object().get(o)) return make_error("record", "stored record is not a JSON object");
  Record r;
  for (auto [key, value] : o) {
    if (value.is_null()) continue;
    for (const auto& [name, read] : fields)
      if (key == name) {
        if (!read(value, r)) return make_error("record", std::string(what) + " record has a field of the wrong type: " + std::string(key));
        break;
      }
  }
  return r;
}

}  // namespace

Expected<DocumentRecord> document_from_json(const std::string& data) {
  using R = DocumentRecord;
  static const std::vector<Field<R>> fields = {
      field("id", &R::id), field("path", &R::path), field("content_hash", &R::content_hash), field("size", &R::size),
      field("mtime", &R::mtime), field("format", &R::format), field("kind", &R::kind), field("symbol", &R::symbol),
      field("title", &R::title), field("language", &R::language), field("date", &R::date),
      field("indexed_at", &R::indexed_at), field("page_count", &R::page_count), field("unit_count", &R::unit_count),
      field("warnings", &R::warnings), field("source_url", &R::source_url), field("symbols", &R::symbols),
      field("state", &R::state), field("state_name", &R::state_name), field("session", &R::session),
      field("cycle", &R::cycle), field("body", &R::body), field("report_cycle", &R::report_cycle),
      field("answers", &R::answers), field("review", &R::review), field("responses", &R::responses),
      field("addressee", &R::addressee), field("signatories", &R::signatories),
      field("followup_paragraphs", &R::followup_paragraphs), field("next_report_date", &R::next_report_date),
      field("mandate", &R::mandate), field("ocr_pages", &R::ocr_pages)};
  return read_record(data, fields, "document");
}

Expected<UnitRecord> unit_from_json(const std::string& data) {
  using R = UnitRecord;
  static const std::vector<Field<R>> fields = {
      field("id", &R::id), field("parent", &R::parent), field("ordinal", &R::ordinal),
      field("unit_kind", &R::unit_kind), field("number", &R::number), field("page", &R::page),
      field("section", &R::section), field("text", &R::text), field("symbol", &R::symbol),
      field("subsection", &R::subsection), field("recommending_states", &R::recommending_states),
      field("recommended_by", &R::recommended_by), field("group", &R::group), field("response", &R::response),
      field("response_text", &R::response_text), field("response_source", &R::response_source),
      field("items", &R::items), field("themes", &R::themes), field("affected_persons", &R::affected_persons),
      field("sdgs", &R::sdgs), field("tags", &R::tags), field("lead_in", &R::lead_in),
      field("followup", &R::followup), field("ocr", &R::ocr)};
  return read_record(data, fields, "unit");
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
