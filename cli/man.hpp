// Man pages (roff) for a program and each of its subcommands, written from
// the command model, so each page lists exactly the options --help lists.
#pragma once

#include <string>
#include <vector>

#include "cli/model.hpp"
#include "cli/program.hpp"

namespace hrdex::cli {

struct ManPage {
  std::string file_name;  // "hrdex-index-add.1"
  std::string text;
};

std::vector<ManPage> man_pages(const CommandModel& program, const ProgramInfo& info);

// `text` for roff: backslashes, minus signs and a leading '.' or '\'' escaped.
std::string roff_escape(const std::string& text);

}  // namespace hrdex::cli
