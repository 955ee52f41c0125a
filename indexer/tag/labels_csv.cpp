#include "indexer/tag/labels_csv.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/text.hpp"

namespace hrdex::indexer::tag {
namespace {

struct Row {
  std::vector<std::string> fields;
  int line = 0;
};

core::Error error_at(std::string_view source, int line, std::string what) {
  return core::make_error(std::string(source) + ":" + std::to_string(line), std::move(what));
}

core::Expected<std::vector<Row>> split_rows(std::string_view text, std::string_view source) {
  std::vector<Row> rows;
  Row row;
  std::string field;
  int line = 1;
  row.line = 1;
  bool in_quotes = false, quoted = false, any = false;
  int quote_line = 0;
  auto end_field = [&] {
    row.fields.push_back(std::move(field));
    field.clear();
    quoted = false;
  };
  auto end_row = [&] {
    end_field();
    // A blank line is no row.
    if (!(row.fields.size() == 1 && row.fields[0].empty())) rows.push_back(std::move(row));
    row = Row{};
    row.line = line;
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    any = true;
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty() && !quoted) {
      in_quotes = quoted = true;
      quote_line = line;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      end_row();
    } else {
      field += c;
    }
  }
  if (in_quotes) return error_at(source, quote_line, "quoted field never closed");
  if (any && (!field.empty() || !row.fields.empty() || quoted)) end_row();
  return rows;
}

}  // namespace

core::Expected<LabelsCsv> parse_labels_csv(std::string_view text, std::string_view source_name,
                                           const LabelsCsvOptions& options) {
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")
    return error_at(source_name, 1, "the file is UTF-16; save it as UTF-8 (iconv -f UTF-16 -t UTF-8)");
  if (!core::is_valid_utf8(text)) {
    // The line of the first ill-formed line: lines are checked one by one.
    int line = 1;
    for (std::size_t from = 0; from < text.size(); ++line) {
      std::size_t eol = text.find('\n', from);
      if (eol == std::string_view::npos) eol = text.size();
      if (!core::is_valid_utf8(text.substr(from, eol - from))) break;
      from = eol + 1;
    }
    return error_at(source_name, line,
                    "not UTF-8 text (another encoding, such as Windows-1252 or Mac Roman?); convert it, e.g. "
                    "iconv -f WINDOWS-1252 -t UTF-8");
  }
  // Comment lines before the header; their line numbers still count.
  int skipped = 0;
  while (!text.empty() && text.front() == '#') {
    std::size_t eol = text.find('\n');
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++skipped;
  }
  auto rows = split_rows(text, source_name);
  if (!rows) return rows.error();
  for (Row& row : *rows) row.line += skipped;
  if (rows->empty()) return error_at(source_name, 1 + skipped, "empty file: no header row");
  const std::vector<std::string>& header = rows->front().fields;
  std::string columns;
  for (const std::string& h : header) columns += (columns.empty() ? "'" : ", '") + h + "'";
  const int header_line = rows->front().line;
  auto find_column = [&](const std::string& given, const auto& usual, const char* what,
                         const char* option) -> core::Expected<std::ptrdiff_t> {
    if (!given.empty()) {
      auto it = std::find(header.begin(), header.end(), given);
      if (it != header.end()) return it - header.begin();
      std::string hint = core::closest_match(given, header);
      return error_at(source_name, header_line,
                      "no column named '" + given + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
                          " The header has " + columns);
    }
    for (std::string_view name : usual)
      for (std::size_t i = 0; i < header.size(); ++i)
        if (core::ascii_lower(core::trim(header[i])) == name) return static_cast<std::ptrdiff_t>(i);
    return error_at(source_name, header_line,
                    std::string("no ") + what + " column found among " + columns + "; name it with " + option);
  };
  LabelsCsv out;
  auto text_column = find_column(options.text_column, kTextColumns, "text", "--text-column");
  if (!text_column) {
    auto named = [&](std::string_view name) {
      return std::any_of(header.begin(), header.end(), [&](const std::string& h) { return core::ascii_lower(h) == name; });
    };
    if (!options.text_column.empty() || !named("symbol") || !named("number")) return text_column.error();
    out.unit_references = true;
  }
  auto labels_column = find_column(options.labels_column, kLabelColumns, "labels", "--labels-column");
  if (!labels_column) return labels_column.error();
  if (rows->size() == 1) return error_at(source_name, rows->front().line + 1, "no rows after the header");

  if (!out.unit_references) out.text_column = header[static_cast<std::size_t>(*text_column)];
  out.labels_column = header[static_cast<std::size_t>(*labels_column)];
  std::vector<LabelledUnit>& units = out.rows;
  units.reserve(rows->size() - 1);
  for (std::size_t r = 1; r < rows->size(); ++r) {
    Row& row = (*rows)[r];
    if (row.fields.size() != header.size())
      return error_at(source_name, row.line,
                      std::to_string(row.fields.size()) + " fields where the header has " +
                          std::to_string(header.size()));
    LabelledUnit unit;
    unit.line = row.line;
    if (!out.unit_references) unit.text = std::move(row.fields[static_cast<std::size_t>(*text_column)]);
    for (const std::string& label : core::split(row.fields[static_cast<std::size_t>(*labels_column)], ',')) {
      std::string_view trimmed = core::trim(label);
      if (!trimmed.empty()) unit.labels.emplace_back(trimmed);
    }
    for (std::size_t f = 0; f < header.size(); ++f)
      if (out.unit_references || static_cast<std::ptrdiff_t>(f) != *text_column)
        unit.fields.emplace(out.unit_references ? core::ascii_lower(header[f]) : header[f], std::move(row.fields[f]));
    units.push_back(std::move(unit));
  }
  return out;
}

core::Expected<LabelsCsv> load_labels_csv(const std::filesystem::path& path, const LabelsCsvOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::make_error(path.string(), "cannot read the labels file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_labels_csv(text.str(), path.string(), options);
}

}  // namespace hrdex::indexer::tag
