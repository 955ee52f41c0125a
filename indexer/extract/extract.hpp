// The extractor interface: one entry point that reads a file, tells its
// format from its content and hands it to that format's extractor.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/expected.hpp"
#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::extract {

// What extraction does for PDF pages without a text layer (scans).
struct OcrOptions {
  bool enabled = true;   // read them with Tesseract (ocr.hpp); off: they stay without text, with a warning
  std::string language;  // ISO 639-1 of the document when the user knows it (a manifest); empty: detected
};

// Files larger than this are refused before they are read.
inline constexpr std::uintmax_t kMaxFileBytes = 512u * 1024 * 1024;

// Tells the format from magic bytes first; the extension only decides
// between formats that content cannot tell apart (text and Markdown).
Format detect_format(std::string_view bytes, const std::filesystem::path& path);

// Reads and extracts one file. Errors name the file (and page or line where
// there is one) and say what is wrong.
core::Expected<ExtractedDocument> extract_file(const std::filesystem::path& path, const OcrOptions& ocr = {});

// The two halves of extract_file, for callers that also need the bytes
// (to hash them) without reading the file twice.
core::Expected<std::string> read_file_bytes(const std::filesystem::path& path);
core::Expected<ExtractedDocument> extract_loaded(const std::filesystem::path& path, std::string_view bytes,
                                                 const OcrOptions& ocr = {});

// Extracts bytes already in memory; `format` as detect_format gives it.
core::Expected<ExtractedDocument> extract_bytes(std::string_view bytes, Format format, const OcrOptions& ocr = {});

// One function per format, each in its own source file. Errors carry no file
// name; `where` is empty or names a page or line.
core::Expected<ExtractedDocument> extract_pdf(std::string_view bytes, const OcrOptions& ocr = {});
core::Expected<ExtractedDocument> extract_docx(std::string_view bytes);
core::Expected<ExtractedDocument> extract_odt(std::string_view bytes);
core::Expected<ExtractedDocument> extract_doc(std::string_view bytes);
core::Expected<ExtractedDocument> extract_html(std::string_view bytes);
core::Expected<ExtractedDocument> extract_text(std::string_view bytes, Format format);

}  // namespace hrdex::indexer::extract
