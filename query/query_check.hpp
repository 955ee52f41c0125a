// Checks a query's punctuation before Xapian parses it, because Xapian's
// parser forgives unbalanced quotes and brackets silently and a researcher
// would then get a different query than the one typed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/text.hpp"

namespace hrdex::query {

// Ok, or an error whose `where` is "query:COLUMN" (1-based) and whose `what`
// says what is wrong, followed by the query and a caret under the column.
core::Status check_query_syntax(std::string_view query);

// Checks every `name:` outside quotes: the name must be one of `fields`
// (else "unknown field 'thme:'; did you mean 'theme:'?" and the list), and
// a value must follow. Words with a non-letter before the colon (times,
// symbols, URLs) are not fields and pass.
core::Status check_query_fields(std::string_view query, const std::vector<std::string>& fields);

using core::edit_distance;

}  // namespace hrdex::query
