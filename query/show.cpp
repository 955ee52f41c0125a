#include "query/show.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/index.hpp"
#include "core/record.hpp"
#include "core/tag_vocabulary.hpp"
#include "core/schema.hpp"

namespace hrdex::query {
namespace schema = core::schema;

namespace {

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string score_text(double score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", score);
  return buf;
}

// The kinds in the order a researcher reads them, with their headings.
constexpr std::pair<std::string_view, std::string_view> kKindHeadings[] = {
    {"themes", "Themes"}, {"issues", "Issues"}, {"working-groups", "Working groups"}, {"agencies", "Agencies"},
    {"affected-persons", "Affected persons"}};

// The other documents with the same symbol: its versions in other
// languages (or other files of it), as "fr  /path/file.pdf".
std::vector<std::string> other_versions(const Xapian::Database& db, const core::DocumentRecord& d) {
  std::vector<std::string> out;
  if (d.symbol.empty()) return out;
  const std::string symbol = schema::boolean_term(schema::prefix::kSymbol, d.symbol);
  const std::string level = schema::boolean_term(schema::prefix::kLevel, schema::kLevelDocument);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(symbol), Xapian::Query(level)));
  const Xapian::MSet m = enquire.get_mset(0, 100);
  for (auto it = m.begin(); it != m.end(); ++it) {
    auto other = core::document_from_json(it.get_document().get_data());
    if (other && other->id != d.id) out.push_back(other->language + "  " + other->path + "  id " + other->id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void document_context(std::ostream& out, const core::DocumentRecord& d, const Xapian::Database& db) {
  out << "Document:  " << (d.title.empty() ? "(untitled)" : d.title);
  if (!d.symbol.empty()) out << " (" << d.symbol << ")";
  if (!d.date.empty()) out << ", " << d.date;
  out << '\n';
  if (!d.state.empty()) {
    out << "State:     " << (d.state_name.empty() ? d.state : d.state_name + " (" + d.state + ")");
    if (d.session > 0) out << ", UPR session " << d.session;
    if (d.cycle > 0) out << ", cycle " << d.cycle;
    out << '\n';
  }
  if (!d.body.empty()) out << "Body:      " << d.body << (d.report_cycle.empty() ? "" : ", reports " + d.report_cycle) << '\n';
  if (!d.mandate.empty()) out << "Mandate:   " << d.mandate << '\n';
  out << "Kind:      " << d.kind << '\n';
  out << "Language:  " << d.language << '\n';
  for (const std::string& v : other_versions(db, d)) out << "Version:   " << v << '\n';
  if (!d.ocr_pages.empty()) out << "OCR:       " << d.ocr_pages.size() << " pages read by OCR\n";
  out << "File:      " << d.path << '\n';
}

}  // namespace

std::optional<std::string> stored_record(const Xapian::Database& db, const std::string& id) {
  const std::string term = std::string(schema::prefix::kUniqueId) + id;
  auto it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::nullopt;
  return db.get_document(*it).get_data();
}

core::Expected<Shown> load_shown(const Xapian::Database& db, const std::string& id) {
  auto data = stored_record(db, id);
  if (!data || core::record_level(*data) == schema::kLevelExample)
    return core::make_error(id, "no unit or document with this id in the index (ids are printed by search)");
  Shown shown;
  shown.data = *data;
  if (core::record_level(*data) == schema::kLevelDocument) {
    auto d = core::document_from_json(*data);
    if (!d) return d.error();
    shown.document = std::move(*d);
    shown.document_data = *data;
    return shown;
  }
  auto unit = core::unit_from_json(*data);
  if (!unit) return unit.error();
  if (auto d = stored_record(db, unit->parent)) {
    if (auto r = core::document_from_json(*d)) {
      shown.document = std::move(*r);
      shown.document_data = *d;
    }
  }
  core::TagVocabulary::of_index(db).label(unit->tags);
  shown.unit = std::move(*unit);
  return shown;
}

core::Expected<std::string> render_show(const Xapian::Database& db, const ShowOptions& options) {
  auto shown = load_shown(db, options.id);
  if (!shown) return shown.error();
  std::ostringstream out;
  if (!shown->unit) {
    const core::DocumentRecord* d = &*shown->document;
    if (options.json) return nlohmann::json::parse(shown->data).dump(2) + "\n";
    document_context(out, *d, db);
    out << "Units:     " << d->unit_count << " (" << d->id << "-1 .. " << d->id << "-" << d->unit_count << ")\n";
    return out.str();
  }
  const core::UnitRecord* unit = &*shown->unit;
  const std::optional<core::DocumentRecord>& doc = shown->document;
  if (options.json) {
    nlohmann::json j = {{"unit", nlohmann::json::parse(shown->data)}};
    // The record stores tags as bare arrays; people get them named and labelled.
    nlohmann::json tags = nlohmann::json::array();
    for (const core::UnitTag& t : unit->tags)
      tags.push_back({{"taxonomy", t.taxonomy}, {"kind", t.kind}, {"tag", t.tag}, {"label", t.label},
                      {"other_state", t.other_state},
                      {"source", t.source}, {"score", t.score}, {"evidence", t.evidence}});
    j["unit"]["tags"] = std::move(tags);
    if (doc) j["document"] = nlohmann::json::parse(shown->document_data);
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }

  std::string cite = unit->symbol.empty() && doc ? doc->title : unit->symbol;
  if (!unit->number.empty()) cite += (cite.empty() ? "" : " ") + std::string("para. ") + unit->number;
  if (unit->page > 0) cite += (cite.empty() ? "" : ", ") + std::string("p. ") + std::to_string(unit->page);
  out << cite << "  [" << unit->unit_kind << "]  id " << unit->id << "\n\n";
  if (doc) document_context(out, *doc, db);
  if (!unit->section.empty()) out << "Section:   " << unit->section << '\n';
  if (!unit->subsection.empty()) out << "Topic:     " << unit->subsection << '\n';
  if (!unit->recommending_states.empty())
    out << "By:        " << join(unit->recommending_states, ", ")
        << (unit->recommended_by.empty() ? "" : "  " + unit->recommended_by) << '\n';
  if (!unit->response.empty()) {
    out << "Response:  " << unit->response;
    if (!unit->response_text.empty() && unit->response_text != unit->response) out << " (\"" << unit->response_text << "\")";
    if (!unit->response_source.empty()) out << ", " << unit->response_source;
    out << '\n';
  } else if (!unit->group.empty()) {
    out << "Group:     " << unit->group << '\n';
  }
  out << '\n' << unit->text << '\n';
  for (const auto& item : unit->items)
    if (unit->text.find(item.text) == std::string::npos) out << "  (" << item.label << ") " << item.text << '\n';

  out << '\n';
  if (unit->tags.empty()) out << "Tags: none\n";
  for (const auto& [kind, heading] : kKindHeadings) {
    bool any = false;
    for (const core::UnitTag& t : unit->tags) {
      if (t.kind != kind || t.other_state) continue;
      if (!any) out << heading << ":\n";
      any = true;
      out << "  " << t.tag << "  " << t.label << "  (" << t.source;
      if (t.source != "human") out << ", score " << score_text(t.score);
      out << ")\n";
      if (options.why)
        for (const std::string& e : t.evidence) out << "      because: " << e << '\n';
    }
  }
  // Bodies of another State's government: what the unit would reach, were it
  // about that State (`extract --all-states`).
  bool other = false;
  for (const core::UnitTag& t : unit->tags) {
    if (!t.other_state) continue;
    if (!other) out << "Other States' bodies (not this unit's State; reached with --all-states):\n";
    other = true;
    out << "  " << t.tag << "  " << t.label << "  (" << t.source << ", score " << score_text(t.score) << ")\n";
    if (options.why)
      for (const std::string& e : t.evidence) out << "      because: " << e << '\n';
  }
  if (!unit->themes.empty()) out << "OHCHR themes (human): " << join(unit->themes, "; ") << '\n';
  if (!unit->affected_persons.empty()) out << "Affected persons (human): " << join(unit->affected_persons, "; ") << '\n';
  if (!unit->sdgs.empty()) out << "SDGs (human): " << join(unit->sdgs, "; ") << '\n';
  return out.str();
}

int run_show(const ShowOptions& options, std::ostream& out, std::ostream& err) {
  auto db = core::open_index_for_reading(options.db);
  if (!db) {
    err << "hrdex-query: error: " << db.error().message() << '\n';
    return 2;
  }
  try {
    auto text = render_show(*db, options);
    if (!text) {
      err << "hrdex-query: error: " << text.error().message() << '\n';
      return 2;
    }
    out << *text;
  } catch (const Xapian::Error& e) {
    err << "hrdex-query: error: " << options.db.string() << ": reading the index failed: " << e.get_description() << '\n';
    return 2;
  }
  return 0;
}

}  // namespace hrdex::query
