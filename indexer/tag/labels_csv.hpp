// Human-labelled units in the layout of UPR Info's database export: a header
// row, then one recommendation per row, with its text in "Text" and its
// comma-separated issue labels in "Issue".
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace hrdex::indexer::tag {

struct LabelledUnit {
  std::string text;
  std::vector<std::string> labels;  // as written, trimmed, in file order
  std::map<std::string, std::string> fields;  // every column by header name ("To", "Session", ...)
  int line = 0;  // where the row starts, for messages
};

struct LabelsCsvOptions {
  std::string text_column = "Text";
  std::string labels_column = "Issue";
};

// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line
// breaks; rows end in LF, CRLF or CR. Errors read "name:line: message".
core::Expected<std::vector<LabelledUnit>> parse_labels_csv(std::string_view text, std::string_view source_name,
                                                           const LabelsCsvOptions& options = {});
core::Expected<std::vector<LabelledUnit>> load_labels_csv(const std::filesystem::path& path,
                                                          const LabelsCsvOptions& options = {});

}  // namespace hrdex::indexer::tag
