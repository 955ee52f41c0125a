// hrdex's data folder: the default taxonomies (taxonomies/*.toml and what
// else that folder holds) and the synonyms file (synonyms.txt), found at run
// time so that a program works wherever it is installed and never reads a
// path compiled into it. Every program looks it up here, in this order:
//   1. the --data-dir option;
//   2. the HRDEX_DATA_DIR environment variable;
//   3. ../share/hrdex relative to the running executable: /usr/share/hrdex
//      for /usr/bin/hrdex-index. A build tree has one too (build/NAME/share/
//      hrdex, made by CMake), whose entries link to the source tree's
//      corpus/, so a program run from its build tree reads the checkout.
// A folder named by 1 or 2 must be there: a typo is an error, never passed
// over for the next place.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace hrdex::core {

struct DataDir {
  std::filesystem::path path;
  // How it was found, for --version and messages: "--data-dir",
  // "HRDEX_DATA_DIR", "beside the program /usr/bin/hrdex-index".
  std::string origin;
};

// What the lookup reads, so tests can give their own.
struct DataDirInputs {
  std::optional<std::filesystem::path> option;       // --data-dir
  std::optional<std::string> environment;            // HRDEX_DATA_DIR, when set
  std::filesystem::path executable;                   // the running program
};

// The running process's inputs: the --data-dir given to
// set_data_dir_option, $HRDEX_DATA_DIR, /proc/self/exe.
DataDirInputs process_data_dir_inputs();

// Called by a program's command line when --data-dir is given.
void set_data_dir_option(std::filesystem::path dir);

// The data folder, or one line saying what is missing and where hrdex
// looked: "HRDEX_DATA_DIR=/x: no such folder ...".
Expected<DataDir> find_data_dir(const DataDirInputs& inputs);
Expected<DataDir> find_data_dir();

// `name` (a file or folder) inside the data folder; a missing one is an
// error naming the data folder and how it was found.
Expected<std::filesystem::path> data_path(std::string_view name);

}  // namespace hrdex::core
