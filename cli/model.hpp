// A CLI11 command line read back as plain data: commands, their options and
// arguments with the names, placeholders, choices and descriptions --help
// shows. The man pages and the bash completion are both written from it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace hrdex::cli {

enum class ValueKind { none, text, number, file, folder, choice };

struct OptionModel {
  std::vector<std::string> names;  // "-j", "--jobs"; a positional: its name
  bool positional = false;
  bool required = false;
  bool repeatable = false;          // takes several values
  ValueKind kind = ValueKind::none;
  std::string placeholder;          // "N", "FILE", "DIR", "FORMAT"
  std::vector<std::string> choices;
  std::string constraint;           // a validator's words: "INT in [1 - 256]"
  std::string default_value;
  std::string description;
};

struct CommandModel {
  std::string name;         // "add"; the program itself: its own name
  std::string description;  // as --help prints it
  std::vector<OptionModel> options;  // hidden ones left out; positionals last
  std::vector<CommandModel> subcommands;
};

// `folders` and `files` name options (or positionals) whose values are
// folders or files where no validator says so ("--db", "paths").
CommandModel command_model(const CLI::App& app, const std::vector<std::string>& folders = {},
                           const std::vector<std::string>& files = {});

}  // namespace hrdex::cli
