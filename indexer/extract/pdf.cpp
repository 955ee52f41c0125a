// Placeholder until the extraction issue (#3) lands: refuses the format.
#include "indexer/extract/extract.hpp"

namespace hrdex::indexer::extract {

core::Expected<ExtractedDocument> extract_pdf(std::string_view) {
  return core::make_error("", "pdf files are not supported yet");
}

}  // namespace hrdex::indexer::extract
