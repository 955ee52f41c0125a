#include "indexer/cli.hpp"

int main(int argc, char** argv) { return hrdex::indexer::run_cli(argc, argv); }
