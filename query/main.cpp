#include "query/cli.hpp"

int main(int argc, char** argv) { return hrdex::query::run_cli(argc, argv); }
