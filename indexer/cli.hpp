// hrdex-index's command line: parses arguments into option structs and calls
// the commands in ingest.hpp.
#pragma once

namespace hrdex::indexer {

int run_cli(int argc, char** argv);

}  // namespace hrdex::indexer
