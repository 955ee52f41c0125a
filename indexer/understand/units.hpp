// Splitting a document of no particular kind into citable units: numbered
// paragraphs. The per-kind parsers are in parsers.hpp; understand.hpp picks.
#pragma once

#include <vector>

#include "core/record.hpp"
#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::understand {

using Unit = core::UnitRecord;

// When the document numbers its paragraphs, each numbered paragraph is a unit
// and the unnumbered text after it (until the next number or heading) joins
// it, so a paragraph broken by a page stays whole. Otherwise every paragraph,
// list item and table row is a unit of its own. Headings and footnotes are
// never units.
std::vector<Unit> split_units(const extract::ExtractedDocument& doc);

}  // namespace hrdex::indexer::understand
