// What every hrdex program's command line has in common: --version (the
// version, the index schema version and the data folder in use),
// --data-dir, and a hidden --generate-docs DIR that writes the program's man
// pages and bash completion from the very CLI11 definitions --help prints,
// so the three never disagree (CMake runs it at build time).
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

namespace hrdex::cli {

// A page that is not a command's, e.g. the query language in section 7.
struct ExtraPage {
  std::string name;     // "hrdex-query-syntax"
  int section = 7;
  std::string summary;  // the NAME line's words after "\-"
  std::string text;     // printed as it is, in a fixed-width block
};

// A man page section written out as paragraphs ("EXIT STATUS").
struct Section {
  std::string title;
  std::vector<std::string> paragraphs;
};

// What the man pages and completion need beyond the CLI11 definitions.
struct ProgramInfo {
  std::string name;  // "hrdex-index"
  // Paragraphs of the program page's DESCRIPTION.
  std::vector<std::string> description;
  // Sections of the program page after the data folder's (EXIT STATUS, ...).
  std::vector<Section> sections;
  // Environment variables this program reads, besides HRDEX_DATA_DIR and
  // HRDEX_ISO_CODES, which every program reads.
  std::vector<std::pair<std::string, std::string>> environment;
  // Values an option takes as a comma-separated list, for completion
  // ("--fields" -> every field name).
  std::map<std::string, std::vector<std::string>> list_values;
  // Options (and positionals) whose values are folders or files where no
  // validator says so: "--db", "paths". For placeholders and completion.
  std::vector<std::string> folder_options, file_options;
  std::vector<ExtraPage> extra_pages;
  // The other programs' pages, for SEE ALSO.
  std::vector<std::string> see_also;
};

// Adds --data-dir, --version and the hidden --generate-docs to `app`
// (before the subcommands' own options are parsed; the global options
// are accepted after the subcommand too). `info` must outlive parsing.
void add_program_options(CLI::App& app, const ProgramInfo& info);

// The text --version prints.
std::string version_text(const std::string& program);

// Writes NAME.1, NAME-SUBCOMMAND.1 and the extra pages into `dir`/man and
// the bash completion into `dir`/completions/NAME. Throws on a write error.
void generate_docs(const CLI::App& app, const ProgramInfo& info, const std::string& dir);

}  // namespace hrdex::cli
