#include "cli/program.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "cli/completion.hpp"
#include "cli/man.hpp"
#include "cli/model.hpp"
#include "core/data_dir.hpp"
#include "core/schema.hpp"

namespace hrdex::cli {
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(path.string() + ": cannot write");
}

}  // namespace

std::string version_text(const std::string& program) {
  std::string text = program + " " + HRDEX_VERSION + "\nindex schema version " +
                     std::to_string(core::schema::kSchemaVersion) + "\n";
  if (auto data = core::find_data_dir())
    text += "data folder " + data->path.string() + " (" + data->origin + ")";
  else
    text += "data folder: none; " + data.error().message();
  return text;
}

void add_program_options(CLI::App& app, const ProgramInfo& info) {
  // Before --version: CLI11 runs callbacks in the order options were added,
  // and --version reports the folder --data-dir chose.
  app.add_option_function<std::string>(
         "--data-dir", [](const std::string& dir) { core::set_data_dir_option(dir); },
         "Folder of the default taxonomies and synonyms (default: $HRDEX_DATA_DIR, else ../share/hrdex beside the "
         "program)")
      ->type_name("DIR");
  const std::string name = info.name;
  app.set_version_flag("--version", [name] { return version_text(name); },
                       "Print the version, the index schema version and the data folder in use, and exit");
  app.add_option_function<std::string>(
         "--generate-docs",
         [&app, &info](const std::string& dir) {
           generate_docs(app, info, dir);
           throw CLI::Success();
         },
         "Write the man pages and bash completion into DIR (used by the build)")
      ->group("");  // hidden
  // --data-dir and --version also after the subcommand.
  app.fallthrough();
}

void generate_docs(const CLI::App& app, const ProgramInfo& info, const std::string& dir) {
  const CommandModel model = command_model(app, info.folder_options, info.file_options);
  fs::create_directories(fs::path(dir) / "man");
  fs::create_directories(fs::path(dir) / "completions");
  for (const ManPage& page : man_pages(model, info)) write_file(fs::path(dir) / "man" / page.file_name, page.text);
  write_file(fs::path(dir) / "completions" / info.name, bash_completion(model, info));
}

}  // namespace hrdex::cli
