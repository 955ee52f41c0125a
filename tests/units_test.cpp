// The paragraph stream every parser reads (running headers, page furniture
// and paragraph numbers handled) and the numbered-paragraph parser used for
// documents of no particular kind. These replace the tests of the first
// placeholder splitter.
#include <gtest/gtest.h>

#include "indexer/extract/numbering.hpp"
#include "indexer/understand/paragraphs.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {
namespace {

using extract::Block;
using extract::BlockKind;

Block block(BlockKind kind, std::string text, int page = 1) {
  Block b;
  b.kind = kind;
  b.text = std::move(text);
  b.page = page;
  return b;
}

// Paragraph blocks, as PDF extraction gives them, through the paragraph stream.
std::vector<Para> paragraphs_of(std::initializer_list<const char*> texts) {
  extract::ExtractedDocument doc;
  for (const char* t : texts) doc.blocks.push_back(block(BlockKind::paragraph, t));
  return paragraphs(doc, {});
}

TEST(UnderstandParagraphs, RecognisesParagraphNumbersAsPrinted) {
  EXPECT_EQ(extract::leading_paragraph_number("12. The Committee"), "12");
  EXPECT_EQ(extract::leading_paragraph_number("92.1 Ratify"), "92.1");
  EXPECT_EQ(extract::leading_paragraph_number("176.343 Continue"), "176.343");
  EXPECT_EQ(extract::leading_paragraph_number("2015 was a year"), "");
  EXPECT_EQ(extract::leading_paragraph_number("3.5 million people"), "");
  EXPECT_EQ(extract::leading_paragraph_number("12"), "");
}

// china2013 ("186.132. .Inform") and spain2010 ("84.5. |Implement"): a stray
// mark between the number and its text hid the number, and the item joined
// the one before it.
TEST(UnderstandRegression, StrayMarkBetweenNumberAndText) {
  EXPECT_EQ(extract::leading_paragraph_number("186.132. .Inform the invented suspects"), "186.132");
  EXPECT_EQ(extract::leading_paragraph_number("84.5. |Implement the invented goals"), "84.5");
  EXPECT_EQ(extract::leading_paragraph_number("3.5 .million"), "");
  EXPECT_EQ(extract::leading_paragraph_number("12. | a table cell"), "");
  const std::vector<Para> paras = paragraphs_of({"84.4. Modernize the invented registry (Peru);",
                                                 "84.5. |Implement the invented goals (Chile);",
                                                 "84.6. .Invite the invented rapporteur (Ghana)."});
  ASSERT_EQ(paras.size(), 3u);
  EXPECT_EQ(paras[1].number, "84.5");
  EXPECT_EQ(paras[1].text, "Implement the invented goals (Chile);");
  EXPECT_EQ(paras[2].number, "84.6");
  EXPECT_EQ(paras[2].text, "Invite the invented rapporteur (Ghana).");
}

// congo2013 and madagascar2010: extraction set down two numbers alone
// ("113.7", "114.") before both their texts; the first number was lost and
// the second went to the first text.
TEST(UnderstandRegression, TwoNumbersAloneBeforeTheirTexts) {
  std::vector<std::pair<std::string, std::string>> got;
  for (const Para& p : paragraphs_of({"113.6 Invite the invented rapporteurs (Peru);", "113.7", "114.",
                                      "Invite every invented mandate (Chile).",
                                      "Veridia considers that the recommendations below cannot be accepted:",
                                      "114.1 Repeal the invented decree (Ghana)."}))
    got.emplace_back(p.number, p.text.substr(0, 20));
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{{"113.6", "Invite the invented "},
                                                                    {"113.7", "Invite every invente"},
                                                                    {"114", "Veridia considers th"},
                                                                    {"114.1", "Repeal the invented "}}));
  // Numbers alone that no text takes stay, as paragraphs of their own.
  extract::ExtractedDocument doc;
  doc.blocks = {block(BlockKind::paragraph, "5.1 Fund the invented archive (Peru);"), block(BlockKind::paragraph, "5.2"),
                block(BlockKind::paragraph, "5.3"), block(BlockKind::heading, "Annex")};
  std::vector<std::string> texts;
  for (const Para& p : paragraphs(doc, {})) texts.push_back(p.number + "|" + p.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"5.1|Fund the invented archive (Peru);", "|5.2", "|5.3", "|Annex"}));
}

TEST(UnderstandParagraphs, RunningHeadersAndPageFurnitureGo) {
  extract::ExtractedDocument doc;
  doc.blocks = {block(BlockKind::paragraph, "92.1 Ratify the invented convention A/HRC/99/15 on imaginary rights", 19),
                block(BlockKind::paragraph, "GE.30-12345", 19), block(BlockKind::paragraph, "Page 20", 20),
                block(BlockKind::paragraph, "as cited in A/HRC/99/15/Add.1 (France);", 20)};
  const std::vector<Para> paras = paragraphs(doc, {"A/HRC/99/15"});
  ASSERT_EQ(paras.size(), 2u);
  EXPECT_EQ(paras[0].number, "92.1");
  EXPECT_EQ(paras[0].text, "Ratify the invented convention on imaginary rights");
  // Another document's symbol, which merely starts with our own, stays.
  EXPECT_EQ(paras[1].text, "as cited in A/HRC/99/15/Add.1 (France);");
}

TEST(UnderstandParagraphs, NumberedParagraphsTakeTheirContinuations) {
  extract::ExtractedDocument doc;
  doc.blocks = {block(BlockKind::heading, "Recommendations"),
                block(BlockKind::paragraph, "12. The invented Committee recommends", 19),
                block(BlockKind::paragraph, "that the State party invent a plan.", 20),
                block(BlockKind::paragraph, "13. It also recommends an invented review.", 20),
                block(BlockKind::footnote, "1 A footnote", 20)};
  auto units = parse_numbered_paragraphs(paragraphs(doc, {}));
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].number, "12");
  EXPECT_EQ(units[0].page, 19);
  EXPECT_EQ(units[0].text, "The invented Committee recommends that the State party invent a plan.");
  EXPECT_EQ(units[0].section, "Recommendations");
  EXPECT_EQ(units[1].number, "13");
}

TEST(UnderstandParagraphs, UnnumberedDocumentsSplitOnParagraphs) {
  extract::ExtractedDocument doc;
  doc.blocks = {block(BlockKind::heading, "Working Group Consultations"), block(BlockKind::paragraph, "First."),
                block(BlockKind::paragraph, "Second.")};
  auto units = parse_numbered_paragraphs(paragraphs(doc, {}));
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].number, "");
  EXPECT_EQ(units[1].section, "Working Group Consultations");
}

}  // namespace
}  // namespace hrdex::indexer::understand
