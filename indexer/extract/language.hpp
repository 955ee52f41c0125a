// The language a document is written in, as an ISO 639-1 code: the one it
// declares when that can be understood, else one detected from its text by
// script and stop-word statistics (no models, no downloads, deterministic).
#pragma once

#include <string>
#include <string_view>

#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::extract {

// The ISO 639-1 code for a declared language: "en", "en-US", "en_GB",
// "eng", "English", "français" -> "en"/"fr". Empty when the declaration is
// not recognised or says nothing ("und", "mul").
std::string normalise_language_code(std::string_view declared);

// The language most of `utf8` is written in; empty when the text gives too
// little evidence. Tells apart scripts (Cyrillic -> "ru", Arabic -> "ar",
// Han -> "zh", ...) and, in Latin script, en, fr, es, pt, de, it and nl.
std::string detect_language(std::string_view utf8);

// The English name of a language ("sl" -> "Slovenian"), for messages;
// the code itself when hrdex knows no name for it.
std::string language_name(std::string_view iso639_1);

// Sets doc.meta.language: the declared code normalised, else the language
// detected from the blocks; a declaration that cannot be understood is
// reported in doc.warnings.
void settle_language(ExtractedDocument& doc);

}  // namespace hrdex::indexer::extract
