#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "indexer/extract/extract.hpp"
#include "query/extract.hpp"
#include "query/extract_writers.hpp"
#include "test_support.hpp"

namespace hrdex::query {
namespace {

ExtractItem item(std::string text, std::string symbol, std::string number, std::vector<std::string> by,
                 std::vector<std::string> themes, std::string response = "supported", std::string date = "2011-01-04") {
  ExtractItem i;
  i.text = std::move(text);
  i.source.unit_id = symbol + "#" + number;
  i.source.symbol = std::move(symbol);
  i.source.number = std::move(number);
  i.source.doc_kind = "upr-wg-report";
  i.source.recommending_states = std::move(by);
  i.source.response = std::move(response);
  i.source.date = std::move(date);
  i.themes = std::move(themes);
  i.working_groups = {"Working Group 3"};
  return i;
}

std::vector<ExtractItem> sample() {
  return {item("Ratify the Convention on the Elimination of All Forms of Discrimination against Women (Brazil);",
               "A/HRC/16/11", "92.1", {"BRA"}, {"Women's rights"}),
          item("Ratify the Convention on the Elimination of All Forms of Discrimination against Women (France) (Spain);",
               "A/HRC/30/12", "176.3", {"FRA", "ESP"}, {"Women's rights"}, "noted", "2015-07-20"),
          item("Guarantee the right to adequate housing for homeless persons (Ghana);", "A/HRC/16/11", "92.40", {"GHA"},
               {"Housing", "Poverty"}, "supported"),
          item("Consult <script>alert(1)</script> indigenous peoples = \"free, prior\" consent (Bolivia);", "A/HRC/16/11",
               "92.50", {"BOL"}, {}, "")};
}

TEST(AgencyExtract, ComparableTextDropsRecommendingStatesAndPunctuation) {
  EXPECT_EQ(comparable_text("Ratify the CRC (Iran (Islamic Republic of)) (France);"), "ratify the crc");
  EXPECT_EQ(comparable_text("End torture."), "end torture");
}

TEST(AgencyExtract, NearIdenticalRecommendationsBecomeOneEntryWithAllSources) {
  Extract e = build_extract(sample());
  EXPECT_EQ(e.units, 4u);
  const ExtractGroup* women = nullptr;
  for (const auto& g : e.groups)
    if (g.theme == "Women's rights") women = &g;
  ASSERT_NE(women, nullptr);
  ASSERT_EQ(women->entries.size(), 1u);
  ASSERT_EQ(women->entries[0].sources.size(), 2u);
  EXPECT_EQ(women->entries[0].sources[1].number, "176.3");
}

// Candidates for merging come from prefix filtering, not from every pair;
// the entries must be exactly those a comparison of every pair gives.
TEST(AgencyExtract, MergingMatchesAComparisonOfEveryPair) {
  const std::vector<std::string> words = {"ratify", "the",    "convention", "against", "torture", "ensure",
                                          "access", "to",     "education",  "for",     "all",     "children",
                                          "adopt",  "a",      "national",   "plan",    "women",   "rights"};
  std::mt19937 rng(7);
  std::vector<std::string> bases;
  for (int b = 0; b < 12; ++b) {
    std::string t;
    for (int w = 0; w < 14; ++w) t += words[rng() % words.size()] + " ";
    bases.push_back(t);
  }
  std::vector<ExtractItem> items;
  for (int i = 0; i < 300; ++i) {
    // A base text with up to three words changed: some variants stay above
    // the threshold, some fall below it.
    std::vector<std::string> w;
    std::istringstream in(bases[rng() % bases.size()]);
    for (std::string x; in >> x;) w.push_back(x);
    for (unsigned k = rng() % 4; k > 0; --k) w[rng() % w.size()] = words[rng() % words.size()];
    std::string text;
    for (const auto& x : w) text += x + " ";
    items.push_back(item(text, "A/HRC/1/" + std::to_string(i), "1", {}, {"Theme"}));
  }
  Extract e = build_extract(items);
  ASSERT_EQ(e.groups.size(), 1u);

  // The same greedy merge, comparing each item with every entry so far.
  std::vector<std::pair<std::string, std::size_t>> entries;  // first text, sources
  for (const auto& it : items) {
    std::size_t best = entries.size();
    double best_score = 0;
    for (std::size_t k = 0; k < entries.size(); ++k) {
      double score = similarity(comparable_text(it.text), comparable_text(entries[k].first));
      if (score >= kSameRecommendation && score > best_score) {
        best = k;
        best_score = score;
      }
    }
    if (best < entries.size()) ++entries[best].second;
    else entries.emplace_back(it.text, 1);
  }
  ASSERT_EQ(e.groups[0].entries.size(), entries.size());
  std::size_t merged = 0;
  for (std::size_t k = 0; k < entries.size(); ++k) {
    EXPECT_EQ(e.groups[0].entries[k].text, entries[k].first);
    EXPECT_EQ(e.groups[0].entries[k].sources.size(), entries[k].second) << "entry " << k;
    merged += entries[k].second > 1;
  }
  EXPECT_GT(merged, 5u) << "the fixture must exercise merging";
  EXPECT_GT(entries.size(), 20u) << "and keeping apart";
}

TEST(AgencyExtract, SummaryNamesTreatyBodiesAsPeopleWriteThem) {
  std::vector<ExtractItem> items = sample();
  items[0].source.doc_kind = "treaty-co";
  items[0].source.body = "cerd";
  Extract e = build_extract(items);
  EXPECT_EQ(e.counts.by_body.count("cerd"), 0u);
  EXPECT_EQ(e.counts.by_body["CERD"], 1u);
  EXPECT_EQ(e.counts.by_body["UPR"], 3u);
}

TEST(AgencyExtract, DifferentRecommendationsStayApart) {
  EXPECT_LT(similarity(comparable_text("Ratify the Convention against Torture"),
                       comparable_text("Ratify the Convention on the Rights of the Child")),
            kSameRecommendation);
}

TEST(AgencyExtract, AUnitWithTwoThemesAppearsUnderEachAndCountsUnderEach) {
  Extract e = build_extract(sample());
  int housing = 0;
  for (const auto& g : e.groups)
    if (g.theme == "Housing" || g.theme == "Poverty") housing += static_cast<int>(g.entries.size());
  EXPECT_EQ(housing, 2);
  EXPECT_EQ(e.counts.by_theme.at("Housing"), 1u);
  EXPECT_EQ(e.counts.by_theme.at("Poverty"), 1u);
  EXPECT_EQ(e.counts.by_theme.at("(no theme)"), 1u);
  EXPECT_EQ(e.counts.by_response.at("supported"), 2u);
  EXPECT_EQ(e.counts.by_response.at("(no response)"), 1u);
  EXPECT_EQ(e.counts.by_year.at("2011"), 3u);
  // Groups without a theme come last.
  EXPECT_EQ(e.groups.back().theme, "(no theme)");
}

TEST(AgencyExtract, HtmlEscapesEverythingTakenFromDocuments) {
  Extract e = build_extract(sample());
  e.title = "Recommendations for <EPA>";
  std::ostringstream out;
  ASSERT_TRUE(write_extract(e, "html", out));
  std::string page = out.str();
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("Recommendations for &lt;EPA&gt;"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("@media print"), std::string::npos);
}

TEST(AgencyExtract, JsonParsesBackWithEverySource) {
  Extract e = build_extract(sample());
  e.reproduce = "hrdex-query extract --agency EPA";
  std::ostringstream out;
  ASSERT_TRUE(write_extract(e, "json", out));
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["reproduce"], "hrdex-query extract --agency EPA");
  EXPECT_EQ(j["units"], 4);
  std::size_t sources = 0;
  for (const auto& g : j["groups"])
    for (const auto& entry : g["entries"]) sources += entry["sources"].size();
  EXPECT_EQ(sources, 5u);  // the housing unit is under two themes
  EXPECT_EQ(j["summary"]["by_year"]["2015"], 1);
}

// Splits one CSV record (RFC 4180) from the front of `in`.
std::vector<std::string> csv_record(std::istream& in) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  char c;
  while (in.get(c)) {
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          fields.back().push_back('"');
          in.get();
        } else {
          quoted = false;
        }
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\r') {
    } else if (c == '\n') {
      break;
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

TEST(AgencyExtract, CsvHasAHeaderAndOneRowPerSourceThatParsesBack) {
  Extract e = build_extract(sample());
  std::ostringstream out;
  ASSERT_TRUE(write_extract(e, "csv", out));
  std::istringstream in(out.str());
  auto header = csv_record(in);
  ASSERT_EQ(header.size(), 13u);
  EXPECT_EQ(header[3], "text");
  std::size_t rows = 0;
  bool saw_quote = false;
  while (in.peek() != EOF) {
    auto row = csv_record(in);
    ASSERT_EQ(row.size(), header.size());
    if (row[3].find("\"free, prior\"") != std::string::npos) saw_quote = true;
    ++rows;
  }
  EXPECT_EQ(rows, 5u);
  EXPECT_TRUE(saw_quote);
}

TEST(AgencyExtract, CsvDefusesSpreadsheetFormulas) {
  std::vector<ExtractItem> items = {item("=HYPERLINK(\"x\")", "A/HRC/1/1", "1", {}, {})};
  std::ostringstream out;
  write_extract(build_extract(items), "csv", out);
  EXPECT_NE(out.str().find("\"'=HYPERLINK"), std::string::npos);
}

TEST(AgencyExtract, MarkdownListsSourcesUnderEachEntry) {
  std::ostringstream out;
  ASSERT_TRUE(write_extract(build_extract(sample()), "markdown", out));
  EXPECT_NE(out.str().find("A/HRC/30/12, para. 176.3; by FRA, ESP; noted; 2015-07-20"), std::string::npos) << out.str();
  EXPECT_FALSE(write_extract(build_extract(sample()), "pdf", out));
}

// An extract of indexes searched side by side names every one of them, in
// each reading format, and JSON lists them.
TEST(AgencyExtract, TheHeaderNamesEveryIndexSearched) {
  Extract e = build_extract(sample());
  e.indexes = {"/data/upr", "/data/treaty-bodies", "/data/letters"};
  for (const char* format : {"markdown", "html"}) {
    std::ostringstream out;
    ASSERT_TRUE(write_extract(e, format, out));
    EXPECT_NE(out.str().find("from the indexes "), std::string::npos) << format;
    for (const std::string& name : e.indexes) EXPECT_NE(out.str().find(name), std::string::npos) << format << ": " << name;
  }
  std::ostringstream md;
  ASSERT_TRUE(write_extract(e, "markdown", md));
  EXPECT_NE(md.str().find("`/data/upr`, `/data/treaty-bodies` and `/data/letters`."), std::string::npos) << md.str();
  std::ostringstream js;
  ASSERT_TRUE(write_extract(e, "json", js));
  EXPECT_EQ(nlohmann::json::parse(js.str())["indexes"], nlohmann::json(e.indexes));
  e.indexes = {"/data/upr"};
  std::ostringstream one;
  ASSERT_TRUE(write_extract(e, "markdown", one));
  EXPECT_NE(one.str().find("from the index `/data/upr`."), std::string::npos) << one.str();
}

Extract docx_sample() {
  Extract e = build_extract(sample());
  e.title = "Recommendations for the Invented Agency";
  e.reproduce = "hrdex-query extract --db idx --agency invented --format docx -o out.docx";
  e.generated_at = "2031-01-02T03:04:05Z";
  return e;
}

// The facts of docx_sample() in a document read back from the extract: the
// title and the headings as headings, every entry and every source in
// order, the summary as tables, the text intact.
void expect_the_extracts_facts(const indexer::extract::ExtractedDocument& doc, const Extract& e) {
  EXPECT_EQ(doc.meta.title, "Recommendations for the Invented Agency");
  std::vector<std::string> headings, paragraphs, rows;
  for (const auto& b : doc.blocks) {
    if (b.kind == indexer::extract::BlockKind::heading) headings.push_back(b.text);
    if (b.kind == indexer::extract::BlockKind::paragraph) paragraphs.push_back(b.text);
    if (b.kind == indexer::extract::BlockKind::table_row) rows.push_back(b.text);
  }
  ASSERT_GE(headings.size(), 3u);
  EXPECT_EQ(headings[0], "Recommendations for the Invented Agency");
  EXPECT_EQ(headings[1], "Summary");
  EXPECT_EQ(headings[2], "Working Group 3");
  auto has = [](const std::vector<std::string>& v, std::string_view text) {
    return std::find(v.begin(), v.end(), text) != v.end();
  };
  EXPECT_TRUE(has(headings, "Women's rights"));
  EXPECT_TRUE(has(paragraphs, e.reproduce));
  EXPECT_TRUE(has(paragraphs,
                  "1. Ratify the Convention on the Elimination of All Forms of Discrimination against Women (Brazil);"));
  EXPECT_TRUE(has(paragraphs, "A/HRC/30/12, para. 176.3; by FRA, ESP; noted; 2015-07-20"));
  // Markup in a recommendation is its text, not the document's.
  bool script = false;
  for (const auto& p : paragraphs) script = script || p.find("Consult <script>alert(1)</script>") != std::string::npos;
  EXPECT_TRUE(script);
  EXPECT_TRUE(has(rows, "theme | recommendations"));
  EXPECT_TRUE(has(rows, "Housing | 1"));
  EXPECT_TRUE(has(rows, "supported | 2"));
}

// A Word document of the same facts, read back by hrdex's own DOCX reader.
TEST(AgencyExtract, DocxIsAWordDocumentOfTheSameFacts) {
  const Extract e = docx_sample();
  std::ostringstream out;
  ASSERT_TRUE(write_extract(e, "docx", out));
  const std::string bytes = out.str();
  ASSERT_EQ(bytes.rfind("PK", 0), 0u);
  std::ostringstream again;
  ASSERT_TRUE(write_extract(e, "docx", again));
  EXPECT_EQ(again.str(), bytes) << "the same extract gives the same bytes";

  auto doc = indexer::extract::extract_docx(bytes);
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  expect_the_extracts_facts(*doc, e);
}

// hrdex's reader is not the program an agency opens the extract with: the
// same facts must survive LibreOffice, which opens the DOCX and saves it in
// its own format (ODT), read back here.
TEST(AgencyExtract, DocxOpensInLibreOfficeWithTheSameFacts) {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "LibreOffice (soffice, Debian's libreoffice-writer-nogui) is not installed";
  hrdex::testing::TempDir dir;
  const Extract e = docx_sample();
  {
    std::ofstream out(dir / "extract.docx", std::ios::binary);
    ASSERT_TRUE(write_extract(e, "docx", out));
  }
  // Its own profile folder, so that the test neither reads nor changes the
  // user's and runs beside another LibreOffice.
  const std::string command = "soffice --headless --norestore -env:UserInstallation=file://" +
                              (dir / "profile").string() + " --convert-to odt --outdir " + dir.path().string() + " " +
                              (dir / "extract.docx").string() + " >" + (dir / "soffice.log").string() + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  auto bytes = indexer::extract::read_file_bytes(dir / "extract.odt");
  ASSERT_TRUE(bytes.ok()) << "LibreOffice wrote no ODT: " << command;
  auto doc = indexer::extract::extract_odt(*bytes);
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  expect_the_extracts_facts(*doc, e);
}

}  // namespace
}  // namespace hrdex::query
