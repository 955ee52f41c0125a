// The title a document is indexed under (indexer/understand/title.cpp):
// file properties weighed against the text, a UN document's printed title,
// and the cover of a civil-society document or letter. Invented first
// pages, in the layouts extraction gives; then the shared corpus's covers,
// skipped when ../shared is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "indexer/ingest.hpp"
#include "indexer/understand/title.hpp"

namespace fs = std::filesystem;
using hrdex::indexer::extract::BlockKind;
using hrdex::indexer::extract::ExtractedDocument;
using hrdex::indexer::understand::cover_title;
using hrdex::indexer::understand::document_title;
using hrdex::indexer::understand::DocumentInfo;
using hrdex::indexer::understand::printed_in;
using hrdex::indexer::understand::readable_case;

namespace {

constexpr BlockKind H = BlockKind::heading;
constexpr BlockKind P = BlockKind::paragraph;

// A first page (page 1), then what `later` puts on page 2.
using Page = std::vector<std::pair<BlockKind, const char*>>;

ExtractedDocument pages(const Page& first, const Page& later = {}) {
  ExtractedDocument doc;
  int page = 1;
  for (const Page* blocks : {&first, &later}) {
    for (const auto& [kind, text] : *blocks) {
      hrdex::indexer::extract::Block b;
      b.kind = kind;
      b.text = text;
      b.page = page;
      doc.blocks.push_back(std::move(b));
    }
    ++page;
  }
  return doc;
}

constexpr const char* kBody =
    "1. This report looks at what States did with the recommendations they accepted at their second review, "
    "drawing on the information that governments, national institutions and organisations sent us over two years.";

}  // namespace

TEST(DocumentTitle, PropertiesTheTextDoesNotPrintGiveWayToItsCover) {
  auto doc = pages({{P, "Promoting follow-up since 2008 http://www.example.org"},
                    {H, "Beyond the pledges"},
                    {H, "What changed after the second review"},
                    {P, kBody}});
  doc.meta.title = "Annual Report";  // the template's, on another report
  doc.meta.title_from_properties = true;
  EXPECT_FALSE(printed_in(doc, doc.meta.title));
  EXPECT_EQ(document_title(doc, DocumentInfo{}), "Beyond the pledges: What changed after the second review");

  doc.meta.title = "Beyond the pledges";
  EXPECT_TRUE(printed_in(doc, doc.meta.title));
  EXPECT_EQ(document_title(doc, DocumentInfo{}), "Beyond the pledges");
  // Its words strewn over the page are not its title printed.
  EXPECT_FALSE(printed_in(doc, "Promoting national institutions"));
  doc.meta.running_headers = {"Promoting national institutions"};
  EXPECT_TRUE(printed_in(doc, "Promoting national institutions"));
}

TEST(DocumentTitle, UnPrintedTitleBeatsAJobNumberAndAGuess) {
  auto doc = pages({{P, "Report of the Working Group on the Universal Periodic Review"}, {P, kBody}});
  DocumentInfo info;
  info.title = "Report of the Working Group on the Universal Periodic Review: Veridia \u2217";
  doc.meta.title = "0612865";  // a print job's number in the file's properties
  doc.meta.title_from_properties = true;
  EXPECT_EQ(document_title(doc, info), "Report of the Working Group on the Universal Periodic Review: Veridia");
  doc.meta.title = "Introduction";
  doc.meta.title_from_properties = false;
  doc.meta.title_guessed = true;
  EXPECT_EQ(document_title(doc, info), "Report of the Working Group on the Universal Periodic Review: Veridia");
  // A report that prints no title line has the one every such report has.
  DocumentInfo report;
  report.kind = "upr-wg-report";
  report.state_name = "Veridia";
  EXPECT_EQ(document_title(pages({{H, "UNIVERSAL PERIODIC REVIEW"}, {P, kBody}}), report),
            "Report of the Working Group on the Universal Periodic Review: Veridia");
  // A title the file gives that its text prints stays.
  doc.meta.title = "Report of the Working Group on the Universal Periodic Review";
  doc.meta.title_from_properties = true;
  doc.meta.title_guessed = false;
  EXPECT_EQ(document_title(doc, info), "Report of the Working Group on the Universal Periodic Review");
}

// Titles printed in capitals, as a title in sentence case prints them.
TEST(DocumentTitle, ATitleInCapitalsReadsInSentenceCase) {
  const std::pair<const char*, const char*> kTitles[] = {
      {"UNIVERSAL PERIODIC REVIEW: AN AMBIVALENT EXERCISE", "Universal Periodic Review: An ambivalent exercise"},
      {"COMMITTEE ON THE ELIMINATION OF RACIAL DISCRIMINATION: GUIDELINES FOR THE CERD-SPECIFIC DOCUMENT TO BE "
       "SUBMITTED BY STATES PARTIES",
       "Committee on the Elimination of Racial Discrimination: Guidelines for the CERD-specific document to be "
       "submitted by States parties"},
      {"NATIONAL REPORT SUBMITTED IN ACCORDANCE WITH PARAGRAPH 15 (A) OF THE ANNEX TO HUMAN RIGHTS COUNCIL "
       "RESOLUTION 5/1",
       "National report submitted in accordance with paragraph 15 (a) of the annex to Human Rights Council "
       "resolution 5/1"},
      {"NGOS AND THE UPR OF A/HRC/16/11 IN 2011", "NGOs and the UPR of A/HRC/16/11 in 2011"},
      {"SUMMARY PREPARED BY THE OFFICE OF THE HIGH COMMISSIONER FOR HUMAN RIGHTS",
       "Summary prepared by the Office of the High Commissioner for Human Rights"},
      {"RATIFY THE OP-CAT? A GUIDE", "Ratify the OP-CAT? A guide"},
      // Not in capitals, or in letters whose case hrdex does not fold: as printed.
      {"INVENTED RIGHTS NETWORK: Submission to the Special Rapporteur",
       "INVENTED RIGHTS NETWORK: Submission to the Special Rapporteur"},
      {"EXAMEN P\u00c9RIODIQUE UNIVERSEL", "EXAMEN P\u00c9RIODIQUE UNIVERSEL"},
      {"2031", "2031"},
      {"", ""},
  };
  for (const auto& [printed, read] : kTitles) EXPECT_EQ(readable_case(printed), read) << printed;
  // A cover's title and a file's own title alike.
  auto doc = pages({{H, "UNIVERSAL PERIODIC REVIEW:"}, {H, "A MIXED RECORD"}, {P, kBody}});
  EXPECT_EQ(document_title(doc, DocumentInfo{}), "Universal Periodic Review: A mixed record");
  doc.meta.title = "THE REVIEW IN PRACTICE";
  EXPECT_EQ(document_title(doc, DocumentInfo{}), "The review in practice");
}

// First pages and the title each gives: why, the page, the title.
struct Cover {
  const char* why;
  Page page;
  const char* title;
};

const Cover kCovers[] = {
    {"a letter is titled by its addressee, past dates, addressees, cc lines and addresses",
     {{P, "12 March 2021 via email"},
      {P, "Hon. Jane Roe Minister of Justice"},
      {P, "cc: Hon. John Doe, Attorney General"},
      {P, "Parliament House PO Box 12 Capital City"},
      {P, "Dear Members of the Justice Committee,"},
      {P, kBody}},
     "Letter to Members of the Justice Committee"},
    {"a salutation opening with 'To'",
     {{P, "To Ministers Responsible for Border Security,"}, {P, kBody}},
     "Letter to Ministers Responsible for Border Security"},
    {"a letter to no one in particular is titled by what it is for",
     {{P, "To Whom It May Concern:"},
      {P, "The undersigned organisations write to urge you to keep encryption strong. "
          "We are concerned that the bill would weaken it."}},
     "The undersigned organisations write to urge you to keep encryption strong."},
    {"the Office's letterhead, read by OCR here and there, says whose letter it is",
     {{H, "NATIONS UNIES HAUT-COMMISSARIAT AUX DROITS DE L'HOMME"},
      {H, "UNITED NATIONS TH E HIGH CO MMIS 510NE FOR HUMAN RIGHTS"},
      {P, "y'*\"'(,)"},
      {H, "PALAIS DES NATIONS 1211 GENEVA 10, SWITZERLAND"},
      {P, "1 0ctober 2025"},
      {P, "Madam,"},
      {P, kBody}},
     "Letter of the United Nations High Commissioner for Human Rights"},
    {"a statement's title line before its salutation, past a tagline with a web address",
     {{P, "Strengthening the review www.example.org"},
      {P, "Human Rights Council: 30th Session Oral statement Item 6 - General Debate"},
      {P, "Mr President,"},
      {P, kBody}},
     "Human Rights Council: 30th Session Oral statement Item 6 - General Debate"},
    {"a line ending in a colon leads into the heading",
     {{P, "ASSOCIATION REPORT 2008 - 2009"}, {P, "UNIVERSAL PERIODIC REVIEW:"}, {H, "A MIXED RECORD"},
      {P, "After six sessions"}},
     "UNIVERSAL PERIODIC REVIEW: A MIXED RECORD"},
    {"a subtitle in brackets follows without a colon; a date or one-word heading is no title",
     {{H, "November 2025"}, {H, "Attachment"}, {H, "Paving the way"}, {H, "(oral statement under item 6)"}},
     "Paving the way (oral statement under item 6)"},
    {"an organisation's name set alone as a heading gives way to the title line above it",
     {{P, "Consultation on the draft Online Conduct Code 2031"},
      {H, "INVENTED RIGHTS NETWORK"},
      {P, "Invented Rights Network - Submission November 2031"},
      {P, kBody}},
     "Consultation on the draft Online Conduct Code 2031"},
    {"with a subtitle under it, the organisation's name is the title's first part",
     {{H, "INVENTED RIGHTS NETWORK"}, {H, "Submission to the Special Rapporteur"}, {P, kBody}},
     "INVENTED RIGHTS NETWORK: Submission to the Special Rapporteur"},
    {"a UN masthead's lines are passed over",
     {{H, "UNITED NATIONS"},
      {P, "Distr."},
      {H, "GENERAL"},
      {P, "CERD/C/2007/1 13 June 2008"},
      {P, "Original: ENGLISH"},
      {H, "GUIDELINES FOR THE DOCUMENTS OF STATES PARTIES"},
      {P, kBody}},
     "GUIDELINES FOR THE DOCUMENTS OF STATES PARTIES"},
    {"the body starts at once: a heading further on is no title",
     {{P, kBody}, {H, "Conclusions of the study"}},
     ""},
};

// The High Commissioner writes to every State after its review: the
// letters differ by their State, which the title then names.
TEST(DocumentTitle, TheHighCommissionersLetterNamesItsState) {
  const auto doc = pages({{H, "OFFICE OF THE HIGH COMMISSIONER FOR HUMAN RIGHTS"},
                          {P, "13 May 2031"},
                          {P, "Excellency,"},
                          {P, kBody}});
  DocumentInfo info;
  EXPECT_EQ(document_title(doc, info), "Letter of the United Nations High Commissioner for Human Rights");
  info.state_name = "Slovenia";
  EXPECT_EQ(document_title(doc, info), "Letter of the United Nations High Commissioner for Human Rights: Slovenia");
}

// One word in a file's properties is its file's name, printed or not
// (Piktochart wrote "slovenia" into the cycle-4 infographic); the cover's
// title serves, without its footnote mark.
TEST(DocumentTitle, OneWordInTheFilesPropertiesIsNoTitle) {
  auto doc = pages({{H, "Veridia"},
                    {H, "The Universal Periodic Review"},
                    {H, "Trends in supported recommendations*"},
                    {P, kBody}});
  doc.meta.title = "veridia";
  doc.meta.title_from_properties = true;
  EXPECT_EQ(document_title(doc, DocumentInfo{}), "The Universal Periodic Review: Trends in supported recommendations");
  doc.meta.title = "Veridia and the review";
  doc.blocks.front().text = "Veridia and the review";
  EXPECT_EQ(document_title(doc, DocumentInfo{}), "Veridia and the review");
}

TEST(CoverTitle, FirstPagesAndTheirTitles) {
  for (const Cover& c : kCovers) EXPECT_EQ(cover_title(pages(c.page)), c.title) << c.why;
}

TEST(CoverTitle, OnlyTheFirstPage) {
  // A heading on a later page is no title.
  EXPECT_EQ(cover_title(pages({{P, kBody}}, {{H, "Annex of the signatories"}})), "");
}

// A title too long is cut between words, or, in a run without spaces,
// between characters, never inside one.
TEST(CoverTitle, LongTitlesAreCutBetweenCharacters) {
  std::string run;
  for (int i = 0; i < 150; ++i) run += "\u00e9";  // two bytes each
  const std::string title = cover_title(pages({{H, ("Rapport " + run).c_str()}, {P, kBody}}));
  ASSERT_TRUE(title.ends_with("\u2026")) << title;
  EXPECT_LE(title.size(), 300u);
  EXPECT_TRUE(hrdex::core::is_valid_utf8(title));
}

// Civil-society documents of the shared corpus, whose file properties name
// another report or none.
TEST(CoverTitleCorpus, CivilSocietyReportsAndLetters) {
  const fs::path dir = fs::path(HRDEX_SHARED_CORPUS) / "civil-society";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " is absent (../shared/corpus is not part of the repository)";
  const std::pair<const char*, const char*> expected[] = {
      {"beyond-promises.pdf", "Beyond promises: The impact of the UPR on the ground"},
      {"Five-eyes-open-letter.pdf", "Letter to Ministers Responsible for the Five Eyes Security Community"},
      {"20190205-Civil-Society-Letter-to-EP-Terrorism-Database.pdf", "Letter to Members of the European Parliament"},
  };
  for (const auto& [file, title] : expected) {
    auto doc = hrdex::indexer::prepare_document(dir / file);
    ASSERT_TRUE(doc.ok()) << file << ": " << doc.error().message();
    EXPECT_EQ(doc->record.title, title) << file;
  }
}
