#include "serve/cli.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "serve/http.hpp"

namespace hrdex::serve {

int run_cli(int argc, char** argv) {
  CLI::App app{"hrdex-serve: search an hrdex index in a web browser, and over a JSON API (read-only)", "hrdex-serve"};
  app.set_version_flag("--version", "hrdex-serve " HRDEX_VERSION);
  ServeOptions o;
  std::string db;
  app.add_option("--db", db, "Index folder")->required();
  app.add_option("--listen", o.listen, "HOST:PORT to listen on (default 127.0.0.1:8080, this machine only; port 0 picks a free one)");
  app.add_option("--base-url", o.base_url,
                 "The URL clients reach the server at behind a reverse proxy (https://example.org/hrdex/); links carry its path");
  app.add_option("--threads", o.threads, "Worker threads, each with its own searcher, each serving one connection at a time (default 32)")
      ->check(CLI::Range(1, 256));
  app.add_option("--synonyms", o.synonym_files, "A synonyms file to add to corpus/synonyms.txt (as hrdex-query)");
  app.add_flag("--no-synonyms", o.no_synonyms, "Do not expand acronyms and names");
  app.add_option("--timeout", o.timeout_seconds, "Seconds to read a request or write an answer (default 20)")->check(CLI::Range(1, 3600));
  app.add_option("--max-query", o.limits.max_query, "Longest query in bytes (default 1000)")->check(CLI::Range(10, 100000));
  app.add_flag("--access-log", o.access_log, "Print one line per request on standard error");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  o.db = db;
  try {
    return serve(o, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "hrdex-serve: error: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace hrdex::serve
