// The index contract: every term prefix, value slot and metadata key that
// hrdex-index writes and hrdex-query reads. docs/schema.md documents it for
// people; change both together and bump kSchemaVersion when a change would
// make an older index mean something else.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace hrdex::core::schema {

// Version 1: documents and units, JSON records, prefixes below.
// Version 2: document kinds and unit kinds come from document understanding
// (a unit once "paragraph" may now be "recommendation"), UPR and treaty-body
// metadata, and responses joined onto recommendations.
// Version 3: tags on units (theme, issue, working group, agency terms and
// their sources), labelled examples as a third kind of Xapian document.
// Version 4: the facet values of every unit and document in value slot 3,
// so facets are counted without reading term lists.
// Version 5: agencies and working groups of a State's government tag only
// units about that State (XAGENCY, XWG); elsewhere they are XAGENCYALL and
// XWGALL. Learned tags come from a classifier (hrdex-model.bin), examples
// carry no text terms and no fold.
// Version 6: language versions of one symbol share value slots 4 and 5;
// Chinese, Japanese and Korean text is indexed as characters and pairs
// (an older index's whole CJK runs would never match the parser's n-grams);
// a treaty body's lettered sub-items are units of their own; XFOLLOWUP and
// XMANDATE.
// Version 7: units carry their document's title words (S), so `title:`
// finds units as it finds documents (in an older index it found no unit).
inline constexpr int kSchemaVersion = 7;

// Database metadata keys.
inline constexpr std::string_view kMetaSchemaVersion = "hrdex.schema_version";
inline constexpr std::string_view kMetaCreatedBy = "hrdex.created_by";
// JSON {"hrdex": version, "taxonomies": [{"id", "file", "hash"}]}: the
// program and taxonomies of the last add or retag (taxonomy/source.hpp).
inline constexpr std::string_view kMetaWrittenBy = "hrdex.written_by";
// JSON {"dir": ...} or {"files": [...]}: the taxonomies the last add or
// retag applied, so retag, evaluate and query filters read the same ones.
inline constexpr std::string_view kMetaTaxonomies = "hrdex.taxonomies";
// JSON: the tags of every taxonomy an add or retag applied, with their
// labels and the other names filters take (core/tag_vocabulary.hpp), kept
// here once instead of in every unit's record.
inline constexpr std::string_view kMetaTagVocabulary = "hrdex.tag_vocabulary";
// "K/N" on an index built with `add --shard K/N`: the shard of the
// document ids it holds (core/shards.hpp); empty on a whole index.
inline constexpr std::string_view kMetaShard = "hrdex.shard";
// kMetaLabelsPrefix + source key: JSON about one labels file `learn` stored.
inline constexpr std::string_view kMetaLabelsPrefix = "hrdex.labels.";
// kMetaFailedPrefix + document id: JSON {"path", "size", "mtime",
// "reason"} about a file `add` could not index, not retried until it changes.
inline constexpr std::string_view kMetaFailedPrefix = "hrdex.failed.";
// kMetaCopyPrefix + document id: JSON {"path", "size", "mtime", "kept_id",
// "kept_hash", "kept_path"} about a file left out as a copy in another
// format of the document kept (indexer/write/format_copies.hpp).
inline constexpr std::string_view kMetaCopyPrefix = "hrdex.copy.";

// The two kinds of Xapian document an index holds.
inline constexpr std::string_view kLevelDocument = "document";
inline constexpr std::string_view kLevelUnit = "unit";
// A labelled example stored by `hrdex-index learn`: never a search result,
// only training data for the classifier.
inline constexpr std::string_view kLevelExample = "example";

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
inline constexpr std::string_view kMandate = "XMANDATE";  // probabilistic: words of a special procedure's mandate
inline constexpr std::string_view kFollowup = "XFOLLOWUP";  // on units a committee asked follow-up on: "yes"
// On UPR reports and addenda: the review, "<iso3>/hrc<n>", so the writer
// finds one from the other for the response join.
inline constexpr std::string_view kReview = "XREVIEW";
// Tags on units, one prefix per taxonomy kind, holding the tag id whatever
// its source.
inline constexpr std::string_view kTheme = "XTHEME";
inline constexpr std::string_view kIssue = "XISSUE";
inline constexpr std::string_view kWorkingGroup = "XWG";
inline constexpr std::string_view kAgency = "XAGENCY";
inline constexpr std::string_view kPersons = "XPERSONS";  // affected persons (groups of persons)
// XTAGSRC<source> on a unit with any tag from that source, and
// XTAGSRC<source>:<taxonomy id>:<tag id> for each tag. Sources: human,
// rule, learned (a tag rules and learning agree on gets both).
inline constexpr std::string_view kTagSource = "XTAGSRC";
// XLABEL<taxonomy id>:<tag id>: a human label, on labelled examples and on
// units with human tags; what `learn` trains the classifiers from.
inline constexpr std::string_view kLabel = "XLABEL";
// On examples: the labels file they came from (source key), XEXSRC<key>.
inline constexpr std::string_view kExampleSource = "XEXSRC";
// Tags of another State's government (UnitTag::other_state), one prefix
// per kind: XAGENCYALL<tag id>, XWGALL<tag id>. `--all-states` extracts
// read them beside XAGENCY and XWG.
inline constexpr std::string_view kAgencyOtherState = "XAGENCYALL";
inline constexpr std::string_view kWorkingGroupOtherState = "XWGALL";
}  // namespace prefix

// The tag prefix for a taxonomy kind as files spell it ("themes", "issues",
// "working-groups", "agencies", "affected-persons"); empty for an unknown kind.
std::string_view tag_prefix(std::string_view kind);

// Value slots.
namespace slot {
inline constexpr unsigned kDate = 0;         // YYYYMMDD, for sorting and year ranges
inline constexpr unsigned kParent = 1;       // document id, for collapsing units per document
inline constexpr unsigned kOrdinal = 2;      // Xapian::sortable_serialise of the unit's position
inline constexpr unsigned kFacets = 3;       // facet_value(): the document's facet values, in one string
// Language versions of one UN document share a symbol: these keys are the
// same in each version, so a search can keep one of them.
inline constexpr unsigned kVersion = 4;          // "<symbol>#<number>" on units, "<symbol>" on documents; else the id
inline constexpr unsigned kDocumentVersion = 5;  // the document's kVersion, on the document and its units
}  // namespace slot

// A field facets count, and the prefix of the boolean terms that hold its
// values.
struct FacetField {
  std::string_view name;    // as printed and as the query field: "theme", "state"
  std::string_view prefix;
};
// Every facet, in the order writers print them.
const std::vector<FacetField>& facet_fields();

// What slot::kFacets holds: for each boolean term of a facet field, one byte
// with the field's index in facet_fields(), the value (the term without its
// prefix), and a NUL. Reading one value per match is what makes exact facet
// counts over a million units affordable; a term list read costs ten times
// more.
std::string facet_value(const Xapian::Document& doc);

// Calls on_value(field index, value) for each entry of a facet_value()
// string, in order; an entry whose field index is out of range is skipped.
template <typename OnValue>
void for_each_facet_value(std::string_view v, OnValue&& on_value) {
  const std::size_t fields = facet_fields().size();
  for (std::size_t at = 0; at < v.size();) {
    const auto field = static_cast<unsigned char>(v[at]);
    std::size_t stop = v.find('\0', at + 1);
    if (stop == std::string_view::npos) stop = v.size();
    if (field < fields) on_value(static_cast<std::size_t>(field), v.substr(at + 1, stop - at - 1));
    at = stop + 1;
  }
}

// A term for a boolean field: prefix + lower-cased value. Values that begin
// with a capital cannot clash with the prefix because values are lower case.
std::string boolean_term(std::string_view field_prefix, std::string_view value);

}  // namespace hrdex::core::schema
