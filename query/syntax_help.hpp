// The query language as `hrdex-query help syntax` prints it; the README's
// query section says the same.
#pragma once

#include <string_view>

namespace hrdex::query {

std::string_view syntax_help();

}  // namespace hrdex::query
