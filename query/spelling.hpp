// "Did you mean": corrections for words a query has and the index lacks,
// computed at query time from the index's own vocabulary, so no spelling
// data has to be written at index time.
#pragma once

#include <xapian.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hrdex::query {

// A filter whose values are the few the index holds (kind:, unit:,
// format:, response:, body:, followup:, lang:): `prefix` is its terms'.
struct ClosedField {
  std::string_view field, prefix;
};

// `query` with each word of four letters or more that no indexed text holds
// replaced by the indexed word nearest to it by edit distance (one edit for
// words up to six letters, two above), the most frequent among equals, and
// each unquoted value of a `closed` field that no indexed unit carries
// (unit:recomendation, format:pfd) by the nearest the index holds for that
// field (up to a third of its letters, plus one, edited); "" when nothing
// was replaced. Other field values and operators are left alone.
std::string correct_spelling(const Xapian::Database& db, std::string_view query,
                             std::span<const ClosedField> closed = {});

// A note for each unquoted value of a `closed` field in `query` that no
// indexed unit or document carries, with the values the index holds for
// that field: "the index holds no kind 'foo'; it holds civil-society,
// other, treaty-co". A typo with no near value gets no "did
// you mean", and a zero from a filter should say why.
std::vector<std::string> values_not_held(const Xapian::Database& db, std::string_view query,
                                         std::span<const ClosedField> closed);

// The same for State filters (state:, by:): three letters that are no ISO
// 3166 code and no code the index holds (state:uas) are taken as a code,
// since a code ISO does not list (XKX) must still filter, and match
// nothing; the note says so.
std::vector<std::string> codes_not_held(const Xapian::Database& db, std::string_view query,
                                        std::span<const ClosedField> state_fields);

}  // namespace hrdex::query
