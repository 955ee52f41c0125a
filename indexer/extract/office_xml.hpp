// What the office extractors (DOCX, ODT, DOC through antiword) share:
// parsing an XML part safely, reading elements and attributes by local name
// (the prefixes vary between producers, strict and transitional OOXML use
// different namespaces), and normalising text and metadata.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::extract::office {

struct XmlFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocument = std::unique_ptr<xmlDoc, XmlFree>;

// Parses without network access, DTD loading or entity substitution, so a
// hostile part can neither reach out nor expand entities. `kind` and `part`
// name the container and member in the error ("not a readable DOCX
// (word/document.xml is not well-formed XML: ...)").
core::Expected<XmlDocument> parse_xml(std::string_view bytes, std::string_view kind, std::string_view part);

bool is(const xmlNode* node, const char* local_name);
// The first element child with this local name, or null.
const xmlNode* child(const xmlNode* node, const char* local_name);
// An attribute by local name, whatever its namespace prefix; empty when absent.
std::string attr(const xmlNode* node, const char* local_name);
bool has_attr(const xmlNode* node, const char* local_name);
// All text below `node`, entity references left out.
std::string text_content(const xmlNode* node);

// Block text as the extractors store it: NFC, white space collapsed.
std::string clean_text(std::string_view text);

// Inside a table cell a line break (Word's <w:br/>, ODF's <text:line-break/>)
// separates list entries, as a paragraph break does: the walkers write this
// character for it there, and clean_lines turns the cell into its lines.
inline constexpr char kLineBreak = '\x1f';
// Each line (split at kLineBreak) cleaned as clean_text does, empty lines
// dropped, joined by '\n'.
std::string clean_lines(std::string_view text);

// "en-GB", "en_US", "EN", "eng", "fra" -> "en", "en", "en", "en", "fr";
// empty when it cannot be mapped to ISO 639-1.
std::string iso639_1(std::string_view tag);
// "2020-05-19T11:39:00Z" -> "2020-05-19"; empty when not a date.
std::string iso_date(std::string_view value);
// Keeps in `earliest` the earlier of it and iso_date(value). A document's
// properties name several dates (created, modified, last printed); copying
// or converting a file resets the first two, but not the last, so the
// earliest is the nearest to when its text was written.
void keep_earliest_date(std::string& earliest, std::string_view value);

// Documents often leave the title property empty; the top heading is what a
// reader would call the title.
void fill_title_from_headings(ExtractedDocument& doc);

}  // namespace hrdex::indexer::extract::office
