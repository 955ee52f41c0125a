// hrdex-query's command line: parses arguments and calls the searcher and
// the writers.
#pragma once

namespace hrdex::query {

int run_cli(int argc, char** argv);

}  // namespace hrdex::query
