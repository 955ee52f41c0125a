#include "serve/cli.hpp"

int main(int argc, char** argv) { return hrdex::serve::run_cli(argc, argv); }
