#include "indexer/extract/extract.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/text.hpp"
#include "indexer/extract/encoding.hpp"
#include "indexer/extract/language.hpp"

namespace hrdex::indexer::extract {
namespace fs = std::filesystem;

std::string_view format_name(Format format) {
  switch (format) {
    case Format::pdf: return "pdf";
    case Format::docx: return "docx";
    case Format::odt: return "odt";
    case Format::doc: return "doc";
    case Format::html: return "html";
    case Format::text: return "text";
    case Format::markdown: return "markdown";
    case Format::unknown: break;
  }
  return "unknown";
}

std::string table_row_text(const std::vector<std::string>& cells) {
  std::string text;
  for (const std::string& cell : cells) {
    if (cell.empty()) continue;
    if (!text.empty()) text += " | ";
    for (char c : cell) text += c == '\n' ? ' ' : c;
  }
  return text;
}

std::string_view block_kind_name(BlockKind kind) {
  switch (kind) {
    case BlockKind::heading: return "heading";
    case BlockKind::paragraph: return "paragraph";
    case BlockKind::list_item: return "list_item";
    case BlockKind::table_row: return "table_row";
    case BlockKind::footnote: return "footnote";
  }
  return "paragraph";
}

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Bytes that no text file holds: NUL and most C0 controls. UTF-16 text is
// full of NULs, so it is recognised by its byte-order mark first.
bool looks_binary(std::string_view head) {
  std::size_t controls = 0;
  for (unsigned char c : head) {
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B) ++controls;
  }
  return controls * 20 > head.size();
}

// ASCII lower case of the first bytes, with NULs dropped so that UTF-16
// markup can be sniffed too.
std::string sniff(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 4096))
    if (c != 0) out.push_back(c);
  return core::ascii_lower(out);
}

bool looks_html(std::string_view bytes) {
  std::string head = sniff(bytes);
  std::string_view t = core::trim(head);
  if (starts_with(t, "\xEF\xBB\xBF")) t = core::trim(t.substr(3));
  if (starts_with(t, "\xFF\xFE") || starts_with(t, "\xFE\xFF")) t = core::trim(t.substr(2));
  if (starts_with(t, "<!doctype html") || starts_with(t, "<html")) return true;
  if (starts_with(t, "<?xml") && t.find("<html") != std::string_view::npos) return true;
  if (starts_with(t, "<!--") || starts_with(t, "<head") || starts_with(t, "<body") || starts_with(t, "<meta"))
    return t.find("<html") != std::string_view::npos || t.find("<body") != std::string_view::npos ||
           t.find("<p") != std::string_view::npos || t.find("<div") != std::string_view::npos;
  return false;
}

bool has_extension(const fs::path& path, std::initializer_list<std::string_view> exts) {
  std::string ext = core::ascii_lower(path.extension().string());
  return std::find(exts.begin(), exts.end(), ext) != exts.end();
}

}  // namespace

Format detect_format(std::string_view bytes, const fs::path& path) {
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Format::pdf;
  if (starts_with(bytes, "PK\x03\x04")) {
    // Zip member names are stored uncompressed, so the container's own
    // markers can be found without unpacking it.
    if (bytes.find("word/document.xml") != std::string_view::npos) return Format::docx;
    if (bytes.find("application/vnd.oasis.opendocument.text") != std::string_view::npos) return Format::odt;
    return Format::unknown;
  }
  if (starts_with(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return Format::doc;
  if (looks_html(bytes)) return Format::html;
  bool utf16 = starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF");
  if (!utf16 && looks_binary(bytes.substr(0, 4096))) return Format::unknown;
  if (has_extension(path, {".md", ".markdown"})) return Format::markdown;
  return Format::text;
}

core::Expected<ExtractedDocument> extract_bytes(std::string_view bytes, Format format, const OcrOptions& ocr) {
  switch (format) {
    case Format::pdf: return extract_pdf(bytes, ocr);
    case Format::docx: return extract_docx(bytes);
    case Format::odt: return extract_odt(bytes);
    case Format::doc: return extract_doc(bytes);
    case Format::html: return extract_html(bytes);
    case Format::text:
    case Format::markdown: return extract_text(bytes, format);
    case Format::unknown: break;
  }
  return core::make_error("", "not a supported document format (binary content that is not PDF, DOCX, ODT, DOC, HTML or text)");
}

core::Expected<std::string> read_file_bytes(const fs::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return core::make_error(name, "no such file");
  if (fs::is_directory(status)) return core::make_error(name, "is a directory");
  if (!fs::is_regular_file(status)) return core::make_error(name, "not a regular file");
  auto size = fs::file_size(path, ec);
  if (ec) return core::make_error(name, "cannot read size: " + ec.message());
  if (size > kMaxFileBytes)
    return core::make_error(name, "file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB; refusing to read it");

  std::ifstream in(path, std::ios::binary);
  if (!in) return core::make_error(name, "cannot open file for reading (permission denied?)");
  std::string bytes;
  bytes.resize(size);
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) {
    // A read error (EISDIR, EIO) or a file that shrank while being read.
    if (in.bad() || in.gcount() == 0) return core::make_error(name, "cannot read file");
    bytes.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (core::trim(bytes).empty()) return core::make_error(name, "empty file");
  return bytes;
}

core::Expected<ExtractedDocument> extract_loaded(const fs::path& path, std::string_view bytes, const OcrOptions& ocr) {
  const std::string name = path.string();
  Format format = detect_format(bytes, path);
  // UTF-16 text without a byte-order mark is full of NULs, which
  // detect_format takes for binary.
  if (format == Format::unknown && looks_like_utf16(bytes))
    format = has_extension(path, {".md", ".markdown"}) ? Format::markdown : Format::text;
  auto result = extract_bytes(bytes, format, ocr);
  if (!result) {
    const auto& e = result.error();
    return core::make_error(e.where.empty() ? name : name + ":" + e.where, e.what);
  }
  result->format = format;
  settle_language(*result);
  return result;
}

core::Expected<ExtractedDocument> extract_file(const fs::path& path, const OcrOptions& ocr) {
  auto bytes = read_file_bytes(path);
  if (!bytes) return bytes.error();
  return extract_loaded(path, *bytes, ocr);
}

}  // namespace hrdex::indexer::extract
