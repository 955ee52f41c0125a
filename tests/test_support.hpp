// Helpers shared by the unit tests: temporary folders that clean up after
// themselves, files written from strings, and where the shipped taxonomies
// are.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace hrdex::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hrdex-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// The taxonomies hrdex ships (corpus/taxonomies in the source tree).
inline std::filesystem::path shipped_taxonomy_dir() {
  return std::filesystem::path(HRDEX_TEST_DATA).parent_path().parent_path() / "corpus" / "taxonomies";
}

inline std::filesystem::path write_file(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

inline std::filesystem::path test_data(std::string_view relative) { return std::filesystem::path(HRDEX_TEST_DATA) / relative; }

inline std::filesystem::path project_corpus() {
  return std::filesystem::path(HRDEX_TEST_DATA).parent_path().parent_path() / "corpus" / "documents";
}

}  // namespace hrdex::testing
