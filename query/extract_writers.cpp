#include "query/extract_writers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ostream>
#include <sstream>

#include "core/text.hpp"
#include "query/fields.hpp"
#include "query/html.hpp"

namespace hrdex::query {
namespace {

std::string response_of(const ExtractSource& s) {
  if (s.response.empty()) return "no response recorded";
  if (s.response_text.empty() || s.response_text == s.response) return s.response;
  return s.response + " (\"" + s.response_text + "\")";
}

// --- Markdown -------------------------------------------------------------

// Markdown has no escape for everything; backslash-escaping the characters
// that start formatting keeps document text literal.
std::string md(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_{}[]<>#|").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

void counts_table_md(std::ostream& out, std::string_view title, const std::map<std::string, std::size_t>& counts) {
  out << "\n| " << title << " | recommendations |\n|---|---:|\n";
  for (const auto& [k, n] : counts) out << "| " << md(k) << " | " << n << " |\n";
}

void write_markdown(const Extract& e, std::ostream& out) {
  out << "# " << md(e.title) << "\n\n";
  std::size_t entries = 0;
  for (const auto& g : e.groups) entries += g.entries.size();
  // A recommendation is listed under each of its working groups and themes,
  // so entries can outnumber recommendations: say so, or the count misleads.
  out << e.units << " recommendations, listed as " << entries << " entries under " << e.groups.size()
      << " working group and theme headings (one under each heading that applies; near-identical ones merged "
         "into one entry that names all their sources), generated "
      << e.generated_at << " from the index `" << e.index << "`.\n\n";
  out << "Reproduce with:\n\n```\n" << e.reproduce << "\n```\n\n## Summary\n";
  counts_table_md(out, "theme", e.counts.by_theme);
  counts_table_md(out, "made by", e.counts.by_body);
  counts_table_md(out, "response", e.counts.by_response);
  counts_table_md(out, "year", e.counts.by_year);
  std::string wg;
  for (const auto& g : e.groups) {
    if (g.working_group != wg) {
      wg = g.working_group;
      out << "\n## " << md(wg) << "\n";
    }
    out << "\n### " << md(g.theme) << "\n\n";
    std::size_t n = 0;
    for (const auto& entry : g.entries) {
      out << ++n << ". " << md(entry.text) << "\n";
      for (const auto& s : entry.sources) {
        out << "   - " << md(cite(s));
        std::string by = made_by(s);
        if (!by.empty()) out << "; by " << md(by);
        out << "; " << md(response_of(s));
        if (!s.date.empty()) out << "; " << s.date;
        out << "\n";
      }
    }
  }
}

// --- HTML -----------------------------------------------------------------

std::string html(std::string_view s) { return escape_html(s); }

// A horizontal bar chart as inline SVG: one bar per key, longest first.
std::string svg_bars(std::string_view title, const std::map<std::string, std::size_t>& counts, bool keep_order) {
  std::vector<std::pair<std::string, std::size_t>> rows(counts.begin(), counts.end());
  if (!keep_order)
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (rows.size() > 15) rows.resize(15);
  std::size_t max = 1;
  for (const auto& r : rows) max = std::max(max, r.second);
  const int row_height = 18, label_width = 230, bar_width = 300;
  const int height = static_cast<int>(rows.size()) * row_height + 24;
  std::ostringstream svg;
  svg << "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" << label_width + bar_width + 50
      << "\" height=\"" << height << "\" aria-label=\"" << html(title) << "\">";
  svg << "<text x=\"0\" y=\"14\" font-weight=\"bold\">" << html(title) << "</text>";
  int y = 24;
  for (const auto& [label, n] : rows) {
    int w = static_cast<int>(static_cast<double>(n) / static_cast<double>(max) * bar_width);
    std::string shown = label.size() > 38 ? label.substr(0, 36) + "…" : label;
    svg << "<text x=\"" << label_width - 6 << "\" y=\"" << y + 13 << "\" text-anchor=\"end\">" << html(shown)
        << "</text><rect x=\"" << label_width << "\" y=\"" << y + 3 << "\" width=\"" << std::max(w, 1)
        << "\" height=\"" << row_height - 6 << "\" fill=\"#4a6fa5\"/><text x=\"" << label_width + w + 4 << "\" y=\""
        << y + 13 << "\">" << n << "</text>";
    y += row_height;
  }
  svg << "</svg></figure>";
  return svg.str();
}

constexpr const char* kCss = R"(body{font-family:Georgia,serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}h3{font-size:1.05rem;margin-bottom:.3rem}
ol.entries>li{margin:.7rem 0}ul.sources{font-size:.9rem;color:#444;margin:.2rem 0}
pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}figure{margin:1rem 0}svg text{font:12px sans-serif}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
.response{font-variant:small-caps}@media print{body{margin:0;max-width:none}h2{break-after:avoid}h3{break-after:avoid}li{break-inside:avoid}}
)";

void write_html(const Extract& e, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << html(e.title)
      << "</title><style>" << kCss << "</style></head><body>\n";
  write_extract_html_body(e, out);
  out << "</body></html>\n";
}

}  // namespace

void write_extract_html_body(const Extract& e, std::ostream& out) {
  out << "<h1>" << html(e.title) << "</h1>\n<p>" << e.units << " recommendations, generated " << html(e.generated_at)
      << " from the index <code>" << html(e.index) << "</code>.</p>\n<p>Reproduce with:</p><pre>" << html(e.reproduce)
      << "</pre>\n<h2>Summary</h2>\n";
  out << svg_bars("Recommendations by theme", e.counts.by_theme, false) << '\n';
  out << svg_bars("Recommendations by year", e.counts.by_year, true) << '\n';
  out << "<table><tr><th>made by</th><th>recommendations</th></tr>";
  for (const auto& [k, n] : e.counts.by_body) out << "<tr><td>" << html(k) << "</td><td>" << n << "</td></tr>";
  out << "</table>\n<table><tr><th>response</th><th>recommendations</th></tr>";
  for (const auto& [k, n] : e.counts.by_response) out << "<tr><td>" << html(k) << "</td><td>" << n << "</td></tr>";
  out << "</table>\n";
  std::string wg;
  for (const auto& g : e.groups) {
    if (g.working_group != wg) {
      wg = g.working_group;
      out << "<h2>" << html(wg) << "</h2>\n";
    }
    out << "<h3>" << html(g.theme) << "</h3>\n<ol class=\"entries\">\n";
    for (const auto& entry : g.entries) {
      out << "<li><p>" << html(entry.text) << "</p><ul class=\"sources\">";
      for (const auto& s : entry.sources) {
        out << "<li>" << html(cite(s));
        std::string by = made_by(s);
        if (!by.empty()) out << "; by " << html(by);
        out << "; <span class=\"response\">" << html(response_of(s)) << "</span>";
        if (!s.date.empty()) out << "; " << html(s.date);
        out << "</li>";
      }
      out << "</ul></li>\n";
    }
    out << "</ol>\n";
  }
}

namespace {

// --- CSV ------------------------------------------------------------------

std::string csv(std::string_view s) { return core::csv_cell(s); }

void write_csv(const Extract& e, std::ostream& out) {
  out << "entry,working_group,theme,text,citation,symbol,number,page,made_by,response,response_text,date,unit_id\r\n";
  std::size_t entry_no = 0;
  for (const auto& g : e.groups) {
    for (const auto& entry : g.entries) {
      ++entry_no;
      for (const auto& s : entry.sources) {
        out << entry_no << ',' << csv(g.working_group) << ',' << csv(g.theme) << ',' << csv(entry.text) << ','
            << csv(cite(s)) << ',' << csv(s.symbol) << ',' << csv(s.number) << ',' << s.page << ',' << csv(made_by(s))
            << ',' << csv(s.response) << ',' << csv(s.response_text) << ',' << csv(s.date) << ',' << csv(s.unit_id)
            << "\r\n";
      }
    }
  }
}

// --- JSON -----------------------------------------------------------------

void write_json(const Extract& e, std::ostream& out) {
  using nlohmann::json;
  json groups = json::array();
  for (const auto& g : e.groups) {
    json entries = json::array();
    for (const auto& entry : g.entries) {
      json sources = json::array();
      for (const auto& s : entry.sources)
        sources.push_back({{"unit_id", s.unit_id},
                           {"citation", cite(s)},
                           {"symbol", s.symbol},
                           {"number", s.number},
                           {"page", s.page},
                           {"doc_kind", s.doc_kind},
                           {"body", s.body},
                           {"mandate", s.mandate},
                           {"made_by", made_by(s)},
                           {"state", s.state},
                           {"recommending_states", s.recommending_states},
                           {"response", s.response},
                           {"response_text", s.response_text},
                           {"date", s.date},
                           {"source_path", s.source_path}});
      entries.push_back({{"text", entry.text}, {"sources", std::move(sources)}});
    }
    groups.push_back({{"working_group", g.working_group}, {"theme", g.theme}, {"entries", std::move(entries)}});
  }
  json j = {{"title", e.title},
            {"reproduce", e.reproduce},
            {"query", e.query},
            {"index", e.index},
            {"generated_at", e.generated_at},
            {"units", e.units},
            {"summary",
             {{"by_theme", e.counts.by_theme},
              {"by_body", e.counts.by_body},
              {"by_response", e.counts.by_response},
              {"by_year", e.counts.by_year}}},
            {"groups", std::move(groups)}};
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace

std::string cite(const ExtractSource& s) {
  std::string c = s.symbol.empty() ? "(no symbol)" : s.symbol;
  if (!s.number.empty()) c += ", para. " + s.number;
  if (s.page > 0) c += ", p. " + std::to_string(s.page);
  return c;
}

bool write_extract(const Extract& extract, std::string_view format, std::ostream& out) {
  if (format == "markdown" || format == "md") write_markdown(extract, out);
  else if (format == "html") write_html(extract, out);
  else if (format == "csv") write_csv(extract, out);
  else if (format == "json") write_json(extract, out);
  else return false;
  return true;
}

}  // namespace hrdex::query
