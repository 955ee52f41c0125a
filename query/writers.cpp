#include "query/writers.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <variant>

#include "core/text.hpp"
#include "query/json_fields.hpp"
#include "query/json_text.hpp"

namespace hrdex::query {
namespace {

void append_field(std::string& out, const FieldValue& v) {
  if (auto tags = std::get_if<std::vector<TagValue>>(&v)) {
    out += '[';
    for (std::size_t i = 0; i < tags->size(); ++i) {
      const TagValue& t = (*tags)[i];
      out += i ? ",{" : "{";
      if (t.id.empty()) {
        append_member(out, "label", t.label, true);
        append_member(out, "source", t.source);
      } else {
        append_member(out, "id", t.id, true);
        append_member(out, "label", t.label);
        append_member(out, "taxonomy", t.taxonomy);
        append_member(out, "source", t.source);
        append_member(out, "score", t.score);
      }
      out += '}';
    }
    out += ']';
    return;
  }
  std::visit(
      [&](const auto& x) {
        if constexpr (!std::is_same_v<std::decay_t<decltype(x)>, std::vector<TagValue>>) append_json(out, x);
      },
      v);
}

}  // namespace

std::string facets_json(const std::vector<Facet>& facets) {
  std::string out = "{";
  for (std::size_t i = 0; i < facets.size(); ++i) {
    if (i) out += ',';
    append_json(out, facets[i].name);
    out += ":[";
    bool first = true;
    for (const auto& v : facets[i].values) {
      out += first ? "{" : ",{";
      first = false;
      append_member(out, "value", v.value, true);
      append_member(out, "count", v.count);
      if (!v.label.empty()) append_member(out, "label", v.label);
      out += '}';
    }
    out += ']';
  }
  out += '}';
  return out;
}

std::string dump_json(const nlohmann::ordered_json& j) { return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace); }

std::string hit_json(const Hit& h, const std::vector<HitField>& fields) {
  std::string out = "{";
  bool first = true;
  for (const auto& f : fields) {
    if (!first) out += ',';
    first = false;
    append_json(out, f.name);
    out += ':';
    append_field(out, f.get(h));
  }
  out += '}';
  return out;
}

std::string hit_citation(const Hit& h) {
  std::string c = h.symbol.empty() ? h.title : h.symbol;
  // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on
  // a (cond ? "" : " ") + std::string(...) chain.
  if (!h.number.empty()) {
    if (!c.empty()) c += ' ';
    c += "para. ";
    c += h.number;
  }
  if (h.page > 0) {
    if (!c.empty()) c += ", ";
    c += "p. ";
    c += std::to_string(h.page);
  }
  return c;
}

namespace {

void write_text_facets(std::ostream& out, const std::vector<Facet>& facets, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  out << '\n' << bold << "Facets" << reset << " (over all matches)\n";
  for (const auto& f : facets) {
    if (f.values.empty()) continue;
    out << "  " << f.name << ':';
    for (const auto& v : f.values) {
      out << "  ";
      if (!v.label.empty()) out << v.label << " [" << v.value << ']';
      else out << v.value;
      out << " (" << v.count << ')';
    }
    out << '\n';
  }
}

class TextWriter : public ResultWriter {
 public:
  TextWriter(std::ostream& out, const WriterOptions& options) : out_(out), options_(options) {}

  void begin(const SearchResult& result, const SearchRequest& request) override {
    out_ << result.total << (result.total == 1 ? " match" : " matches") << " for " << request.query << '\n';
    if (!result.suggestion.empty()) out_ << "Did you mean: " << result.suggestion << '\n';
    for (const std::string& note : result.notes) out_ << "Note: " << note << '\n';
  }

  void hit(const Hit& h, std::size_t rank) override {
    const char* bold = options_.color ? "\x1b[1m" : "";
    const char* reset = options_.color ? "\x1b[0m" : "";
    const char* dim = options_.color ? "\x1b[2m" : "";
    out_ << '\n' << rank << ". " << bold << hit_citation(h) << reset;
    if (!h.unit_kind.empty()) out_ << "  [" << h.doc_kind << ' ' << h.unit_kind << ']';
    out_ << '\n';
    if (!h.section.empty()) out_ << "   " << dim << h.section << reset << '\n';
    std::string snippet = options_.color ? plain_snippet(h.snippet, "\x1b[1;33m", "\x1b[0m") : plain_snippet(h.snippet, "[", "]");
    out_ << "   " << snippet << '\n';
    out_ << "   " << dim << h.source_path << "  id " << h.id << reset << '\n';
  }

  void end(const SearchResult& result, const SearchRequest&) override {
    if (!result.facets.empty()) write_text_facets(out_, result.facets, options_.color);
  }

 private:
  std::ostream& out_;
  WriterOptions options_;
};

// One object per hit; with facets, a last line {"facets": ..., "total": N}
// (the only object without an "id"-like hit field).
class JsonLinesWriter : public ResultWriter {
 public:
  JsonLinesWriter(std::ostream& out, std::vector<HitField> fields) : out_(out), fields_(std::move(fields)) {}
  void begin(const SearchResult&, const SearchRequest&) override {}
  void hit(const Hit& h, std::size_t) override {
    out_ << hit_json(h, fields_) << '\n';
  }
  void end(const SearchResult& result, const SearchRequest&) override {
    if (result.facets.empty()) return;
    std::string line = "{\"facets\":" + facets_json(result.facets);
    append_member(line, "total", result.total);
    out_ << line << "}\n";
  }

 private:
  std::ostream& out_;
  std::vector<HitField> fields_;
};

// RFC 4180: CRLF line ends, every text cell quoted. Facets, when asked for,
// follow as a second table (facet,value,label,count) after one empty line.
class CsvWriter : public ResultWriter {
 public:
  CsvWriter(std::ostream& out, std::vector<HitField> fields) : out_(out), fields_(std::move(fields)) {}
  void begin(const SearchResult&, const SearchRequest&) override {
    std::string header;
    for (const auto& f : fields_) {
      if (!header.empty()) header += ',';
      header += f.name;
    }
    out_ << header << "\r\n";
  }
  void hit(const Hit& h, std::size_t) override {
    bool first = true;
    for (const auto& f : fields_) {
      if (!first) out_ << ',';
      first = false;
      FieldValue v = f.get(h);
      // Numbers stay bare so a spreadsheet reads them as numbers.
      if (std::holds_alternative<long long>(v) || std::holds_alternative<double>(v)) out_ << field_text(v);
      else out_ << core::csv_cell(field_text(v));
    }
    out_ << "\r\n";
  }
  void end(const SearchResult& result, const SearchRequest&) override {
    if (result.facets.empty()) return;
    out_ << "\r\nfacet,value,label,count\r\n";
    for (const auto& f : result.facets)
      for (const auto& v : f.values)
        out_ << core::csv_cell(f.name) << ',' << core::csv_cell(v.value) << ',' << core::csv_cell(v.label) << ',' << v.count << "\r\n";
  }

 private:
  std::ostream& out_;
  std::vector<HitField> fields_;
};

// Document text is escaped so that it stays literal in any renderer.
std::string md(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out.push_back(' ');
      continue;
    }
    if (std::string_view("\\`*_{}[]<>#|").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// A heading per hit (its citation), then each chosen field as a list item;
// facets as tables at the end.
class MarkdownWriter : public ResultWriter {
 public:
  MarkdownWriter(std::ostream& out, std::vector<HitField> fields) : out_(out), fields_(std::move(fields)) {}
  void begin(const SearchResult& result, const SearchRequest& request) override {
    out_ << "# " << result.total << (result.total == 1 ? " match" : " matches") << " for `" << request.query << "`\n";
    if (!result.suggestion.empty()) out_ << "\nDid you mean: `" << result.suggestion << "`?\n";
    for (const std::string& note : result.notes) out_ << "\nNote: " << md(note) << '\n';
  }
  void hit(const Hit& h, std::size_t rank) override {
    out_ << "\n## " << rank << ". " << md(hit_citation(h)) << "\n\n";
    for (const auto& f : fields_) {
      FieldValue v = f.get(h);
      std::string t = f.name == "snippet" ? plain_snippet(field_text(v), "\x01", "\x02") : field_text(v);
      if (t.empty()) continue;
      std::string escaped = md(t);
      if (f.name == "snippet") {
        // Matches in bold: markers survive escaping as control characters.
        std::string b;
        for (char c : escaped) b += c == '\x01' || c == '\x02' ? std::string("**") : std::string(1, c);
        escaped = b;
      }
      out_ << "- **" << f.name << "**: " << escaped << '\n';
    }
  }
  void end(const SearchResult& result, const SearchRequest&) override {
    if (result.facets.empty()) return;
    out_ << "\n## Facets (over all matches)\n";
    for (const auto& f : result.facets) {
      if (f.values.empty()) continue;
      out_ << "\n| " << f.name << " | label | matches |\n|---|---|---:|\n";
      for (const auto& v : f.values) out_ << "| " << md(v.value) << " | " << md(v.label) << " | " << v.count << " |\n";
    }
  }

 private:
  std::ostream& out_;
  std::vector<HitField> fields_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_writer(std::string_view format, std::ostream& out, const WriterOptions& options) {
  if (format == "text") return std::make_unique<TextWriter>(out, options);
  std::vector<HitField> fields = options.fields.empty() ? hit_fields() : options.fields;
  if (format == "json" || format == "jsonl") return std::make_unique<JsonLinesWriter>(out, std::move(fields));
  if (format == "csv") return std::make_unique<CsvWriter>(out, std::move(fields));
  if (format == "markdown" || format == "md") return std::make_unique<MarkdownWriter>(out, std::move(fields));
  return nullptr;
}

std::string plain_snippet(std::string_view html, std::string_view on, std::string_view off) {
  static constexpr std::pair<std::string_view, std::string_view> kReplacements[] = {
      {"<b>", ""}, {"</b>", ""}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size();) {
    bool replaced = false;
    for (const auto& [from, to] : kReplacements) {
      if (html.compare(i, from.size(), from) != 0) continue;
      out += from == "<b>" ? on : from == "</b>" ? off : to;
      i += from.size();
      replaced = true;
      break;
    }
    if (!replaced) out.push_back(html[i++]);
  }
  return out;
}

void write_result(ResultWriter& writer, const SearchResult& result, const SearchRequest& request) {
  writer.begin(result, request);
  std::size_t rank = request.offset;
  for (const Hit& h : result.hits) writer.hit(h, ++rank);
  writer.end(result, request);
}

}  // namespace hrdex::query
