// The one HTML escape: everything taken from documents and queries passes
// through it before it reaches a page, whether the extract's HTML writer or
// hrdex-serve writes the page.
#pragma once

#include <string>
#include <string_view>

namespace hrdex::query {

// `s` with & < > " ' as entities: safe as element text and as a quoted
// attribute value.
std::string escape_html(std::string_view s);

}  // namespace hrdex::query
