// The man pages and bash completion written from CLI11 definitions
// (cli/): what the command model reads back, the roff escaping, and pages
// and scripts that groff and bash accept, for a program with subcommands
// and one without (as hrdex-serve is). tests/e2e_install.sh checks the real
// programs' installed pages and completion.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "cli/completion.hpp"
#include "cli/man.hpp"
#include "cli/model.hpp"
#include "cli/program.hpp"
#include "test_support.hpp"

namespace hrdex::cli {
namespace {

struct Values {
  std::string db, format = "text", fields, output;
  std::vector<std::string> paths;
  int jobs = 1;
  bool quiet = false;
};

// A program with two commands, as hrdex-query is.
void define_tool(CLI::App& app, Values& v) {
  auto* search = app.add_subcommand("search", "Search the index");
  search->add_option("--db", v.db, "Index folder")->required();
  search->add_option("--format", v.format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  search->add_option("--fields", v.fields, "Columns");
  search->add_option("-j,--jobs", v.jobs, "Workers")->check(CLI::Range(1, 8));
  search->add_flag("-q,--quiet", v.quiet, "Say less");
  auto* add = app.add_subcommand("add", "Add files");
  add->add_option("--report", v.output, "Report file")->check(CLI::ExistingFile);
  add->add_option("paths", v.paths, "Files")->required();
}

const OptionModel& option(const CommandModel& cmd, const std::string& name) {
  for (const auto& o : cmd.options)
    for (const auto& n : o.names)
      if (n == name) return o;
  throw std::runtime_error("no option " + name);
}

TEST(CliModel, ReadsKindsChoicesAndConstraints) {
  CLI::App app{"tool: do things", "tool"};
  Values v;
  define_tool(app, v);
  const CommandModel model = command_model(app, {"--db"}, {"paths"});
  ASSERT_EQ(model.subcommands.size(), 2u);
  const CommandModel& search = model.subcommands[0];
  EXPECT_EQ(search.name, "search");
  EXPECT_EQ(option(search, "--db").kind, ValueKind::folder);
  EXPECT_EQ(option(search, "--db").placeholder, "DIR");
  EXPECT_TRUE(option(search, "--db").required);
  EXPECT_EQ(option(search, "--format").kind, ValueKind::choice);
  EXPECT_EQ(option(search, "--format").choices, (std::vector<std::string>{"text", "json"}));
  EXPECT_EQ(option(search, "--format").default_value, "text");
  EXPECT_EQ(option(search, "--jobs").kind, ValueKind::number);
  EXPECT_EQ(option(search, "--jobs").constraint, "INT in [1 - 8]");
  EXPECT_EQ(option(search, "-j").names, (std::vector<std::string>{"-j", "--jobs"}));
  EXPECT_EQ(option(search, "--quiet").kind, ValueKind::none) << "a flag takes no value";
  EXPECT_EQ(option(search, "--fields").placeholder, "FIELDS");
  const CommandModel& add = model.subcommands[1];
  EXPECT_EQ(option(add, "--report").kind, ValueKind::file);
  EXPECT_EQ(option(add, "paths").kind, ValueKind::file);
  EXPECT_TRUE(option(add, "paths").positional);
  EXPECT_TRUE(option(add, "paths").repeatable);
  EXPECT_EQ(add.options.back().names.front(), "paths") << "positionals come last";
}

TEST(CliMan, EscapesWhatRoffWouldRead) {
  EXPECT_EQ(roff_escape("--db C:\\x"), "\\-\\-db C:\\ex");
  EXPECT_EQ(roff_escape(".hidden\n'quote"), "\\&.hidden\n\\&'quote");
}

// groff's warnings for a page, and bash's syntax check for a script.
std::string groff_warnings(const std::filesystem::path& page) {
  const std::filesystem::path err = page.string() + ".err";
  const std::string command = "groff -man -ww -Tutf8 -z '" + page.string() + "' 2>'" + err.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(err);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void check_generated(const CLI::App& app, const ProgramInfo& info, const std::vector<std::string>& expected_pages) {
  testing::TempDir tmp;
  generate_docs(app, info, tmp.path().string());
  for (const auto& name : expected_pages) {
    const auto page = tmp / "man" / name;
    ASSERT_TRUE(std::filesystem::exists(page)) << name;
    EXPECT_EQ(groff_warnings(page), "") << name;
  }
  const auto script = tmp / "completions" / info.name;
  ASSERT_TRUE(std::filesystem::exists(script));
  const std::string command = "bash -n '" + script.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << "bash rejects " << script;
}

TEST(CliDocs, ProgramWithCommands) {
  CLI::App app{"tool: do things", "tool"};
  ProgramInfo info;
  info.name = "tool";
  info.description = {"Tool does things."};
  info.sections = {{"Exit status", {"0 or 2."}}};
  info.list_values["--fields"] = {"a", "b"};
  info.folder_options = {"--db"};
  info.file_options = {"paths"};
  add_program_options(app, info);
  Values v;
  define_tool(app, v);
  check_generated(app, info, {"tool.1", "tool-search.1", "tool-add.1"});

  const auto pages = man_pages(command_model(app, info.folder_options, info.file_options), info);
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_NE(pages[0].text.find(".SH COMMANDS"), std::string::npos);
  EXPECT_NE(pages[0].text.find(".SH EXIT STATUS\n0 or 2."), std::string::npos);
  EXPECT_NE(pages[1].text.find(".SH NAME\ntool\\-search \\- search the index"), std::string::npos);
  EXPECT_NE(pages[1].text.find("\\fBtool search\\fR \\fB\\-\\-db\\fR \\fIDIR\\fR [\\fIoptions\\fR]"), std::string::npos);
  EXPECT_NE(pages[1].text.find("Output format. One of: text, json. Default: text."), std::string::npos);
  EXPECT_NE(pages[0].text.find("\\fB\\-\\-data\\-dir\\fR \\fIDIR\\fR"), std::string::npos);
  EXPECT_EQ(pages[0].text.find("\\-\\-generate"), std::string::npos) << "the hidden option is left out";
}

// As hrdex-serve: options only, no subcommands.
TEST(CliDocs, ProgramWithoutCommands) {
  CLI::App app{"server: serve things", "server"};
  ProgramInfo info;
  info.name = "server";
  info.folder_options = {"--db"};
  add_program_options(app, info);
  std::string db, listen;
  app.add_option("--db", db, "Index folder")->required();
  app.add_option("--listen", listen, "HOST:PORT");
  check_generated(app, info, {"server.1"});
  const auto pages = man_pages(command_model(app, info.folder_options, info.file_options), info);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].text.find(".SH COMMANDS"), std::string::npos);
  EXPECT_NE(pages[0].text.find("\\fBserver\\fR \\fB\\-\\-db\\fR \\fIDIR\\fR [\\fIoptions\\fR]"), std::string::npos);
  const std::string script = bash_completion(command_model(app, info.folder_options, info.file_options), info);
  EXPECT_NE(script.find("options=\"-h --help --data-dir --version --db --listen\""), std::string::npos) << script;
}

}  // namespace
}  // namespace hrdex::cli
