#include "query/query_check.hpp"

#include <algorithm>
#include <vector>

namespace hrdex::query {
namespace {

core::Error at(std::string_view query, std::size_t byte, const std::string& what) {
  // Columns count characters, not bytes, so the caret lines up under UTF-8.
  std::size_t column = 0;
  for (std::size_t i = 0; i < byte && i < query.size(); ++i)
    if ((static_cast<unsigned char>(query[i]) & 0xC0) != 0x80) ++column;
  std::string text = what + "\n  " + std::string(query) + "\n  " + std::string(column, ' ') + "^";
  return core::make_error("query:" + std::to_string(column + 1), text);
}

}  // namespace

core::Status check_query_syntax(std::string_view query) {
  bool blank = true;
  for (char c : query)
    if (c != ' ' && c != '\t' && c != '\n') blank = false;
  if (blank)
    return core::make_error("query",
                            "empty query; give words to search for, e.g. 'indigenous housing', or a filter alone, "
                            "e.g. 'unit:recommendation' for every recommendation (with --facets, counts of the whole index)");

  std::vector<std::size_t> open_parens;
  std::size_t quote_at = std::string_view::npos;
  for (std::size_t i = 0; i < query.size(); ++i) {
    char c = query[i];
    if (quote_at != std::string_view::npos) {
      if (c == '"') quote_at = std::string_view::npos;
      continue;
    }
    if (c == '"') {
      quote_at = i;
    } else if (c == '(') {
      open_parens.push_back(i);
    } else if (c == ')') {
      if (open_parens.empty()) return at(query, i, "unbalanced ')': no '(' opens it");
      open_parens.pop_back();
    }
  }
  if (quote_at != std::string_view::npos) return at(query, quote_at, "unbalanced '\"': this quote is never closed");
  if (!open_parens.empty()) return at(query, open_parens.back(), "unbalanced '(': no ')' closes it");
  return core::ok_status();
}

core::Status check_query_fields(std::string_view query, const std::vector<std::string>& fields) {
  auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  bool quoted = false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    if (query[i] == '"') quoted = !quoted;
    if (quoted || query[i] != ':') continue;
    // The field name: letters back to the start of the word.
    std::size_t start = i;
    while (start > 0 && is_letter(query[start - 1])) --start;
    if (start == i) continue;
    if (start > 0 && std::string_view(" \t\n(+-").find(query[start - 1]) == std::string_view::npos) continue;
    std::string name(query.substr(start, i - start));
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "http" || lower == "https") continue;
    if (std::find(fields.begin(), fields.end(), name) == fields.end()) {
      std::string list;
      for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f + ":";
      std::string hint = core::closest_match(lower, fields);
      if (std::find(fields.begin(), fields.end(), lower) != fields.end()) hint = lower;
      return at(query, start,
                "unknown field '" + name + ":'" + (hint.empty() ? "" : "; did you mean '" + hint + ":'?") +
                    " Fields: " + list);
    }
    if (i + 1 >= query.size() || std::string_view(" \t\n)").find(query[i + 1]) != std::string_view::npos)
      return at(query, start, "field '" + name + ":' has no value; write e.g. " + name + ":value, or " + name +
                                  ":\"two words\"");
  }
  return core::ok_status();
}

}  // namespace hrdex::query
