#include "query/extract_writers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <ostream>
#include <sstream>

#include "core/text.hpp"
#include "query/fields.hpp"
#include "query/html.hpp"
#include "query/zip_writer.hpp"

namespace hrdex::query {
namespace {

std::string response_of(const ExtractSource& s) {
  if (s.response.empty()) return "no response recorded";
  if (s.response_text.empty() || s.response_text == s.response) return s.response;
  return s.response + " (\"" + s.response_text + "\")";
}

// What every reading format says under the title. A recommendation is
// listed under each of its working groups and themes, so entries can
// outnumber recommendations: say so, or the count misleads.
// "the index A", or "the indexes A and B" searched side by side, each name
// as `mark` writes it.
std::string indexes_phrase(const Extract& e, const std::function<std::string(const std::string&)>& mark) {
  std::string out = e.indexes.size() == 1 ? "the index " : "the indexes ";
  for (std::size_t i = 0; i < e.indexes.size(); ++i) {
    if (i > 0) out += i + 1 == e.indexes.size() ? " and " : ", ";
    out += mark(e.indexes[i]);
  }
  return out;
}

std::string overview(const Extract& e, const std::function<std::string(const std::string&)>& mark) {
  std::size_t entries = 0;
  for (const auto& g : e.groups) entries += g.entries.size();
  return std::to_string(e.units) + " recommendations, listed as " + std::to_string(entries) + " entries under " +
         std::to_string(e.groups.size()) +
         " working group and theme headings (one under each heading that applies; near-identical ones merged into "
         "one entry that names all their sources), generated " +
         e.generated_at + " from " + indexes_phrase(e, mark) + ".";
}

// The summary's tables, in the order the formats print them.
std::vector<std::pair<std::string_view, const std::map<std::string, std::size_t>*>> summary_tables(const Extract& e) {
  return {{"theme", &e.counts.by_theme},
          {"made by", &e.counts.by_body},
          {"response", &e.counts.by_response},
          {"year", &e.counts.by_year}};
}

// "A/HRC/30/12, para. 176.3; by FRA, ESP; noted; 2015-07-20"
std::string source_line(const ExtractSource& s) {
  std::string line = cite(s);
  if (std::string by = made_by(s); !by.empty()) line += "; by " + by;
  line += "; " + response_of(s);
  if (!s.date.empty()) line += "; " + s.date;
  return line;
}

// The groups in reading order: `working_group` where it changes, then
// `theme` with the group's entries.
template <typename WorkingGroup, typename Theme>
void for_each_group(const Extract& e, WorkingGroup working_group, Theme theme) {
  std::string wg;
  for (const auto& g : e.groups) {
    if (g.working_group != wg) {
      wg = g.working_group;
      working_group(wg);
    }
    theme(g);
  }
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
  out << "# " << md(e.title) << "\n\n" << overview(e, [](const std::string& name) { return "`" + name + "`"; }) << "\n\n";
  out << "Reproduce with:\n\n```\n" << e.reproduce << "\n```\n\n## Summary\n";
  for (const auto& [title, counts] : summary_tables(e)) counts_table_md(out, title, *counts);
  for_each_group(
      e, [&](const std::string& wg) { out << "\n## " << md(wg) << "\n"; },
      [&](const ExtractGroup& g) {
        out << "\n### " << md(g.theme) << "\n\n";
        std::size_t n = 0;
        for (const auto& entry : g.entries) {
          out << ++n << ". " << md(entry.text) << "\n";
          for (const auto& s : entry.sources) out << "   - " << md(source_line(s)) << "\n";
        }
      });
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
      << " from " << indexes_phrase(e, [](const std::string& name) { return "<code>" + html(name) + "</code>"; })
      << ".</p>\n<p>Reproduce with:</p><pre>" << html(e.reproduce)
      << "</pre>\n<h2>Summary</h2>\n";
  out << svg_bars("Recommendations by theme", e.counts.by_theme, false) << '\n';
  out << svg_bars("Recommendations by year", e.counts.by_year, true) << '\n';
  out << "<table><tr><th>made by</th><th>recommendations</th></tr>";
  for (const auto& [k, n] : e.counts.by_body) out << "<tr><td>" << html(k) << "</td><td>" << n << "</td></tr>";
  out << "</table>\n<table><tr><th>response</th><th>recommendations</th></tr>";
  for (const auto& [k, n] : e.counts.by_response) out << "<tr><td>" << html(k) << "</td><td>" << n << "</td></tr>";
  out << "</table>\n";
  for_each_group(
      e, [&](const std::string& wg) { out << "<h2>" << html(wg) << "</h2>\n"; },
      [&](const ExtractGroup& g) {
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
      });
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
            {"indexes", e.indexes},
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

// --- DOCX -----------------------------------------------------------------

// Text as WordprocessingML element content: escaped, and without the control
// characters XML 1.0 cannot hold (a PDF's stray form feed).
std::string xml_text(std::string_view s) {
  std::string kept;
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') kept.push_back(c);
    else if (c == '\n' || c == '\r') kept.push_back(' ');
  return escape_html(kept);
}

// One paragraph of `style` (empty: Normal) holding one run of text, bold or not.
void docx_paragraph(std::ostream& out, std::string_view style, std::string_view text, bool bold = false) {
  out << "<w:p>";
  if (!style.empty()) out << "<w:pPr><w:pStyle w:val=\"" << style << "\"/></w:pPr>";
  out << "<w:r>" << (bold ? "<w:rPr><w:b/></w:rPr>" : "") << "<w:t xml:space=\"preserve\">" << xml_text(text)
      << "</w:t></w:r></w:p>";
}

void docx_counts_table(std::ostream& out, std::string_view title, const std::map<std::string, std::size_t>& counts) {
  out << "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
         "<w:tblGrid><w:gridCol w:w=\"6000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>";
  auto row = [&](std::string_view a, std::string_view b, bool header) {
    out << "<w:tr>";
    if (header) out << "<w:trPr><w:tblHeader/></w:trPr>";
    for (std::string_view cell : {a, b}) {
      out << "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>";
      docx_paragraph(out, "", cell, header);
      out << "</w:tc>";
    }
    out << "</w:tr>";
  };
  row(title, "recommendations", true);
  for (const auto& [k, n] : counts) row(k, std::to_string(n), false);
  // Word runs two tables together without a paragraph between them.
  out << "</w:tbl><w:p/>";
}

std::string docx_document(const Extract& e) {
  std::ostringstream out;
  out << R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      << R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)";
  docx_paragraph(out, "Title", e.title);
  docx_paragraph(out, "", overview(e, [](const std::string& name) { return name; }));
  docx_paragraph(out, "", "Reproduce with:");
  docx_paragraph(out, "Command", e.reproduce);
  docx_paragraph(out, "Heading1", "Summary");
  for (const auto& [title, counts] : summary_tables(e)) docx_counts_table(out, title, *counts);
  for_each_group(
      e, [&](const std::string& wg) { docx_paragraph(out, "Heading1", wg); },
      [&](const ExtractGroup& g) {
        docx_paragraph(out, "Heading2", g.theme);
        std::size_t n = 0;
        for (const auto& entry : g.entries) {
          docx_paragraph(out, "Entry", std::to_string(++n) + ". " + entry.text);
          for (const auto& s : entry.sources) docx_paragraph(out, "Source", source_line(s));
        }
      });
  // A4 with 2 cm margins, as UN documents are printed.
  out << R"(<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>)"
      << R"(<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>)"
      << "</w:sectPr></w:body></w:document>";
  return out.str();
}

// The styles the document names: Word's own Title and headings (so its
// navigation pane and table of contents see them), an entry, its sources
// under it, the command line, and a table with borders.
constexpr const char* kDocxStyles =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
    R"(<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>)"
    R"(<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>)"
    R"(<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>)"
    R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>)"
    R"(<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>)"
    R"(<w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>)"
    R"(<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:customStyle="1" w:styleId="Entry"><w:name w:val="Entry"/><w:basedOn w:val="Normal"/>)"
    R"(<w:pPr><w:keepNext/><w:spacing w:before="160" w:after="40"/></w:pPr></w:style>)"
    R"(<w:style w:type="paragraph" w:customStyle="1" w:styleId="Source"><w:name w:val="Source"/><w:basedOn w:val="Normal"/>)"
    R"(<w:pPr><w:spacing w:after="20"/><w:ind w:left="567"/></w:pPr><w:rPr><w:color w:val="444444"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>)"
    R"(<w:style w:type="paragraph" w:customStyle="1" w:styleId="Command"><w:name w:val="Command"/><w:basedOn w:val="Normal"/>)"
    R"(<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="F4F4F4"/></w:pPr><w:rPr><w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/><w:sz w:val="18"/></w:rPr></w:style>)"
    R"(<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>)"
    R"(<w:top w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/><w:left w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/>)"
    R"(<w:bottom w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/><w:right w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/>)"
    R"(<w:insideH w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="BBBBBB"/>)"
    R"(</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>)"
    R"(</w:styles>)";

bool write_docx(const Extract& e, std::ostream& out) {
  const std::string core_properties =
      std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") +
      R"(<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" )"
      R"(xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" )"
      R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>)" +
      xml_text(e.title) + "</dc:title><dc:creator>hrdex</dc:creator>" +
      (e.generated_at.empty() ? std::string()
                              : R"(<dcterms:created xsi:type="dcterms:W3CDTF">)" + xml_text(e.generated_at) +
                                    "</dcterms:created>") +
      "</cp:coreProperties>";
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
       R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
       R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
       R"(<Default Extension="xml" ContentType="application/xml"/>)"
       R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
       R"(<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>)"
       R"(<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>)"
       R"(</Types>)"},
      {"_rels/.rels",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
       R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>)"
       R"(</Relationships>)"},
      {"word/_rels/document.xml.rels",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
       R"(</Relationships>)"},
      {"word/document.xml", docx_document(e)},
      {"word/styles.xml", kDocxStyles},
      {"docProps/core.xml", core_properties},
  };
  auto bytes = zip_members(parts);
  if (!bytes) return false;
  out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  return static_cast<bool>(out);
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
  else if (format == "docx") return write_docx(extract, out);
  else return false;
  return true;
}

}  // namespace hrdex::query
