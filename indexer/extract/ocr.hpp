// Optical character recognition with Tesseract, for PDF pages that have no
// text layer (scans). A page image goes in; words with their boxes come out,
// in PDF points, so pdf_layout.hpp builds lines, paragraphs and page
// furniture from them exactly as from poppler's words.
//
// Tesseract reads one trained-data file per language from its data folder
// (Debian's tesseract-ocr-eng, -fra, -spa, -rus packages); which are
// installed is checked before a language is asked for, so a missing one is
// a warning naming the package, not Tesseract's own message on stderr. One
// engine per language is kept for the life of the process: loading a model
// costs more than reading a page. Extraction runs in hrdex-index's worker
// processes, so each worker has its own engines and no locking is needed.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "indexer/extract/pdf_layout.hpp"

namespace hrdex::indexer::extract {

// A grey page image: one byte per pixel (0 black, 255 white), rows from
// the top, `stride` bytes apart.
struct PageImage {
  const unsigned char* pixels = nullptr;
  int width = 0, height = 0, stride = 0;
  int dpi = 0;  // the resolution it was rendered at, to turn pixels into points
};

// Tesseract's name for the language of an ISO 639-1 code ("fr" -> "fra",
// "zh" -> "chi_sim"); empty when hrdex knows none.
std::string tesseract_language(std::string_view iso639_1);

// Where Tesseract's trained data is read from: $TESSDATA_PREFIX when set,
// else Debian's folder.
std::filesystem::path tessdata_dir();

// Whether <tessdata_dir>/<language>.traineddata exists.
bool ocr_data_installed(std::string_view language);

// The Debian package that holds a Tesseract language ("fra" ->
// "tesseract-ocr-fra", "chi_sim" -> "tesseract-ocr-chi-sim").
std::string ocr_package(std::string_view language);

// The words Tesseract reads on `image` with `languages` ("fra", or
// "eng+fra" to read with several), in reading order, boxes in PDF points.
// An error says what Tesseract could not do.
core::Expected<std::vector<PdfWord>> recognise(const PageImage& image, const std::string& languages);

}  // namespace hrdex::indexer::extract
