// A document's title, as a reader would give it: the file's own title when
// the document prints it, else the title a UN document prints, else what a
// civil-society document prints on its cover (a letter's addressee when it
// prints no title at all).
#pragma once

#include <string>
#include <string_view>

#include "indexer/extract/extracted_document.hpp"
#include "indexer/understand/document_info.hpp"

namespace hrdex::indexer::understand {

// A title printed in capitals ("NATIONAL REPORT SUBMITTED IN ACCORDANCE
// WITH ...", "UNIVERSAL PERIODIC REVIEW: AN AMBIVALENT EXERCISE") in
// sentence case, as UN documents print their titles: the first word and the
// first after a colon capitalised, the names of UN bodies and treaty
// bodies capitalised again, their abbreviations ("CERD-SPECIFIC" →
// "CERD-specific") and symbols kept. A title with any small letter, or in
// letters beyond ASCII (whose case hrdex does not fold), is left as printed.
std::string readable_case(std::string text);

// The title the index stores for a document (a manifest's title, which the
// caller applies, aside).
std::string document_title(const extract::ExtractedDocument& doc, const DocumentInfo& info);

// Whether the document prints a title its file properties give: four in
// five of its words in a running header or in three lines in a row of its
// first two pages. Properties outlive the text they were
// written for ("UPR Info Annual Report" on another of UPR Info's reports,
// "Mise en page 1", "ADVANCE QUESTIONS TO QATAR" on Slovenia's).
bool printed_in(const extract::ExtractedDocument& doc, std::string_view title);

// The title on a document's first page when it prints no UN title: its
// first heading (with the line before it that ends in ':' and a heading
// under it as its subtitle), else its first title-like line, passing over
// letterheads, addresses, addressees, dates and web addresses. A letter
// that prints no title before its salutation is "Letter to <addressee>",
// or, addressed to no one in particular ("To Whom It May Concern"), the
// first sentence of its body. Empty when there is none.
std::string cover_title(const extract::ExtractedDocument& doc);

}  // namespace hrdex::indexer::understand
