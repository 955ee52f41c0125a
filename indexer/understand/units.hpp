// Splitting extracted blocks into citable units. This first version cuts on
// paragraph numbers only; the document-understanding work (#4) replaces it
// with per-kind parsers (UPR recommendations, concluding observations, ...).
#pragma once

#include <string>
#include <vector>

#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::understand {

struct Unit {
  std::string unit_kind;  // "paragraph" until #4 tells recommendations apart
  std::string number;     // as printed, without its closing dot
  int page = 0;
  std::string section;    // nearest heading above
  std::string text;
};

// When the document numbers its paragraphs, each numbered paragraph is a unit
// and the unnumbered text after it (until the next number or heading) joins
// it, so a paragraph broken by a page stays whole. Otherwise every paragraph,
// list item and table row is a unit of its own. Headings and footnotes are
// never units.
std::vector<Unit> split_units(const extract::ExtractedDocument& doc);

}  // namespace hrdex::indexer::understand
