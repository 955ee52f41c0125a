// DOCX, ODT and legacy DOC extraction: golden tests on the fixtures that
// scripts/make-fixtures-office writes, every failure mode, and integration
// tests on the shared corpus (skipped when it is absent).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "core/text.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/office_doc.hpp"
#include "indexer/extract/zip_archive.hpp"

namespace hrdex::indexer::extract {
namespace {

namespace fs = std::filesystem;

fs::path office_data(const std::string& name) { return fs::path(HRDEX_TEST_DATA) / "office" / name; }
fs::path corpus(const std::string& name) { return fs::path(HRDEX_SHARED_CORPUS) / name; }

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

ExtractedDocument extract_ok(const fs::path& path) {
  auto doc = extract_file(path);
  EXPECT_TRUE(doc.ok()) << (doc.ok() ? "" : doc.error().message());
  return doc.ok() ? *doc : ExtractedDocument{};
}

// The first block whose text starts with `prefix`; fails the test if none.
const Block& block_starting(const ExtractedDocument& doc, const std::string& prefix) {
  for (const Block& b : doc.blocks)
    if (b.text.rfind(prefix, 0) == 0) return b;
  ADD_FAILURE() << "no block starts with: " << prefix;
  static const Block none;
  return none;
}

bool any_block_contains(const ExtractedDocument& doc, const std::string& needle) {
  return std::any_of(doc.blocks.begin(), doc.blocks.end(),
                     [&](const Block& b) { return b.text.find(needle) != std::string::npos; });
}

// ------------------------------------------------------------------ DOCX

class DocxGolden : public ::testing::Test {
 protected:
  void SetUp() override { doc_ = extract_ok(office_data("upr-recommendations.docx")); }
  ExtractedDocument doc_;
};

TEST_F(DocxGolden, ListNumbersAsWordDisplaysThem) {
  const std::pair<const char*, const char*> expected[] = {
      {"The following recommendations will be examined", "92."},
      {"Ratify the Optional Protocol", "92.1"},
      {"Establish a national preventive mechanism", "92.2"},
      {"Strengthen the independence", "92.3"},
      {"The following recommendations enjoy", "93."},
      // The second level restarts when the first advances.
      {"Adopt a comprehensive", "93.1"},
      // Numbering from the paragraph style, then a startOverride.
      {"first lettered point", "(a)"},
      {"second lettered point", "(b)"},
      {"restarted lettered point", "(e)"},
      {"First Roman item", "I."},
      {"Second Roman item", "II."},
      {"A bulleted remark", "•"},
  };
  for (const auto& [text, number] : expected) {
    const Block& b = block_starting(doc_, text);
    EXPECT_EQ(b.number, number) << text;
    EXPECT_EQ(b.kind, BlockKind::list_item) << text;
  }
  EXPECT_EQ(block_starting(doc_, "Ratify the Optional Protocol").level, 1);
  EXPECT_EQ(block_starting(doc_, "The following recommendations enjoy").level, 0);
}

TEST_F(DocxGolden, HeadingsFromStyles) {
  const std::pair<const char*, int> expected[] = {
      {"Report of the Working Group on the Universal Periodic Review", 1},  // Title
      {"II. Conclusions and/or recommendations", 1},                        // HChG
      {"A. Thematic list", 2},                                              // H1G
      {"Annex", 1},                                                         // heading 1
  };
  for (const auto& [text, level] : expected) {
    const Block& b = block_starting(doc_, text);
    EXPECT_EQ(b.kind, BlockKind::heading) << text;
    EXPECT_EQ(b.level, level) << text;
  }
  EXPECT_EQ(block_starting(doc_, "Veridia").kind, BlockKind::paragraph);
}

TEST_F(DocxGolden, TableRowByRowWithCells) {
  std::vector<const Block*> rows;
  for (const Block& b : doc_.blocks)
    if (b.kind == BlockKind::table_row) rows.push_back(&b);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]->cells, (std::vector<std::string>{"Recommendation", "Position", "Full list of themes",
                                                      "Assessment/comments on level of implementation"}));
  EXPECT_EQ(rows[1]->cells, (std::vector<std::string>{"Theme: Acceptance of international norms"}));
  // A cell keeps its paragraphs apart, one a line; the row's text joins them.
  EXPECT_EQ(rows[2]->cells,
            (std::vector<std::string>{
                "92.1 Ratify the Optional Protocol to the Convention against Torture (Atlantis);\nSource of position: "
                "A/HRC/99/1 - Para 92",
                "Supported", "- Acceptance of international norms\n- Torture and other CID treatment", ""}));
  EXPECT_EQ(rows[2]->text,
            "92.1 Ratify the Optional Protocol to the Convention against Torture (Atlantis); Source of position: "
            "A/HRC/99/1 - Para 92 | Supported | - Acceptance of international norms - Torture and other CID treatment");
  EXPECT_EQ(rows[3]->text,
            "92.4 Adopt a comprehensive anti-discrimination law (Dystopia); Source of position: A/HRC/99/1/Add.1 | "
            "Noted | - Equality & non-discrimination");
}

TEST_F(DocxGolden, FootnoteApartAndReferenceMarkRemoved) {
  const Block& body = block_starting(doc_, "Establish a national preventive mechanism");
  EXPECT_EQ(body.text, "Establish a national preventive mechanism with adequate resources (Borduria);");
  ASSERT_FALSE(doc_.blocks.empty());
  const Block& note = doc_.blocks.back();
  EXPECT_EQ(note.kind, BlockKind::footnote);
  EXPECT_EQ(note.number, "1");
  EXPECT_EQ(note.text, "See the report of the Subcommittee on Prevention of Torture, A/HRC/99/2, para. 14.");
}

TEST_F(DocxGolden, HiddenTextAndFieldCodesLeftOut) {
  EXPECT_EQ(block_starting(doc_, "Strengthen the independence").text,
            "Strengthen the independence of the ombudsperson (Carpania);");
  EXPECT_FALSE(any_block_contains(doc_, "SECRET"));
  EXPECT_FALSE(any_block_contains(doc_, "REF ombuds"));
}

TEST_F(DocxGolden, Metadata) {
  EXPECT_EQ(doc_.format, Format::docx);
  EXPECT_EQ(doc_.meta.title, "Report of the Working Group on the Universal Periodic Review: Veridia");
  EXPECT_EQ(doc_.meta.author, "Fixture Author");
  EXPECT_EQ(doc_.meta.created, "2024-03-15");
  EXPECT_EQ(doc_.meta.language, "en");  // dc:language wins over the styles' fr-FR
  EXPECT_EQ(doc_.meta.page_count, 2);
  EXPECT_TRUE(doc_.warnings.empty());
}

TEST_F(DocxGolden, PagesFromWordsLastLayout) {
  EXPECT_EQ(block_starting(doc_, "Ratify the Optional Protocol").page, 1);
  EXPECT_EQ(block_starting(doc_, "Adopt a comprehensive").page, 2);
  EXPECT_EQ(block_starting(doc_, "End of the fixture report").page, 2);
}

// A page header's text at its tab stops, one line each; the pieces with a
// field ("Page 1 of 1") left out. OHCHR's lists name their review there.
TEST(DocxHeaders, RunningHeaderLinesWithoutPageNumbers) {
  ExtractedDocument doc = extract_ok(fs::path(HRDEX_TEST_DATA) / "thematic-lists" / "cycle3-bullets-sdgs.docx");
  EXPECT_EQ(doc.meta.running_headers,
            (std::vector<std::string>{"UPR of Veridia (3rd Cycle - 34th Session)", "Thematic list of recommendations"}));
  EXPECT_FALSE(any_block_contains(doc, "UPR of Veridia")) << "a header is not body text";
}

TEST(DocxDetection, DocxNamedDocIsReadAsDocx) {
  ExtractedDocument doc = extract_ok(office_data("docx-named.doc"));
  EXPECT_EQ(doc.format, Format::docx);
  EXPECT_EQ(block_starting(doc, "Ratify the Optional Protocol").number, "92.1");
}

TEST(DocxFailure, TruncatedZip) {
  auto doc = extract_file(office_data("truncated.docx"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what.rfind("not a readable DOCX (damaged zip archive: ", 0), 0u) << doc.error().what;
  EXPECT_EQ(doc.error().where, office_data("truncated.docx").string());
}

TEST(DocxFailure, NotAZipAtAll) {
  auto doc = extract_docx("PK\x03\x04 but nothing else");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what.rfind("not a readable DOCX (damaged zip archive: ", 0), 0u) << doc.error().what;
}

TEST(DocxFailure, MalformedDocumentXml) {
  auto doc = extract_file(office_data("malformed-xml.docx"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what.rfind("not a readable DOCX (word/document.xml is not well-formed XML: ", 0), 0u)
      << doc.error().what;
}

TEST(DocxFailure, MissingDocumentPart) {
  auto doc = extract_docx(slurp(office_data("upr-recommendations.odt")));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what, "not a readable DOCX (word/document.xml is missing)");
}

TEST(DocxFailure, ZipBombStoppedByRatio) {
  auto doc = extract_file(office_data("zip-bomb.docx"));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what, "zip bomb guard: word/document.xml expands more than 200 times its compressed size");
}

// ------------------------------------------------------- zip bomb guard

TEST(OfficeZipGuard, TotalSizeCap) {
  std::string bytes = slurp(office_data("zip-bomb.docx"));
  ZipLimits limits;
  limits.max_total_bytes = 1024 * 1024;
  limits.max_ratio = 1u << 30;
  auto zip = ZipArchive::open(bytes, "DOCX", limits);
  ASSERT_TRUE(zip.ok());
  auto part = zip->read("word/document.xml");
  ASSERT_FALSE(part.ok());
  EXPECT_EQ(part.error().what, "zip bomb guard: word/document.xml would expand to more than 1 MiB");
}

TEST(OfficeZipGuard, TotalSizeCountsEveryMemberRead) {
  std::string bytes = slurp(office_data("upr-recommendations.docx"));
  ZipLimits limits;
  limits.max_total_bytes = 8000;  // more than document.xml alone, less than these four parts
  auto zip = ZipArchive::open(bytes, "DOCX", limits);
  ASSERT_TRUE(zip.ok());
  bool stopped = false;
  for (const char* name : {"word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml"}) {
    auto part = zip->read(name);
    if (!part.ok()) {
      EXPECT_EQ(part.error().what.rfind("zip bomb guard: ", 0), 0u);
      stopped = true;
      break;
    }
  }
  EXPECT_TRUE(stopped);
}

TEST(OfficeZipGuard, EntryCount) {
  std::string bytes = slurp(office_data("many-members.docx"));
  ZipLimits limits;
  limits.max_entries = 10;
  auto zip = ZipArchive::open(bytes, "DOCX", limits);
  ASSERT_FALSE(zip.ok());
  EXPECT_EQ(zip.error().what, "zip bomb guard: the DOCX holds 49 members, more than the limit of 10");
  EXPECT_TRUE(extract_docx(bytes).ok());  // the default limit lets it through
}

TEST(OfficeZipGuard, PartNamesIgnoreCase) {
  std::string bytes = slurp(office_data("upr-recommendations.docx"));
  auto zip = ZipArchive::open(bytes, "DOCX");
  ASSERT_TRUE(zip.ok());
  EXPECT_TRUE(zip->contains("WORD/Document.xml"));
  EXPECT_FALSE(zip->contains("word/missing.xml"));
  auto missing = zip->read("word/missing.xml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().what, "not a readable DOCX (word/missing.xml is missing)");
}

// ------------------------------------------------------------------- ODT

class OdtGolden : public ::testing::Test {
 protected:
  void SetUp() override { doc_ = extract_ok(office_data("upr-recommendations.odt")); }
  ExtractedDocument doc_;
};

TEST_F(OdtGolden, ListNumbersFromListStyle) {
  const std::pair<const char*, const char*> expected[] = {
      {"The following recommendations enjoy", "92."},
      {"Ratify the Optional Protocol", "92.1"},
      {"Guarantee the right to peaceful assembly", "92.2"},
      {"The following recommendations have been noted", "93."},
      {"Abolish the death penalty", "93.1"},
  };
  for (const auto& [text, number] : expected) {
    const Block& b = block_starting(doc_, text);
    EXPECT_EQ(b.number, number) << text;
    EXPECT_EQ(b.kind, BlockKind::list_item) << text;
  }
  EXPECT_EQ(block_starting(doc_, "Abolish the death penalty").level, 1);
}

TEST_F(OdtGolden, HeadingsTableAndNote) {
  EXPECT_EQ(block_starting(doc_, "Veridia: compilation").kind, BlockKind::heading);  // Title style
  const Block& h = block_starting(doc_, "A. Thematic list");
  EXPECT_EQ(h.kind, BlockKind::heading);
  EXPECT_EQ(h.level, 2);
  EXPECT_EQ(h.page, 2);  // after a soft page break

  const Block& row = block_starting(doc_, "92.2 Guarantee");
  EXPECT_EQ(row.kind, BlockKind::table_row);
  EXPECT_EQ(row.cells, (std::vector<std::string>{"92.2 Guarantee the right to peaceful assembly (Borduria);\nSource of "
                                                 "position: A/HRC/99/1",
                                                 "Supported", "- Freedom of assembly"}));
  EXPECT_EQ(block_starting(doc_, "Theme: Civil").cells.size(), 1u);  // covered cells are not cells

  EXPECT_EQ(block_starting(doc_, "Guarantee the right").text, "Guarantee the right to peaceful assembly (Borduria);");
  const Block& note = doc_.blocks.back();
  EXPECT_EQ(note.kind, BlockKind::footnote);
  EXPECT_EQ(note.number, "1");
  EXPECT_EQ(note.text, "See A/HRC/99/3, para. 7.");
}

// A copy of the fixture whose core properties are `core_xml`.
fs::path docx_with_core_properties(const fs::path& dir, const std::string& core_xml) {
  const fs::path copy = dir / "copy.docx";
  fs::copy_file(office_data("upr-recommendations.docx"), copy, fs::copy_options::overwrite_existing);
  int error = 0;
  zip_t* zip = zip_open(copy.c_str(), 0, &error);
  EXPECT_NE(zip, nullptr);
  if (!zip) return copy;
  zip_source_t* source = zip_source_buffer(zip, core_xml.data(), core_xml.size(), 0);
  EXPECT_GE(zip_file_add(zip, "docProps/core.xml", source, ZIP_FL_OVERWRITE), 0);
  EXPECT_EQ(zip_close(zip), 0);
  return copy;
}

// A file converted or copied later keeps its last-printed date: the earliest
// of the dates its properties give is the document's.
TEST(DocxMetadata, TheEarliestOfItsDatesIsTheDocuments) {
  const fs::path dir = fs::path(::testing::TempDir()) / "docx-dates";
  fs::create_directories(dir);
  const std::string head =
      R"(<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">)";
  auto converted = extract_ok(docx_with_core_properties(
      dir, head + "<cp:lastPrinted>2015-06-08T12:05:00Z</cp:lastPrinted><dcterms:created>2026-05-21T13:52:00Z</dcterms:created>"
                  "<dcterms:modified>2026-05-21T13:52:00Z</dcterms:modified></cp:coreProperties>"));
  EXPECT_EQ(converted.meta.created, "2015-06-08");
  auto edited = extract_ok(docx_with_core_properties(
      dir, head + "<dcterms:created>2019-02-01T08:00:00Z</dcterms:created><dcterms:modified>2020-01-01T00:00:00Z</dcterms:modified>"
                  "<cp:lastPrinted>not a date</cp:lastPrinted></cp:coreProperties>"));
  EXPECT_EQ(edited.meta.created, "2019-02-01");
  fs::remove_all(dir);
}

TEST_F(OdtGolden, Metadata) {
  EXPECT_EQ(doc_.format, Format::odt);
  EXPECT_EQ(doc_.meta.title, "Veridia: compilation of recommendations");
  EXPECT_EQ(doc_.meta.author, "Fixture Author");
  EXPECT_EQ(doc_.meta.created, "2023-11-02");
  EXPECT_EQ(doc_.meta.language, "en");
  EXPECT_EQ(doc_.meta.page_count, 3);
}

TEST(OdtFailure, TruncatedZip) {
  std::string bytes = slurp(office_data("upr-recommendations.odt"));
  auto doc = extract_odt(bytes.substr(0, bytes.size() / 2));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what.rfind("not a readable ODT (damaged zip archive: ", 0), 0u) << doc.error().what;
}

TEST(OdtFailure, DocxIsNotOdt) {
  auto doc = extract_odt(slurp(office_data("upr-recommendations.docx")));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what, "not a readable ODT (content.xml is missing)");
}

// ---------------------------------------------------------- DOC (antiword)

// A private directory with one executable script, removed afterwards.
class ScriptDir {
 public:
  explicit ScriptDir(const std::string& script) {
    char tmpl[] = "/tmp/hrdex-office-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/fake-antiword";
    std::ofstream(path_) << script;
    chmod(path_.c_str(), 0700);
  }
  ~ScriptDir() { fs::remove_all(dir_); }
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

const std::string kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not really a Word file";

TEST(DocAntiword, MissingProgramSaysWhatToInstall) {
  AntiwordOptions options;
  options.program = "/nonexistent/antiword";
  auto doc = extract_doc_with(kOleMagic, options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what, "install antiword to read .doc files (apt-get install antiword)");

  options.program = "hrdex-no-such-antiword";  // looked up in PATH
  doc = extract_doc_with(kOleMagic, options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what, "install antiword to read .doc files (apt-get install antiword)");
}

TEST(DocAntiword, EnvironmentChoosesTheProgram) {
  const char* old = std::getenv("HRDEX_ANTIWORD");
  std::string saved = old ? old : "";
  setenv("HRDEX_ANTIWORD", "/nonexistent/antiword", 1);
  auto doc = extract_doc(kOleMagic);
  if (old) setenv("HRDEX_ANTIWORD", saved.c_str(), 1);
  else unsetenv("HRDEX_ANTIWORD");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what, "install antiword to read .doc files (apt-get install antiword)");
}

TEST(DocAntiword, HungProgramIsKilledAtTheTimeLimit) {
  ScriptDir script("#!/bin/sh\nexec sleep 30\n");
  AntiwordOptions options;
  options.program = script.path();
  options.time_limit = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto doc = extract_doc_with(kOleMagic, options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what, "antiword took longer than 1 s; gave up");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(DocAntiword, FailureMessageHidesTheTemporaryPath) {
  ScriptDir script("#!/bin/sh\nfor last; do :; done\necho \"$last is not a Word Document.\" >&2\nexit 1\n");
  AntiwordOptions options;
  options.program = script.path();
  auto doc = extract_doc_with(kOleMagic, options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what, "not a readable DOC (antiword: the file is not a Word Document.)");
}

TEST(DocAntiword, PlainTextWhenStructuredOutputIsUnusable) {
  // Answers -x db with broken XML and the text mode with two paragraphs.
  ScriptDir script(
      "#!/bin/sh\nif [ \"$1\" = -x ]; then echo '<book><para>broken'; exit 0; fi\n"
      "printf 'First paragraph\\nstill first.\\n\\n    Second   one.\\n'\n");
  AntiwordOptions options;
  options.program = script.path();
  auto doc = extract_doc_with(kOleMagic, options);
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  ASSERT_EQ(doc->blocks.size(), 2u);
  EXPECT_EQ(doc->blocks[0].text, "First paragraph still first.");
  EXPECT_EQ(doc->blocks[1].text, "Second one.");
  ASSERT_EQ(doc->warnings.size(), 1u);
}

TEST(DocAntiword, RealAntiwordRejectsGarbage) {
  if (system("command -v antiword >/dev/null 2>&1") != 0) GTEST_SKIP() << "antiword is not installed";
  auto doc = extract_doc(kOleMagic);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().what.rfind("not a readable DOC (antiword: ", 0), 0u) << doc.error().what;
  EXPECT_EQ(doc.error().what.find("/tmp/"), std::string::npos) << doc.error().what;
}

// ------------------------------------------------------ shared corpus

// A macro, not a function: GTEST_SKIP() only leaves the function it is in.
#define SKIP_WITHOUT(path) \
  if (!fs::exists(path)) GTEST_SKIP() << (path) << " is absent"

TEST(DocxCorpus, SloveniaThematicListOneRowPerRecommendation) {
  const fs::path path = corpus("slovenia/cycle3/UPR34_Slovenia_Thematic_list_of_Recommendations.docx");
  SKIP_WITHOUT(path);
  ExtractedDocument doc = extract_ok(path);
  static const std::regex kNumber(R"(^(\d{3}\.\d+) )");
  std::map<std::string, const Block*> recommendations;
  std::map<std::string, int> positions;
  for (const Block& b : doc.blocks) {
    ASSERT_EQ(b.kind, BlockKind::table_row);
    std::smatch m;
    if (b.cells.empty() || !std::regex_search(b.cells[0], m, kNumber)) continue;
    ASSERT_EQ(b.cells.size(), 4u) << b.text;
    EXPECT_TRUE(recommendations.emplace(m[1].str(), &b).second) << "twice: " << m[1].str();
    ++positions[b.cells[1]];
  }
  EXPECT_EQ(recommendations.size(), 215u);
  EXPECT_EQ(positions["Supported"], 182);
  EXPECT_EQ(positions["Noted"], 33);
  ASSERT_TRUE(recommendations.count("121.1"));
  const Block& first = *recommendations["121.1"];
  EXPECT_NE(first.cells[0].find("Enforced Disappearance (France) (Lithuania);"), std::string::npos);
  EXPECT_NE(first.cells[0].find("Source of Position: A/HRC/43/15 - Para 121"), std::string::npos);
}

TEST(DocxCorpus, Cycle2DocFilesThatAreDocx) {
  const fs::path dir = corpus("slovenia/cycle2");
  SKIP_WITHOUT(dir);
  int read = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".doc") continue;
    ExtractedDocument doc = extract_ok(entry.path());
    EXPECT_EQ(doc.format, Format::docx) << entry.path();
    EXPECT_GE(doc.blocks.size(), 3u) << entry.path();
    EXPECT_EQ(doc.meta.language, "en") << entry.path();
    ++read;
  }
  EXPECT_EQ(read, 4);
}

std::vector<std::string> words_of(const ExtractedDocument& doc) {
  std::vector<std::string> words;
  for (const Block& b : doc.blocks)
    for (const std::string& w : core::split(b.text, ' '))
      if (!w.empty() && w != "|") words.push_back(w);
  return words;
}

TEST(DocCorpus, EgyptMatrixDocMatchesItsDocx) {
  const fs::path doc_path = corpus("thematic-lists/EgyptMatriceRecommendations.doc");
  const fs::path docx_path = corpus("thematic-lists/EgyptMatriceRecommendations.docx");
  SKIP_WITHOUT(doc_path);
  SKIP_WITHOUT(docx_path);
  if (system("command -v antiword >/dev/null 2>&1") != 0) GTEST_SKIP() << "antiword is not installed";
  ExtractedDocument doc = extract_ok(doc_path);
  ExtractedDocument docx = extract_ok(docx_path);
  EXPECT_EQ(doc.format, Format::doc);
  std::vector<std::string> a = words_of(doc), b = words_of(docx);
  ASSERT_GT(b.size(), 10000u);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<std::string> only_one;
  std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_one));
  // Within 1% of the words; they are in fact identical today.
  EXPECT_LE(only_one.size() * 100, b.size()) << only_one.size() << " words differ";
  std::size_t rows_doc = std::count_if(doc.blocks.begin(), doc.blocks.end(),
                                       [](const Block& x) { return x.kind == BlockKind::table_row; });
  std::size_t rows_docx = std::count_if(docx.blocks.begin(), docx.blocks.end(),
                                        [](const Block& x) { return x.kind == BlockKind::table_row; });
  EXPECT_EQ(rows_doc, rows_docx);
  EXPECT_EQ(doc.meta.language, "en");
}

TEST(DocCorpus, OleDocFilesRead) {
  const fs::path dir = corpus("slovenia/cycle3");
  SKIP_WITHOUT(dir);
  if (system("command -v antiword >/dev/null 2>&1") != 0) GTEST_SKIP() << "antiword is not installed";
  int read = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".doc") continue;
    ExtractedDocument doc = extract_ok(entry.path());
    EXPECT_EQ(doc.format, Format::doc) << entry.path();
    ASSERT_FALSE(doc.blocks.empty());
    EXPECT_EQ(doc.blocks[0].kind, BlockKind::heading) << entry.path();
    EXPECT_EQ(doc.blocks[0].text.rfind("ADVANCE QUESTIONS TO SLOVENIA", 0), 0u) << entry.path();
    ++read;
  }
  EXPECT_EQ(read, 3);
}

}  // namespace
}  // namespace hrdex::indexer::extract
