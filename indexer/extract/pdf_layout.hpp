// Page geometry to blocks, apart from poppler so that it can be tested on
// hand-made word lists. Coordinates are PDF points with y growing downwards
// (poppler's convention), one page at a time.
#pragma once

#include <string>
#include <vector>

#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::extract {

struct PdfWord {
  std::string text;  // UTF-8 as poppler gives it, not yet normalised
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int rotation = 0;  // 0 for horizontal text, 1..3 for quarter turns
  bool space_after = false;
};

struct PdfLine {
  std::string text;  // NFKC, single spaces, footnote reference markers removed
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  // Height of the line's ordinary words: poppler's word boxes span the
  // font's ascent to descent, so this stands in for the font size.
  double size = 0;
  // A raised small number opening the line: the label of a footnote.
  std::string footnote_label;
};

struct PdfPage {
  int number = 0;  // 1-based
  double width = 0, height = 0;
  std::vector<PdfLine> lines;  // in poppler's reading order
};

// Groups words (in reading order) into lines. Raised small digits after a
// word are footnote references and are dropped; at the start of a line they
// become its footnote_label.
std::vector<PdfLine> build_lines(const std::vector<PdfWord>& words);

// The document's blocks: running headers and footers removed, footnotes
// apart, paragraphs joined across lines and page breaks, hyphenation undone.
// `running_headers`, when given, receives the text of the repeated edge
// lines removed as furniture (see Metadata::running_headers).
std::vector<Block> layout_blocks(const std::vector<PdfPage>& pages, std::vector<std::string>* running_headers = nullptr);

}  // namespace hrdex::indexer::extract
