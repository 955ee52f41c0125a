// extract_html on fixtures we wrote (tests/data/html/) and on generated
// hostile input.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "core/text.hpp"
#include "indexer/extract/extract.hpp"

namespace hrdex::indexer::extract {
namespace {

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(HRDEX_TEST_DATA) + "/html/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

ExtractedDocument extract_fixture(const std::string& name) {
  auto result = extract_html(read_fixture(name));
  EXPECT_TRUE(result.ok()) << name << ": " << (result.ok() ? "" : result.error().message());
  return result.ok() ? std::move(result).value() : ExtractedDocument{};
}

std::string all_text(const ExtractedDocument& doc) {
  std::string text;
  for (const Block& b : doc.blocks) text += b.number + " " + b.text + "\n";
  return text;
}

const Block* find_block(const ExtractedDocument& doc, std::string_view starts) {
  for (const Block& b : doc.blocks)
    if (b.text.rfind(starts, 0) == 0) return &b;
  return nullptr;
}

TEST(Html, UprRecommendationsMetadata) {
  ExtractedDocument doc = extract_fixture("upr_recommendations.html");
  EXPECT_EQ(doc.meta.title, "Report of the Working Group on the Universal Periodic Review: Freedonia");
  EXPECT_EQ(doc.meta.author, "Human Rights Council");
  EXPECT_EQ(doc.meta.created, "2031-03-14");
  EXPECT_EQ(doc.meta.language, "en-GB");  // normalised later, by settle_language
}

TEST(Html, ScriptStyleAndNavigationNeverAppear) {
  std::string text = all_text(extract_fixture("upr_recommendations.html"));
  for (std::string_view hidden : {"trackingScriptWord", "color", "Home navigation", "Sitemap", "Breadcrumb",
                                  "Role navigation", "Hidden helper", "Footer navigation", "Enable scripts"})
    EXPECT_EQ(text.find(hidden), std::string::npos) << hidden << " in\n" << text;
  EXPECT_NE(text.find("Contact the secretariat"), std::string::npos);
}

TEST(Html, HeadingsKeepTheirLevel) {
  ExtractedDocument doc = extract_fixture("upr_recommendations.html");
  const Block* h = find_block(doc, "II. Conclusions and/or recommendations");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->kind, BlockKind::heading);
  EXPECT_EQ(h->level, 2);
}

TEST(Html, OrderedListNumbersAsDisplayed) {
  ExtractedDocument doc = extract_fixture("upr_recommendations.html");
  const Block* first = find_block(doc, "Ratify the Optional Protocol to the Convention");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->kind, BlockKind::list_item);
  EXPECT_EQ(first->number, "92.");
  const Block* second = find_block(doc, "Establish a national human rights institution");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->number, "93.");
  EXPECT_EQ(second->text,
            "Establish a national human rights institution in line with the Paris Principles (Sylvania) & (Grand "
            "Fenwick);");
  const Block* valued = find_block(doc, "Adopt a comprehensive");
  ASSERT_NE(valued, nullptr);
  EXPECT_EQ(valued->number, "95.");  // <li value="95">
  const Block* after = find_block(doc, "Strengthen measures");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->number, "96.");
  const Block* lettered = find_block(doc, "by protecting victims.");
  ASSERT_NE(lettered, nullptr);
  EXPECT_EQ(lettered->number, "b.");
  EXPECT_EQ(lettered->level, 1);
}

TEST(Html, TableRowsWithCells) {
  ExtractedDocument doc = extract_fixture("upr_recommendations.html");
  std::vector<const Block*> rows;
  for (const Block& b : doc.blocks)
    if (b.kind == BlockKind::table_row) rows.push_back(&b);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]->cells, (std::vector<std::string>{"Recommendation", "Position", "Theme"}));
  // An empty cell keeps its column; the joined text skips it.
  EXPECT_EQ(rows[2]->cells, (std::vector<std::string>{"92.2 Establish a national institution", "",
                                                      "B51 Right to an effective remedy"}));
  EXPECT_EQ(rows[2]->text, "92.2 Establish a national institution | B51 Right to an effective remedy");
}

TEST(Html, SingleBrJoinsLinesDoubleBrSplitsParagraphs) {
  ExtractedDocument doc = extract_fixture("upr_recommendations.html");
  EXPECT_NE(find_block(doc, "The following recommendations will be examined by Freedonia, which will provide"),
            nullptr);
  EXPECT_NE(find_block(doc, "First line of a poem-like statement"), nullptr);
  const Block* second = find_block(doc, "Second paragraph after a double break");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->kind, BlockKind::paragraph);
}

TEST(Html, EntitiesDecodedAndWhiteSpaceCollapsed) {
  ExtractedDocument doc = extract_fixture("upr_recommendations.html");
  EXPECT_NE(find_block(doc, "Caf\xC3\xA9 d\xC3\xA9" "claration \xE2\x80\x99quoted\xE2\x80\x99 <tag> &unknownentity; end."),
            nullptr)
      << all_text(doc);
  EXPECT_NE(find_block(doc, "The recommendations formulated during the interactive dialogue have been examined by "
                            "Freedonia and enjoy its support:"),
            nullptr);
}

TEST(Html, MalformedHtmlIsRecovered) {
  ExtractedDocument doc = extract_fixture("malformed.html");
  EXPECT_EQ(doc.meta.title, "Concluding observations on the fifth periodic report of Ruritania");
  std::string text = all_text(doc);
  EXPECT_NE(text.find("1. The Committee considered the fifth periodic report of Ruritania"), std::string::npos);
  EXPECT_NE(text.find("2. The Committee welcomes the adoption of the Equality Act"), std::string::npos);
  EXPECT_NE(text.find("strengthen its efforts to collect data."), std::string::npos);
  EXPECT_NE(text.find("Cell one | Cell two"), std::string::npos);
  EXPECT_EQ(text.find("never shown"), std::string::npos);
}

TEST(Html, XhtmlServedAsXml) {
  ExtractedDocument doc = extract_fixture("xhtml_as_xml.xhtml");
  EXPECT_EQ(doc.meta.language, "fr");
  EXPECT_EQ(doc.meta.title, "Observations finales concernant le rapport de la Ruritanie");
  // A self-closed <script/> and <a/> must not swallow the text after them;
  // &nbsp; from the unloaded DTD and CDATA are text.
  EXPECT_NE(find_block(doc, "1. Le Comit\xC3\xA9 a examin\xC3\xA9 le rapport initial de la Ruritanie. Il remercie "
                            "l'\xC3\x89tat partie de son dialogue constructif."),
            nullptr)
      << all_text(doc);
  EXPECT_NE(find_block(doc, "2. Le Comit\xC3\xA9 recommande que l'\xC3\x89tat partie adopte une loi <compl\xC3\xA8te>"),
            nullptr)
      << all_text(doc);
}

TEST(Html, HtmlWithNoTextIsAClearError) {
  auto result = extract_html(read_fixture("script_only.html"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "no text in HTML body (only markup, scripts, styles or navigation)");
  auto empty = extract_html("  \n ");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message(), "no text in HTML (the file is empty)");
}

TEST(Html, EncodingsAllGiveTheSameText) {
  const std::string expected_start = "Le Comit\xC3\xA9 recommande \xC3\xA0 l\xE2\x80\x99\xC3\x89tat partie";
  for (std::string name : {"utf8_bom.html", "utf16le_bom.html", "utf16be_bom.html", "declared_iso88591.html",
                           "undeclared_cp1252.html", "declared_latin1_but_utf8.html"}) {
    ExtractedDocument doc = extract_fixture(name);
    ASSERT_FALSE(doc.blocks.empty()) << name;
    EXPECT_EQ(doc.blocks[0].text.rfind(expected_start, 0), 0u) << name << ": " << doc.blocks[0].text;
  }
  ExtractedDocument euro = extract_fixture("declared_iso88591.html");
  EXPECT_NE(all_text(euro).find("Co\xC3\xBBt : 5 \xE2\x82\xAC."), std::string::npos);
}

TEST(Html, DeclaredWindows1251MetaHttpEquiv) {
  ExtractedDocument doc = extract_fixture("declared_windows1251.html");
  ASSERT_FALSE(doc.blocks.empty());
  EXPECT_EQ(doc.blocks[0].text.rfind("\xD0\x9A\xD0\xBE\xD0\xBC\xD0\xB8\xD1\x82\xD0\xB5\xD1\x82", 0), 0u);
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(Html, InvalidUtf8ReplacedWithWarning) {
  ExtractedDocument doc = extract_fixture("invalid_utf8.html");
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_EQ(doc.warnings[0], "2 byte sequences not valid UTF-8 replaced with U+FFFD");
  ASSERT_FALSE(doc.blocks.empty());
  EXPECT_EQ(doc.blocks[0].text, "Le Comit\xC3\xA9 a re\xC3\xA7u \xEF\xBF\xBD\xEF\xBF\xBD deux octets invalides.");
}

TEST(Html, DeeplyNestedInputDoesNotOverflowTheStack) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div><span>";
  html += "deep text";
  for (int i = 0; i < 100000; ++i) html += "</span></div>";
  html += "<p>after</p></body></html>";
  auto result = extract_html(html);
  ASSERT_TRUE(result.ok()) << result.error().message();
  std::string text = all_text(*result);
  EXPECT_NE(text.find("deep text"), std::string::npos);
}

TEST(Html, DeeplyNestedTablesAndListsDoNotOverflowTheStack) {
  std::string html = "<html><body>";
  for (int i = 0; i < 20000; ++i) html += "<table><tr><td><ol><li>";
  html += "innermost";
  html += "</body></html>";
  auto result = extract_html(html);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_NE(all_text(*result).find("innermost"), std::string::npos);
}

TEST(Html, HugeOrderedListNumbersStayLinear) {
  std::string html = "<html><body><ol start=\"99999999999999999999\">";
  for (int i = 0; i < 50000; ++i) html += "<li>Item</li>";
  html += "</ol></body></html>";
  auto result = extract_html(html);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->blocks.size(), 50000u);
  EXPECT_EQ(result->blocks.front().number, "1000000000.");
}

TEST(Html, RomanAndReversedListNumbers) {
  auto result = extract_html("<html><body><ol type=\"I\"><li>One</li><li>Two</li></ol>"
                             "<ol reversed><li>Three</li><li>Two</li><li>One</li></ol></body></html>");
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->blocks.size(), 5u);
  EXPECT_EQ(result->blocks[1].number, "II.");
  EXPECT_EQ(result->blocks[2].number, "3.");
  EXPECT_EQ(result->blocks[4].number, "1.");
}

TEST(Html, NestedListTextAfterSublistKeepsItemKind) {
  auto result = extract_html("<html><body><ol><li>Intro<ul><li>Sub</li></ul>tail</li></ol></body></html>");
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->blocks.size(), 3u);
  EXPECT_EQ(result->blocks[0].number, "1.");
  EXPECT_EQ(result->blocks[2].text, "tail");
  EXPECT_EQ(result->blocks[2].kind, BlockKind::list_item);
  EXPECT_EQ(result->blocks[2].number, "");
}

TEST(Html, XmlEntityExpansionIsNotFollowed) {
  std::string bomb = "<?xml version=\"1.0\"?><!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\">"
                     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                     "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>x &c; y</p></body></html>";
  auto result = extract_html(bomb);
  ASSERT_TRUE(result.ok());
  // libxml2 refuses the amplification; the page is then read as HTML,
  // where the entities are plain text and never expanded.
  EXPECT_EQ(all_text(*result).find("aaaaaaaaaaaaaaaaaaaa"), std::string::npos);
  EXPECT_LT(all_text(*result).size(), 200u);
}

TEST(Html, ExtractFileDetectsHtmlAndSettlesLanguage) {
  auto result = extract_file(std::string(HRDEX_TEST_DATA) + "/html/upr_recommendations.html");
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->format, Format::html);
  EXPECT_EQ(result->meta.language, "en");
}

}  // namespace
}  // namespace hrdex::indexer::extract
