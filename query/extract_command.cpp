#include "query/extract_command.hpp"

#include <chrono>
#include <algorithm>
#include <ctime>
#include <set>
#include <fstream>
#include <ostream>

#include "core/text.hpp"
#include "query/extract_writers.hpp"

namespace hrdex::query {
namespace {

std::string quoted_value(std::string_view v) {
  std::string out = "\"";
  for (char c : v)
    if (c != '"') out.push_back(c);
  return out + "\"";
}

std::string utc_now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The label of the tag the user named by id or label ("epa" ->
// "Environmental Protection Agency (EPA)"), read from the hits' own tags;
// the value as typed when no hit carries it.
std::string tag_label(const std::vector<Hit>& hits, std::string_view kind, const std::string& typed) {
  if (typed.empty()) return typed;
  const std::string want = core::ascii_lower(typed);
  for (const Hit& h : hits)
    for (const core::UnitTag& t : h.tags) {
      if (t.kind != kind || t.label.empty()) continue;
      if (core::ascii_lower(t.label) == want) return t.label;
      if (core::ascii_lower(t.tag) == want) return t.label + " (" + typed + ")";
    }
  return typed;
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

std::string extract_title(const ExtractOptions& o) {
  std::string t = "Recommendations";
  if (!o.agency.empty()) t += " for " + o.agency;
  if (!o.wg.empty()) t += (o.agency.empty() ? " for " : ", ") + o.wg;
  if (!o.theme.empty()) t += " on " + o.theme;
  if (!o.state.empty()) t += " to " + o.state;
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
  SearchRequest request;
  request.query = *q;
  request.limit = searcher.database().get_doccount();
  request.snippets = false;
  auto result = searcher.search(request);
  if (!result) return result.error();
  std::vector<ExtractItem> items;
  items.reserve(result->hits.size());
  for (const Hit& h : result->hits) items.push_back(to_extract_item(h));
  Extract e = build_extract(std::move(items));
  ExtractOptions labelled = options;
  labelled.agency = tag_label(result->hits, "agencies", options.agency);
  labelled.wg = tag_label(result->hits, "working-groups", options.wg);
  labelled.theme = tag_label(result->hits, "themes", options.theme);
  e.title = extract_title(labelled);
  e.reproduce = options.command_line;
  e.query = *q;
  e.index = options.db.string();
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
