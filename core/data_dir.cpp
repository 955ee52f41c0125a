#include "core/data_dir.hpp"

#include <cstdlib>
#include <mutex>

namespace hrdex::core {
namespace fs = std::filesystem;

namespace {

std::mutex option_mutex;
std::optional<fs::path> option_value;

// The folder's state, or an error saying what is wrong with it. `where`
// names how the folder was chosen, for the message.
Status check_folder(const fs::path& dir, const std::string& where) {
  std::error_code ec;
  auto st = fs::status(dir, ec);
  if (!fs::exists(st)) return make_error(where, "no such folder; the data folder holds taxonomies/ and synonyms.txt");
  if (!fs::is_directory(st)) return make_error(where, "not a folder; the data folder holds taxonomies/ and synonyms.txt");
  fs::directory_iterator it(dir, ec);
  if (ec) return make_error(where, "data folder not readable (" + ec.message() + ")");
  return ok_status();
}

}  // namespace

void set_data_dir_option(fs::path dir) {
  std::lock_guard lock(option_mutex);
  option_value = std::move(dir);
}

DataDirInputs process_data_dir_inputs() {
  DataDirInputs inputs;
  {
    std::lock_guard lock(option_mutex);
    inputs.option = option_value;
  }
  if (const char* env = std::getenv("HRDEX_DATA_DIR")) inputs.environment = env;
  std::error_code ec;
  inputs.executable = fs::read_symlink("/proc/self/exe", ec);
  return inputs;
}

Expected<DataDir> find_data_dir(const DataDirInputs& inputs) {
  if (inputs.option) {
    const fs::path dir = fs::absolute(*inputs.option).lexically_normal();
    if (auto s = check_folder(dir, "--data-dir " + dir.string()); !s) return s.error();
    return DataDir{dir, "--data-dir"};
  }
  if (inputs.environment) {
    if (inputs.environment->empty())
      return make_error("HRDEX_DATA_DIR", "set but empty; unset it or name the data folder");
    const fs::path dir = fs::absolute(*inputs.environment).lexically_normal();
    if (auto s = check_folder(dir, "HRDEX_DATA_DIR=" + *inputs.environment); !s) return s.error();
    return DataDir{dir, "HRDEX_DATA_DIR"};
  }
  if (inputs.executable.empty())
    return make_error("", "no data folder: the running program's own path is unknown (no /proc/self/exe); "
                          "set HRDEX_DATA_DIR or pass --data-dir");
  const fs::path dir = (inputs.executable.parent_path() / ".." / "share" / "hrdex").lexically_normal();
  std::error_code ec;
  if (!fs::exists(dir, ec))
    return make_error("", "no data folder (taxonomies/, synonyms.txt): looked in " + dir.string() +
                              ", beside the program " + inputs.executable.string() +
                              "; set HRDEX_DATA_DIR or pass --data-dir");
  if (auto s = check_folder(dir, dir.string() + " (beside the program " + inputs.executable.string() + ")"); !s)
    return s.error();
  return DataDir{dir, "beside the program " + inputs.executable.string()};
}

Expected<DataDir> find_data_dir() { return find_data_dir(process_data_dir_inputs()); }

Expected<fs::path> data_path(std::string_view name) {
  auto dir = find_data_dir();
  if (!dir) return dir.error();
  fs::path path = dir->path / name;
  std::error_code ec;
  if (!fs::exists(path, ec))
    return make_error(path.string(), "missing from the data folder " + dir->path.string() + " (" + dir->origin + ")");
  return path;
}

}  // namespace hrdex::core
