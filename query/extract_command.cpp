#include "query/extract_command.hpp"

#include <chrono>
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <set>
#include <tuple>
#include <fstream>
#include <ostream>

#include "core/countries.hpp"
#include "core/text.hpp"
#include "query/extract_writers.hpp"
#include "taxonomy/resolve.hpp"
#include "taxonomy/taxonomy.hpp"

namespace hrdex::query {
namespace {

std::string quoted_value(std::string_view v) {
  std::string out = "\"";
  for (char c : v)
    if (c != '"') out.push_back(c);
  return out + "\"";
}

// Now, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention):
// then the same request gives the same bytes from hrdex-query and from
// hrdex-serve, which their tests compare.
std::string utc_now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    char* end = nullptr;
    const long long v = std::strtoll(epoch, &end, 10);
    if (*end == '\0' && v >= 0) t = static_cast<std::time_t>(v);
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Resolves a --agency, --wg or --theme value through the index's
// vocabulary: the tag's label, a note when the value is only one of its
// names ("FBI"), the State whose government it belongs to, or an error
// naming the closest tags when it names none.
struct Resolved {
  std::string label, note, state;
};
core::Expected<Resolved> resolve_name(const taxonomy::TaxonomySet& set, taxonomy::TaxonomyKind kind,
                                      const std::string& option, const std::string& value) {
  Resolved out;
  if (value.empty()) return out;
  auto found = taxonomy::resolve_tag(set, kind, value);
  if (found.empty()) {
    if (!taxonomy::has_kind(set, kind)) return Resolved{value, "", ""};
    return core::make_error(option, taxonomy::unknown_tag_message(set, kind, value));
  }
  const auto& [taxonomy_id, tag_id] = found.front();
  const taxonomy::Taxonomy* t = set.find_taxonomy(taxonomy_id);
  const taxonomy::Tag* tag = set.find_tag(taxonomy_id, tag_id);
  out.label = tag ? tag->label : tag_id;
  out.state = t ? t->state : "";
  const std::string typed = core::ascii_lower(core::collapse_spaces(value));
  if (tag && typed != tag->id && typed != core::ascii_lower(tag->label) &&
      std::find_if(tag->aliases.begin(), tag->aliases.end(),
                   [&](const std::string& a) { return core::ascii_lower(a) == typed; }) == tag->aliases.end())
    out.note = "'" + value + "' is listed under the " + out.label;
  return out;
}

// "the United States of America" for "USA"; the code when unknown.
std::string state_name(const std::string& iso3) {
  auto countries = core::CountryTable::shared();
  if (countries)
    if (auto c = (*countries)->by_iso3(iso3)) return c->name;
  return iso3;
}

}  // namespace

core::Expected<std::string> extract_query(const ExtractOptions& o) {
  std::string words;
  for (const auto& w : o.words) words += (words.empty() ? "" : " ") + w;
  if (o.agency.empty() && o.wg.empty() && o.theme.empty() && o.state.empty() && words.empty())
    return core::make_error("extract", "say what to extract: --agency, --wg, --theme, --state or query words");
  // Treaty bodies' recommendation paragraphs are units of kind
  // "recommendation" too, so one filter takes both.
  std::string q = "unit:recommendation";
  if (!o.agency.empty()) q += " agency:" + quoted_value(o.agency);
  if (!o.wg.empty()) q += " wg:" + quoted_value(o.wg);
  if (!o.theme.empty()) q += " theme:" + quoted_value(o.theme);
  if (!o.state.empty()) q += " state:" + quoted_value(o.state);
  if (!words.empty()) q += " (" + words + ")";
  return q;
}

std::string extract_title(const ExtractOptions& o, const ExtractNames& names) {
  auto name_or = [](const std::string& resolved, const std::string& typed) { return resolved.empty() ? typed : resolved; };
  std::string t = "Recommendations";
  if (!names.state.empty()) t += " to " + names.state;
  const std::string agency = name_or(names.agency, o.agency), wg = name_or(names.wg, o.wg);
  if (!agency.empty()) t += " for " + agency;
  if (!wg.empty()) t += (agency.empty() ? " for " : ", ") + wg;
  const std::string theme = name_or(names.theme, o.theme);
  if (!theme.empty()) t += " on " + theme;
  if (names.state.empty() && !o.state.empty()) t += " to " + o.state;
  for (const std::string& note : names.notes) t += " (" + note + ")";
  if (o.agency.empty() && o.wg.empty() && o.theme.empty() && o.state.empty()) {
    std::string words;
    for (const auto& w : o.words) words += (words.empty() ? "" : " ") + w;
    t += " matching " + words;
  }
  return t;
}

ExtractItem to_extract_item(const Hit& h) {
  ExtractItem item;
  item.text = h.text;
  ExtractSource& s = item.source;
  s.unit_id = h.id;
  s.symbol = h.symbol;
  s.number = h.number;
  s.page = h.page;
  s.doc_kind = h.doc_kind;
  s.body = h.body;
  s.mandate = h.mandate;
  s.state = h.state;
  s.recommending_states = h.recommending_states;
  s.response = h.response;
  s.response_text = h.response_text;
  s.date = h.date;
  s.source_path = h.source_path;
  auto label = [](const core::UnitTag& t) { return t.label.empty() ? t.tag : t.label; };
  for (const core::UnitTag& t : h.tags) {
    if (t.kind == "themes") item.themes.push_back(label(t));
    if (t.kind == "working-groups") item.working_groups.push_back(label(t));
  }
  // A theme goes under the working groups its tag led to (the group's
  // evidence says "theme <id>"), not under every group the unit has.
  std::set<std::string> placed_themes;
  for (const core::UnitTag& w : h.tags) {
    if (w.kind != "working-groups") continue;
    bool any = false;
    for (const core::UnitTag& t : h.tags) {
      if (t.kind != "themes") continue;
      if (std::find(w.evidence.begin(), w.evidence.end(), "theme " + t.tag) == w.evidence.end()) continue;
      item.placements.emplace_back(label(w), label(t));
      placed_themes.insert(t.tag);
      any = true;
    }
    if (!any) item.placements.emplace_back(label(w), "(no theme)");
  }
  for (const core::UnitTag& t : h.tags)
    if (t.kind == "themes" && !placed_themes.count(t.tag) && !item.placements.empty())
      item.placements.emplace_back("(no working group)", label(t));
  return item;
}

core::Expected<Extract> make_extract(Searcher& searcher, const ExtractOptions& options) {
  auto q = extract_query(options);
  if (!q) return q.error();
  const taxonomy::TaxonomySet set = taxonomy::vocabulary_set(searcher.vocabulary());
  ExtractNames names;
  std::string government;  // the State whose agency or working group was named
  for (auto [kind, option, value, label] :
       {std::tuple{taxonomy::TaxonomyKind::agencies, "--agency", &options.agency, &names.agency},
        std::tuple{taxonomy::TaxonomyKind::working_groups, "--wg", &options.wg, &names.wg},
        std::tuple{taxonomy::TaxonomyKind::themes, "--theme", &options.theme, &names.theme}}) {
    auto resolved = resolve_name(set, kind, option, *value);
    if (!resolved) return resolved.error();
    *label = resolved->label;
    if (!resolved->note.empty()) names.notes.push_back(resolved->note);
    if (government.empty()) government = resolved->state;
  }
  if (!options.state.empty()) {
    names.state.clear();  // the filter's own words say it, after "on <theme>"
  } else if (!government.empty()) {
    names.state = options.all_states ? "any State" : state_name(government);
    if (options.all_states)
      names.notes.push_back("--all-states: every State's recommendations, not only those to " +
                            state_name(government) + ", whose body this is");
  }
  SearchRequest request;
  request.query = *q;
  request.limit = searcher.database().get_doccount();
  request.snippets = false;
  request.all_states = options.all_states;
  auto result = searcher.search(request);
  if (!result) return result.error();
  std::vector<ExtractItem> items;
  items.reserve(result->hits.size());
  for (const Hit& h : result->hits) items.push_back(to_extract_item(h));
  Extract e = build_extract(std::move(items));
  e.title = extract_title(options, names);
  e.reproduce = options.command_line;
  e.query = *q;
  for (const auto& db : options.dbs) e.indexes.push_back(db.string());
  e.generated_at = utc_now();
  return e;
}

int run_extract(Searcher& searcher, const ExtractOptions& options, std::ostream& out, std::ostream& err) {
  auto e = make_extract(searcher, options);
  if (!e) {
    err << "hrdex-query: error: " << e.error().message() << '\n';
    return 2;
  }
  if (options.output.empty()) {
    write_extract(*e, options.format, out);
  } else {
    std::ofstream file(options.output, std::ios::binary);
    if (!file || !write_extract(*e, options.format, file) || !file.flush()) {
      err << "hrdex-query: error: " << options.output.string() << ": cannot write the extract\n";
      return 2;
    }
    err << "hrdex-query: wrote " << e->units << " recommendations to " << options.output.string() << '\n';
  }
  if (e->units == 0) err << "hrdex-query: no recommendation matched " << e->query << '\n';
  return e->units > 0 ? 0 : 1;
}

std::string shell_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i == 0) {
      // The program by name, not the build folder it ran from.
      auto slash = a.rfind('/');
      if (slash != std::string_view::npos) a = a.substr(slash + 1);
    }
    bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:@+") ==
                                   std::string_view::npos;
    if (!line.empty()) line += ' ';
    if (plain) {
      line += a;
    } else {
      line += '\'';
      for (char c : a) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
      line += '\'';
    }
  }
  return line;
}

}  // namespace hrdex::query
