#include "serve/cli.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cli/program.hpp"
#include "serve/http.hpp"

namespace hrdex::serve {
namespace {

// The man page's words beyond the options (cli/program.hpp).
cli::ProgramInfo program_info() {
  cli::ProgramInfo info;
  info.name = "hrdex-serve";
  info.description = {
      "hrdex-serve serves an index that hrdex-index(1) built, read-only, to a web browser and to other programs "
      "over a JSON API: the search page (the query language of hrdex-query-syntax(7), facets, paging, sorting, "
      "did you mean), each unit with its tags and why it has them and similar recommendations, the source file "
      "of each document, and per-agency extracts with the bytes hrdex-query(1) extract writes.",
      "It listens on loopback (127.0.0.1:8080) unless --listen names another address, and prints the URL it "
      "serves at. Each worker thread has its own searcher, which moves to the index's newest commit before each "
      "request, so pages show what a running hrdex-index add has committed. SIGINT or SIGTERM stops it after "
      "the requests in progress.",
      "The JSON API is described by the OpenAPI document it serves at /api/openapi.json: /api/search, "
      "/api/count, /api/facets, /api/units/ID, /api/units/ID/similar and /api/extract, with the parameters and "
      "the hit fields of hrdex-query search --format json. A bad query is a 400 with the message and column."};
  info.sections = {{"Exit status", {"0 when stopped by SIGINT or SIGTERM; 2 when it cannot start (no index, an index "
                                    "of another schema version, a bad option, an address in use)."}}};
  info.environment = {{"SOURCE_DATE_EPOCH", "Fixes the time an extract says it was made, as for hrdex-query extract."}};
  info.folder_options = {"--db"};
  info.file_options = {"--synonyms"};
  info.see_also = {"hrdex-index(1)", "hrdex-query(1)", "hrdex-query-syntax(7)"};
  return info;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"hrdex-serve: search an hrdex index in a web browser, and over a JSON API (read-only)", "hrdex-serve"};
  const cli::ProgramInfo info = program_info();
  cli::add_program_options(app, info);
  ServeOptions o;
  app.add_option("--db", o.dbs, "Index folder; repeat for shards searched as one; a stub file names shards (local or remote)")
      ->required();
  app.add_option("--shard-timeout", o.shards.timeout_ms, "Milliseconds a remote shard may take to connect and answer")
      ->capture_default_str()->check(CLI::Range(1u, 3600000u));
  app.add_flag("--skip-missing", o.shards.skip_missing,
               "Answer from the shards that answer; every page and JSON answer names the others (default: fail with 503)");
  app.add_option("--listen", o.listen, "HOST:PORT to listen on (default 127.0.0.1:8080, this machine only; port 0 picks a free one)")
      ->type_name("HOST:PORT");
  app.add_option("--base-url", o.base_url,
                 "The URL clients reach the server at behind a reverse proxy (https://example.org/hrdex/); links carry its path")
      ->type_name("URL");
  app.add_option("--threads", o.threads, "Connection threads, each reading and writing one kept-alive connection at a time (default 32)")
      ->check(CLI::Range(1, 256));
  app.add_option("--active", o.active,
                 "Worker threads answering requests, each with its own searcher; the others wait their turn, first come first served (default: cores + 1)")
      ->check(CLI::Range(1, 256));
  app.add_option("--synonyms", o.synonym_files, "A synonyms file to add to the shipped synonyms.txt (as hrdex-query)");
  app.add_flag("--no-synonyms", o.no_synonyms, "Do not expand acronyms and names");
  app.add_option("--timeout", o.timeout_seconds, "Seconds to read a request or write an answer (default 20)")->check(CLI::Range(1, 3600));
  app.add_option("--max-query", o.limits.max_query, "Longest query in bytes (default 1000)")->check(CLI::Range(10, 100000));
  app.add_flag("--access-log", o.access_log, "Print one line per request on standard error");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    return serve(o, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "hrdex-serve: error: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace hrdex::serve
