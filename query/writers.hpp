// Output formats for search results, behind one interface so that a new
// format never touches searching.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "query/fields.hpp"
#include "query/search.hpp"

namespace hrdex::query {

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  virtual void begin(const SearchResult& result, const SearchRequest& request) = 0;
  virtual void hit(const Hit& hit, std::size_t rank) = 0;
  virtual void end(const SearchResult& result, const SearchRequest& request) = 0;
};

struct WriterOptions {
  bool color = false;            // ANSI highlighting, for a terminal only
  std::vector<HitField> fields;  // machine-readable formats; empty: every field
};

// Names make_writer knows, for --format's help and checks.
inline constexpr std::string_view kWriterFormats[] = {"text", "json", "jsonl", "csv", "markdown", "md"};

// "text" (for people), "json"/"jsonl" (JSON Lines, one object per hit),
// "csv" (header row, then one row per hit), "markdown"/"md"; nullptr for an
// unknown name. Each prints the facets, when the result has them, after the
// hits.
std::unique_ptr<ResultWriter> make_writer(std::string_view format, std::ostream& out, const WriterOptions& options);

// The snippet as plain text: entities decoded, each match wrapped in `on`
// and `off`.
std::string plain_snippet(std::string_view html, std::string_view on, std::string_view off);

// "A/HRC/16/11 para. 92.1, p. 19": the symbol (or title), number and page.
std::string hit_citation(const Hit& hit);

// Writes every hit of `result` through `writer`.
void write_result(ResultWriter& writer, const SearchResult& result, const SearchRequest& request);

}  // namespace hrdex::query
