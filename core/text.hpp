// Small string helpers with no knowledge of documents or indexes.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hrdex::core {

std::string ascii_lower(std::string_view s);
// Text folded for matching words in any script whatever their case, accents
// and compatibility forms: Unicode case folding, NFKC, combining marks
// removed, curly apostrophes straightened ("ÉTATS-UNIS" -> "etats-unis",
// "Соединённое" -> "соединенное", "l’État" -> "l'etat", Arabic without its
// vowel marks, full-width "（" -> "("). Ill-formed UTF-8 is repaired first.
std::string fold(std::string_view utf8);
std::string_view trim(std::string_view s);
// `s` with every occurrence of each `from` replaced by its `to`, in one pass
// (typographic marks made plain: dashes to '-', curly apostrophes to ').
struct Replacement {
  std::string_view from;
  char to;
};
std::string replace_marks(std::string_view s, std::initializer_list<Replacement> replacements);
// Collapses runs of white space (including no-break, narrow no-break, thin
// and figure spaces) to one space and trims the ends.
std::string collapse_spaces(std::string_view s);
// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);
// Replaces every ill-formed UTF-8 sequence with U+FFFD; `replaced` counts them.
std::string repair_utf8(std::string_view s, std::size_t* replaced = nullptr);
// XXH3-128 of the bytes as 32 lower-case hex digits.
std::string content_hash(std::string_view bytes);
// The first 16 hex digits of content_hash: ids derived from paths.
std::string short_hash(std::string_view bytes);
std::vector<std::string> split(std::string_view s, char sep);
// A CSV cell, quoted, with a leading = + - @ defused so a spreadsheet shows
// it as text instead of running it as a formula.
std::string csv_cell(std::string_view s);

// Appends the code point as UTF-8; one that is not a Unicode scalar value
// (a surrogate, or above U+10FFFF) becomes U+FFFD.
void append_utf8(std::string& out, char32_t cp);

// Edit distance counting a swap of neighbours as one edit (optimal string
// alignment), since "wrods" for "words" is the commonest typo.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word`, or "" when none is within a third of its
// length: enough for typos, not so much that unrelated short ids are offered.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace hrdex::core
