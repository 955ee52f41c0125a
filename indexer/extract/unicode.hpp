// Unicode normalisation shared by the extractors, so that the same word is
// indexed the same way whatever the source format spelled it with: a PDF's
// "ﬁ" ligature, a Word file's decomposed "é", an Arabic presentation form.
#pragma once

#include <string>
#include <string_view>

namespace hrdex::indexer::extract {

// Canonical composition (NFC): "e" + U+0301 becomes "é"; nothing else
// changes. Ill-formed UTF-8 is repaired (U+FFFD) first.
std::string normalize_nfc(std::string_view utf8);

// Compatibility composition (NFKC): also folds ligatures ("ﬁ" -> "fi"),
// full-width forms, presentation forms and non-breaking spaces into their
// ordinary characters. Use it on text from layouts (PDF), where such
// characters are artefacts of typesetting, not of the author's spelling.
std::string normalize_nfkc(std::string_view utf8);

}  // namespace hrdex::indexer::extract
