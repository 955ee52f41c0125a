// Output formats for search results, behind one interface so that a new
// format never touches searching.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

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
  bool color = false;  // ANSI highlighting, for a terminal only
};

// "text" (for people) or "json" (JSON Lines, one object per hit); nullptr for
// an unknown name.
std::unique_ptr<ResultWriter> make_writer(std::string_view format, std::ostream& out, const WriterOptions& options);

// The snippet as plain text: entities decoded, each match wrapped in `on`
// and `off`.
std::string plain_snippet(std::string_view html, std::string_view on, std::string_view off);

// Writes every hit of `result` through `writer`.
void write_result(ResultWriter& writer, const SearchResult& result, const SearchRequest& request);

}  // namespace hrdex::query
