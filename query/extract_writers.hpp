// Writing an extract as Markdown, HTML, CSV, JSON or a Word document (DOCX).
// Every format carries the same facts: the summary, the query that
// reproduces it, and each entry with all its sources.
#pragma once

#include <iosfwd>
#include <string_view>

#include "query/extract.hpp"

namespace hrdex::query {

// "markdown", "html", "csv", "json", "docx" (bytes of a zip archive); false
// for an unknown format, or a DOCX that could not be put together.
bool write_extract(const Extract& extract, std::string_view format, std::ostream& out);

// What the HTML format puts between <body> and </body>: the title, the
// summary with its charts (inline SVG) and the entries; no styles or
// scripts, so a page with its own stylesheet can show it.
void write_extract_html_body(const Extract& extract, std::ostream& out);

// "A/HRC/16/11, para. 92.1, p. 19"
std::string cite(const ExtractSource& source);

}  // namespace hrdex::query
