// Placeholder until the extraction issue (#3) lands: refuses the format.
#include "indexer/extract/extract.hpp"

namespace hrdex::indexer::extract {

core::Expected<ExtractedDocument> extract_docx(std::string_view) {
  return core::make_error("", "docx files are not supported yet");
}

}  // namespace hrdex::indexer::extract
