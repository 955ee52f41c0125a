// The OpenAPI 3 document of the JSON API, served at /api/openapi.json: what
// other programs read to call hrdex-serve.
#pragma once

#include <string>
#include <string_view>

namespace hrdex::serve {

// `base`: the path prefix of every endpoint ("" or "/hrdex").
std::string openapi_document(std::string_view base);

}  // namespace hrdex::serve
