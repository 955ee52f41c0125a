#include "serve/openapi.hpp"

#include <nlohmann/json.hpp>

#include <type_traits>
#include <variant>

#include "core/schema.hpp"
#include "query/fields.hpp"

namespace hrdex::serve {
namespace {

using nlohmann::ordered_json;

ordered_json param(std::string_view name, std::string_view description, ordered_json schema, bool required = false,
                   std::string_view in = "query") {
  ordered_json p = {{"name", name}, {"in", in}, {"description", description}, {"schema", std::move(schema)}};
  if (required) p["required"] = true;
  return p;
}

ordered_json string_schema() { return {{"type", "string"}}; }
ordered_json flag_schema() { return {{"type", "string"}, {"enum", {"0", "1", "true", "false"}}}; }
ordered_json ref(std::string_view name) { return {{"$ref", "#/components/schemas/" + std::string(name)}}; }

ordered_json json_answer(std::string_view description, ordered_json schema) {
  return {{"description", description}, {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
}

ordered_json errors() {
  return {{"400", json_answer("A bad query or parameter: the message (and the query column) say what is wrong.", ref("Error"))},
          {"404", json_answer("No such unit or document.", ref("Error"))},
          {"503", json_answer("The index cannot be read (deleted, moved, or of another schema version).", ref("Error"))}};
}

ordered_json with_errors(ordered_json ok) {
  const ordered_json all = errors();
  for (const auto& [status, answer] : all.items()) ok[status] = answer;
  return ok;
}

ordered_json search_params(bool paging) {
  std::string facets;
  for (const auto& f : core::schema::facet_fields()) facets += (facets.empty() ? "" : ", ") + std::string(f.name);
  ordered_json p = ordered_json::array();
  p.push_back(param("q", "The query, in hrdex's query language (hrdex-query help syntax; /help/syntax).", string_schema()));
  p.push_back(param("f", "A filter field:value, repeatable; the field is one of " + facets +
                             ". The same field repeated is any of its values; different fields are all required.",
                    {{"type", "array"}, {"items", string_schema()}}));
  p.back()["explode"] = true;
  p.push_back(param("documents", "Search whole documents instead of units (--documents).", flag_schema()));
  p.push_back(param("all_states", "agency: and wg: also match recommendations to other States than the body's own (--all-states).", flag_schema()));
  if (!paging) return p;
  p.push_back(param("limit", "Hits to return (--limit), at most 100.", {{"type", "integer"}, {"minimum", 0}, {"maximum", 100}, {"default", 10}}));
  p.push_back(param("offset", "Hits to skip (--offset), at most 10000.", {{"type", "integer"}, {"minimum", 0}, {"maximum", 10000}, {"default", 0}}));
  p.push_back(param("sort", "relevance, date (oldest first) or -date (newest first) (--sort).",
                    {{"type", "string"}, {"enum", {"relevance", "date", "-date"}}, {"default", "relevance"}}));
  p.push_back(param("collapse", "Only the best unit of each document (--collapse).", flag_schema()));
  p.push_back(param("collapse_languages",
                    "One version of a document printed in several languages (--collapse-languages).", flag_schema()));
  p.push_back(param("facets", "Also count facet values over every match (--facets).", flag_schema()));
  p.push_back(param("fields", "Comma-separated fields of each hit (--fields); default all.", string_schema()));
  return p;
}

ordered_json extract_params() {
  ordered_json p = ordered_json::array();
  p.push_back(param("agency", "Agency id, name or abbreviation (--agency).", string_schema()));
  p.push_back(param("wg", "Working group id or label (--wg).", string_schema()));
  p.push_back(param("theme", "Theme id or label (--theme).", string_schema()));
  p.push_back(param("state", "State under review, ISO code or name (--state).", string_schema()));
  p.push_back(param("q", "Further query words and filters.", string_schema()));
  p.push_back(param("all_states", "Every State's recommendations, not only the government body's own State's (--all-states).", flag_schema()));
  p.push_back(param("format", "markdown, html, csv, json or docx (--format); the bytes hrdex-query extract writes.",
                    {{"type", "string"}, {"enum", {"markdown", "html", "csv", "json", "docx"}}, {"default", "json"}}));
  p.push_back(param("download", "Send as an attachment with a file name.", flag_schema()));
  return p;
}

ordered_json hit_schema() {
  ordered_json props = ordered_json::object();
  // Each field's type is the type its value has in the field table, so a
  // field added there is described here as it is.
  const query::Hit empty;
  for (const auto& f : query::hit_fields()) {
    ordered_json schema;
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, long long>) schema = {{"type", "integer"}};
          else if constexpr (std::is_same_v<V, double>) schema = {{"type", "number"}};
          else if constexpr (std::is_same_v<V, std::vector<std::string>>) schema = {{"type", "array"}, {"items", string_schema()}};
          else if constexpr (std::is_same_v<V, std::vector<query::TagValue>>) schema = {{"type", "array"}, {"items", ref("Tag")}};
          else schema = string_schema();
        },
        f.get(empty));
    props[std::string(f.name)] = std::move(schema);
  }
  props["snippet"]["description"] = "HTML-escaped text around the matches, each match in <b>...</b>.";
  return {{"type", "object"}, {"description", "A hit: the fields of hrdex-query's JSON Lines (--fields picks among them)."},
          {"properties", std::move(props)}};
}

}  // namespace

std::string openapi_document(std::string_view base) {
  ordered_json facet_value = {{"type", "object"},
                             {"properties", {{"value", string_schema()}, {"count", {{"type", "integer"}}}, {"label", string_schema()}}}};
  ordered_json facets = {{"type", "object"},
                         {"description", "Per facet, its values over every match, most frequent first."},
                         {"additionalProperties", {{"type", "array"}, {"items", std::move(facet_value)}}}};
  ordered_json result = {{"type", "object"},
                         {"properties",
                          {{"query", string_schema()},
                           {"total", {{"type", "integer"}, {"description", "Exact number of matches."}}},
                           {"offset", {{"type", "integer"}}},
                           {"limit", {{"type", "integer"}}},
                           {"hits", {{"type", "array"}, {"items", ref("Hit")}}},
                           {"facets", ref("Facets")},
                           {"suggestion", {{"type", "string"}, {"description", "Did you mean: when nothing matched."}}},
                           {"notes",
                            {{"type", "array"},
                             {"items", string_schema()},
                             {"description",
                              "When nothing matched: each value of a filter with few values (kind:, lang:, "
                              "response:, ...) that the index holds nowhere, with those it holds."}}}}}};
  ordered_json error = {
      {"type", "object"},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"properties",
           {{"status", {{"type", "integer"}}},
            {"message", {{"type", "string"}, {"description", "As hrdex-query prints it, with the query and a caret line for query errors."}}},
            {"where", {{"type", "string"}, {"description", "query:COLUMN, a parameter name, or an id."}}},
            {"column", {{"type", "integer"}, {"description", "1-based column of a query error."}}}}}}}}}};
  ordered_json id_param = param("id", "A unit id (or a document id), as search returns it.", string_schema(), true, "path");
  ordered_json similar_params = search_params(true);
  similar_params[0]["description"] = "Filters (and words) the similar units must also match.";
  similar_params.insert(similar_params.begin(), id_param);

  ordered_json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "hrdex"},
        {"version", HRDEX_VERSION},
        {"description", "Search UN human-rights documents (UPR recommendations, treaty-body concluding observations, "
                        "civil-society submissions) indexed by hrdex: the same queries, fields and extracts as hrdex-query, "
                        "read-only."}}},
      {"servers", {{{"url", base.empty() ? std::string("/") : std::string(base)}}}},
      {"paths",
       {{"/api/search",
         {{"get",
           {{"summary", "Search units (or documents): hrdex-query search --format json"},
            {"parameters", search_params(true)},
            {"responses", with_errors({{"200", json_answer("The hits of one page, the exact total, and facets when asked.", ref("Result"))}})}}}}},
        {"/api/count",
         {{"get",
           {{"summary", "Exact number of matches: hrdex-query count"},
            {"parameters", search_params(false)},
            {"responses",
             with_errors({{"200", json_answer("The count.", {{"type", "object"}, {"properties", {{"query", string_schema()}, {"total", {{"type", "integer"}}}}}})}})}}}}},
        {"/api/facets",
         {{"get",
           {{"summary", "Exact facet counts over every match (every unit without a query)"},
            {"parameters", search_params(false)},
            {"responses",
             with_errors({{"200", json_answer("Facets and total.", {{"type", "object"}, {"properties", {{"query", string_schema()}, {"total", {{"type", "integer"}}}, {"facets", ref("Facets")}}}})}})}}}}},
        {"/api/units/{id}",
         {{"get",
           {{"summary", "One unit whole with its document and every tag's evidence: hrdex-query show --json --why"},
            {"parameters", {id_param}},
            {"responses",
             with_errors({{"200", json_answer("The stored unit record (tags named, labelled, with evidence) and its document's record.",
                                               {{"type", "object"}, {"properties", {{"unit", {{"type", "object"}}}, {"document", {{"type", "object"}}}}}})}})}}}}},
        {"/api/units/{id}/similar",
         {{"get",
           {{"summary", "Units like this one: hrdex-query similar"},
            {"parameters", similar_params},
            {"responses", with_errors({{"200", json_answer("Similar units, most similar first.", ref("Result"))}})}}}}},
        {"/api/extract",
         {{"get",
           {{"summary", "Every recommendation for an agency, working group, theme or State, grouped and merged: hrdex-query extract"},
            {"parameters", extract_params()},
            {"responses",
             with_errors({{"200",
                            {{"description", "The extract, byte for byte what hrdex-query extract writes for the command line in its 'reproduce' field."},
                             {"content",
                              {{"application/json", {{"schema", {{"type", "object"}}}}},
                               {"text/markdown", {{"schema", string_schema()}}},
                               {"text/html", {{"schema", string_schema()}}},
                               {"text/csv", {{"schema", string_schema()}}},
                               {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}}}})}}}}},
        {"/api/openapi.json",
         {{"get", {{"summary", "This document"}, {"responses", {{"200", json_answer("OpenAPI 3 document.", {{"type", "object"}})}}}}}}}}},
      {"components",
       {{"schemas",
         {{"Hit", hit_schema()},
          {"Tag",
           {{"type", "object"},
            {"properties",
             {{"id", string_schema()}, {"label", string_schema()}, {"taxonomy", string_schema()}, {"source", string_schema()}, {"score", {{"type", "number"}}}}}}},
          {"Facets", facets},
          {"Result", result},
          {"Error", error}}}}}};
  return doc.dump(2) + "\n";
}

}  // namespace hrdex::serve
