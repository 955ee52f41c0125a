// Writing an extract as Markdown, HTML, CSV or JSON. Every format carries the
// same facts: the summary, the query that reproduces it, and each entry with
// all its sources.
#pragma once

#include <iosfwd>
#include <string_view>

#include "query/extract.hpp"

namespace hrdex::query {

// "markdown", "html", "csv", "json"; false for an unknown format.
bool write_extract(const Extract& extract, std::string_view format, std::ostream& out);

// "A/HRC/16/11, para. 92.1, p. 19"
std::string cite(const ExtractSource& source);

}  // namespace hrdex::query
