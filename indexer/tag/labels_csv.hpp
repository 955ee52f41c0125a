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

struct LabelsCsv {
  std::string text_column, labels_column;  // as the header names them
  // No text column, but "symbol" and "number": the rows label units of an
  // index by their document's symbol and their printed number (fields
  // "symbol" and "number"), so a file of labels need not copy their text.
  bool unit_references = false;
  std::vector<LabelledUnit> rows;
};

// Which columns hold the text and the labels; an empty name is looked for
// among the usual headers (kTextColumns, kLabelColumns), ignoring case.
struct LabelsCsvOptions {
  std::string text_column;
  std::string labels_column;
};
inline constexpr std::string_view kTextColumns[] = {"text", "recommendation", "recommendation text", "paragraph"};
inline constexpr std::string_view kLabelColumns[] = {"issue", "issues", "labels", "label", "tags",
                                                     "themes", "theme", "agencies"};

// RFC 4180 CSV in UTF-8: quoted fields may hold commas, doubled quotes and
// line breaks; rows end in LF, CRLF or CR; lines starting with '#' before
// the header are comments (what the file is, whose judgement). Errors read "name:line: message":
// a column that is not there (with the header's columns), bytes that are
// not UTF-8, a file with no rows.
core::Expected<LabelsCsv> parse_labels_csv(std::string_view text, std::string_view source_name,
                                           const LabelsCsvOptions& options = {});
core::Expected<LabelsCsv> load_labels_csv(const std::filesystem::path& path, const LabelsCsvOptions& options = {});

}  // namespace hrdex::indexer::tag
