// "Did you mean": corrections for words a query has and the index lacks,
// computed at query time from the index's own vocabulary, so no spelling
// data has to be written at index time.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace hrdex::query {

// `query` with each word of four letters or more that no indexed text holds
// replaced by the indexed word nearest to it by edit distance (one edit for
// words up to six letters, two above), the most frequent among equals; ""
// when nothing was replaced. Field values and operators are left alone.
std::string correct_spelling(const Xapian::Database& db, std::string_view query);

}  // namespace hrdex::query
