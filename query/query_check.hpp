// Checks a query's punctuation before Xapian parses it, because Xapian's
// parser forgives unbalanced quotes and brackets silently and a researcher
// would then get a different query than the one typed.
#pragma once

#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace hrdex::query {

// Ok, or an error whose `where` is "query:COLUMN" (1-based) and whose `what`
// says what is wrong, followed by the query and a caret under the column.
core::Status check_query_syntax(std::string_view query);

}  // namespace hrdex::query
