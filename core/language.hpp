// Languages: which Xapian stemmer serves a document's language. Shared by the
// indexer (terms) and the query side (parsing), which must agree.
#pragma once

#include <string>
#include <string_view>

namespace hrdex::core {

inline constexpr std::string_view kDefaultLanguage = "en";

// The Xapian stemmer name for an ISO 639-1 code ("en" -> "english"), or
// "none" when Xapian has no stemmer for it (Chinese) or the code is unknown.
std::string stemmer_name(std::string_view iso639_1);

}  // namespace hrdex::core
