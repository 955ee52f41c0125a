#include "query/writers.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace hrdex::query {
namespace {

std::string citation(const Hit& h) {
  std::string c = h.symbol.empty() ? h.title : h.symbol;
  if (!h.number.empty()) c += (c.empty() ? "" : " ") + std::string("para. ") + h.number;
  if (h.page > 0) c += (c.empty() ? "" : ", ") + std::string("p. ") + std::to_string(h.page);
  return c;
}

class TextWriter : public ResultWriter {
 public:
  TextWriter(std::ostream& out, const WriterOptions& options) : out_(out), options_(options) {}

  void begin(const SearchResult& result, const SearchRequest& request) override {
    out_ << result.total << (result.total == 1 ? " match" : " matches") << " for " << request.query << '\n';
  }

  void hit(const Hit& h, std::size_t rank) override {
    const char* bold = options_.color ? "\x1b[1m" : "";
    const char* reset = options_.color ? "\x1b[0m" : "";
    const char* dim = options_.color ? "\x1b[2m" : "";
    out_ << '\n' << rank << ". " << bold << citation(h) << reset;
    if (!h.unit_kind.empty()) out_ << "  [" << h.doc_kind << ' ' << h.unit_kind << ']';
    out_ << '\n';
    if (!h.section.empty()) out_ << "   " << dim << h.section << reset << '\n';
    std::string snippet = options_.color ? plain_snippet(h.snippet, "\x1b[1;33m", "\x1b[0m") : plain_snippet(h.snippet, "[", "]");
    out_ << "   " << snippet << '\n';
    out_ << "   " << dim << h.source_path << "  id " << h.id << reset << '\n';
  }

  void end(const SearchResult&, const SearchRequest&) override {}

 private:
  std::ostream& out_;
  WriterOptions options_;
};

class JsonLinesWriter : public ResultWriter {
 public:
  explicit JsonLinesWriter(std::ostream& out) : out_(out) {}
  void begin(const SearchResult&, const SearchRequest&) override {}
  void hit(const Hit& h, std::size_t) override {
    nlohmann::json j = {{"id", h.id},
                        {"level", h.level},
                        {"doc_kind", h.doc_kind},
                        {"unit_kind", h.unit_kind},
                        {"symbol", h.symbol},
                        {"title", h.title},
                        {"number", h.number},
                        {"page", h.page},
                        {"section", h.section},
                        {"text", h.text},
                        {"snippet", h.snippet},
                        {"source_path", h.source_path},
                        {"document_id", h.document_id},
                        {"language", h.language},
                        {"date", h.date},
                        {"subsection", h.subsection},
                        {"state", h.state},
                        {"recommending_states", h.recommending_states},
                        {"response", h.response},
                        {"response_text", h.response_text},
                        {"session", h.session},
                        {"cycle", h.cycle},
                        {"body", h.body},
                        {"score", h.score}};
    out_ << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  void end(const SearchResult&, const SearchRequest&) override {}

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_writer(std::string_view format, std::ostream& out, const WriterOptions& options) {
  if (format == "text") return std::make_unique<TextWriter>(out, options);
  if (format == "json" || format == "jsonl") return std::make_unique<JsonLinesWriter>(out);
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
