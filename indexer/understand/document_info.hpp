// What a document is and what it is about, read from its content: its kind,
// UN symbols, date, State under review, UPR session and cycle, treaty body.
// classify() is a pure function of the extracted text and the path so that a
// per-file manifest can later override its answer without touching parsing.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/countries.hpp"
#include "indexer/extract/extracted_document.hpp"

namespace hrdex::indexer::understand {

// Document kinds, as stored in the K prefix.
namespace kind {
inline constexpr std::string_view kUprWgReport = "upr-wg-report";
inline constexpr std::string_view kUprAddendum = "upr-addendum";
inline constexpr std::string_view kUprThematicList = "upr-thematic-list";
inline constexpr std::string_view kUprNationalReport = "upr-national-report";
inline constexpr std::string_view kUprCompilation = "upr-compilation";
inline constexpr std::string_view kUprStakeholderSummary = "upr-stakeholder-summary";
// The questions States send before a review ("Advance questions to
// Slovenia"), each under the name of the State that asks.
inline constexpr std::string_view kUprAdvanceQuestions = "upr-advance-questions";
inline constexpr std::string_view kTreatyCo = "treaty-co";
inline constexpr std::string_view kTreatyFollowup = "treaty-followup";
// A special procedure's report on a country visit (a Special Rapporteur,
// Independent Expert or Working Group): A/HRC/<session>/<n>/Add.<k>.
inline constexpr std::string_view kSpecialProcedures = "special-procedures";
inline constexpr std::string_view kCivilSociety = "civil-society";
inline constexpr std::string_view kOther = "other";
}  // namespace kind

struct DocumentInfo {
  std::string kind;
  std::vector<std::string> symbols;  // normalised, the document's own first
  std::string date;                  // YYYY-MM-DD, empty when not printed
  std::string state;                 // ISO alpha-3
  std::string state_name;
  int session = 0;  // UPR Working Group session
  int cycle = 0;
  std::string body;          // treaty body, lower case
  std::string report_cycle;  // "18-20"
  std::string answers;       // addendum: the Working Group report's symbol
  // A UPR review as "<ISO3>/hrc<Human Rights Council session>", the same on a
  // Working Group report and its addendum: the key of the response join,
  // which works when extraction drops the masthead symbol.
  std::string review;
  // The title as the document prints it ("Report of the Working Group on
  // the Universal Periodic Review: Albania"), for files whose own title is
  // a placeholder; empty when none is recognised.
  std::string title;
  // Special procedures: the mandate as the title names it ("Special
  // Rapporteur on the right to food").
  std::string mandate;
};

// A title a producer left rather than the document's ("United Nations",
// "Microsoft Word - G1010012.doc", a file name), or none.
bool is_placeholder_title(std::string_view title);

// The UN symbols in `text`, normalised ("A/HRC/ 8/29" -> "A/HRC/8/29",
// "a/hrc/16/11/add.1" -> "A/HRC/16/11/Add.1"), in order of appearance, each once.
std::vector<std::string> find_symbols(std::string_view text);
std::string normalise_symbol(std::string_view symbol);

// The UPR cycle a Working Group session belongs to (sessions 1-12 are cycle 1,
// 13-26 cycle 2, 27-40 cycle 3, 41-54 cycle 4), 0 when unknown.
int upr_cycle_of_session(int session);

// The UPR cycle of the outcome the Human Rights Council adopted at its
// session `council_session` (the N of a report's symbol A/HRC/N/...):
// cycle 1's outcomes went to sessions 8-19, cycle 2's to 21-34, cycle 3's
// to 36-51, cycle 4's from 52 on. 0 outside those (sessions 20 and 35
// adopted none; after 65 cycle 5 may have begun). Where a document names
// no Working Group session (a legacy .doc thematic list, read without its
// running header) its symbol still tells its cycle.
int upr_cycle_of_council_session(int council_session);

// The Working Group session whose outcomes the Council adopted at its
// session `council_session`, where that is one session: sessions 10-19
// adopted those of Working Group sessions 3-12, sessions 21-34 those of
// 13-26 (all 271 Working Group reports of the shared corpus of Council
// sessions 10-28 agree); 36-44 those of 27-35, 46-50 those of 36-40 (the
// pandemic postponed Working Group session 36 by six months), 52-60 those
// of 41-49 (Slovenia's third and fourth reviews in the shared corpus,
// A/HRC/43/15 of session 34 and A/HRC/59/15 of session 48, agree). 0
// elsewhere: session 8 adopted those of two Working Group sessions,
// sessions 20, 35, 45 and 51 none, and later sessions are not in the
// table yet.
int upr_session_of_council_session(int council_session);

// The first date in `text` written as UN documents of any of the six
// languages print one ("4 March 2015", "16 novembre 2009", "16 de
// noviembre de 2009", "16 ноября 2009 года", "16 تشرين الثاني/نوفمبر
// 2009", "2009年11月16日"; Portuguese too), as YYYY-MM-DD.
std::string find_date(std::string_view text);

// The document kind, from symbols, title lines and layout.
std::string classify(const extract::ExtractedDocument& doc, const std::filesystem::path& path);

// Everything else, for a document of the given kind.
DocumentInfo describe(const extract::ExtractedDocument& doc, std::string_view kind, const core::CountryTable& countries);

}  // namespace hrdex::indexer::understand
