#include "indexer/extract_command.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

#include "indexer/extract/extract.hpp"
#include "indexer/ingest.hpp"

namespace hrdex::indexer {
namespace {

std::size_t count_words(const std::string& s) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

nlohmann::json to_json(const std::filesystem::path& path, const extract::ExtractedDocument& doc) {
  nlohmann::json blocks = nlohmann::json::array();
  for (const auto& b : doc.blocks) {
    nlohmann::json jb = {{"kind", extract::block_kind_name(b.kind)}, {"page", b.page}, {"text", b.text}};
    if (!b.number.empty()) jb["number"] = b.number;
    if (b.level) jb["level"] = b.level;
    if (!b.cells.empty()) jb["cells"] = b.cells;
    blocks.push_back(std::move(jb));
  }
  return {{"path", path.string()},
          {"format", extract::format_name(doc.format)},
          {"meta",
           {{"title", doc.meta.title},
            {"author", doc.meta.author},
            {"created", doc.meta.created},
            {"language", doc.meta.language},
            {"page_count", doc.meta.page_count},
            {"running_headers", doc.meta.running_headers},
            {"ocr_pages", doc.meta.ocr_pages},
            {"ocr_language", doc.meta.ocr_language}}},
          {"warnings", doc.warnings},
          {"blocks", std::move(blocks)}};
}

}  // namespace

int run_extract(const ExtractOptions& options, std::ostream& out, std::ostream& err) {
  FileList list = collect_files(options.inputs);
  std::size_t failed = list.errors.size();
  for (const auto& e : list.errors) err << "hrdex-index: error: " << e.message() << '\n';
  for (const auto& file : list.files) {
    auto doc = extract::extract_file(file, extract::OcrOptions{options.ocr, ""});
    if (!doc) {
      err << "hrdex-index: error: " << doc.error().message() << '\n';
      ++failed;
      continue;
    }
    for (const auto& w : doc->warnings) err << "hrdex-index: warning: " << file.string() << ": " << w << '\n';
    if (options.json) {
      out << to_json(file, *doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else if (options.summary) {
      std::size_t words = 0;
      for (const auto& b : doc->blocks) words += count_words(b.text);
      out << file.string() << '\t' << extract::format_name(doc->format) << '\t' << doc->meta.page_count << " pages\t"
          << doc->blocks.size() << " blocks\t" << words << " words\n";
    } else {
      out << "== " << file.string() << " (" << extract::format_name(doc->format) << ", " << doc->meta.page_count
          << " pages, language " << (doc->meta.language.empty() ? "?" : doc->meta.language);
      if (!doc->meta.ocr_pages.empty())
        out << ", " << doc->meta.ocr_pages.size() << " pages read by OCR (" << doc->meta.ocr_language << ")";
      out << ")\n";
      for (const auto& b : doc->blocks) {
        out << 'p' << b.page << ' ' << extract::block_kind_name(b.kind);
        if (!b.number.empty()) out << ' ' << b.number;
        out << ": " << b.text << '\n';
      }
    }
  }
  return failed ? kExitSomeFailed : kExitOk;
}

}  // namespace hrdex::indexer
