// The stored record of each Xapian document: JSON in the document data.
// A record is what a search result shows, so it holds everything a citation
// needs without a second lookup.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace hrdex::core {

// A State's answer to one recommendation, as an addendum gives it.
struct Response {
  std::string number;         // recommendation number as the addendum prints it ("5", "122.17")
  std::string response;       // supported or noted
  std::string response_text;  // the State's own wording ("supported in part", "do not support", a heading)
  bool operator==(const Response&) const = default;
};

// A lettered sub-item of a paragraph ("(a) Adopt ..."), kept so that it can be
// cited as "para. 12 (a)".
struct SubItem {
  std::string label;  // "a"
  std::string text;
  bool operator==(const SubItem&) const = default;
};

// A tag hrdex gave a unit, with why: what `hrdex-query show --why` prints.
struct UnitTag {
  std::string taxonomy;  // taxonomy id: "themes", "us-agencies"
  std::string kind;      // themes, issues, working-groups, agencies
  std::string tag;       // tag id
  std::string label;     // not stored in the record: filled from the index's TagVocabulary when read
  std::string source;    // human, rule, learned, or both (rule and learned agree)
  double score = 0;      // 1 for human labels
  std::vector<std::string> evidence;
  // An agency or working group of another State's government (a taxonomy
  // with `state`): the unit would reach it were it about that State. Kept
  // for extracts across States, never a filter value or facet.
  bool other_state = false;
  bool operator==(const UnitTag&) const = default;
};

// One ingested file.
struct DocumentRecord {
  std::string id;            // stable id derived from the canonical path
  std::string path;          // canonical absolute path
  std::string content_hash;  // XXH3-128 of the bytes, hex
  std::uint64_t size = 0;    // bytes
  std::int64_t mtime = 0;    // seconds since the epoch
  std::string format;        // pdf, docx, odt, doc, html, text, markdown
  std::string kind;          // upr-wg-report, treaty-co, civil-society, other, ...
  std::string symbol;        // normalised UN symbol, empty when none
  std::string title;
  std::string language;      // ISO 639-1
  std::string date;          // YYYY-MM-DD of the document, empty when unknown
  std::string indexed_at;    // YYYY-MM-DDThh:mm:ssZ
  int page_count = 0;        // 0 for formats without pages
  int unit_count = 0;
  std::vector<std::string> warnings;
  std::string source_url;    // where the file was downloaded from, when a manifest says

  // What document understanding found; empty or 0 when it does not apply.
  std::vector<std::string> symbols;  // every symbol the document carries, `symbol` first
  std::string state;                 // ISO 3166 alpha-3 of the State under review (upper case)
  std::string state_name;            // its name as ISO 3166 gives it
  int session = 0;                   // UPR Working Group session
  int cycle = 0;                     // UPR cycle
  std::string body;                  // treaty body, lower case: cerd, ccpr, cat, cescr, crc, cedaw, crpd, cmw, ced
  std::string report_cycle;          // treaty-body reports considered ("18-20")
  std::string answers;               // addendum: symbol of the Working Group report it answers
  std::string review;                // UPR review, "<ISO3>/hrc<session>": joins a report and its addendum
  std::vector<Response> responses;   // addendum: the State's responses, ranges expanded
  std::string addressee;             // letter: to whom
  std::vector<std::string> signatories;          // letter: signatory organisations
  std::vector<std::string> followup_paragraphs;  // concluding observations: paragraphs asked for follow-up ("17 (a)")
  std::string next_report_date;                  // concluding observations: YYYY-MM-DD, or a year
  std::string mandate;                           // special procedures: "Special Rapporteur on the right to food"
  // Pages read by OCR (no text layer); written to the stored record only
  // when there are some, as "ocr": true and "ocr_pages".
  std::vector<int> ocr_pages;
  bool operator==(const DocumentRecord&) const = default;
};

// One citable unit inside a document: a recommendation, a numbered paragraph.
struct UnitRecord {
  std::string id;         // <document id>-<ordinal>
  std::string parent;     // document id
  int ordinal = 0;        // 1-based position in the document
  std::string unit_kind;  // recommendation, paragraph, concern, ask, ...
  std::string number;     // as printed: "92.1", "12", empty when unnumbered
  int page = 0;           // page the unit starts on, 0 when the format has none
  std::string section;    // nearest heading above the unit
  std::string text;

  std::string symbol;                            // the document's symbol, so a unit cites itself
  std::string subsection;                        // topic sub-heading under the section ("Racial profiling")
  std::vector<std::string> recommending_states;  // ISO alpha-3, upper case, in printed order
  std::string recommended_by;                    // the parentheses as printed: "(France) (Lithuania)"
  std::string group;                             // where the report put it: supported, will-be-examined, noted
  std::string response;                          // supported or noted, from the addendum or thematic list
  std::string response_text;                     // the State's own wording
  std::string response_source;                   // symbol of the addendum the response came from
  std::vector<SubItem> items;                    // lettered sub-items of the paragraph
  // A sub-item's unit ("13 (a)"): the words of its paragraph before the
  // items ("The State party should:"). Stored only when set.
  std::string lead_in;
  bool followup = false;                         // a committee asked for follow-up on it; stored only when true
  bool ocr = false;                              // its page was read by OCR; stored only when true
  // Labels people assigned (OHCHR thematic lists), kept apart from hrdex's tags.
  std::vector<std::string> themes;
  std::vector<std::string> affected_persons;
  std::vector<std::string> sdgs;
  // hrdex's tags, sorted by taxonomy then tag id; human labels that map onto
  // a taxonomy appear here too, with source "human".
  std::vector<UnitTag> tags;
  bool operator==(const UnitRecord&) const = default;
};

std::string to_json(const DocumentRecord& record);
std::string to_json(const UnitRecord& record);
Expected<DocumentRecord> document_from_json(const std::string& data);
Expected<UnitRecord> unit_from_json(const std::string& data);

// Which of the two a stored record is, read from its "level" field.
std::string record_level(const std::string& data);

}  // namespace hrdex::core
