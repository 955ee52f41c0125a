// What a client sends, read into checked values before anything else looks
// at it: the request target split into a path and decoded parameters, and
// those parameters turned into a search or an extract. Pure functions of
// strings, so the fuzz target (tests/fuzz/fuzz_serve_request.cpp) drives
// them directly. Nothing here touches the file system: a path only selects a
// page.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.hpp"
#include "query/search.hpp"

namespace hrdex::serve {

// Bounds on what one request may ask, so that no client can make the
// server parse, search or print without end.
struct Limits {
  std::size_t max_target = 8192;    // bytes of path and query string, as sent
  std::size_t max_params = 40;      // parameters in one request
  std::size_t max_value = 2000;     // bytes of one decoded value
  std::size_t max_query = 1000;     // bytes of the query a search runs (words and filters)
  std::size_t max_limit = 100;      // hits on one page
  std::size_t max_offset = 10000;   // hits skipped
};

using Params = std::vector<std::pair<std::string, std::string>>;

struct Target {
  std::string path;  // decoded, always starting with '/'
  Params params;     // decoded, in the order sent; a name may repeat
};

// "/a/b?x=1&y=%C3%A9" -> {"/a/b", {{"x","1"},{"y","é"}}}. '+' in the query
// string is a space. Errors (the client's fault, so a 400): a target not
// starting with '/', a bad %-escape, bytes that are not UTF-8, control
// characters, "..", and anything over the limits.
core::Expected<Target> parse_target(std::string_view target, const Limits& limits);

// A query-string component: unreserved characters as they are, the rest %XX.
std::string percent_encode(std::string_view s);
// "a=1&b=2", each part encoded; "" for no parameters.
std::string query_string(const Params& params);

// The first value of `name`, or nullptr.
const std::string* find_param(const Params& params, std::string_view name);

// Error unless every parameter's name is one of `known` (a typo must not
// silently give another answer); the message lists them.
core::Status check_param_names(const Params& params, const std::vector<std::string_view>& known);

// The state of a search, which is the whole state of the search page and
// the parameters of /api/search: the command line's search options under
// the same names.
struct SearchState {
  std::string q;                     // the query as typed
  std::vector<std::string> filters;  // f=field:value, added by facet links
  std::size_t offset = 0;
  std::size_t limit = 20;
  query::SortOrder sort = query::SortOrder::relevance;
  bool collapse = false;
  bool collapse_languages = false;  // one version of a document in several languages
  bool documents = false;
  bool all_states = false;  // agency: and wg: match other States' recommendations too
  bool facets = false;  // API only: pages always show them
  std::string fields;   // API only: as --fields
};

inline const std::vector<std::string_view> kSearchParams = {"q", "f", "offset", "limit", "sort",
                                                            "collapse", "collapse_languages", "documents",
                                                            "all_states", "facets", "fields"};

// Reads and checks the parameters of a search: numbers in range, sort one of
// relevance/date/-date, flags 0/1/true/false, filters `field:value` with a
// facet field, and the whole query within the limit.
core::Expected<SearchState> search_state(const Params& params, const Limits& limits, std::size_t default_limit);

// The query the state stands for: the words, then each filter as
// field:"value" (a filter applies to the whole query wherever it stands, so
// the words' error columns stay those of what was typed).
std::string query_text(const SearchState& state);

// The parameters that give this state back, defaults left out, so that
// every page has one URL.
Params state_params(const SearchState& state);

// "field:value" split at its first colon; field is one of the facets.
bool split_filter(std::string_view filter, std::string& field, std::string& value);

// What an extract is for: the command line's extract options.
struct ExtractState {
  std::string agency, wg, theme, state, q;
  bool all_states = false;      // --all-states
  std::string format = "json";  // markdown, html, csv, json
  bool download = false;        // attachment, with a file name
  bool any() const { return !agency.empty() || !wg.empty() || !theme.empty() || !state.empty() || !q.empty(); }
};

inline const std::vector<std::string_view> kExtractParams = {"agency", "wg", "theme", "state", "q", "all_states",
                                                             "format", "download"};

core::Expected<ExtractState> extract_state(const Params& params, const Limits& limits, std::string_view default_format);

// Unit and document ids as the index makes them: letters, digits, '-', '_'
// and '.', at most 128 bytes. Anything else is no id, without a lookup.
bool valid_id(std::string_view id);

}  // namespace hrdex::serve
