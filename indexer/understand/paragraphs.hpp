// The extracted blocks as the parsers want them: running headers, page
// numbers and print job numbers removed (also where extraction glued them
// into a paragraph that crosses a page), and the paragraph number split off.
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::understand {

struct Para {
  extract::BlockKind kind = extract::BlockKind::paragraph;
  std::string number;  // "92.1", "12", without the closing dot; empty when none
  std::string text;    // without the number
  int page = 0;
  int level = 0;
  std::vector<std::string> cells;
};

// `own_symbols` are the document's symbols, which running headers repeat.
std::vector<Para> paragraphs(const extract::ExtractedDocument& doc, const std::vector<std::string>& own_symbols);

// The running headers of one document, compiled once for all its blocks.
class RunningHeaders {
 public:
  explicit RunningHeaders(const std::vector<std::string>& own_symbols);
  std::string strip(std::string_view text) const;

 private:
  struct Header {
    std::string last_part;  // after the symbol's last slash: present wherever the symbol is
    std::regex pattern;
  };
  std::vector<Header> headers_;
};

// The text without running headers: each "A/HRC/8/29 Page 13", "GE.08-13620"
// or own symbol that is not inside brackets goes.
std::string strip_running_headers(std::string_view text, const std::vector<std::string>& own_symbols);

}  // namespace hrdex::indexer::understand
