// Bash completion for a program, written from the command model: its
// subcommands, each one's options, the choices of options such as --format,
// folders after --db and folder options, files after file options, and
// comma-separated lists such as --fields.
#pragma once

#include <string>

#include "cli/model.hpp"
#include "cli/program.hpp"

namespace hrdex::cli {

std::string bash_completion(const CommandModel& program, const ProgramInfo& info);

}  // namespace hrdex::cli
