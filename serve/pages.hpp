// The HTML pages: search, unit, extract, syntax help and errors. Functions
// of what the app looked up, holding no search logic; every string taken
// from documents, the index or the request goes through
// query::escape_html, the one escape, and every link carries the base URL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "query/extract.hpp"
#include "query/search.hpp"
#include "query/show.hpp"
#include "serve/request.hpp"

namespace hrdex::serve {

struct PageContext {
  std::string base;        // path prefix of every link: "" or "/hrdex"
  std::string index_name;  // shown in the footer
};

// base + path + "?" + the parameters.
std::string href(const PageContext& ctx, std::string_view path, const Params& params = {});

// A whole page around `body` (already HTML).
std::string layout(const PageContext& ctx, std::string_view title, std::string_view body);

// Xapian's snippet (escaped by Xapian, matches in <b>) decoded and escaped
// again by the one escape, matches in <mark>.
std::string snippet_html(std::string_view snippet);

struct SearchView {
  SearchState state;
  const query::SearchResult* result = nullptr;  // null with an error
  std::string error;                            // the query's error, as the command line prints it
  bool browsing = false;                        // no query or filter: facets over every unit
};
std::string search_page(const PageContext& ctx, const SearchView& view);

struct UnitView {
  const query::Shown* shown = nullptr;
  const query::SearchResult* similar = nullptr;  // units only
  std::vector<query::Shown> document_units;      // documents only: their units
  bool more_units = false;                       // the document has more than those
  bool source_available = false;                 // the file is still where it was indexed
};
std::string unit_page(const PageContext& ctx, const UnitView& view);

struct Choice {
  std::string id, label;
};
struct ExtractView {
  ExtractState state;
  std::vector<Choice> agencies, working_groups, themes;
  const query::Extract* extract = nullptr;  // when one was asked for and made
  std::string error;
};
std::string extract_page(const PageContext& ctx, const ExtractView& view);

std::string syntax_page(const PageContext& ctx);

// The page for an error status: what went wrong, in words, never a trace.
std::string error_page(const PageContext& ctx, int status, std::string_view message);

}  // namespace hrdex::serve
