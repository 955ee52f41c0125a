#include <gtest/gtest.h>

#include <sstream>

#include "core/index.hpp"
#include "core/schema.hpp"
#include "indexer/add_command.hpp"
#include "indexer/ingest.hpp"
#include "indexer/write/format_copies.hpp"
#include "indexer/write/index_writer.hpp"
#include "test_support.hpp"

namespace hrdex::indexer {
namespace {

using hrdex::testing::TempDir;
using hrdex::testing::write_file;
namespace schema = core::schema;

Xapian::doccount count_level(const std::filesystem::path& db_dir, std::string_view level) {
  auto db = core::open_index_for_reading(db_dir);
  EXPECT_TRUE(db.ok());
  return db->get_termfreq(schema::boolean_term(schema::prefix::kLevel, level));
}

struct CommandRun {
  int status;
  std::string out;
  std::string err;
};

CommandRun add(const std::filesystem::path& db, std::vector<std::filesystem::path> inputs) {
  std::ostringstream out, err;
  AddOptions options;
  options.db = db;
  options.inputs = std::move(inputs);
  options.jobs = 1;
  options.quiet = true;
  int status = run_add(options, out, err);
  return {status, out.str(), err.str()};
}

constexpr std::string_view kReport =
    "Recommendations\n\n"
    "92.1 Ratify the Convention (Brazil);\n\n"
    "92.2 Establish a national human rights institution (France);\n";

TEST(IndexWriter, AddingTheSameFileAgainReplacesItAndItsUnits) {
  TempDir dir;
  auto file = write_file(dir / "docs" / "report.txt", kReport);
  ASSERT_EQ(add(dir / "idx", {file}).status, kExitOk);
  ASSERT_EQ(add(dir / "idx", {file}).status, kExitOk);
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelDocument), 1u);
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelUnit), 2u);

  // Changed content replaces the old units rather than adding to them.
  write_file(file, "92.1 Ratify the Convention (Brazil);\n");
  ASSERT_EQ(add(dir / "idx", {file}).status, kExitOk);
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelUnit), 1u);
}

TEST(IndexWriter, TheSameFileReachedByTwoPathsHasOneIdentity) {
  TempDir dir;
  auto file = write_file(dir / "docs" / "report.txt", kReport);
  ASSERT_EQ(add(dir / "idx", {file, dir / "docs" / ".." / "docs" / "report.txt"}).status, kExitOk);
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelDocument), 1u);
}

TEST(IndexWriter, FoldersAreWalkedRecursivelyAndHiddenEntriesSkipped) {
  TempDir dir;
  write_file(dir / "docs" / "a.txt", std::string(kReport) + "a\n");
  write_file(dir / "docs" / "sub" / "b.txt", std::string(kReport) + "b\n");
  write_file(dir / "docs" / ".hidden" / "c.txt", std::string(kReport) + "c\n");
  write_file(dir / "docs" / ".d.txt", std::string(kReport) + "d\n");
  CommandRun r = add(dir / "idx", {dir / "docs"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelDocument), 2u);
}

TEST(IndexWriter, BadFilesAreReportedAndTheRunGoesOn) {
  TempDir dir;
  auto good = write_file(dir / "docs" / "good.txt", kReport);
  auto empty = write_file(dir / "docs" / "empty.txt", "");
  auto binary = write_file(dir / "docs" / "binary.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16));
  CommandRun r = add(dir / "idx", {dir / "docs", dir / "missing.txt"});
  EXPECT_EQ(r.status, kExitSomeFailed);
  EXPECT_NE(r.err.find(empty.string() + ": empty file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(binary.string() + ": not a supported document format"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find((dir / "missing.txt").string() + ": no such file or directory"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("indexed 1 file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("failed 3"), std::string::npos) << r.out;
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelDocument), 1u);
}

TEST(IndexWriter, UnreadableFileIsReported) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir dir;
  auto file = write_file(dir / "secret.txt", kReport);
  std::filesystem::permissions(file, std::filesystem::perms::none);
  CommandRun r = add(dir / "idx", {file});
  EXPECT_EQ(r.status, kExitSomeFailed);
  EXPECT_NE(r.err.find(file.string() + ": cannot open file for reading"), std::string::npos) << r.err;
}

TEST(IndexWriter, LockedIndexIsAFatalErrorNamingTheIndex) {
  TempDir dir;
  auto holder = core::open_index_for_writing(dir / "idx");
  ASSERT_TRUE(holder.ok());
  auto file = write_file(dir / "report.txt", kReport);
  CommandRun r = add(dir / "idx", {file});
  EXPECT_EQ(r.status, kExitFatal);
  EXPECT_NE(r.err.find("index " + (dir / "idx").string() + " is being written by another process"), std::string::npos)
      << r.err;
}

TEST(IndexWriter, DatabasePathThatIsAFileIsAFatalError) {
  TempDir dir;
  auto not_a_db = write_file(dir / "idx", "I am a file");
  auto file = write_file(dir / "report.txt", kReport);
  CommandRun r = add(not_a_db, {file});
  EXPECT_EQ(r.status, kExitFatal);
  EXPECT_NE(r.err.find(not_a_db.string() + ": index path is not a directory"), std::string::npos) << r.err;
}

TEST(IndexWriter, RemoveTakesAFileOrEveryFileUnderAFolder) {
  TempDir dir;
  auto a = write_file(dir / "docs" / "a.txt", std::string(kReport) + "a\n");
  write_file(dir / "docs" / "sub" / "b.txt", std::string(kReport) + "b\n");
  write_file(dir / "docs" / "sub" / "c.txt", std::string(kReport) + "c\n");
  ASSERT_EQ(add(dir / "idx", {dir / "docs"}).status, kExitOk);
  ASSERT_EQ(count_level(dir / "idx", schema::kLevelDocument), 3u);

  std::ostringstream out, err;
  RemoveOptions options{dir / "idx", {a}};
  EXPECT_EQ(run_remove(options, out, err), kExitOk);
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelDocument), 2u);
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelUnit), 4u);

  options.inputs = {dir / "docs" / "sub"};
  EXPECT_EQ(run_remove(options, out, err), kExitOk);
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelDocument), 0u);
  EXPECT_EQ(count_level(dir / "idx", schema::kLevelUnit), 0u);

  options.inputs = {dir / "docs" / "never-indexed.txt"};
  EXPECT_EQ(run_remove(options, out, err), kExitSomeFailed);
  EXPECT_NE(err.str().find("never-indexed.txt: not in the index"), std::string::npos);
}

TEST(IndexWriter, StatsCountsDocumentsAndUnitsByKind) {
  TempDir dir;
  write_file(dir / "docs" / "a.txt", kReport);
  write_file(dir / "docs" / "b.html", "<html><body><h1>T</h1><p>12. First numbered paragraph.</p></body></html>");
  ASSERT_EQ(add(dir / "idx", {dir / "docs"}).status, kExitOk);
  std::ostringstream out, err;
  StatsOptions options{{dir / "idx"}, true};
  ASSERT_EQ(run_stats(options, out, err), kExitOk) << err.str();
  EXPECT_NE(out.str().find("\"documents\": 2"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\"units\": 3"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\"html\": 1"), std::string::npos) << out.str();
}

using core::UnitText;

std::vector<UnitText> recommendations() {
  return {{"", "II. Conclusions and/or recommendations"},
          {"92.1", "Ratify the Convention against Torture and its Optional Protocol (France);"},
          {"92.2", "Establish a national human rights institution in line with the Paris Principles (Ghana);"},
          {"92.3", "Guarantee access to safe drinking water in rural areas (Spain);"}};
}

TEST(FormatCopies, FootnoteMarksAndUnnumberedTextAreStillTheSameDocument) {
  std::vector<UnitText> pdf = recommendations();
  pdf[0].text = "GE.11-10010 A/HRC/16/11 II. CONCLUSIONS AND/OR RECOMMENDATIONS";
  pdf[2].text += " 12";  // a footnote's mark, as a PDF's text layer gives it
  pdf.push_back({"", "Notes 12 Paris Principles, General Assembly resolution 48/134."});
  EXPECT_TRUE(core::same_units(recommendations(), pdf));
}

TEST(FormatCopies, RenumberedOrRewordedRecommendationsAreAnotherDocument) {
  std::vector<UnitText> renumbered = recommendations();
  for (UnitText& u : renumbered)
    if (!u.number.empty()) u.number = "100." + u.number.substr(3);
  EXPECT_FALSE(core::same_units(recommendations(), renumbered));
  std::vector<UnitText> reworded = recommendations();
  reworded[1].text = "Accede to the Convention on the Rights of Persons with Disabilities (France);";
  EXPECT_FALSE(core::same_units(recommendations(), reworded)) << "two of three alike is another edition";
  EXPECT_FALSE(core::same_units({}, recommendations()));
  // Without numbers, whole texts are compared.
  EXPECT_TRUE(core::same_units({{"", "One paragraph."}, {"", "Another paragraph!"}},
                                {{"", "one paragraph"}, {"", "ANOTHER  paragraph."}}));
  EXPECT_FALSE(core::same_units({{"", "One paragraph."}, {"", "Another paragraph!"}},
                                 {{"", "One paragraph."}, {"", "A third paragraph."}}));
}

TEST(FormatCopies, TheCopyKeptIsTheOneUnderstoodBest) {
  core::DocumentRecord doc, docx;
  doc.format = "doc";
  doc.path = "/a/list.doc";
  docx.format = "docx";
  docx.path = "/a/list.docx";
  EXPECT_TRUE(core::better_copy(docx, doc)) << "same understanding: the format that holds more";
  EXPECT_FALSE(core::better_copy(doc, docx));
  doc.state = "EGY";
  doc.title = "Thematic list of recommendations: Egypt";
  EXPECT_TRUE(core::better_copy(doc, docx)) << "its State and title outweigh the format";
  core::DocumentRecord other = docx;
  other.path = "/b/list.docx";
  EXPECT_TRUE(core::better_copy(docx, other)) << "all else equal, the path that sorts first";
  EXPECT_FALSE(core::better_copy(other, docx));
}

}  // namespace
}  // namespace hrdex::indexer
