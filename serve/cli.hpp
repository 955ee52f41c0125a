// hrdex-serve's command line: parses the options into ServeOptions and
// calls serve().
#pragma once

namespace hrdex::serve {

int run_cli(int argc, char** argv);

}  // namespace hrdex::serve
