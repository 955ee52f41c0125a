// Document understanding over invented fixtures in real layouts
// (tests/data/understand/), the order-independent response join, and
// integration checks over ../shared/corpus that skip when it is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>
#include <xapian.h>

#include "core/countries.hpp"
#include "core/record.hpp"
#include "core/schema.hpp"
#include "indexer/ingest.hpp"
#include "indexer/understand/document_info.hpp"
#include "indexer/understand/parsers.hpp"
#include "indexer/understand/understand.hpp"
#include "indexer/write/index_writer.hpp"

namespace fs = std::filesystem;
using hrdex::core::UnitRecord;
using hrdex::indexer::prepare_document;
using hrdex::indexer::write::PreparedDocument;

namespace {

fs::path fixture(const std::string& name) { return fs::path(HRDEX_TEST_DATA) / "understand" / name; }

PreparedDocument prepare(const std::string& name) {
  auto doc = prepare_document(fixture(name));
  if (!doc) ADD_FAILURE() << doc.error().message();
  return doc ? *doc : PreparedDocument{};
}

const UnitRecord* unit_numbered(const PreparedDocument& doc, const std::string& number) {
  for (const auto& u : doc.units)
    if (u.number == number) return &u;
  return nullptr;
}

std::vector<std::string> isos(std::initializer_list<const char*> codes) { return {codes.begin(), codes.end()}; }

// A document made of blocks as extraction gives them, for layouts that only
// PDF extraction produces (a number apart from its text, a page-foot line
// taken for a footnote).
struct BlockDocument {
  using Blocks = std::vector<std::pair<std::string, hrdex::indexer::extract::BlockKind>>;
  hrdex::indexer::extract::ExtractedDocument doc;
  BlockDocument() = default;
  // A first page written as a table of its blocks.
  explicit BlockDocument(const Blocks& blocks) {
    for (const auto& [text, kind] : blocks) add(text, kind);
  }
  void add(std::string text, hrdex::indexer::extract::BlockKind kind) {
    hrdex::indexer::extract::Block b;
    b.kind = kind;
    b.text = std::move(text);
    b.page = 1;
    doc.blocks.push_back(std::move(b));
  }
  // A report's masthead, then its conclusions: one paragraph block each.
  void conclusions(std::initializer_list<const char*> paragraphs) {
    using hrdex::indexer::extract::BlockKind;
    add("Report of the Working Group on the Universal Periodic Review", BlockKind::heading);
    add("Veridia", BlockKind::heading);
    add("II. Conclusions and/or recommendations", BlockKind::heading);
    for (const char* p : paragraphs) add(p, BlockKind::paragraph);
  }
  hrdex::indexer::understand::DocumentInfo describe_as(std::string_view kind) const {
    auto countries = hrdex::core::CountryTable::shared();
    if (!countries) throw std::runtime_error(countries.error().message());
    return hrdex::indexer::understand::describe(doc, kind, **countries);
  }
  hrdex::indexer::understand::Understanding understand_as_report() const {
    auto countries = hrdex::core::CountryTable::shared();
    if (!countries) throw std::runtime_error(countries.error().message());
    return hrdex::indexer::understand::understand(doc, "upr-wg-report", **countries);
  }
};

// The kind classify() gives a document of a heading, then paragraphs.
std::string kind_of(std::initializer_list<const char*> heading_then_paragraphs) {
  BlockDocument d;
  for (const char* text : heading_then_paragraphs)
    d.add(text, d.doc.blocks.empty() ? hrdex::indexer::extract::BlockKind::heading
                                     : hrdex::indexer::extract::BlockKind::paragraph);
  return hrdex::indexer::understand::classify(d.doc, "document.pdf");
}

}  // namespace

// A folder's README names the kinds of documents the folder holds and
// cites their symbols; it is none of them.
TEST(Understand, AFoldersReadmeIsNoneOfTheDocumentsItDescribes) {
  for (const char* holds : {"This folder holds the reports of the review and joint letters of civil society.",
                            "CERD/C/VRD/CO/7-9 and the joint letters of civil society on it."}) {
    BlockDocument d;
    d.add("Documents of the review", hrdex::indexer::extract::BlockKind::heading);
    d.add(holds, hrdex::indexer::extract::BlockKind::paragraph);
    EXPECT_EQ(hrdex::indexer::understand::classify(d.doc, "letters/README.md"), "other") << holds;
    EXPECT_EQ(hrdex::indexer::understand::classify(d.doc, "letters/readme.txt"), "other") << holds;
    // Under another name, the same text is what it says it is.
    EXPECT_NE(hrdex::indexer::understand::classify(d.doc, "letters/letters.md"), "other") << holds;
  }
}

TEST(Understand, UprReportLaterCycleLayout) {
  PreparedDocument doc = prepare("upr-report-cycle2.txt");
  EXPECT_EQ(doc.record.kind, "upr-wg-report");
  EXPECT_EQ(doc.record.symbol, "A/HRC/99/15");
  EXPECT_EQ(doc.record.state, "SVN");
  EXPECT_EQ(doc.record.session, 44);
  EXPECT_EQ(doc.record.cycle, 4);
  EXPECT_EQ(doc.record.date, "2031-01-04");
  const UnitRecord* r1 = unit_numbered(doc, "115.1");
  ASSERT_NE(r1, nullptr);
  EXPECT_EQ(r1->unit_kind, "recommendation");
  EXPECT_EQ(r1->recommending_states, isos({"FRA", "LTU"}));
  EXPECT_EQ(r1->group, "will-be-examined");
  EXPECT_EQ(r1->symbol, "A/HRC/99/15");
  EXPECT_EQ(unit_numbered(doc, "115.2")->recommending_states, isos({"IRN"}));
  const UnitRecord* r3 = unit_numbered(doc, "115.3");
  ASSERT_NE(r3, nullptr);
  EXPECT_EQ(r3->recommending_states, isos({"PRT", "SVK"}));
  // Whole across the page break, without the running header.
  EXPECT_NE(r3->text.find("to carry out its mandate"), std::string::npos) << r3->text;
  EXPECT_EQ(r3->text.find("A/HRC/99/15"), std::string::npos) << r3->text;
  EXPECT_EQ(unit_numbered(doc, "115.4")->recommending_states, isos({"VEN"}));
  EXPECT_EQ(unit_numbered(doc, "116")->unit_kind, "paragraph");
}

TEST(Understand, UprReportFirstCycleLayout) {
  PreparedDocument doc = prepare("upr-report-cycle1.txt");
  EXPECT_EQ(doc.record.kind, "upr-wg-report");
  EXPECT_EQ(doc.record.symbol, "A/HRC/98/29");
  EXPECT_EQ(doc.record.session, 2);
  EXPECT_EQ(doc.record.cycle, 1);
  const UnitRecord* a = unit_numbered(doc, "69.1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->recommending_states, isos({"KWT"}));
  EXPECT_EQ(a->group, "supported");
  EXPECT_EQ(unit_numbered(doc, "69.2")->recommending_states, isos({"VAT"}));
  const UnitRecord* noted = unit_numbered(doc, "70.1");
  ASSERT_NE(noted, nullptr);
  EXPECT_EQ(noted->group, "noted");
  EXPECT_EQ(noted->recommending_states, isos({"VNM"}));
}

// Barbados 2009 (session 3): the list opens with "it was recommended that
// Barbados:", the heading lacks "/or", and one numbered item clusters the
// recommendations of several States.
TEST(UnderstandRegression, Cycle1ListIntroducedByRecommendedThat) {
  PreparedDocument doc = prepare("upr-report-cycle1-recommended-that.txt");
  EXPECT_EQ(doc.record.kind, "upr-wg-report");
  EXPECT_EQ(doc.record.session, 3);
  const UnitRecord* first = unit_numbered(doc, "77.1");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->unit_kind, "recommendation");
  EXPECT_EQ(first->recommending_states, isos({"FRA", "CZE", "MEX"}));
  const UnitRecord* second = unit_numbered(doc, "77.2");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->recommending_states, isos({"GBR"}));
  int recommendations = 0;
  for (const auto& u : doc.units) recommendations += u.unit_kind == "recommendation";
  EXPECT_EQ(recommendations, 2);
}

// Peru 2008 and Saudi Arabia 2009 lack the "Report of the Working Group"
// title line; Bahrain 2008 cites a misprinted WG.6 symbol (BRA); Slovakia
// 2009 runs the list's introduction into the next sentence.
TEST(UnderstandRegression, Cycle1ReportWithoutTitleLineAndMisprintedSymbol) {
  PreparedDocument doc = prepare("upr-report-cycle1-title-only.txt");
  EXPECT_EQ(doc.record.kind, "upr-wg-report");
  EXPECT_EQ(doc.record.state, "BHR");
  EXPECT_EQ(doc.record.session, 1);
  const UnitRecord* first = unit_numbered(doc, "52.1");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->unit_kind, "recommendation");
  EXPECT_EQ(first->recommending_states, isos({"ARG", "HRV", "FRA"}));
  ASSERT_NE(unit_numbered(doc, "52.2"), nullptr);
  EXPECT_EQ(unit_numbered(doc, "52.2")->recommending_states, isos({"CHL"}));
}

// The Council's report on a session cites the review documents of every
// State it adopted an outcome for: it is about none of them (it used to be
// filed under the first State it cited).
TEST(UnderstandRegression, SessionReportCitingSeveralReviewsHasNoState) {
  PreparedDocument doc = prepare("hrc-session-report.txt");
  EXPECT_EQ(doc.record.symbol, "A/HRC/97/2");
  EXPECT_EQ(doc.record.kind, "other");
  EXPECT_EQ(doc.record.state, "");
  EXPECT_EQ(doc.record.session, 64) << "every review it cites is of session 64";
  // A Working Group report that cites a misprinted symbol of another State
  // keeps its own (UnderstandRegression.Cycle1ReportWithoutTitleLine...).
  EXPECT_EQ(prepare("upr-report-cycle1-title-only.txt").record.state, "BHR");
}

// An OHCHR thematic list names its State and review only in its running
// header ("UPR of Slovenia (3rd Cycle - 34th Session)"); its body speaks of
// no State under review. Without the header its units were about no State,
// so state:SVN missed them and agencies scoped to a State never reached
// them.
TEST(UnderstandRegression, ThematicListNamesItsReviewInItsRunningHeader) {
  using hrdex::indexer::extract::BlockKind;
  BlockDocument list;
  list.add("Recommendation | Position | Full list of themes | Assessment/comments on level of implementation",
           BlockKind::table_row);
  list.add("Theme: Acceptance of international norms", BlockKind::table_row);
  list.doc.meta.running_headers = {"UPR of Slovenia (3rd Cycle - 34th Session)", "Thematic list of recommendations"};
  auto info = list.describe_as("upr-thematic-list");
  EXPECT_EQ(info.state, "SVN");
  EXPECT_EQ(info.session, 34);
  EXPECT_EQ(info.cycle, 3);
  EXPECT_EQ(info.title, "Thematic list of recommendations: Slovenia");

  list.doc.meta.running_headers = {"UPR of Egypt - Second Cycle", "Thematic list of recommendations"};
  info = list.describe_as("upr-thematic-list");
  EXPECT_EQ(info.state, "EGY");
  EXPECT_EQ(info.session, 0);
  EXPECT_EQ(info.cycle, 2);

  // A cycle named in the body is another review's ("compared with the 2nd
  // cycle"): only the header counts.
  list.doc.meta.running_headers.clear();
  list.add("Recommendations supported, compared with the 2nd cycle", BlockKind::paragraph);
  EXPECT_EQ(list.describe_as("upr-thematic-list").cycle, 0);

  // The DOCX fixture's header part: the page number fields are left out.
  auto docx = prepare_document(fs::path(HRDEX_TEST_DATA) / "thematic-lists" / "cycle3-bullets-sdgs.docx");
  ASSERT_TRUE(docx.ok()) << docx.error().message();
  EXPECT_EQ(docx->record.session, 34);
  EXPECT_EQ(docx->record.cycle, 3);
}

// A thematic list read without its running header (antiword prints no
// header of a legacy .doc) still names its review's symbol in "Source of
// position: A/HRC/28/16/Add.1": the Council session that adopted the
// outcome tells the cycle and, in cycles 1 and 2, the Working Group session.
TEST(UnderstandRegression, ThematicListWithoutHeaderTakesItsCycleFromItsSymbol) {
  using hrdex::indexer::extract::BlockKind;
  BlockDocument list;
  list.add("Recommendation | Recommending state/s | Position | Full list of rights/affected persons",
           BlockKind::table_row);
  list.add("166.6. Ratify the invented treaty (Chile); Source of position: A/HRC/28/16/Add.1 | Chile | Noted | "
           "2.1. Acceptance of international norms",
           BlockKind::table_row);
  auto info = list.describe_as("upr-thematic-list");
  EXPECT_EQ(info.session, 20);
  EXPECT_EQ(info.cycle, 2);
  using hrdex::indexer::understand::upr_session_of_council_session;
  EXPECT_EQ(upr_session_of_council_session(8), 0) << "two Working Group sessions";
  EXPECT_EQ(upr_session_of_council_session(10), 3);
  EXPECT_EQ(upr_session_of_council_session(16), 9);  // A/HRC/16/11, the US's first review
  EXPECT_EQ(upr_session_of_council_session(21), 13);
  EXPECT_EQ(upr_session_of_council_session(34), 26);
  EXPECT_EQ(upr_session_of_council_session(36), 27);  // cycle 3's first
  EXPECT_EQ(upr_session_of_council_session(43), 34);  // Slovenia's third review, A/HRC/43/15
  EXPECT_EQ(upr_session_of_council_session(45), 0) << "no outcome: session 36 was postponed";
  EXPECT_EQ(upr_session_of_council_session(46), 36);  // the United States' third, A/HRC/46/15
  EXPECT_EQ(upr_session_of_council_session(50), 40);
  EXPECT_EQ(upr_session_of_council_session(51), 0) << "no outcome: cycle 4 began in November 2022";
  EXPECT_EQ(upr_session_of_council_session(52), 41);
  EXPECT_EQ(upr_session_of_council_session(59), 48);  // Slovenia's fourth review, A/HRC/59/15
  EXPECT_EQ(upr_session_of_council_session(61), 0) << "not in the table yet";
  // Each cycle's first and last Council sessions; none for the sessions
  // that adopted no outcome, or beyond what has been held.
  using hrdex::indexer::understand::upr_cycle_of_council_session;
  EXPECT_EQ(upr_cycle_of_council_session(8), 1);
  EXPECT_EQ(upr_cycle_of_council_session(19), 1);
  EXPECT_EQ(upr_cycle_of_council_session(20), 0);
  EXPECT_EQ(upr_cycle_of_council_session(21), 2);
  EXPECT_EQ(upr_cycle_of_council_session(34), 2);
  EXPECT_EQ(upr_cycle_of_council_session(35), 0);
  EXPECT_EQ(upr_cycle_of_council_session(43), 3);  // Slovenia's third review, A/HRC/43/15
  EXPECT_EQ(upr_cycle_of_council_session(52), 4);
  EXPECT_EQ(upr_cycle_of_council_session(59), 4);  // Slovenia's fourth review
  EXPECT_EQ(upr_cycle_of_council_session(7), 0);
  EXPECT_EQ(upr_cycle_of_council_session(66), 0);
  // A header that names the cycle is read first.
  list.doc.meta.running_headers = {"UPR of Egypt - Third Cycle"};
  EXPECT_EQ(list.describe_as("upr-thematic-list").cycle, 3);
}

// Text exported from PDF repeats the masthead symbol atop every page, so
// it goes with the running headers; it must still name the document.
TEST(UnderstandRegression, SymbolKeptFromTheRunningHeadersOfText) {
  PreparedDocument doc = prepare("upr-compilation-text-pages.txt");
  EXPECT_EQ(doc.record.symbol, "A/HRC/WG.6/97/VER/2");
  EXPECT_EQ(doc.record.kind, "upr-compilation");
  EXPECT_EQ(doc.record.session, 97);
  // The State's line is above the title here; the line under it is the
  // first heading, not the State.
  EXPECT_EQ(doc.record.title,
            "Compilation of information prepared by the Office of the United Nations High Commissioner for Human Rights");
}

// Text exported from PDF may run the title into the masthead's block.
TEST(UnderstandRegression, TitleRunIntoTheMastheadBlock) {
  using hrdex::indexer::extract::BlockKind;
  BlockDocument summary;
  summary.add("United Nations General Assembly", BlockKind::paragraph);
  summary.add("Distr.: General 1 September 2031 Original: English", BlockKind::paragraph);
  summary.add("Human Rights Council Working Group on the Universal Periodic Review Ninety-seventh session Geneva, "
              "3-14 November 2031 Summary of stakeholders' submissions on Veridia* Report of the Office of the United "
              "Nations High Commissioner for Human Rights",
              BlockKind::paragraph);
  summary.add("I. Background", BlockKind::heading);
  auto info = summary.describe_as("upr-stakeholder-summary");
  EXPECT_EQ(info.title, "Summary of stakeholders' submissions on Veridia");
}

// A short line naming a State counts as a title line only on a document's
// first page: further in it is a table cell (UN Watch's scorecard of
// twelve reviews lists "U.S.A." among the States that spoke).
TEST(UnderstandRegression, StateNamedInATableIsNotTheDocumentsState) {
  using hrdex::indexer::extract::BlockKind;
  BlockDocument scorecard;
  scorecard.add("Scorecard of the interventions at twelve invented reviews", BlockKind::heading);
  for (int i = 0; i < 20; ++i) scorecard.add("An invented finding on the reviews, numbered " + std::to_string(i) + ".", BlockKind::paragraph);
  scorecard.add("U.S.A.", BlockKind::paragraph);
  EXPECT_EQ(scorecard.describe_as("other").state, "");

  BlockDocument submission;
  submission.add("Joint submission of invented organisations", BlockKind::heading);
  submission.add("United States of America", BlockKind::heading);
  submission.add("An invented finding.", BlockKind::paragraph);
  EXPECT_EQ(submission.describe_as("civil-society").state, "USA");
}

// A State's name in the publisher's postal address is not the State a
// study is about (UPR Info's global study was Switzerland's); one sign of
// an address is not enough, as a year opens many a cover line.
TEST(UnderstandRegression, AStateInThePublishersAddressIsNotTheDocumentsState) {
  using hrdex::indexer::extract::BlockKind;
  const BlockDocument study({{"Beyond invented promises", BlockKind::heading},
                             {"Invented Rights Forum", BlockKind::heading},
                             {"Rue de l'Exemple 3", BlockKind::heading},
                             {"1202 Geneva", BlockKind::heading},
                             {"Switzerland", BlockKind::heading},
                             {"Website: http://forum.example.org", BlockKind::paragraph},
                             {"An invented finding on the reviews of many States.", BlockKind::paragraph}});
  EXPECT_EQ(study.describe_as("civil-society").state, "");

  const BlockDocument report({{"2031 Annual report of an invented network", BlockKind::heading},
                              {"Switzerland", BlockKind::heading},
                              {"An invented finding.", BlockKind::paragraph}});
  EXPECT_EQ(report.describe_as("civil-society").state, "CHE");
}

// A booklet of a series names its State only where its site files it
// (Markdown's categories); its text may quote another State's review.
// The publisher's word decides for a document that is not the UN's, and
// only fills a gap in one that is.
TEST(UnderstandRegression, TheStateAFileIsFiledUnderIsItsState) {
  using hrdex::indexer::extract::BlockKind;
  BlockDocument booklet({{"Observaciones referidas a las mujeres y las ni\xC3\xB1" "as", BlockKind::heading},
                         {"Chile", BlockKind::heading},
                         {"1. El examen de Chile se llev\xC3\xB3 a cabo en una sesi\xC3\xB3n inventada.", BlockKind::paragraph}});
  ASSERT_EQ(booklet.describe_as("civil-society").state, "CHL");
  booklet.doc.meta.keywords = {"Bolivia", "informes"};
  EXPECT_EQ(booklet.describe_as("civil-society").state, "BOL");
  EXPECT_EQ(booklet.describe_as("other").state, "BOL");
  // Filed under two States: the text decides.
  booklet.doc.meta.keywords = {"Bolivia", "Per\xC3\xBA"};
  EXPECT_EQ(booklet.describe_as("civil-society").state, "CHL");

  BlockDocument observations({{"CERD/C/ARG/CO/99", BlockKind::heading},
                              {"Concluding observations on the invented report of Argentina", BlockKind::heading}});
  observations.doc.meta.keywords = {"Chile"};
  EXPECT_EQ(observations.describe_as("treaty-co").state, "ARG");
  BlockDocument unnamed({{"An invented note by the Secretariat", BlockKind::heading}});
  unnamed.doc.meta.keywords = {"Chile"};
  EXPECT_EQ(unnamed.describe_as("treaty-co").state, "CHL");
}

// Letters and submissions name the review they speak of in running prose,
// not in a title line: the High Commissioner's letters after Slovenia's
// reviews, and a joint submission "for Australia", had no State. A text
// that speaks of several States' reviews is about none of them.
TEST(UnderstandRegression, TheReviewATextSpeaksOfGivesItsState) {
  using hrdex::indexer::extract::BlockKind;
  auto state_of = [](std::initializer_list<const char*> paragraphs) {
    BlockDocument d;
    d.add("An invented letter", BlockKind::heading);
    for (const char* p : paragraphs) d.add(p, BlockKind::paragraph);
    return d.describe_as("other").state;
  };
  EXPECT_EQ(state_of({"I have been following the third cycle of the Universal Periodic Review (UPR) of the Republic "
                      "of Slovenia and welcome the engagement of your Government.",
                      "As the outcome of the review of Slovenia has been adopted, I write to follow up."}),
            "SVN");
  EXPECT_EQ(state_of({"The fourth cycle review of Slovenia at its 48th session was adopted."}), "SVN");
  EXPECT_EQ(state_of({"Joint Submission to the Council on the Universal Periodic Review 37th Session Third Cycle "
                      "for Australia"}),
            "AUS");
  EXPECT_EQ(state_of({"The review of Slovenia and the review of Croatia were adopted together."}), "");
  EXPECT_EQ(state_of({"A review of the reviews of many States."}), "");
}

// A letter to a government names its State in the addressees above the
// salutation ("Parliament of Australia", "Attorney-General for
// Australia"), though its text may name it only in passing. Below the
// salutation a name is the writers'; addressees of several States name
// none.
TEST(UnderstandRegression, ALettersAddresseesGiveItsState) {
  using hrdex::indexer::extract::BlockKind;
  auto state_of = [](std::initializer_list<const char*> blocks) {
    BlockDocument d;
    for (const char* b : blocks) d.add(b, BlockKind::paragraph);
    return d.describe_as("civil-society").state;
  };
  EXPECT_EQ(state_of({"17 July 2031", "The Honourable Invented Name\nPresident of the Senate\nParliament of Australia",
                      "cc: Attorney-General for Australia", "To Whom It May Concern:",
                      "The undersigned organisations urge you to protect Australia\u2019s invented security."}),
            "AUS");
  EXPECT_EQ(state_of({"Permanent Mission of Kenya to the United Nations Office at Geneva", "Your Excellency,",
                      "We write ahead of the invented review."}),
            "KEN");
  EXPECT_EQ(state_of({"Permanent Mission of Kenya", "Permanent Mission of Uganda", "Dear Ambassadors,",
                      "We write ahead of the invented reviews."}),
            "");
  EXPECT_EQ(state_of({"Dear colleagues,", "An invented letter.", "Invented Forum, Embassy of Kenya building"}), "");
  EXPECT_EQ(state_of({"Parliament of Australia", "An invented note with no salutation."}), "");
}

// OHCHR's one-page UPR infographics close with "See: Matrix of
// Recommendations": a reference to a list, not a list. A list says what it
// is in its title.
TEST(UnderstandRegression, AReferenceToAMatrixDoesNotMakeAThematicList) {
  using hrdex::indexer::extract::BlockKind;
  BlockDocument infographic;
  infographic.add("Veridia", BlockKind::heading);
  infographic.add("The Universal Periodic Review", BlockKind::heading);
  infographic.add("Trends in supported recommendations", BlockKind::heading);
  for (int i = 0; i < 12; ++i) infographic.add(std::to_string(10 * i) + " recommendations", BlockKind::paragraph);
  infographic.add("*Supported recommendations of the invented cycle. See: Matrix of Recommendations.",
                  BlockKind::paragraph);
  EXPECT_NE(hrdex::indexer::understand::classify(infographic.doc, "infographic.pdf"), "upr-thematic-list");

  BlockDocument list;
  list.add("Veridia", BlockKind::heading);
  list.add("Thematic list of recommendations", BlockKind::heading);
  for (int i = 0; i < 12; ++i) list.add("An invented recommendation " + std::to_string(i) + ".", BlockKind::paragraph);
  EXPECT_EQ(hrdex::indexer::understand::classify(list.doc, "list.docx"), "upr-thematic-list");
}

// A text that reads like concluding observations or a Working Group report
// by their words, without the symbol a UN report prints on its first page,
// quotes or speaks of them. Before, 92 of the 127 files of an NGO's
// compilation (CLADEM's, in the shared corpus) were indexed as concluding
// observations and 13 as Working Group reports, and CERD's reporting
// guidelines as concluding observations.
TEST(UnderstandRegression, ACompilationQuotingReportsIsNotAReport) {
  using hrdex::indexer::extract::BlockKind;
  using hrdex::indexer::understand::classify;
  // Our own Markdown fixture: headings of a CO and of a report's
  // conclusions, "(…)" between quoted paragraphs, symbols in footnotes.
  PreparedDocument compilation = prepare("compilation-quoting-observations.md");
  EXPECT_EQ(compilation.record.kind, "civil-society");
  bool quoted = false;
  for (const auto& u : compilation.units)
    quoted = quoted || u.text.find("ley inventada sobre la igualdad salarial") != std::string::npos;
  EXPECT_TRUE(quoted) << "the quoted paragraphs are still units";

  // Concluding observations of before 2006 carry symbols of older series.
  EXPECT_EQ(kind_of({"CCPR/CO/81/VER", "Concluding observations of the Human Rights Committee: Veridia",
                     "1. The Committee considered the invented second periodic report of Veridia."}),
            "treaty-co");
  EXPECT_EQ(kind_of({"CRC/C/15/Add.999", "Concluding observations of the Committee on the Rights of the Child"}),
            "treaty-co");
  // A symbol in brackets is cited, even in the first lines; so is an
  // addendum's symbol, for a report.
  EXPECT_EQ(kind_of({"Comité contra la Tortura: observaciones referidas a las mujeres",
                     "Observaciones finales sobre el séptimo informe periódico de Veridia.",
                     "El Comité examinó el informe de Veridia (CAT/C/VER/7) (véase CEDAW/C/VER/CO/8-9, párr. 20).",
                     "(…)"}),
            "civil-society");
  EXPECT_EQ(kind_of({"Examen Periódico Universal: observaciones referidas a las mujeres",
                     "El informe del Grupo de Trabajo sobre el Examen Periódico Universal relativo a Veridia y sus "
                     "respuestas figuran en el documento A/HRC/97/82/Add.1.",
                     "(…)", "II. Conclusiones y/o recomendaciones"}),
            "civil-society");
  EXPECT_EQ(kind_of({"Open letter: support the invented resolution (A/HRC/97/L.20)",
                     "We, the undersigned organisations, urge you to vote for it."}),
            "civil-society");
  // Nor does a sentence that cites a symbol make a masthead of the
  // paragraph it opens: a one-paragraph letter is the writers'. A symbol on
  // a short line of its own still is a masthead's.
  EXPECT_EQ(kind_of({"Following up on A/HRC/97/11, we the undersigned organisations urge the Administration to "
                     "establish a mechanism to implement the recommendations it supported, and to consult civil "
                     "society on each step of the invented plan."}),
            "civil-society");
  EXPECT_NE(kind_of({"A/HRC/97/11", "Following up on the review, we the undersigned organisations urge you."}),
            "civil-society");
  // A State's report cited in the masthead is no symbol of observations.
  EXPECT_EQ(kind_of({"Observaciones finales sobre el informe inicial de Veridia (CRC/C/3/Add.99)", "(…)",
                     "12. El Comité recomienda una ley inventada."}),
            "civil-society");

  // A committee's own guidelines speak of concluding observations and of
  // civil society, under a UN masthead: neither a CO nor civil society's.
  BlockDocument guidelines;
  guidelines.add("Distr.", BlockKind::paragraph);
  guidelines.add("GENERAL", BlockKind::heading);
  guidelines.add("CERD/C/2097/1", BlockKind::paragraph);
  guidelines.add("GUIDELINES FOR THE INVENTED DOCUMENT TO BE SUBMITTED BY STATES PARTIES", BlockKind::heading);
  guidelines.add("7. The report should describe the follow-up to the concluding observations of the Committee, "
                 "and the part civil society took in it.",
                 BlockKind::paragraph);
  EXPECT_EQ(classify(guidelines.doc, "guidelines.pdf"), "other");

  // A shadow report speaks of concluding observations in its own words.
  BlockDocument shadow;
  shadow.add("Shadow report to the Committee on the Elimination of Racial Discrimination", BlockKind::heading);
  shadow.add("In its concluding observations on the invented report of Veridia, the Committee asked for data; "
             "civil society organizations found none.",
             BlockKind::paragraph);
  EXPECT_EQ(classify(shadow.doc, "shadow.pdf"), "civil-society");
}

// Advance questions head each questioning State's part with its name; the
// State under review is the one they are addressed to. A Council decision
// adopts one State's outcome, named after "universal periodic review:".
TEST(UnderstandRegression, StateUnderReviewNamedOutright) {
  EXPECT_EQ(prepare("upr-advance-questions.txt").record.state, "SVN") << "not BEL, the first State heading";
  PreparedDocument decision = prepare("hrc-decision-outcome.txt");
  EXPECT_EQ(decision.record.symbol, "A/HRC/DEC/97/112");
  EXPECT_EQ(decision.record.state, "GBR");
}

// A coalition's letter to a parliament opens with its addressees' postal
// addresses, then "To Whom It May Concern: The undersigned domestic and
// international organizations ..." (Australia's encryption letter of 2018
// in the shared corpus was `other`).
TEST(UnderstandRegression, LetterFromTheUndersignedIsCivilSociety) {
  EXPECT_EQ(kind_of({"17 July 2031", "President of the Invented Senate", "To Whom It May Concern:",
                     "The undersigned domestic and international organizations write to urge you to protect "
                     "invented rights."}),
            "civil-society");
  // An NGO's oral statement to the Council, and an NGO's report that urges
  // (UPR Info's statements and UN Watch's and FIACAT's reports in the
  // shared corpus were `other`).
  EXPECT_EQ(kind_of({"Invented Rights Forum", "Human Rights Council: 40th Session Oral statement Item 6",
                     "Mr President,", "We welcome the outcome of the review of Veridia."}),
            "civil-society");
  EXPECT_EQ(kind_of({"A review of reviews", "Four States made no pledge at all. We urge the Council to ask them why."}),
            "civil-society");
  // Without those words, a text stays `other`.
  EXPECT_EQ(kind_of({"A review of reviews", "Four States made no pledge at all."}), "other");
}

// A civil-society text has no UN symbol of its own: the ones on its first
// lines are those it cites. Taken as its own (ARTICLE 19's open letter was
// `A/HRC/32/L.20`, and 19 of CLADEM's compilations the symbol of a report
// they quote), two texts citing one report were language versions of one
// document to --collapse-languages.
TEST(UnderstandRegression, CivilSocietyCitesSymbolsItDoesNotHave) {
  BlockDocument d;
  d.add("Open letter to the members of the Council on the draft resolution (A/HRC/99/L.7)", hrdex::indexer::extract::BlockKind::heading);
  d.add("Dear Excellencies, we, the undersigned organisations, urge you to support the draft.",
        hrdex::indexer::extract::BlockKind::paragraph);
  ASSERT_EQ(hrdex::indexer::understand::classify(d.doc, "letter.pdf"), "civil-society");
  EXPECT_TRUE(d.describe_as("civil-society").symbols.empty());
  EXPECT_EQ(d.describe_as("other").symbols, std::vector<std::string>{"A/HRC/99/L.7"});
}

// A symbol decides a kind only from the masthead. A compilation of what a
// committee said, whose footnote gives the concluding observations' symbol,
// was a CO; so was a README whose long table rows describe the files of a
// collection, one of them "CERD/C/XYZ/CO/1-2". A masthead set in a table,
// as UN Word documents set it, is a short row and still decides.
TEST(UnderstandRegression, ASymbolInAFootnoteOrALongTableRowIsNoMasthead) {
  using hrdex::indexer::extract::BlockKind;
  const struct {
    const char* file;
    BlockDocument::Blocks blocks;
    const char* kind;
  } cases[] = {
      {"compilation.md",
       {{"What the Committee said of women and girls", BlockKind::heading},
        {"1. The Committee considered the invented reports of Xanadu at its meetings.", BlockKind::list_item},
        {"CERD/C/XYZ/CO/1-2, 1 January 2030", BlockKind::footnote}},
       "other"},
      {"README.md",
       {{"Sample files for our tests", BlockKind::heading},
        {"folder | files | what it is", BlockKind::table_row},
        {"treaty/ | 1 PDF | xyz.pdf is CERD/C/XYZ/CO/1-2, the invented concluding observations on Xanadu, which we wrote "
         "to test the parser of numbered paragraphs under topic headings and lettered sub-items | concluding-observation "
         "parsing",
         BlockKind::table_row}},
       "other"},
      {"co.docx",
       {{"United Nations | CERD/C/XYZ/CO/1-2", BlockKind::table_row},
        {"Concluding observations on the combined first and second reports of Xanadu", BlockKind::heading}},
       "treaty-co"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(hrdex::indexer::understand::classify(BlockDocument(c.blocks).doc, c.file), c.kind) << c.file;
}

// A document of no known kind has the symbol its masthead prints, not one
// its first sentence cites: that symbol made it a "language version" of the
// report it speaks of, and `symbol:` found it.
TEST(UnderstandRegression, AnOtherDocumentHasOnlyItsMastheadsSymbol) {
  using hrdex::indexer::extract::BlockKind;
  const struct {
    BlockDocument::Blocks blocks;
    std::vector<std::string> symbols;
    const char* state;
  } cases[] = {
      {{{"A note on follow-up", BlockKind::heading},
        {"The recommendations of A/HRC/99/11 on the invented plan are not yet carried out.", BlockKind::paragraph}},
       {},
       ""},
      {{{"A/HRC/DEC/99/101", BlockKind::paragraph},
        {"99/101. Outcome of the universal periodic review: Xanadu", BlockKind::heading},
        {"The Human Rights Council adopts the outcome of the review of Xanadu (A/HRC/99/11).", BlockKind::paragraph}},
       {"A/HRC/DEC/99/101"},
       ""},
      // Nor is the State of concluding observations it cites its own (the
      // shared corpus's README was Brazil's).
      {{{"Sample files for our tests", BlockKind::heading},
        {"CERD/C/NOR/CO/21-22 and our notes on the paragraphs of the Committee on it.", BlockKind::paragraph}},
       {},
       ""},
      {{{"CERD/C/NOR/CO/21-22/Add.1", BlockKind::paragraph},
        {"Information received from Norway on follow-up", BlockKind::heading}},
       {"CERD/C/NOR/CO/21-22/Add.1"},
       "NOR"},
  };
  for (const auto& c : cases) {
    const auto info = BlockDocument(c.blocks).describe_as("other");
    EXPECT_EQ(info.symbols, c.symbols) << c.blocks.front().first;
    EXPECT_EQ(info.state, c.state) << c.blocks.front().first;
  }
}

// Advance questions: each question a unit of the State that asked it
// (`by:`), under its name; a topic line above questions is their
// subsection. Before, they were paragraphs of kind `other`, or
// `civil-society` when a question spoke of civil society, and their title
// was the one their file's properties kept from another review.
TEST(UnderstandRegression, AdvanceQuestionsAreQuestionsOfTheStatesThatAsked) {
  PreparedDocument doc = prepare("upr-advance-questions.txt");
  EXPECT_EQ(doc.record.kind, "upr-advance-questions");
  EXPECT_EQ(doc.record.title, "Advance questions to Slovenia (Add.1)");
  std::vector<std::pair<std::string, std::string>> asked;  // (asker, text)
  std::size_t others = 0;
  for (const auto& u : doc.units) {
    if (u.unit_kind != "question") {
      EXPECT_TRUE(u.recommending_states.empty()) << u.text;
      ++others;
      continue;
    }
    ASSERT_EQ(u.recommending_states.size(), 1u) << u.text;
    asked.emplace_back(u.recommending_states.front(), u.text);
  }
  EXPECT_EQ(others, 1u) << "the words before the first State";
  ASSERT_EQ(asked.size(), 3u);
  EXPECT_EQ(asked[0], std::make_pair(std::string("BEL"),
                                     std::string("What steps has the Government taken on the invented convention of 2030?")));
  EXPECT_EQ(asked[1].first, "NOR");
  EXPECT_EQ(asked[2].first, "PRT") << "a State asking on behalf of a group";
  const auto& last = doc.units.back();
  EXPECT_EQ(last.section, "Portugal");
  EXPECT_EQ(last.subsection, "Invented rights of women");
  EXPECT_NE(last.text.find("implementation of recommendations on women's rights?"), std::string::npos) << last.text;
}

// Footnote markers after the recommending States: "(Trinidad and Tobago);1".
TEST(UnderstandRegression, FootnoteMarkersAfterRecommendingStates) {
  using hrdex::indexer::understand::Para;
  auto table = hrdex::core::CountryTable::shared();
  ASSERT_TRUE(table.ok());
  std::vector<Para> paras(4);
  paras[0].kind = hrdex::indexer::extract::BlockKind::heading;
  paras[0].text = "II. Conclusions and/or recommendations";
  paras[1].number = "99";
  paras[1].text = "The following recommendations will be examined by Invented State:";
  paras[2].number = "99.1";
  paras[2].text = "Ratify the invented convention (Trinidad and Tobago);1";
  paras[3].number = "99.2";
  paras[3].text = "Implement fully (Thailand);1 the invented plan (Chad)3;";
  auto units = hrdex::indexer::understand::parse_upr_report(paras, **table).units;
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[1].text, "Ratify the invented convention (Trinidad and Tobago);");
  EXPECT_EQ(units[1].recommending_states, isos({"TTO"}));
  EXPECT_EQ(units[2].text, "Implement fully (Thailand); the invented plan (Chad);");
  EXPECT_EQ(units[2].recommending_states, isos({"THA", "TCD"}));
}

// France 2008: "3. o remove ..." (first letter lost) is not read as a
// numbered paragraph; India 2008: "4 Encourage" (no dot) and "(United Kingdom
// France, Mexico)" (comma lost); Sri Lanka 2008: "paragraphs 28 (a); 33 (a);
// 36 ... in section I above"; Jordan and the United Arab Emirates 2009:
// "(b, c, d, e, f)" and a list that ends the paragraph.
TEST(UnderstandRegression, Cycle1ItemsWithDamagedNumbersAndLists) {
  using hrdex::indexer::understand::Para;
  auto table = hrdex::core::CountryTable::shared();
  ASSERT_TRUE(table.ok());
  auto para = [](std::string number, std::string text) {
    Para p;
    p.number = std::move(number);
    p.text = std::move(text);
    return p;
  };
  std::vector<Para> paras = {para("28", "The United Kingdom invented a question and recommended an invented reform."),
                             para("29", "Chile recommended invented accessions."),
                             para("33", "Latvia recommended an invented invitation."),
                             para("34", "Brazil recommended an invented moratorium."),
                             para("", "II. CONCLUSIONS AND/OR RECOMMENDATIONS"),
                             para("60", "In the course of the discussion, the following recommendations were made:"),
                             para("1", "To ratify the invented convention (United Kingdom France, Mexico);"),
                             para("", "2. o remove the invented reservation (Egypt);"),
                             para("", "3 Encourage invented cooperation (Ghana);"),
                             para("4", "To adopt the invented law (Chile);"),
                             para("61", "Recommendations noted in paragraphs 28 (a); 33 in section I above will be "
                                        "examined."),
                             para("62", "The recommendations noted in the report in following paragraphs did not "
                                        "enjoy the support of the State: paragraphs 29 (b, c, d, e, f); 34 (a).")};
  paras[4].kind = hrdex::indexer::extract::BlockKind::heading;
  auto units = hrdex::indexer::understand::parse_upr_report(paras, **table).units;
  std::map<std::string, std::vector<std::string>> by;
  for (const auto& u : units)
    if (u.unit_kind == "recommendation") by[u.number] = u.recommending_states;
  EXPECT_EQ(by, (std::map<std::string, std::vector<std::string>>{{"28", isos({"GBR"})},
                                                                  {"29", isos({"CHL"})},
                                                                  {"33", isos({"LVA"})},
                                                                  {"34", isos({"BRA"})},
                                                                  {"60.1", isos({"GBR", "FRA", "MEX"})},
                                                                  {"60.2", isos({"EGY"})},
                                                                  {"60.3", isos({"GHA"})},
                                                                  {"60.4", isos({"CHL"})}}));
}

// Indonesia 2008 (session 1): "Other recommendations noted in the report in
// paragraphs 51, 53 and 63 above": those dialogue paragraphs are the
// recommendations, made by the State each opens with.
TEST(UnderstandRegression, Cycle1RecommendationsNamedByParagraphsAbove) {
  PreparedDocument doc = prepare("upr-report-cycle1-paragraphs-above.txt");
  const UnitRecord* uk = unit_numbered(doc, "51");
  ASSERT_NE(uk, nullptr);
  EXPECT_EQ(uk->unit_kind, "recommendation");
  EXPECT_EQ(uk->recommending_states, isos({"GBR"}));
  EXPECT_EQ(uk->group, "will-be-examined");
  const UnitRecord* nl = unit_numbered(doc, "53");
  ASSERT_NE(nl, nullptr);
  EXPECT_EQ(nl->unit_kind, "recommendation");
  EXPECT_EQ(nl->recommending_states, isos({"NLD"}));
  EXPECT_EQ(unit_numbered(doc, "52")->unit_kind, "paragraph");
  const UnitRecord* supported = unit_numbered(doc, "77.1");
  ASSERT_NE(supported, nullptr);
  EXPECT_EQ(supported->recommending_states, isos({"KWT"}));
  EXPECT_EQ(supported->response, "supported");
}

// A recommendation the report itself lists as supported or noted has that
// position with or without an addendum.
TEST(UnderstandRegression, ReportGroupIsThePositionBeforeAnyAddendum) {
  PreparedDocument doc = prepare("upr-report-cycle1.txt");
  EXPECT_EQ(unit_numbered(doc, "69.1")->response, "supported");
  EXPECT_EQ(unit_numbered(doc, "70.1")->response, "noted");
  std::vector<UnitRecord> units = doc.units;
  hrdex::indexer::understand::apply_responses(units, {hrdex::core::Response{"70.1", "supported", "accepts"}}, "ADD");
  for (const auto& u : units) {
    if (u.number == "70.1") {
      EXPECT_EQ(u.response, "supported");
    }
  }
  hrdex::indexer::understand::apply_responses(units, {}, "ADD");  // the addendum removed
  for (const auto& u : units) {
    if (u.number == "70.1") {
      EXPECT_EQ(u.response, "noted");
    }
  }
}

// The United States answers "support", "support in part" and "do not
// support", in lists and one recommendation at a time.
TEST(UnderstandRegression, UsAddendumSupportInPartLayout) {
  PreparedDocument doc = prepare("upr-addendum-us-layout.txt");
  EXPECT_EQ(doc.record.kind, "upr-addendum");
  EXPECT_EQ(doc.record.answers, "A/HRC/97/11");
  std::map<std::string, std::pair<std::string, std::string>> got;
  for (const auto& r : doc.record.responses) got[r.number] = {r.response, r.response_text};
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(got, (std::map<std::string, P>{{"92.1", P{"supported", "support"}},
                                           {"92.2", P{"supported", "support in part"}},
                                           {"92.3", P{"supported", "support"}},
                                           {"92.4", P{"supported", "support"}},
                                           {"92.5", P{"supported", "support"}},
                                           {"92.6", P{"noted", "do not support"}},
                                           {"92.7", P{"supported", "support"}},
                                           {"92.8", P{"noted", "do not support"}},
                                           {"92.9", P{"supported", "support in part"}},
                                           {"92.10", P{"noted", "do not support"}}}));
}

// Slovenia's fourth addendum: "The Government accepts the following
// recommendations and provides some additional information about the
// implementation: 140.11, ..." (39 recommendations were left unanswered).
TEST(UnderstandRegression, AddendumListAfterAClause) {
  using hrdex::indexer::understand::Para;
  Para p;
  p.number = "4";
  p.text = "The Government accepts the following recommendations and provides some additional information "
           "about the implementation: 140.11, 140.12, 140.38.";
  auto responses = hrdex::indexer::understand::parse_upr_responses({p});
  ASSERT_EQ(responses.size(), 3u);
  EXPECT_EQ(responses[0].number, "140.11");
  EXPECT_EQ(responses[2].number, "140.38");
  EXPECT_EQ(responses[2].response, "supported");
}

TEST(Understand, AddendumRangesAreExpanded) {
  PreparedDocument doc = prepare("upr-addendum.txt");
  EXPECT_EQ(doc.record.kind, "upr-addendum");
  EXPECT_EQ(doc.record.answers, "A/HRC/99/15");
  std::map<std::string, std::string> got;
  for (const auto& r : doc.record.responses) got[r.number] = r.response;
  EXPECT_EQ(got, (std::map<std::string, std::string>{
                     {"115.1", "supported"}, {"115.2", "noted"}, {"115.3", "supported"}, {"115.4", "supported"}}));
}

TEST(Understand, RecommendationListExpansion) {
  using hrdex::indexer::understand::expand_recommendation_list;
  EXPECT_EQ(expand_recommendation_list("1-3, 14\xE2\x80\x93" "15"),
            (std::vector<std::string>{"1", "2", "3", "14", "15"}));
  EXPECT_EQ(expand_recommendation_list("122.17-18, 140.35. 140.36"),
            (std::vector<std::string>{"122.17", "122.18", "140.35", "140.36"}));
}

TEST(Understand, ConcludingObservationsWithSubItems) {
  PreparedDocument doc = prepare("treaty-co.txt");
  EXPECT_EQ(doc.record.kind, "treaty-co");
  EXPECT_EQ(doc.record.body, "cerd");
  EXPECT_EQ(doc.record.report_cycle, "7-9");
  const UnitRecord* concern = unit_numbered(doc, "12");
  ASSERT_NE(concern, nullptr);
  EXPECT_EQ(concern->unit_kind, "concern");
  EXPECT_EQ(concern->subsection, "Racial profiling");
  EXPECT_EQ(concern->section, "C. Concerns and recommendations");
  // "13. The State party should: (a) ...; (b) ...": the words before the
  // items are a unit of their own, and each item is a recommendation cited
  // "para. 13 (a)".
  const UnitRecord* lead = unit_numbered(doc, "13");
  ASSERT_NE(lead, nullptr);
  EXPECT_EQ(lead->unit_kind, "paragraph");
  EXPECT_EQ(lead->text, "The State party should:");
  ASSERT_EQ(lead->items.size(), 2u);
  EXPECT_EQ(lead->items[0].label, "a");
  EXPECT_EQ(lead->items[1].text, "Train the invented police force.");
  const UnitRecord* a = unit_numbered(doc, "13 (a)");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->unit_kind, "recommendation");
  EXPECT_EQ(a->text, "Adopt an invented law on profiling;");
  EXPECT_EQ(a->lead_in, "The State party should:");
  EXPECT_EQ(a->subsection, "Racial profiling");
  EXPECT_TRUE(a->followup);
  EXPECT_TRUE(unit_numbered(doc, "13 (b)")->followup);
  EXPECT_FALSE(lead->followup);
  EXPECT_FALSE(concern->followup);
  // The follow-up request cites "13 (a) and 13 (b)": no items of its own.
  EXPECT_EQ(unit_numbered(doc, "14 (a)"), nullptr);
  EXPECT_EQ(doc.record.followup_paragraphs, (std::vector<std::string>{"13 (a)", "13 (b)"}));
  EXPECT_EQ(doc.record.next_report_date, "2035-01-04");
}

TEST(Understand, LetterAsksAndSignatories) {
  PreparedDocument doc = prepare("letter.txt");
  EXPECT_EQ(doc.record.kind, "civil-society");
  EXPECT_EQ(doc.record.addressee, "Secretary Example");
  EXPECT_EQ(doc.record.signatories, (std::vector<std::string>{"Invented Rights Watch", "Example Legal Aid Society"}));
  int asks = 0;
  for (const auto& u : doc.units) asks += u.unit_kind == "ask";
  EXPECT_EQ(asks, 1);
}

TEST(Understand, CountryVariants) {
  auto table = hrdex::core::CountryTable::shared();
  ASSERT_TRUE(table.ok()) << table.error().message();
  for (const auto& [name, iso] : std::vector<std::pair<std::string, std::string>>{
           {"Iran (Islamic Republic of)", "IRN"},
           {"Democratic People\xE2\x80\x99s Republic of Korea", "PRK"},
           {"C\xC3\xB4te d'Ivoire", "CIV"},
           {"United Kingdom of Great Britain and Northern Ireland", "GBR"},
           {"Republic of Moldova", "MDA"},
           {"The Holy See", "VAT"},
           {"State of Palestine", "PSE"},
           {"usa", "USA"}}) {
    auto c = (*table)->find(name);
    ASSERT_TRUE(c.has_value()) << name;
    EXPECT_EQ(c->iso3, iso) << name;
  }
}

// UPR Info's spellings, which the evaluation script resolves through the
// same variants.
TEST(UnderstandRegression, CountryVariantsDprKoreaAndTrinidadAmpersandTobago) {
  auto table = hrdex::core::CountryTable::shared();
  ASSERT_TRUE(table.ok()) << table.error().message();
  EXPECT_EQ((*table)->find("DPR Korea")->iso3, "PRK");
  EXPECT_EQ((*table)->find("Trinidad & Tobago")->iso3, "TTO");
}

TEST(Understand, MissingIsoCodesFileIsAClearError) {
  auto t = hrdex::core::CountryTable::load("/nonexistent/iso_3166-1.json");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message().find("iso-codes"), std::string::npos);
}

namespace {

// Every Xapian document keyed by its unique id, with data and terms, so two
// indexes can be compared whatever their internal document numbers.
std::map<std::string, std::string> dump(const fs::path& dir) {
  Xapian::Database db(dir.string());
  std::map<std::string, std::string> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document d = db.get_document(*it);
    std::string key, terms;
    for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
      if ((*t)[0] == 'Q') key = *t;
      terms += *t + " ";
    }
    out[key] = d.get_data() + "\n" + terms;
  }
  return out;
}

fs::path temp_dir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("hrdex-understand-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

}  // namespace

TEST(Understand, ResponseJoinIsOrderIndependent) {
  PreparedDocument report = prepare("upr-report-cycle2.txt");
  PreparedDocument addendum = prepare("upr-addendum.txt");
  report.record.indexed_at = addendum.record.indexed_at = "2031-01-01T00:00:00Z";
  const fs::path a = temp_dir("a"), b = temp_dir("b");
  {
    auto w = hrdex::indexer::write::IndexWriter::open(a);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->replace(report).ok());
    ASSERT_TRUE(w->replace(addendum).ok());
  }
  {
    auto w = hrdex::indexer::write::IndexWriter::open(b);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->replace(addendum).ok());
    ASSERT_TRUE(w->replace(report).ok());
  }
  auto da = dump(a), db = dump(b);
  EXPECT_EQ(da, db);
  int with_response = 0;
  for (const auto& [key, value] : da) with_response += value.find("XRESPONSEsupported") != std::string::npos;
  EXPECT_EQ(with_response, 3);  // 115.1, 115.3, 115.4
  // Removing the addendum takes its responses away again.
  {
    auto w = hrdex::indexer::write::IndexWriter::open(a);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->remove(addendum.record.id).ok());
  }
  for (const auto& [key, value] : dump(a)) EXPECT_EQ(value.find("XRESPONSE"), std::string::npos) << key;
  fs::remove_all(a);
  fs::remove_all(b);
}

// A UN PDF prints its symbol in the masthead and in every page header, so
// extraction removes it as furniture; understanding must still find it, and
// the printed title must replace the producer's "United Nations".
TEST(UnderstandCorpus, ReportSymbolAndTitleFromTheMasthead) {
  const fs::path report = fs::path(HRDEX_SHARED_CORPUS) / "upr-wg-reports" / "albania2010.pdf";
  if (!fs::exists(report)) GTEST_SKIP() << report << " is absent";
  auto doc = prepare_document(report);
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ(doc->record.symbol, "A/HRC/13/6");
  EXPECT_EQ(doc->record.title, "Report of the Working Group on the Universal Periodic Review: Albania");
  ASSERT_FALSE(doc->units.empty());
  EXPECT_EQ(doc->units.front().symbol, "A/HRC/13/6");
}

// OHCHR's advance questions to Slovenia (cycle 2, a .docx named .doc): its
// file properties say "UPR Advance Questions - Micronesia".
TEST(UnderstandCorpus, SloveniaAdvanceQuestionsByTheStatesThatAsked) {
  const fs::path file = fs::path(HRDEX_SHARED_CORPUS) / "slovenia" / "cycle2" / "AdvancedQuestionsSlovenia.doc";
  if (!fs::exists(file)) GTEST_SKIP() << file << " is absent (../shared/corpus is not part of the repository)";
  auto doc = prepare_document(file);
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ(doc->record.kind, "upr-advance-questions");
  EXPECT_EQ(doc->record.state, "SVN");
  EXPECT_EQ(doc->record.title, "Advance questions to Slovenia");
  std::map<std::string, int> by;
  for (const auto& u : doc->units)
    if (u.unit_kind == "question") ++by[u.recommending_states.at(0)];
  EXPECT_EQ(by, (std::map<std::string, int>{{"BEL", 7}, {"DEU", 1}, {"NLD", 3}, {"NOR", 4}}));
}

// Slovenia's cycles 2-4: every Working Group recommendation gets a position
// from its addendum. Needs ../shared/corpus and a working PDF extractor.
TEST(UnderstandCorpus, SloveniaResponsesJoin) {
  const fs::path corpus = fs::path(HRDEX_SHARED_CORPUS) / "slovenia";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << corpus << " is absent";
  for (const char* cycle : {"cycle2", "cycle3", "cycle4"}) {
    std::vector<PreparedDocument> reports, addenda;
    for (const auto& e : fs::directory_iterator(corpus / cycle)) {
      if (e.path().extension() != ".pdf") continue;
      auto doc = prepare_document(e.path());
      if (!doc) continue;
      if (doc->record.kind == "upr-wg-report") reports.push_back(*doc);
      if (doc->record.kind == "upr-addendum") addenda.push_back(*doc);
    }
    if (reports.empty() || addenda.empty()) GTEST_SKIP() << "PDF extraction does not yet yield Slovenia's reports";
    const fs::path dir = temp_dir(cycle);
    auto w = hrdex::indexer::write::IndexWriter::open(dir);
    ASSERT_TRUE(w.ok());
    for (const auto& d : addenda) ASSERT_TRUE(w->replace(d).ok());
    for (const auto& d : reports) ASSERT_TRUE(w->replace(d).ok());
    // Batched ingest commits on request only.
    ASSERT_TRUE(w->commit().ok());
    Xapian::Database db(dir.string());
    const std::string term = hrdex::core::schema::boolean_term("XUNIT", "recommendation");
    int total = 0, answered = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      auto u = hrdex::core::unit_from_json(db.get_document(*it).get_data());
      ASSERT_TRUE(u.ok());
      ++total;
      answered += !u->response.empty();
    }
    EXPECT_GT(total, 0) << cycle;
    EXPECT_EQ(answered, total) << cycle;
    fs::remove_all(dir);
  }
}

// The eight cycle-1 reviews that yielded no recommendation at all: Bahrain
// (misprinted WG.6 symbol), Barbados, Botswana and Luxembourg ("it was
// recommended that X:"), Belize (heading without "/or"), Peru and Saudi
// Arabia (no "Report of the Working Group" title), Slovakia (introduction
// not ending with a colon). Counts are the printed items, at least.
TEST(UnderstandCorpus, Cycle1ReviewsWithoutRecommendations) {
  const fs::path corpus = fs::path(HRDEX_SHARED_CORPUS) / "upr-wg-reports";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << corpus << " is absent";
  struct Case {
    const char* file;
    const char* state;
    int session;
    int at_least;
  };
  for (const Case& c : {Case{"bahrain2008.pdf", "BHR", 1, 9}, Case{"barbados2009.pdf", "BRB", 3, 20},
                        Case{"belize2009.pdf", "BLZ", 5, 20}, Case{"botswana2009.pdf", "BWA", 3, 20},
                        Case{"luxembourg2009.pdf", "LUX", 3, 18}, Case{"peru2008.pdf", "PER", 2, 20},
                        Case{"saudiarabia2009.pdf", "SAU", 4, 50}, Case{"slovakia2009.pdf", "SVK", 5, 50}}) {
    auto doc = prepare_document(corpus / c.file);
    ASSERT_TRUE(doc.ok()) << c.file << ": " << doc.error().message();
    EXPECT_EQ(doc->record.kind, "upr-wg-report") << c.file;
    EXPECT_EQ(doc->record.state, c.state) << c.file;
    EXPECT_EQ(doc->record.session, c.session) << c.file;
    int recommendations = 0, with_state = 0;
    for (const auto& u : doc->units) {
      if (u.unit_kind != "recommendation") continue;
      ++recommendations;
      with_state += !u.recommending_states.empty();
    }
    EXPECT_GE(recommendations, c.at_least) << c.file;
    EXPECT_GE(with_state * 10, recommendations * 8) << c.file << ": " << with_state << " of " << recommendations;
  }
}

// OHCHR's thematic lists put one theme per line after a dash; where a
// cell's lines arrive joined by spaces, the dashes still separate them, and
// theme labels hold commas.
TEST(UnderstandRegression, ThematicListDashedThemeLabelsWithCommas) {
  auto table = hrdex::core::CountryTable::shared();
  ASSERT_TRUE(table.ok()) << table.error().message();
  using hrdex::indexer::understand::Para;
  auto row = [](std::vector<std::string> cells) {
    Para p;
    p.kind = hrdex::indexer::extract::BlockKind::table_row;
    p.cells = std::move(cells);
    return p;
  };
  std::vector<Para> paras = {
      row({"Recommendation", "Position", "Full list of themes"}),
      row({"Theme: Acceptance of international norms"}),
      row({"101.1 Ratify the invented convention (Examplia);", "Supported",
           "- Acceptance of international norms - Economic, social & cultural rights - Women's rights"})};
  auto units = hrdex::indexer::understand::parse_thematic_list(paras, **table).units;
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].themes, (std::vector<std::string>{"Acceptance of international norms",
                                                       "Economic, social & cultural rights", "Women's rights"}));
  EXPECT_EQ(units[0].response, "supported");
}

// Every series of UN symbols is a document's own symbol, read from its
// masthead rather than from the symbols it cites, without a footnote mark;
// text and HTML documents laid out as UN documents get their printed title,
// not their symbol or the masthead's "United Nations".
TEST(UnderstandSymbols, EverySeriesFromTheMastheadWithItsPrintedTitle) {
  struct Case {
    const char* file;
    const char* symbol;
    const char* title;
  };
  const Case cases[] = {
      {"special-session.txt", "A/HRC/S-28/2",
       "Report of the invented commission of inquiry on the fictional State of Veridia"},
      {"crp.txt", "A/HRC/40/CRP.1", "Conference room paper of the invented panel on model archives"},
      {"ngo-statement.txt", "A/HRC/34/NGO/61",
       "Written statement submitted by the Invented Society for Model Rights, a non-governmental organization in "
       "special consultative status"},
      {"summary-record.txt", "A/HRC/34/SR.5/Corr.1", "Summary record of the 5th meeting, corrigendum"},
      {"advisory-committee.txt", "A/HRC/AC/20/2/Rev.1", "Report of the invented drafting group on model archives"},
      {"joint-symbol.txt", "A/HRC/38/3", "Report of the invented Secretary-General on model equality"},
      {"upr-report.html", "A/HRC/99/12", "Report of the Working Group on the Universal Periodic Review: Veridia"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    auto doc = prepare_document(fs::path(HRDEX_TEST_DATA) / "symbols" / c.file);
    ASSERT_TRUE(doc.ok()) << doc.error().message();
    EXPECT_EQ(doc->record.symbol, c.symbol);
    EXPECT_EQ(doc->record.title, c.title);
  }
  // Both halves of a joint symbol are the document's own.
  auto joint = prepare_document(fs::path(HRDEX_TEST_DATA) / "symbols" / "joint-symbol.txt");
  ASSERT_TRUE(joint.ok());
  EXPECT_EQ(std::vector<std::string>(joint->record.symbols.begin(), joint->record.symbols.begin() + 2),
            (std::vector<std::string>{"A/HRC/38/3", "E/CN.6/2018/9"}));
  // A Russian report's title in Russian, not "Организация Объединенных Наций".
  auto ru = prepare_document(fs::path(HRDEX_TEST_DATA) / "symbols" / "upr-report-ru.txt");
  ASSERT_TRUE(ru.ok());
  EXPECT_EQ(ru->record.symbol, "A/HRC/99/13");
  EXPECT_EQ(ru->record.title.rfind("Доклад Рабочей группы по универсальному периодическому обзору", 0), 0u)
      << ru->record.title;
}

TEST(UnderstandSymbols, SymbolSeriesAndWordBoundaries) {
  using hrdex::indexer::understand::find_symbols;
  EXPECT_EQ(find_symbols("see A/HRC/RES/S-28/1 and a/hrc/ac/20/2/corr.1"),
            (std::vector<std::string>{"A/HRC/RES/S-28/1", "A/HRC/AC/20/2/Corr.1"}));
  EXPECT_EQ(find_symbols("A/HRC/40/L.12/Rev.1, E/2018/27 and A/73/123/Add.2"),
            (std::vector<std::string>{"A/HRC/40/L.12/Rev.1", "E/2018/27", "A/73/123/Add.2"}));
  EXPECT_TRUE(find_symbols("he/she wrote to data/2018/9").empty());
  EXPECT_TRUE(hrdex::indexer::understand::is_placeholder_title("United Nations A/HRC/34/NGO/61"));
  EXPECT_TRUE(hrdex::indexer::understand::is_placeholder_title("UNITED"));
  EXPECT_TRUE(hrdex::indexer::understand::is_placeholder_title("Nations Unies"));
  EXPECT_TRUE(hrdex::indexer::understand::is_placeholder_title("General Assembly Distr.: General"));
  EXPECT_FALSE(hrdex::indexer::understand::is_placeholder_title("General comment No. 37"));
  EXPECT_FALSE(hrdex::indexer::understand::is_placeholder_title("Report on A/HRC/34/NGO/61"));
}

// Printed titles that were missed, leaving the file properties' "United
// Nations": one that cites the resolutions it answers, past 200 characters
// (Slovenia's cycle-2 summary and compilation), and a State's information
// on follow-up to concluding observations (CERD's from Brazil, 2026).
TEST(UnderstandRegression, LongTitlesAndFollowUpInformationArePrintedTitles) {
  using hrdex::indexer::extract::BlockKind;
  const std::string summary_title =
      "Summary prepared by the Office of the United Nations High Commissioner for Human Rights in accordance with "
      "paragraph 15 (c) of the annex to Human Rights Council resolution 5/1 and paragraph 5 of the annex to Council "
      "resolution 16/21";
  ASSERT_GT(summary_title.size(), 200u);
  BlockDocument summary;
  summary.add("United Nations", BlockKind::heading);
  summary.add("General Assembly", BlockKind::heading);
  summary.add("Distr.: General 25 July 2031", BlockKind::paragraph);
  summary.add(summary_title, BlockKind::paragraph);
  summary.add("Slovenia", BlockKind::heading);
  EXPECT_EQ(summary.describe_as("upr-stakeholder-summary").title, summary_title + ": Slovenia");

  BlockDocument followup;
  followup.add("United Nations", BlockKind::heading);
  followup.add("Committee on the Elimination of Racial Discrimination", BlockKind::heading);
  followup.add("Information received from Veridia on follow-up to the concluding observations on its invented "
               "periodic reports*",
               BlockKind::heading);
  EXPECT_EQ(followup.describe_as("treaty-followup").title,
            "Information received from Veridia on follow-up to the concluding observations on its invented periodic "
            "reports");
}

// The Italy national report of 2009 in English (masthead "UNITED NATIONS"
// in capitals) and in French ("Nations Unies") get their printed titles.
TEST(UnderstandCorpus, NationalReportTitlesInEnglishAndFrench) {
  const fs::path dir = fs::path(HRDEX_SHARED_CORPUS) / "languages";
  if (!fs::exists(dir)) GTEST_SKIP() << "../shared/corpus/languages is absent";
  auto en = prepare_document(dir / "italy-national-report-2009-en.pdf");
  ASSERT_TRUE(en.ok()) << en.error().message();
  EXPECT_EQ(en->record.symbol, "A/HRC/WG.6/7/ITA/1");
  EXPECT_EQ(en->record.title,
            "National report submitted in accordance with paragraph 15 (a) of the annex to Human Rights Council "
            "resolution 5/1: Italy");
  auto fr = prepare_document(dir / "italy-national-report-2009-fr.pdf");
  ASSERT_TRUE(fr.ok()) << fr.error().message();
  EXPECT_EQ(fr->record.title.rfind("Rapport national présenté conformément au paragraphe 15", 0), 0u) << fr->record.title;
  EXPECT_NE(fr->record.title.find(": Italie"), std::string::npos) << fr->record.title;
}

// A recommendation number printed apart from its text, after a page break,
// kept the rest of a cycle-1 list from being read (angola2010.pdf: items
// 70-166 of paragraph 87 were lost, their numbers, which are also those of
// the report's earlier paragraphs, taken for paragraphs).
TEST(UnderstandRegression, Cycle1ItemNumberAloneBeforeItsText) {
  using hrdex::indexer::extract::BlockKind;
  BlockDocument doc;
  auto block = [&](std::string text, BlockKind kind = BlockKind::paragraph) { doc.add(std::move(text), kind); };
  block("Report of the Working Group on the Universal Periodic Review", BlockKind::heading);
  block("Veridia", BlockKind::heading);
  block("2. Chile praised the invented archive law.");
  block("3. Peru asked about invented courts.");
  block("II. Conclusions and/or recommendations", BlockKind::heading);
  block("87. The following recommendations will be examined by Veridia, which will provide responses in due time:");
  block("1. To fund the invented archive (Chile);");
  block("2.");
  block("To open the invented courts (Peru);");
  block("3. To train the invented judges (Ghana);");
  block("88. All conclusions and/or recommendations contained in the present report reflect the position of the "
        "submitting State(s).");
  auto found = doc.understand_as_report();
  std::vector<std::string> numbers;
  for (const auto& u : found.units)
    if (u.unit_kind == "recommendation") numbers.push_back(u.number);
  EXPECT_EQ(numbers, (std::vector<std::string>{"87.1", "87.2", "87.3"}));
  for (const auto& u : found.units) {
    if (u.number == "87.2") {
      EXPECT_EQ(u.recommending_states, isos({"PER"}));
    }
  }
}

// PDF extraction took a line at a page's foot that opens with a number ("24
// years (France);") for a footnote, and the items after it went with it
// (denmark2011: 106.104-106.106; iceland2011: 62.1-62.4).
TEST(UnderstandRegression, RecommendationsInsideAMistakenFootnote) {
  using hrdex::indexer::extract::BlockKind;
  BlockDocument doc;
  auto block = [&](std::string text, BlockKind kind = BlockKind::paragraph) { doc.add(std::move(text), kind); };
  block("Report of the Working Group on the Universal Periodic Review", BlockKind::heading);
  block("Veridia", BlockKind::heading);
  block("II. Conclusions and/or recommendations", BlockKind::heading);
  block("106. The following recommendations enjoy the support of Veridia:");
  block("106.1. Raise the invented minimum age of");
  block("18 years (France); 106.2. Protect invented families (Peru); 106.3. Fund invented courts (Ghana);",
        BlockKind::footnote);
  block("106.4. Train invented judges (Chile);");
  block("107. All conclusions and/or recommendations contained in the present report reflect the position of the "
        "submitting State(s).");
  auto found = doc.understand_as_report();
  std::vector<std::string> numbers;
  for (const auto& u : found.units)
    if (u.unit_kind == "recommendation") numbers.push_back(u.number);
  EXPECT_EQ(numbers, (std::vector<std::string>{"106.1", "106.2", "106.3", "106.4"}));
  for (const auto& u : found.units) {
    if (u.number == "106.1") {
      EXPECT_EQ(u.text, "Raise the invented minimum age of 18 years (France);");
      EXPECT_EQ(u.recommending_states, isos({"FRA"}));
    }
  }
}

// mali2013 prints "112.3" and "112.25" among the items of paragraph 111,
// cambodia2014 "118.09" between 118.108 and 118.110: each is the item its
// place leaves room for, indexed under that number with a warning naming
// the printed one. mali2013 also prints "111. 29", a space inside the number.
TEST(UnderstandRegression, MisprintedItemNumbersReadByTheirPlace) {
  BlockDocument doc;
  doc.conclusions({"111. The following recommendations enjoy the support of Veridia:",
                   "111.1 Fund the invented archive (Chile);", "112.3 Open the invented courts (Peru);",
                   "111.3 Train the invented judges (Ghana);", "111. 4 Publish the invented budget (Nepal);",
                   "111.5 Protect the invented rivers (Fiji);", "111.06 Count the invented votes (Chad);",
                   "111.17 Seal the invented files (Iraq);", "111.8 Repeal the invented decree (Mali).",
                   "112. The following recommendations will be examined by Veridia:",
                   "112.1 Invite the invented rapporteur (Cuba);", "112.3 Hear the invented petitions (Oman);",
                   "112.4 Close the invented camps (Togo).",
                   "113. All conclusions and/or recommendations contained in the present report reflect the position "
                   "of the submitting State(s)."});
  auto found = doc.understand_as_report();
  std::vector<std::string> numbers;
  for (const auto& u : found.units)
    if (u.unit_kind == "recommendation") numbers.push_back(u.number);
  // 111.2 and 111.7 by their places; "111. 4" read whole; "111.06" is in
  // its place and stays as printed; 112.3 after 112.1 is left as printed:
  // its neighbours leave no single place for it.
  EXPECT_EQ(numbers, (std::vector<std::string>{"111.1", "111.2", "111.3", "111.4", "111.5", "111.06", "111.7", "111.8",
                                               "112.1", "112.3", "112.4"}));
  for (const auto& u : found.units) {
    if (u.number == "111.2") {
      EXPECT_EQ(u.recommending_states, isos({"PER"}));
    }
    if (u.number == "111.4") {
      EXPECT_EQ(u.text, "Publish the invented budget (Nepal);");
    }
  }
  EXPECT_EQ(found.warnings,
            (std::vector<std::string>{"page 1: recommendation printed as 112.3 between 111.1 and 111.3, indexed as 111.2",
                                      "page 1: recommendation printed as 111.17 between 111.06 and 111.8, indexed as 111.7"}));
}

// congo2013: "113.7" and "114." came out of the PDF before both their
// texts, and recommendation 113.7 was lost; its paragraph 114 ("... cannot
// be accepted:") announces the noted ones, not the "accepted".
TEST(UnderstandRegression, ItemAndParagraphNumbersBeforeTheirTexts) {
  BlockDocument doc;
  doc.conclusions({"113. The following recommendations enjoy the support of Veridia:",
                   "113.1 Invite the invented rapporteurs (Peru);", "113.2", "114.",
                   "Invite every invented mandate (Chile).",
                   "Veridia considers that the recommendations below cannot be accepted:",
                   "114.1 Repeal the invented decree (Ghana)."});
  auto found = doc.understand_as_report();
  std::map<std::string, std::vector<std::string>> by;
  for (const auto& u : found.units)
    if (u.unit_kind == "recommendation") by[u.number] = u.recommending_states;
  EXPECT_EQ(by, (std::map<std::string, std::vector<std::string>>{
                    {"113.1", isos({"PER"})}, {"113.2", isos({"CHL"})}, {"114.1", isos({"GHA"})}}));
  for (const auto& u : found.units) {
    if (u.number == "114.1") {
      EXPECT_EQ(u.response, "noted");
    }
  }
}
