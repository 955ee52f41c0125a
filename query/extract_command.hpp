// `hrdex-query extract`: every recommendation relevant to an agency (or a
// working group, theme or State, plus any query words) run through the
// extract builder and written as Markdown, HTML, CSV or JSON.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "query/extract.hpp"
#include "query/search.hpp"

namespace hrdex::query {

struct ExtractOptions {
  std::vector<std::filesystem::path> dbs;  // the indexes searched, as the header names them
  std::string agency, wg, theme, state;  // filters; any may be empty
  // An agency or working group of a State's government lists that State's
  // recommendations unless this widens it to every State's.
  bool all_states = false;
  std::vector<std::string> words;         // further query words and filters
  std::string format = "markdown";        // markdown, html, csv, json, docx
  std::filesystem::path output;           // empty: standard output
  std::string command_line;               // as typed, for the "reproduce" line
};

// The query the options stand for: recommendation units, each filter as a
// quoted field value, then the words in brackets. Error when nothing selects.
core::Expected<std::string> extract_query(const ExtractOptions& options);

// What the names the user gave resolved to, for the title.
struct ExtractNames {
  std::string agency, wg, theme;  // labels: "Department of Justice"
  std::string state;              // the State the recommendations were made to, as named
  std::vector<std::string> notes;  // "FBI is listed under the Department of Justice"
};
// "Recommendations to the United States of America for the Environmental
// Protection Agency", "... on <theme>", "... to any State (--all-states)".
std::string extract_title(const ExtractOptions& options, const ExtractNames& names = {});

// A hit as the extract builder takes it.
ExtractItem to_extract_item(const Hit& hit);

// Runs the query over every match (not a page) and builds the extract.
core::Expected<Extract> make_extract(Searcher& searcher, const ExtractOptions& options);

// Exit status: 0 written, 1 nothing matched (an empty extract is still
// written), 2 error.
int run_extract(Searcher& searcher, const ExtractOptions& options, std::ostream& out, std::ostream& err);

// argv as a shell would need it typed again: words with spaces or shell
// characters single-quoted.
std::string shell_command_line(int argc, char** argv);

}  // namespace hrdex::query
