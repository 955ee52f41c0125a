// The extractor interface: one entry point that reads a file, tells its
// format from its content and hands it to that format's extractor.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/expected.hpp"
#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::extract {

// Files larger than this are refused before they are read.
inline constexpr std::uintmax_t kMaxFileBytes = 512u * 1024 * 1024;

// Tells the format from magic bytes first; the extension only decides
// between formats that content cannot tell apart (text and Markdown).
Format detect_format(std::string_view bytes, const std::filesystem::path& path);

// Reads and extracts one file. Errors name the file (and page or line where
// there is one) and say what is wrong.
core::Expected<ExtractedDocument> extract_file(const std::filesystem::path& path);

// The two halves of extract_file, for callers that also need the bytes
// (to hash them) without reading the file twice.
core::Expected<std::string> read_file_bytes(const std::filesystem::path& path);
core::Expected<ExtractedDocument> extract_loaded(const std::filesystem::path& path, std::string_view bytes);

// Extracts bytes already in memory; `format` as detect_format gives it.
core::Expected<ExtractedDocument> extract_bytes(std::string_view bytes, Format format);

// One function per format, each in its own source file. Errors carry no file
// name; `where` is empty or names a page or line.
core::Expected<ExtractedDocument> extract_pdf(std::string_view bytes);
core::Expected<ExtractedDocument> extract_docx(std::string_view bytes);
core::Expected<ExtractedDocument> extract_odt(std::string_view bytes);
core::Expected<ExtractedDocument> extract_doc(std::string_view bytes);
core::Expected<ExtractedDocument> extract_html(std::string_view bytes);
core::Expected<ExtractedDocument> extract_text(std::string_view bytes, Format format);

}  // namespace hrdex::indexer::extract
