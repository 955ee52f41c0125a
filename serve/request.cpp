#include "serve/request.hpp"

#include <algorithm>
#include <charconv>

#include "core/schema.hpp"
#include "core/text.hpp"

namespace hrdex::serve {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoded (and '+' as a space in the query string); then checked to be
// UTF-8 without control characters (tab aside), which no form sends.
core::Expected<std::string> decode(std::string_view s, bool plus_is_space, std::string_view what) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0)
        return core::make_error(std::string(what), "malformed %-escape in the request");
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!core::is_valid_utf8(out)) return core::make_error(std::string(what), "the request is not UTF-8");
  for (unsigned char c : out)
    if ((c < 0x20 && c != '\t') || c == 0x7f)
      return core::make_error(std::string(what), "control characters are not allowed in the request");
  return out;
}

bool parse_flag(std::string_view v, bool& out) {
  if (v == "1" || v == "true" || v == "on" || v == "yes") return out = true, true;
  if (v.empty() || v == "0" || v == "false" || v == "off" || v == "no") return out = false, true;
  return false;
}

core::Expected<std::size_t> parse_count(std::string_view name, std::string_view v, std::size_t max) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size())
    return core::make_error(std::string(name), "expected a whole number, got '" + std::string(v) + "'");
  if (n > max) return core::make_error(std::string(name), "at most " + std::to_string(max) + ", got " + std::string(v));
  return n;
}

bool is_facet_field(std::string_view name) {
  for (const auto& f : core::schema::facet_fields())
    if (f.name == name) return true;
  return false;
}

std::string facet_names() {
  std::string names;
  for (const auto& f : core::schema::facet_fields()) names += (names.empty() ? "" : ", ") + std::string(f.name);
  return names;
}

}  // namespace

core::Expected<Target> parse_target(std::string_view target, const Limits& limits) {
  if (target.size() > limits.max_target)
    return core::make_error("request", "the request target is longer than " + std::to_string(limits.max_target) + " bytes");
  if (target.empty() || target.front() != '/') return core::make_error("request", "the request target must start with '/'");
  Target t;
  const std::size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  if (const auto hash = raw_path.find('#'); hash != std::string_view::npos) raw_path = raw_path.substr(0, hash);
  auto path = decode(raw_path, false, "path");
  if (!path) return path.error();
  // No path reaches the file system, but a ".." is never meant well.
  for (const auto& part : core::split(*path, '/'))
    if (part == "..") return core::make_error("path", "'..' is not allowed in a path");
  t.path = std::move(*path);
  if (question == std::string_view::npos) return t;
  std::string_view query = target.substr(question + 1);
  if (const auto hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    start = amp + 1;
    if (pair.empty()) continue;
    if (t.params.size() == limits.max_params)
      return core::make_error("request", "more than " + std::to_string(limits.max_params) + " parameters");
    const std::size_t eq = pair.find('=');
    auto name = decode(pair.substr(0, eq), true, "parameter name");
    if (!name) return name.error();
    auto value = decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true, *name);
    if (!value) return value.error();
    if (value->size() > limits.max_value)
      return core::make_error(*name, "longer than " + std::to_string(limits.max_value) + " bytes");
    t.params.emplace_back(std::move(*name), std::move(*value));
  }
  return t;
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string query_string(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += percent_encode(name) + "=" + percent_encode(value);
  }
  return out;
}

const std::string* find_param(const Params& params, std::string_view name) {
  for (const auto& [n, v] : params)
    if (n == name) return &v;
  return nullptr;
}

core::Status check_param_names(const Params& params, const std::vector<std::string_view>& known) {
  for (const auto& [name, value] : params) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string list;
    for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    return core::make_error(name, "unknown parameter; this page takes " + list);
  }
  return core::ok_status();
}

bool split_filter(std::string_view filter, std::string& field, std::string& value) {
  const std::size_t colon = filter.find(':');
  if (colon == std::string_view::npos) return false;
  field = std::string(filter.substr(0, colon));
  // A quote would end the quoted value early; facet values never hold one.
  // Removed before the spaces are collapsed, so that what is left is
  // trimmed and the value reads back the same from its link.
  std::string unquoted(filter.substr(colon + 1));
  unquoted.erase(std::remove(unquoted.begin(), unquoted.end(), '"'), unquoted.end());
  value = core::collapse_spaces(unquoted);
  return is_facet_field(field) && !value.empty();
}

core::Expected<SearchState> search_state(const Params& params, const Limits& limits, std::size_t default_limit) {
  if (auto s = check_param_names(params, kSearchParams); !s) return s.error();
  SearchState state;
  state.limit = std::min(default_limit, limits.max_limit);
  for (const auto& [name, v] : params) {
    if (name == "q") {
      state.q = v;
    } else if (name == "f") {
      if (v.empty()) continue;
      std::string field, value;
      if (!split_filter(v, field, value))
        return core::make_error("f", "a filter is field:value with a field of " + facet_names() + "; got '" + v + "'");
      const std::string f = field + ":" + value;
      if (std::find(state.filters.begin(), state.filters.end(), f) == state.filters.end()) state.filters.push_back(f);
    } else if (name == "offset") {
      auto n = parse_count(name, v, limits.max_offset);
      if (!n) return n.error();
      state.offset = *n;
    } else if (name == "limit") {
      auto n = parse_count(name, v, limits.max_limit);
      if (!n) return n.error();
      state.limit = *n;
    } else if (name == "sort") {
      if (v == "relevance" || v.empty()) state.sort = query::SortOrder::relevance;
      else if (v == "date") state.sort = query::SortOrder::date_ascending;
      else if (v == "-date") state.sort = query::SortOrder::date_descending;
      else return core::make_error("sort", "relevance, date or -date, not '" + v + "'");
    } else if (name == "collapse" || name == "collapse_languages" || name == "documents" || name == "facets" ||
               name == "all_states") {
      bool& flag = name == "collapse"             ? state.collapse
                   : name == "collapse_languages" ? state.collapse_languages
                   : name == "documents"          ? state.documents
                   : name == "facets"    ? state.facets
                                         : state.all_states;
      if (!parse_flag(v, flag)) return core::make_error(name, "1 or 0 (true or false), not '" + v + "'");
    } else if (name == "fields") {
      state.fields = v;
    }
  }
  if (query_text(state).size() > limits.max_query)
    return core::make_error("q", "the query is longer than " + std::to_string(limits.max_query) + " bytes");
  return state;
}

std::string query_text(const SearchState& state) {
  // The words as typed, so that an error's column points into them.
  std::string q = state.q.find_first_not_of(" \t") == std::string::npos ? std::string() : state.q;
  for (const auto& f : state.filters) {
    std::string field, value;
    if (!split_filter(f, field, value)) continue;
    if (!q.empty()) q += ' ';
    q += field + ":\"" + value + "\"";
  }
  return q;
}

Params state_params(const SearchState& s) {
  Params p;
  if (!s.q.empty()) p.emplace_back("q", s.q);
  for (const auto& f : s.filters) p.emplace_back("f", f);
  if (s.sort == query::SortOrder::date_ascending) p.emplace_back("sort", "date");
  if (s.sort == query::SortOrder::date_descending) p.emplace_back("sort", "-date");
  if (s.collapse) p.emplace_back("collapse", "1");
  if (s.collapse_languages) p.emplace_back("collapse_languages", "1");
  if (s.documents) p.emplace_back("documents", "1");
  if (s.all_states) p.emplace_back("all_states", "1");
  if (s.offset > 0) p.emplace_back("offset", std::to_string(s.offset));
  if (s.limit != 20) p.emplace_back("limit", std::to_string(s.limit));
  return p;
}

core::Expected<ExtractState> extract_state(const Params& params, const Limits& limits, std::string_view default_format) {
  if (auto s = check_param_names(params, kExtractParams); !s) return s.error();
  ExtractState e;
  e.format = std::string(default_format);
  std::size_t total = 0;
  for (const auto& [name, v] : params) {
    total += v.size();
    if (name == "agency") e.agency = core::collapse_spaces(v);
    else if (name == "wg") e.wg = core::collapse_spaces(v);
    else if (name == "theme") e.theme = core::collapse_spaces(v);
    else if (name == "state") e.state = core::collapse_spaces(v);
    else if (name == "q") e.q = core::collapse_spaces(v);
    else if (name == "format") {
      if (v == "md" || v == "markdown") e.format = "markdown";
      else if (v == "html" || v == "csv" || v == "json" || v == "docx") e.format = v;
      else return core::make_error("format", "markdown, html, csv, json or docx, not '" + v + "'");
    } else if (name == "download" || name == "all_states") {
      if (!parse_flag(v, name == "download" ? e.download : e.all_states)) return core::make_error(name, "1 or 0 (true or false), not '" + v + "'");
    }
  }
  if (total > limits.max_query)
    return core::make_error("q", "the query is longer than " + std::to_string(limits.max_query) + " bytes");
  return e;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

}  // namespace hrdex::serve
