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
// XML encoding) when given, then well-formed UTF-8, then UTF-16 recognised by
// its NUL bytes, then uchardet's guess where it is trustworthy (non-Latin
// scripts; Central European text when the Windows-1252 reading is
// implausible), then Windows-1252, the usual encoding of Western text that is
// not UTF-8. Never fails: bytes that cannot be decoded become U+FFFD and are
// counted in a warning. The result never holds NUL.
DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared = {});

// True when `bytes`, which have no byte-order mark, are clearly UTF-16 text:
// most of the high (or low) bytes of the first code units are NUL, as in
// ASCII-heavy text. Text in other scripts without a BOM is not recognised.
bool looks_like_utf16(std::string_view bytes);

// Block text as ExtractedDocument promises it: ill-formed UTF-8 repaired,
// control characters, soft hyphens and zero-width spaces dropped, NFC,
// white space collapsed and trimmed.
std::string tidy_text(std::string_view utf8);

}  // namespace hrdex::indexer::extract
