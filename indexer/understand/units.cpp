#include "indexer/understand/units.hpp"

#include "indexer/understand/paragraphs.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {

std::vector<Unit> split_units(const extract::ExtractedDocument& doc) { return parse_numbered_paragraphs(paragraphs(doc, {})); }

}  // namespace hrdex::indexer::understand
