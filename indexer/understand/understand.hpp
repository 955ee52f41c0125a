// Document understanding: from extracted blocks to what the document is
// (kind, metadata) and its citable units. The kind is chosen by classify()
// and passed in, so a manifest can override it per file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/countries.hpp"
#include "core/record.hpp"
#include "indexer/extract/extracted_document.hpp"
#include "indexer/understand/document_info.hpp"

namespace hrdex::indexer::understand {

struct Understanding {
  DocumentInfo info;
  std::vector<core::UnitRecord> units;     // without id, parent or ordinal
  std::vector<core::Response> responses;   // upr-addendum
  std::string addressee;                   // civil-society
  std::vector<std::string> signatories;    // civil-society
  std::vector<std::string> followup_paragraphs;  // treaty-co
  std::string next_report_date;                  // treaty-co
  // What could not be read as the kind says (columns of a thematic list
  // that name nothing known, a report's misprinted recommendation number);
  // one line each, no file name.
  std::vector<std::string> warnings;
};

Understanding understand(const extract::ExtractedDocument& doc, std::string_view kind, const core::CountryTable& countries);

// Sets each recommendation's response from an addendum's responses, matched
// by printed number, or, when the addendum counts 1, 2, 3 where the report
// prints 115.1, 115.2, by position among the recommendations. Responses
// previously joined from `source` are cleared first.
void apply_responses(std::vector<core::UnitRecord>& units, const std::vector<core::Response>& responses,
                     const std::string& source);

}  // namespace hrdex::indexer::understand
