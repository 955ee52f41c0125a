// The index contract: every term prefix, value slot and metadata key that
// hrdex-index writes and hrdex-query reads. docs/schema.md documents it for
// people; change both together and bump kSchemaVersion when a change would
// make an older index mean something else.
#pragma once

#include <string>
#include <string_view>

namespace hrdex::core::schema {

// Version 1: documents and units, JSON records, prefixes below.
// Version 2: document kinds and unit kinds come from document understanding
// (a unit once "paragraph" may now be "recommendation"), UPR and treaty-body
// metadata, and responses joined onto recommendations.
inline constexpr int kSchemaVersion = 2;

// Database metadata keys.
inline constexpr std::string_view kMetaSchemaVersion = "hrdex.schema_version";
inline constexpr std::string_view kMetaCreatedBy = "hrdex.created_by";

// The two kinds of Xapian document an index holds.
inline constexpr std::string_view kLevelDocument = "document";
inline constexpr std::string_view kLevelUnit = "unit";

// Term prefixes. Single capitals follow Omega's conventions where a meaning is
// shared (Q unique id, K kind, L language, S title, Y year); hrdex's own
// fields use X followed by capitals. Boolean terms hold lower-case values.
namespace prefix {
inline constexpr std::string_view kUniqueId = "Q";        // Q<id>: one per Xapian document
inline constexpr std::string_view kLevel = "XLEVEL";      // XLEVELdocument / XLEVELunit
inline constexpr std::string_view kParent = "XPARENT";    // on units: XPARENT<document id>
inline constexpr std::string_view kContentHash = "XHASH"; // on documents: content hash
inline constexpr std::string_view kFormat = "XFORMAT";    // pdf, docx, odt, doc, html, text, markdown
inline constexpr std::string_view kDocKind = "K";         // document kind, on documents and their units
inline constexpr std::string_view kUnitKind = "XUNIT";    // unit kind, on units
inline constexpr std::string_view kSymbol = "XSYMBOL";    // normalised UN symbol, lower case
inline constexpr std::string_view kLanguage = "L";        // ISO 639-1 code
inline constexpr std::string_view kYear = "Y";            // four digits
inline constexpr std::string_view kTitle = "S";           // probabilistic: words of the title
inline constexpr std::string_view kSection = "XSECTION";  // probabilistic: words of the section heading
inline constexpr std::string_view kState = "XSTATE";      // ISO 3166 alpha-3 of the State under review
inline constexpr std::string_view kBy = "XBY";            // on units: ISO alpha-3 of a recommending State
inline constexpr std::string_view kResponse = "XRESPONSE";  // on units: supported / noted
inline constexpr std::string_view kSession = "XSESSION";  // UPR Working Group session number
inline constexpr std::string_view kCycle = "XCYCLE";      // UPR cycle number
inline constexpr std::string_view kBody = "XBODY";        // treaty body: cerd, ccpr, cescr, ...
// On UPR reports and addenda: the review, "<iso3>/hrc<n>", so the writer
// finds one from the other for the response join.
inline constexpr std::string_view kReview = "XREVIEW";
}  // namespace prefix

// Value slots.
namespace slot {
inline constexpr unsigned kDate = 0;         // YYYYMMDD, for sorting and year ranges
inline constexpr unsigned kParent = 1;       // document id, for collapsing units per document
inline constexpr unsigned kOrdinal = 2;      // Xapian::sortable_serialise of the unit's position
}  // namespace slot

// A term for a boolean field: prefix + lower-cased value. Values that begin
// with a capital cannot clash with the prefix because values are lower case.
std::string boolean_term(std::string_view field_prefix, std::string_view value);

}  // namespace hrdex::core::schema
