#include "query/cli.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <exception>
#include <iostream>

#include "query/search.hpp"
#include "query/writers.hpp"

namespace hrdex::query {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitNoMatch = 1;  // like grep: a search that ran and found nothing
constexpr int kExitError = 2;

void report(const core::Error& e) { std::cerr << "hrdex-query: error: " << e.message() << '\n'; }

std::string join(const std::vector<std::string>& words) {
  std::string q;
  for (const auto& w : words) {
    if (!q.empty()) q += ' ';
    q += w;
  }
  return q;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"hrdex-query: search an hrdex index of UN human-rights documents", "hrdex-query"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "hrdex-query " HRDEX_VERSION);

  std::string db;
  std::vector<std::string> words;
  SearchRequest request;
  std::string format = "text";
  auto* search_cmd = app.add_subcommand("search", "Search units (recommendations, paragraphs) and print the hits");
  search_cmd->add_option("--db", db, "Index folder")->required();
  search_cmd->add_option("query", words, "Query: words, \"phrases\", AND/OR/NOT, field:value filters")->required();
  search_cmd->add_option("--limit", request.limit, "Hits to print")->check(CLI::Range(1, 100000));
  search_cmd->add_option("--offset", request.offset, "Hits to skip first");
  search_cmd->add_option("--format", format, "text or json (JSON Lines)")->check(CLI::IsMember({"text", "json", "jsonl"}));
  search_cmd->add_flag("--documents", request.documents, "Search whole documents instead of units");

  std::string count_db;
  std::vector<std::string> count_words;
  bool count_documents = false;
  auto* count_cmd = app.add_subcommand("count", "Print the exact number of matching units");
  count_cmd->add_option("--db", count_db, "Index folder")->required();
  count_cmd->add_option("query", count_words, "Query")->required();
  count_cmd->add_flag("--documents", count_documents, "Count documents instead of units");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }

  try {
    if (*search_cmd) {
      auto searcher = Searcher::open(db);
      if (!searcher) return report(searcher.error()), kExitError;
      request.query = join(words);
      auto result = searcher->search(request);
      if (!result) return report(result.error()), kExitError;
      WriterOptions options;
      options.color = format == "text" && isatty(STDOUT_FILENO);
      auto writer = make_writer(format, std::cout, options);
      write_result(*writer, *result, request);
      return result->total > 0 ? kExitOk : kExitNoMatch;
    }
    if (*count_cmd) {
      auto searcher = Searcher::open(count_db);
      if (!searcher) return report(searcher.error()), kExitError;
      auto n = searcher->count(join(count_words), count_documents);
      if (!n) return report(n.error()), kExitError;
      std::cout << *n << '\n';
      return kExitOk;
    }
  } catch (const std::exception& e) {
    std::cerr << "hrdex-query: error: " << e.what() << '\n';
    return kExitError;
  }
  return kExitError;
}

}  // namespace hrdex::query
