#include <gtest/gtest.h>

#include "indexer/extract/numbering.hpp"
#include "indexer/understand/units.hpp"

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

TEST(Numbering, RecognisesParagraphNumbersAsPrinted) {
  EXPECT_EQ(extract::leading_paragraph_number("12. The Committee"), "12");
  EXPECT_EQ(extract::leading_paragraph_number("92.1 Ratify"), "92.1");
  EXPECT_EQ(extract::leading_paragraph_number("176.343 Continue"), "176.343");
  EXPECT_EQ(extract::leading_paragraph_number("2015 was a year"), "");
  EXPECT_EQ(extract::leading_paragraph_number("3.5 million people"), "");
  EXPECT_EQ(extract::leading_paragraph_number("12"), "");
}

TEST(Units, NumberedParagraphsBecomeUnitsAndContinuationsJoinThem) {
  extract::ExtractedDocument doc;
  doc.blocks = {block(BlockKind::heading, "Recommendations"),
                block(BlockKind::paragraph, "92.1 Ratify the Convention", 19),
                block(BlockKind::paragraph, "on the Rights of the Child (France);", 20),
                block(BlockKind::paragraph, "92.2 Establish an institution (Brazil);", 20),
                block(BlockKind::footnote, "1 A footnote", 20)};
  auto units = split_units(doc);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].number, "92.1");
  EXPECT_EQ(units[0].page, 19);
  EXPECT_EQ(units[0].text, "Ratify the Convention on the Rights of the Child (France);");
  EXPECT_EQ(units[0].section, "Recommendations");
  EXPECT_EQ(units[1].number, "92.2");
}

TEST(Units, UnnumberedDocumentsSplitOnParagraphs) {
  extract::ExtractedDocument doc;
  doc.blocks = {block(BlockKind::heading, "Working Group Consultations"), block(BlockKind::paragraph, "First."),
                block(BlockKind::paragraph, "Second.")};
  auto units = split_units(doc);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].number, "");
  EXPECT_EQ(units[1].section, "Working Group Consultations");
}

}  // namespace
}  // namespace hrdex::indexer::understand
