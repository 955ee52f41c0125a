#include "query/cli.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <exception>
#include <filesystem>
#include <iostream>

#include "cli/program.hpp"
#include "query/extract_command.hpp"
#include "query/fields.hpp"
#include "query/search.hpp"
#include "query/show.hpp"
#include "query/similar.hpp"
#include "query/syntax_help.hpp"
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

// How a search's hits are printed, shared by search and similar.
struct OutputFlags {
  std::string format = "text";
  std::string fields;  // comma-separated; empty: every field
};

void add_output_options(CLI::App* cmd, SearchRequest& request, OutputFlags& out) {
  cmd->add_option("--limit", request.limit, "Hits to print (0: only the total and facets)")->check(CLI::Range(0, 1000000));
  cmd->add_option("--offset", request.offset, "Hits to skip first");
  cmd->add_option("--format", out.format, "text, json (JSON Lines), csv or markdown")
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(kWriterFormats), std::end(kWriterFormats))));
  cmd->add_option("--fields", out.fields, "Columns for json, csv and markdown, e.g. symbol,number,text (default: all)");
  cmd->add_flag("--facets", request.facets, "Also print exact counts per theme, working group, agency, kind, body, State, "
                                           "recommending State, year and response over all matches");
  cmd->add_flag("--collapse", request.collapse, "Only the best unit of each document");
  cmd->add_flag("--all-states", request.all_states,
                "agency: and wg: also match recommendations to other States than the body's own");
  cmd->add_flag("--collapse-languages", request.collapse_languages,
                "Language versions of a document (same symbol) as one: only the best-ranked of each unit "
                "(with --collapse or --documents, of each document)");
  cmd->add_option_function<std::string>(
         "--sort",
         [&request](const std::string& v) {
           request.sort = v == "date" ? SortOrder::date_ascending : v == "-date" ? SortOrder::date_descending : SortOrder::relevance;
         },
         "relevance (default), date (oldest first) or -date (newest first)")
      ->check(CLI::IsMember({"relevance", "date", "-date"}));
}

struct SynonymFlags {
  std::vector<std::string> files;
  bool none = false;
};

void add_synonym_options(CLI::App* cmd, SynonymFlags& flags) {
  cmd->add_option("--synonyms", flags.files, "A synonyms file to add to the shipped synonyms.txt (see help syntax)");
  cmd->add_flag("--no-synonyms", flags.none, "Do not expand acronyms and names");
}

// --db, repeatable: an index folder, or shards searched as one (folders,
// stub database files, remote shards in stub files).
struct DbFlags {
  std::vector<std::filesystem::path> dbs;
  core::ShardOptions shards;
};

void add_db_options(CLI::App* cmd, DbFlags& flags) {
  cmd->add_option("--db", flags.dbs,
                  "Index folder; repeat for shards searched as one; a stub file names shards (local or remote)")
      ->required()
      ->allow_extra_args(false);  // one folder per --db: the words after it are the query
  cmd->add_option("--timeout", flags.shards.timeout_ms, "Milliseconds a remote shard may take to connect and answer")
      ->capture_default_str()->check(CLI::Range(1u, 3600000u));
  cmd->add_flag("--skip-missing", flags.shards.skip_missing,
                "Answer from the shards that answer, naming the others on standard error (default: fail)");
}

// Each shard left out, one line: the answer is partial, and says so.
void warn_missing(const std::vector<core::Error>& missing) {
  for (const core::Error& e : missing)
    std::cerr << "hrdex-query: warning: " << e.message() << "; answered without this shard\n";
}

core::Expected<Searcher> open_searcher(const DbFlags& db, const SynonymFlags& flags) {
  auto searcher = Searcher::open(db.dbs, db.shards);
  if (!searcher) return searcher.error();
  if (flags.none) return searcher;
  auto table = load_synonym_files(flags.files, false);
  if (!table) return table.error();
  searcher->set_synonyms(std::move(*table));
  return searcher;
}

// Prints a result through the writer for `out.format`; the exit status.
int print_result(const SearchResult& result, const SearchRequest& request, const OutputFlags& out) {
  auto fields = select_fields(out.fields);
  if (!fields) return report(fields.error()), kExitError;
  WriterOptions options;
  options.color = out.format == "text" && isatty(STDOUT_FILENO);
  options.fields = *fields;
  auto writer = make_writer(out.format, std::cout, options);
  write_result(*writer, result, request);
  // Machine-readable output stays clean; the hint goes to the terminal.
  if (out.format != "text" && out.format != "markdown" && out.format != "md") {
    if (!result.suggestion.empty()) std::cerr << "hrdex-query: no match; did you mean: " << result.suggestion << '\n';
    for (const std::string& note : result.notes) std::cerr << "hrdex-query: note: " << note << '\n';
  }
  return result.total > 0 ? kExitOk : kExitNoMatch;
}

// The man page's words beyond the options (cli/program.hpp).
cli::ProgramInfo program_info() {
  cli::ProgramInfo info;
  info.name = "hrdex-query";
  info.description = {
      "hrdex-query searches an index that hrdex-index(1) built: units (recommendations, numbered paragraphs) or "
      "whole documents, with filters, facets, synonyms and several output formats, and writes per-agency "
      "extracts.",
      "The query language is described in hrdex-query-syntax(7), which is also what 'hrdex-query help syntax' "
      "prints."};
  info.sections = {{"Exit status", {"search: 0 with hits, 1 with none, 2 on an error. Other commands: 0 or 2."}}};
  for (const HitField& f : hit_fields()) info.list_values["--fields"].emplace_back(f.name);
  info.folder_options = {"--db"};
  info.file_options = {"-o", "--output", "--synonyms"};
  info.extra_pages = {{"hrdex-query-syntax", 7, "the query language of hrdex-query", std::string(syntax_help())}};
  info.see_also = {"hrdex-index(1)", "hrdex-serve(1)"};
  return info;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"hrdex-query: search an hrdex index of UN human-rights documents", "hrdex-query"};
  app.require_subcommand(1);
  const cli::ProgramInfo info = program_info();
  cli::add_program_options(app, info);

  DbFlags db;
  std::vector<std::string> words;
  SearchRequest request;
  auto* search_cmd = app.add_subcommand("search", "Search units (recommendations, paragraphs) and print the hits");
  add_db_options(search_cmd, db);
  search_cmd->add_option("query", words, "Query: words, \"phrases\", AND/OR/NOT, field:value filters")->required();
  OutputFlags search_out;
  SynonymFlags search_synonyms;
  add_output_options(search_cmd, request, search_out);
  add_synonym_options(search_cmd, search_synonyms);
  search_cmd->add_flag("--documents", request.documents, "Search whole documents instead of units");

  DbFlags count_db;
  std::vector<std::string> count_words;
  bool count_documents = false;
  auto* count_cmd = app.add_subcommand("count", "Print the exact number of matching units");
  add_db_options(count_cmd, count_db);
  count_cmd->add_option("query", count_words, "Query")->required();
  count_cmd->add_flag("--documents", count_documents, "Count documents instead of units");
  SynonymFlags count_synonyms;
  add_synonym_options(count_cmd, count_synonyms);

  SimilarRequest similar;
  SearchRequest similar_request;
  OutputFlags similar_out;
  DbFlags similar_db;
  std::vector<std::string> similar_filters;
  auto* similar_cmd = app.add_subcommand(
      "similar", "Units like one unit: the same recommendation in other cycles, by other States or treaty bodies");
  add_db_options(similar_cmd, similar_db);
  similar_cmd->add_option("id", similar.id, "Unit (or document) id, as search prints it")->required();
  similar_cmd->add_option("filters", similar_filters, "Optional query the results must also match, e.g. unit:recommendation");
  add_output_options(similar_cmd, similar_request, similar_out);

  ExtractOptions extract;
  auto* extract_cmd = app.add_subcommand(
      "extract", "Every recommendation for an agency, working group, theme or State, grouped and merged, as a report");
  DbFlags extract_db;
  add_db_options(extract_cmd, extract_db);
  extract_cmd->add_option("--agency", extract.agency, "Agency id, name or abbreviation (EPA)");
  extract_cmd->add_option("--wg", extract.wg, "Working group id or label");
  extract_cmd->add_option("--theme", extract.theme, "Theme id or label");
  extract_cmd->add_option("--state", extract.state, "State under review, ISO code or name");
  extract_cmd->add_flag("--all-states", extract.all_states,
                        "An agency or working group of a State's government: every State's recommendations on its "
                        "subjects, not only its own State's");
  extract_cmd->add_option("--format", extract.format,
                          "markdown, html, csv, json, or docx (a Word document: with -o FILE, or piped)")
      ->check(CLI::IsMember({"markdown", "md", "html", "csv", "json", "docx"}));
  extract_cmd->add_option("-o,--output", extract.output, "File to write (default: standard output)");
  extract_cmd->add_option("query", extract.words, "Further query words and filters");
  SynonymFlags extract_synonyms;
  add_synonym_options(extract_cmd, extract_synonyms);

  std::string help_topic;
  auto* help_cmd = app.add_subcommand("help", "Help on a topic: syntax (the query language)");
  help_cmd->add_option("topic", help_topic, "syntax")->required()->check(CLI::IsMember({"syntax"}));

  ShowOptions show;
  auto* show_cmd = app.add_subcommand("show", "Print one unit whole with its document's context and tags");
  show_cmd->add_option("--db", show.db, "Index folder")->required();
  show_cmd->add_option("id", show.id, "Unit (or document) id, as search prints it")->required();
  show_cmd->add_flag("--why", show.why, "The evidence for every tag");
  show_cmd->add_flag("--json", show.json, "The stored unit and document records as JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }

  try {
    if (*search_cmd) {
      // --fields is checked before the search so a typo costs nothing.
      if (auto f = select_fields(search_out.fields); !f) return report(f.error()), kExitError;
      auto searcher = open_searcher(db, search_synonyms);
      if (!searcher) return report(searcher.error()), kExitError;
      request.query = join(words);
      auto result = searcher->search(request);
      if (!result) return report(result.error()), kExitError;
      warn_missing(result->missing_shards);
      return print_result(*result, request, search_out);
    }
    if (*similar_cmd) {
      if (auto f = select_fields(similar_out.fields); !f) return report(f.error()), kExitError;
      auto searcher = Searcher::open(similar_db.dbs, similar_db.shards);
      if (!searcher) return report(searcher.error()), kExitError;
      similar.filters = join(similar_filters);
      similar_request.query = "similar to " + similar.id + (similar.filters.empty() ? "" : " " + similar.filters);
      auto result = find_similar(*searcher, similar, similar_request);
      if (!result) return report(result.error()), kExitError;
      warn_missing(result->missing_shards);
      return print_result(*result, similar_request, similar_out);
    }
    if (*extract_cmd) {
      // A Word document's bytes would only garble a terminal.
      if (extract.format == "docx" && extract.output.empty() && isatty(STDOUT_FILENO))
        return report(core::make_error("--format docx", "a Word document is not for a terminal: write it with -o FILE")),
               kExitError;
      auto searcher = open_searcher(extract_db, extract_synonyms);
      if (!searcher) return report(searcher.error()), kExitError;
      extract.dbs = extract_db.dbs;
      warn_missing(searcher->missing_shards());
      extract.command_line = shell_command_line(argc, argv);
      return run_extract(*searcher, extract, std::cout, std::cerr);
    }
    if (*help_cmd) {
      std::cout << syntax_help();
      return kExitOk;
    }
    if (*show_cmd) return run_show(show, std::cout, std::cerr);
    if (*count_cmd) {
      auto searcher = open_searcher(count_db, count_synonyms);
      if (!searcher) return report(searcher.error()), kExitError;
      auto n = searcher->count(join(count_words), count_documents);
      if (!n) return report(n.error()), kExitError;
      warn_missing(searcher->missing_shards());
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
