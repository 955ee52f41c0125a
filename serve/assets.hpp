// The stylesheet, script and icon every page links to, compiled into the
// program: nothing is read from the source tree or the disk at run time.
// Pages work without the script; it only saves a click.
#pragma once

#include <string_view>

namespace hrdex::serve {

struct Asset {
  std::string_view path;          // under /static/
  std::string_view content_type;
  std::string_view body;
};

// nullptr when there is no such asset.
const Asset* find_asset(std::string_view name);

}  // namespace hrdex::serve
