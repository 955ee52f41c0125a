// Turning the bytes of a text or HTML file into UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hrdex::indexer::extract {

struct DecodedText {
  std::string utf8;
  std::string encoding;               // what the bytes were read as: "UTF-8", "UTF-16LE", "windows-1252", ...
  std::vector<std::string> warnings;  // e.g. invalid bytes replaced
};

// Order of evidence: a byte-order mark, then `declared` (an HTML charset or
// XML encoding) when given, then well-formed UTF-8, then Windows-1252, the
// usual encoding of Western text that is not UTF-8. Never fails: bytes that
// cannot be decoded become U+FFFD and are counted in a warning.
DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared = {});

}  // namespace hrdex::indexer::extract
