#include "serve/pages.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/countries.hpp"
#include "query/extract_writers.hpp"
#include "query/html.hpp"
#include "query/syntax_help.hpp"
#include "query/writers.hpp"

namespace hrdex::serve {
namespace {

using query::escape_html;

// Facets in the order the sidebar shows them, with their headings.
struct FacetHeading {
  std::string_view name, heading;
};
constexpr FacetHeading kFacetHeadings[] = {
    {"theme", "Theme"},        {"wg", "Working group"},        {"agency", "Agency"},
    {"issue", "Issue"},        {"persons", "Affected persons"}, {"state", "State under review"},
    {"by", "Recommending State"}, {"year", "Year"},            {"response", "Response"},
    {"body", "Treaty body"},   {"kind", "Document kind"},       {"unit", "Unit kind"},
};

// Facet values shown before "more".
constexpr std::size_t kFacetShown = 8;
// Values listed at most per facet (the rest are counted, not listed).
constexpr std::size_t kFacetListed = 60;

std::string country_name(std::string_view iso3) {
  if (auto table = core::CountryTable::shared(); table.ok())
    if (auto c = (*table)->by_iso3(iso3)) return c->name;
  return std::string(iso3);
}

// A facet value as people read it: a tag's label, a State's name.
std::string value_label(std::string_view facet, const query::FacetValue& v) {
  if (!v.label.empty()) return v.label;
  if (facet == "state" || facet == "by") return country_name(v.value);
  if (facet == "body") return query::body_name(v.value);
  return v.value;
}

std::string format_count(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string search_form(const PageContext& ctx, const SearchState& s) {
  std::ostringstream o;
  o << "<form class=\"search\" method=\"get\" action=\"" << escape_html(href(ctx, "/")) << "\" role=\"search\">"
    << "<input type=\"search\" name=\"q\" value=\"" << escape_html(s.q)
    << "\" placeholder=\"Words, &quot;phrases&quot;, AND/OR/NOT, field:value\" aria-label=\"Query\" maxlength=\"1000\">";
  for (const auto& f : s.filters) o << "<input type=\"hidden\" name=\"f\" value=\"" << escape_html(f) << "\">";
  o << "<button type=\"submit\">Search</button>"
    << "<div class=\"options\"><label>Sort <select name=\"sort\" data-autosubmit>";
  const std::pair<const char*, query::SortOrder> sorts[] = {{"relevance", query::SortOrder::relevance},
                                                           {"date", query::SortOrder::date_ascending},
                                                           {"-date", query::SortOrder::date_descending}};
  const char* sort_labels[] = {"relevance", "oldest first", "newest first"};
  for (int i = 0; i < 3; ++i)
    o << "<option value=\"" << sorts[i].first << "\"" << (s.sort == sorts[i].second ? " selected" : "") << ">"
      << sort_labels[i] << "</option>";
  o << "</select></label><label>Per page <select name=\"limit\" data-autosubmit>";
  for (std::size_t n : {10, 20, 50, 100})
    o << "<option" << (s.limit == n ? " selected" : "") << ">" << n << "</option>";
  o << "</select></label>"
    << "<label><input type=\"checkbox\" name=\"collapse\" value=\"1\" data-autosubmit" << (s.collapse ? " checked" : "")
    << "> Best unit per document</label>"
    << "<label><input type=\"checkbox\" name=\"collapse_languages\" value=\"1\" data-autosubmit"
    << (s.collapse_languages ? " checked" : "") << "> One language version</label>"
    << "<label><input type=\"checkbox\" name=\"documents\" value=\"1\" data-autosubmit" << (s.documents ? " checked" : "")
    << "> Whole documents</label>"
    << "<label><input type=\"checkbox\" name=\"all_states\" value=\"1\" data-autosubmit" << (s.all_states ? " checked" : "")
    << "> agency:/wg: for every State</label>"
    << "<a href=\"" << escape_html(href(ctx, "/help/syntax")) << "\">Query syntax</a></div></form>\n";
  return o.str();
}

// The state with `filter` added, or removed when it is there; back to the
// first page either way.
SearchState toggled(const SearchState& s, const std::string& filter) {
  SearchState t = s;
  t.offset = 0;
  auto it = std::find(t.filters.begin(), t.filters.end(), filter);
  if (it == t.filters.end()) t.filters.push_back(filter);
  else t.filters.erase(it);
  return t;
}

std::string facet_sidebar(const PageContext& ctx, const SearchState& s, const std::vector<query::Facet>& facets) {
  std::ostringstream o;
  o << "<aside class=\"facets\" aria-label=\"Facets\">";
  // The facets with a heading in their order, then any other the query
  // library counts, under its field name: the sidebar never leaves one out.
  std::vector<FacetHeading> order(std::begin(kFacetHeadings), std::end(kFacetHeadings));
  for (const auto& f : facets)
    if (std::none_of(order.begin(), order.end(), [&](const FacetHeading& h) { return h.name == f.name; }))
      order.push_back({f.name, f.name});
  for (const auto& [name, heading] : order) {
    const query::Facet* facet = nullptr;
    for (const auto& f : facets)
      if (f.name == name) facet = &f;
    if (!facet || facet->values.empty()) continue;
    o << "<section class=\"facet\" data-facet=\"" << name << "\"><h2>" << heading << "</h2><ul>";
    std::size_t i = 0;
    for (const auto& v : facet->values) {
      if (i == kFacetListed) break;
      if (i == kFacetShown) o << "</ul><details><summary>" << facet->values.size() - kFacetShown << " more</summary><ul>";
      const std::string filter = std::string(name) + ":" + v.value;
      const bool selected = std::find(s.filters.begin(), s.filters.end(), filter) != s.filters.end();
      o << "<li" << (selected ? " class=\"selected\"" : "") << "><a href=\""
        << escape_html(href(ctx, "/", state_params(toggled(s, filter)))) << "\" data-filter=\"" << escape_html(filter)
        << "\"" << (selected ? " title=\"Remove this filter\"" : "") << ">" << escape_html(value_label(name, v))
        << "</a> <span class=\"count\">" << format_count(v.count) << "</span></li>";
      ++i;
    }
    o << "</ul>" << (i > kFacetShown ? "</details>" : "") << "</section>";
  }
  o << "</aside>";
  return o.str();
}

std::string active_filters(const PageContext& ctx, const SearchState& s, const std::vector<query::Facet>& facets) {
  if (s.filters.empty()) return "";
  std::ostringstream o;
  o << "<p class=\"active-filters\">Filters: ";
  for (const auto& f : s.filters) {
    std::string field, value;
    split_filter(f, field, value);
    std::string label = value;
    for (const auto& facet : facets)
      if (facet.name == field)
        for (const auto& v : facet.values)
          if (v.value == value) label = value_label(field, v);
    if (label == value && (field == "state" || field == "by")) label = country_name(value);
    o << "<a class=\"filter\" href=\"" << escape_html(href(ctx, "/", state_params(toggled(s, f))))
      << "\" title=\"Remove this filter\">" << escape_html(field) << ": " << escape_html(label) << " &#x2715;</a>";
  }
  o << "</p>";
  return o.str();
}

void tag_chips(std::ostringstream& o, const PageContext& ctx, const std::vector<core::UnitTag>& tags) {
  static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
      {"themes", "theme"}, {"working-groups", "wg"}, {"agencies", "agency"}, {"issues", "issue"},
      {"affected-persons", "persons"}};
  bool any = false;
  for (const auto& [kind, field] : kKinds)
    for (const auto& t : tags) {
      if (t.kind != kind) continue;
      if (!any) o << "<p class=\"tags\">";
      any = true;
      SearchState s;
      s.filters.push_back(std::string(field) + ":" + t.tag);
      o << "<a class=\"tag " << escape_html(kind) << "\" href=\"" << escape_html(href(ctx, "/", state_params(s)))
        << "\" title=\"" << escape_html(std::string(field) + ", " + t.source) << "\">"
        << escape_html(t.label.empty() ? t.tag : t.label) << "</a>";
    }
  if (any) o << "</p>";
}

std::string response_text(std::string_view response, std::string_view wording) {
  std::string r = std::string(response);
  if (!wording.empty() && wording != response) r += " (\u201c" + std::string(wording) + "\u201d)";
  return r;
}

void hit_item(std::ostringstream& o, const PageContext& ctx, const query::Hit& h) {
  o << "<li class=\"hit\" data-id=\"" << escape_html(h.id) << "\"><h3><a href=\""
    << escape_html(href(ctx, "/units/" + h.id)) << "\">" << escape_html(query::hit_citation(h)) << "</a></h3>";
  std::vector<std::string> meta;
  if (!h.doc_kind.empty()) meta.push_back(h.doc_kind + (h.unit_kind.empty() ? "" : " \u00b7 " + h.unit_kind));
  if (!h.state.empty()) meta.push_back(country_name(h.state));
  if (!h.body.empty()) meta.push_back(query::body_name(h.body));
  if (!h.date.empty()) meta.push_back(h.date);
  if (!h.recommending_states.empty()) {
    std::string by;
    for (const auto& s : h.recommending_states) by += (by.empty() ? "by " : ", ") + s;
    meta.push_back(by);
  }
  o << "<p class=\"meta\">";
  for (std::size_t i = 0; i < meta.size(); ++i) o << (i ? " \u00b7 " : "") << escape_html(meta[i]);
  o << "</p>";
  if (!h.section.empty() && h.level == "unit") o << "<p class=\"meta section\">" << escape_html(h.section) << "</p>";
  o << "<p class=\"snippet\">" << (h.snippet.empty() ? escape_html(h.text.substr(0, 300)) : snippet_html(h.snippet)) << "</p>";
  if (!h.response.empty())
    o << "<p class=\"meta\">Response: <span class=\"response\">" << escape_html(response_text(h.response, h.response_text))
      << "</span></p>";
  tag_chips(o, ctx, h.tags);
  o << "</li>";
}

std::string pager(const PageContext& ctx, const SearchState& s, std::size_t total, std::size_t max_offset) {
  if (s.limit == 0 || total <= s.limit) return "";
  const std::size_t pages = (std::min(total, max_offset + s.limit) + s.limit - 1) / s.limit;
  const std::size_t current = s.offset / s.limit + 1;
  std::ostringstream o;
  o << "<nav class=\"pager\" aria-label=\"Pages\">";
  auto link = [&](std::size_t page, const std::string& text, const char* rel) {
    SearchState t = s;
    t.offset = (page - 1) * s.limit;
    o << "<a href=\"" << escape_html(href(ctx, "/", state_params(t))) << "\"" << (rel ? std::string(" rel=\"") + rel + "\"" : "")
      << ">" << text << "</a>";
  };
  if (current > 1) link(current - 1, "&larr; Previous", "prev");
  const std::size_t from = current > 3 ? current - 3 : 1, to = std::min(pages, current + 3);
  if (from > 1) link(1, "1", nullptr);
  if (from > 2) o << "<span class=\"gap\">&hellip;</span>";
  for (std::size_t p = from; p <= to; ++p) {
    if (p == current) o << "<span class=\"current\" aria-current=\"page\">" << p << "</span>";
    else link(p, std::to_string(p), nullptr);
  }
  if (current < pages) link(current + 1, "Next &rarr;", "next");
  o << "</nav>";
  return o.str();
}

}  // namespace

std::string href(const PageContext& ctx, std::string_view path, const Params& params) {
  std::string out = ctx.base + std::string(path);
  const std::string q = query_string(params);
  if (!q.empty()) out += "?" + q;
  return out;
}

std::string layout(const PageContext& ctx, std::string_view title, std::string_view body) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    << "<title>" << escape_html(title) << " \u2013 hrdex</title>"
    << "<link rel=\"stylesheet\" href=\"" << escape_html(href(ctx, "/static/hrdex.css")) << "\">"
    << "<link rel=\"icon\" href=\"" << escape_html(href(ctx, "/static/icon.svg")) << "\" type=\"image/svg+xml\">"
    << "<script src=\"" << escape_html(href(ctx, "/static/hrdex.js")) << "\" defer></script></head><body>\n"
    << "<header class=\"site\"><a class=\"brand\" href=\"" << escape_html(href(ctx, "/")) << "\">hrdex</a><nav>"
    << "<a href=\"" << escape_html(href(ctx, "/")) << "\">Search</a>"
    << "<a href=\"" << escape_html(href(ctx, "/extract")) << "\">Extracts</a>"
    << "<a href=\"" << escape_html(href(ctx, "/help/syntax")) << "\">Query syntax</a>"
    << "<a href=\"" << escape_html(href(ctx, "/api/openapi.json")) << "\">JSON API</a></nav></header>\n<main>"
    << body << "</main>\n<footer class=\"site\">hrdex-serve " << HRDEX_VERSION << " \u00b7 index "
    << escape_html(ctx.index_name) << "</footer>\n</body></html>\n";
  return o.str();
}

std::string snippet_html(std::string_view snippet) {
  // Markers that cannot occur in text survive the escape; then become <mark>.
  const std::string plain = query::plain_snippet(snippet, "\x01", "\x02");
  std::string escaped = escape_html(plain), out;
  out.reserve(escaped.size() + 32);
  for (char c : escaped) {
    if (c == '\x01') out += "<mark>";
    else if (c == '\x02') out += "</mark>";
    else out.push_back(c);
  }
  return out;
}

std::string search_page(const PageContext& ctx, const SearchView& v) {
  std::ostringstream o;
  const SearchState& s = v.state;
  o << search_form(ctx, s);
  const std::vector<query::Facet> none;
  const auto& facets = v.result ? v.result->facets : none;
  o << active_filters(ctx, s, facets);
  if (!v.error.empty()) {
    o << "<div class=\"error\" role=\"alert\"><strong>The query cannot be run.</strong><pre>" << escape_html(v.error)
      << "</pre><p>See the <a href=\"" << escape_html(href(ctx, "/help/syntax")) << "\">query syntax</a>.</p></div>";
    return layout(ctx, s.q.empty() ? "Search" : s.q, o.str());
  }
  const query::SearchResult& r = *v.result;
  o << "<div class=\"layout\">" << facet_sidebar(ctx, s, r.facets) << "<section class=\"results\" aria-label=\"Results\">";
  const std::string what = s.documents ? (r.total == 1 ? " document" : " documents")
                                       : s.collapse ? (r.total == 1 ? " document" : " documents")
                                                    : (r.total == 1 ? " unit" : " units");
  o << "<p class=\"total\" data-total=\"" << r.total << "\">";
  if (v.browsing) o << "The index holds " << format_count(r.total) << what << ". Type a query, or pick a facet.";
  else o << format_count(r.total) << what << " match" << (r.total == 1 ? "es" : "") << (s.collapse && !s.documents ? " (best unit of each)" : "");
  if (!v.browsing && r.total > 0 && !r.hits.empty())
    o << " \u00b7 showing " << s.offset + 1 << "\u2013" << s.offset + r.hits.size();
  o << " \u00b7 <a class=\"no-print\" href=\"" << escape_html(href(ctx, "/api/search", [&] {
    Params p = state_params(s);
    p.emplace_back("facets", "1");
    return p;
  }())) << "\">JSON</a>";
  o << "</p>";
  if (!r.suggestion.empty()) {
    SearchState fixed;
    fixed.q = r.suggestion;
    fixed.sort = s.sort;
    fixed.collapse = s.collapse;
    fixed.collapse_languages = s.collapse_languages;
    fixed.documents = s.documents;
    fixed.limit = s.limit;
    o << "<p class=\"suggestion\">Did you mean <a href=\"" << escape_html(href(ctx, "/", state_params(fixed))) << "\">"
      << escape_html(r.suggestion) << "</a>?</p>";
  }
  for (const std::string& note : r.notes) o << "<p class=\"suggestion note\">" << escape_html(note) << "</p>";
  if (!v.browsing && r.total == 0) o << "<p>Nothing matched. Fewer words, a wildcard (<code>ratif*</code>) or <code>OR</code> finds more.</p>";
  if (!v.browsing && !r.hits.empty()) {
    o << "<ol class=\"hits\" start=\"" << s.offset + 1 << "\">";
    for (const auto& h : r.hits) hit_item(o, ctx, h);
    o << "</ol>";
  } else if (!v.browsing && r.total > 0) {
    o << "<p>No hits on this page; <a href=\"" << escape_html(href(ctx, "/", [&] {
      SearchState t = s;
      t.offset = 0;
      return state_params(t);
    }())) << "\">back to the first</a>.</p>";
  }
  if (!v.browsing) o << pager(ctx, s, r.total, 10000);
  o << "</section></div>";
  return layout(ctx, v.browsing ? "Search" : query_text(s), o.str());
}

std::string unit_page(const PageContext& ctx, const UnitView& v) {
  std::ostringstream o;
  const query::Shown& shown = *v.shown;
  const core::DocumentRecord* d = shown.document ? &*shown.document : nullptr;
  std::string title;
  if (shown.unit) {
    const core::UnitRecord& u = *shown.unit;
    title = u.symbol.empty() && d ? d->title : u.symbol;
    if (!u.number.empty()) title += (title.empty() ? "" : " ") + std::string("para. ") + u.number;
    if (u.page > 0) title += (title.empty() ? "" : ", ") + std::string("p. ") + std::to_string(u.page);
    o << "<h1>" << escape_html(title) << "</h1><p class=\"meta\">" << escape_html(u.unit_kind) << " \u00b7 id "
      << escape_html(u.id) << " \u00b7 <a class=\"no-print\" href=\"" << escape_html(href(ctx, "/api/units/" + u.id))
      << "\">JSON</a></p>";
    o << "<div class=\"unit-text\"><p>" << escape_html(u.text) << "</p>";
    bool items = false;
    for (const auto& item : u.items)
      if (u.text.find(item.text) == std::string::npos) {
        if (!items) o << "<ol type=\"a\">";
        items = true;
        o << "<li>" << escape_html(item.text) << "</li>";
      }
    if (items) o << "</ol>";
    o << "</div>";
  } else if (d) {
    title = d->title.empty() ? d->symbol : d->title;
    o << "<h1>" << escape_html(title.empty() ? d->id : title) << "</h1><p class=\"meta\">document \u00b7 id "
      << escape_html(d->id) << " \u00b7 <a class=\"no-print\" href=\"" << escape_html(href(ctx, "/api/units/" + d->id))
      << "\">JSON</a></p>";
  }

  o << "<dl class=\"context\">";
  auto row = [&](std::string_view term, const std::string& value) {
    if (!value.empty()) o << "<dt>" << term << "</dt><dd>" << escape_html(value) << "</dd>";
  };
  if (shown.unit) {
    const core::UnitRecord& u = *shown.unit;
    row("Section", u.section);
    row("Topic", u.subsection);
    if (!u.recommending_states.empty()) {
      std::string by;
      for (const auto& s : u.recommending_states) by += (by.empty() ? "" : ", ") + country_name(s) + " (" + s + ")";
      row("Recommended by", by);
    }
    if (!u.response.empty()) {
      std::string r = response_text(u.response, u.response_text);
      if (!u.response_source.empty()) r += ", " + u.response_source;
      row("Response", r);
    } else {
      row("Group", u.group);
    }
  }
  if (d) {
    o << "<dt>Document</dt><dd>";
    if (shown.unit)
      o << "<a href=\"" << escape_html(href(ctx, "/units/" + d->id)) << "\">"
        << escape_html(d->title.empty() ? "(untitled)" : d->title) << "</a>";
    else o << escape_html(d->title.empty() ? "(untitled)" : d->title);
    o << "</dd>";
    row("Symbol", d->symbol);
    row("Date", d->date);
    if (!d->state.empty()) {
      std::string st = (d->state_name.empty() ? country_name(d->state) : d->state_name) + " (" + d->state + ")";
      if (d->session > 0) st += ", UPR session " + std::to_string(d->session);
      if (d->cycle > 0) st += ", cycle " + std::to_string(d->cycle);
      row("State", st);
    }
    if (!d->body.empty()) row("Treaty body", query::body_name(d->body) + (d->report_cycle.empty() ? "" : ", reports " + d->report_cycle));
    row("Kind", d->kind);
    row("Format", d->format);
    o << "<dt>Source file</dt><dd>";
    if (v.source_available)
      o << "<a href=\"" << escape_html(href(ctx, "/documents/" + d->id + "/source")) << "\" data-source>Download "
        << escape_html(std::filesystem::path(d->path).filename().string()) << "</a>";
    else o << escape_html(std::filesystem::path(d->path).filename().string()) << " (no longer where it was indexed)";
    o << "</dd>";
    row("Source URL", d->source_url);
  }
  o << "</dl>";

  if (shown.unit) {
    const core::UnitRecord& u = *shown.unit;
    o << "<h2>Tags and why</h2>";
    if (u.tags.empty()) o << "<p>No tags.</p>";
    else {
      o << "<table class=\"tags\"><thead><tr><th>Tag</th><th>Kind</th><th>Source</th><th>Why</th></tr></thead><tbody>";
      for (const core::UnitTag& t : u.tags) {
        o << "<tr data-tag=\"" << escape_html(t.kind + ":" + t.tag) << "\"><td>" << escape_html(t.label.empty() ? t.tag : t.label)
          << " <span class=\"meta\">" << escape_html(t.tag) << "</span></td><td>" << escape_html(t.kind) << "</td><td>"
          << escape_html(t.source);
        if (t.source != "human") {
          char score[16];
          std::snprintf(score, sizeof score, "%.2f", t.score);
          o << ", score " << score;
        }
        o << "</td><td>";
        if (!t.evidence.empty()) {
          o << "<ul class=\"evidence\">";
          for (const auto& e : t.evidence) o << "<li>because: " << escape_html(e) << "</li>";
          o << "</ul>";
        }
        o << "</td></tr>";
      }
      o << "</tbody></table>";
    }
    auto human = [&](std::string_view heading, const std::vector<std::string>& labels) {
      if (labels.empty()) return;
      o << "<p><strong>" << heading << "</strong> (human): ";
      for (std::size_t i = 0; i < labels.size(); ++i) o << (i ? "; " : "") << escape_html(labels[i]);
      o << "</p>";
    };
    human("OHCHR themes", u.themes);
    human("Affected persons", u.affected_persons);
    human("SDGs", u.sdgs);

    o << "<h2>Similar recommendations</h2>";
    if (v.similar && !v.similar->hits.empty()) {
      o << "<ol class=\"hits similar\">";
      for (const auto& h : v.similar->hits) hit_item(o, ctx, h);
      o << "</ol>";
    } else {
      o << "<p>None found.</p>";
    }
  } else if (d) {
    o << "<h2>Units</h2><ol class=\"units\">";
    for (const auto& s : v.document_units) {
      if (!s.unit) continue;
      const auto& u = *s.unit;
      o << "<li><a href=\"" << escape_html(href(ctx, "/units/" + u.id)) << "\">"
        << escape_html(u.number.empty() ? u.unit_kind : u.unit_kind + " " + u.number) << "</a> "
        << escape_html(u.text.size() > 200 ? u.text.substr(0, 200) + "\u2026" : u.text) << "</li>";
    }
    o << "</ol>";
    if (v.more_units) o << "<p>And more; search with <code>symbol:</code> to see them all.</p>";
  }
  return layout(ctx, title, o.str());
}

std::string extract_page(const PageContext& ctx, const ExtractView& v) {
  std::ostringstream o;
  o << "<h1>Extracts</h1><p>Every recommendation relevant to an agency, working group, theme or State, grouped by "
       "working group and theme, with near-identical ones merged into one entry that lists all their sources.</p>";
  o << "<form class=\"extract\" method=\"get\" action=\"" << escape_html(href(ctx, "/extract")) << "\">";
  auto select = [&](const char* name, const char* label, const std::vector<Choice>& choices, const std::string& chosen) {
    o << "<label>" << label << "<select name=\"" << name << "\"><option value=\"\">(any)</option>";
    bool found = chosen.empty();
    for (const auto& c : choices) {
      const bool sel = c.id == chosen;
      found = found || sel;
      o << "<option value=\"" << escape_html(c.id) << "\"" << (sel ? " selected" : "") << ">" << escape_html(c.label)
        << "</option>";
    }
    // A value typed into the URL that is no tag id (a label, an abbreviation) stays chosen.
    if (!found) o << "<option value=\"" << escape_html(chosen) << "\" selected>" << escape_html(chosen) << "</option>";
    o << "</select></label>";
  };
  select("agency", "Agency", v.agencies, v.state.agency);
  select("wg", "Working group", v.working_groups, v.state.wg);
  select("theme", "Theme", v.themes, v.state.theme);
  o << "<label>State under review<input name=\"state\" value=\"" << escape_html(v.state.state)
    << "\" placeholder=\"USA or United States\"></label>"
    << "<label>Query words<input name=\"q\" value=\"" << escape_html(v.state.q) << "\" placeholder=\"optional\"></label>"
    << "<label><span><input type=\"checkbox\" name=\"all_states\" value=\"1\"" << (v.state.all_states ? " checked" : "")
    << "> Every State's recommendations (a government body's extract lists its own State's)</span></label>"
    << "<div><button type=\"submit\">Make the extract</button></div></form>";
  if (!v.error.empty()) {
    o << "<div class=\"error\" role=\"alert\"><strong>The extract cannot be made.</strong><pre>" << escape_html(v.error)
      << "</pre></div>";
  } else if (v.extract) {
    o << "<p class=\"downloads\">Download: ";
    for (const auto& [format, label] : {std::pair<std::string, std::string>{"markdown", "Markdown"},
                                        {"html", "HTML"}, {"docx", "Word"}, {"csv", "CSV"}, {"json", "JSON"}}) {
      Params p;
      if (!v.state.agency.empty()) p.emplace_back("agency", v.state.agency);
      if (!v.state.wg.empty()) p.emplace_back("wg", v.state.wg);
      if (!v.state.theme.empty()) p.emplace_back("theme", v.state.theme);
      if (!v.state.state.empty()) p.emplace_back("state", v.state.state);
      if (!v.state.q.empty()) p.emplace_back("q", v.state.q);
      if (v.state.all_states) p.emplace_back("all_states", "1");
      p.emplace_back("format", format);
      p.emplace_back("download", "1");
      o << "<a href=\"" << escape_html(href(ctx, "/api/extract", p)) << "\" data-format=\"" << format << "\" download>" << label
        << "</a>";
    }
    o << "</p><div class=\"extract-body\">";
    std::ostringstream body;
    query::write_extract_html_body(*v.extract, body);
    o << body.str() << "</div>";
  }
  return layout(ctx, v.extract ? v.extract->title : "Extracts", o.str());
}

std::string syntax_page(const PageContext& ctx) {
  return layout(ctx, "Query syntax", "<h1>Query syntax</h1><pre>" + escape_html(query::syntax_help()) + "</pre>");
}

std::string error_page(const PageContext& ctx, int status, std::string_view message) {
  std::ostringstream o;
  o << "<h1>" << status << " \u2013 " << (status == 404 ? "Not found" : status >= 500 ? "The server cannot answer" : "Bad request")
    << "</h1><div class=\"error\" role=\"alert\"><pre>" << escape_html(message) << "</pre></div><p><a href=\""
    << escape_html(href(ctx, "/")) << "\">Back to the search</a></p>";
  return layout(ctx, "Error " + std::to_string(status), o.str());
}

}  // namespace hrdex::serve
