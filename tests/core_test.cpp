#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/index.hpp"
#include "core/language.hpp"
#include "core/record.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "test_support.hpp"

namespace hrdex::core {
namespace {
namespace fs = std::filesystem;

using hrdex::testing::TempDir;

TEST(CoreText, CollapseSpacesFoldsRunsAndNonBreakingSpaces) {
  EXPECT_EQ(collapse_spaces("  a\t\n b\xC2\xA0\xC2\xA0" "c  "), "a b c");
  EXPECT_EQ(collapse_spaces(""), "");
}

TEST(CoreText, ReplaceMarksAndFold) {
  EXPECT_EQ(replace_marks("1\xE2\x80\x93" "3 and 5\xE2\x80\x94" "7", {{"\xE2\x80\x93", '-'}, {"\xE2\x80\x94", '-'}}),
            "1-3 and 5-7");
  EXPECT_EQ(replace_marks("", {{"x", 'y'}}), "");
  EXPECT_EQ(fold("L\xE2\x80\x99\xC3\x89TAT"), "l'etat");
}

TEST(CoreText, RepairUtf8ReplacesEachBadByteAndCountsThem) {
  std::size_t replaced = 0;
  EXPECT_EQ(repair_utf8("ok \xFF\xFE end", &replaced), "ok \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(replaced, 2u);
  EXPECT_TRUE(is_valid_utf8("C\xC3\xB4te d'Ivoire"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // a UTF-16 surrogate encoded in UTF-8
}

TEST(CoreText, ContentHashIsStableAndDistinguishesBytes) {
  EXPECT_EQ(content_hash("abc"), content_hash("abc"));
  EXPECT_NE(content_hash("abc"), content_hash("abd"));
  EXPECT_EQ(content_hash("abc").size(), 32u);
  EXPECT_EQ(short_hash("abc"), content_hash("abc").substr(0, 16));
}

TEST(CoreSchema, BooleanTermsAreLowerCaseAndBounded) {
  EXPECT_EQ(schema::boolean_term(schema::prefix::kDocKind, "Treaty-CO"), "Ktreaty-co");
  EXPECT_LE(schema::boolean_term(schema::prefix::kSymbol, std::string(400, 'a')).size(), 245u);
}

TEST(CoreLanguage, StemmerNamesForUnLanguages) {
  EXPECT_EQ(stemmer_name("en"), "english");
  EXPECT_EQ(stemmer_name("ES"), "spanish");
  EXPECT_EQ(stemmer_name("zh"), "none");
  EXPECT_EQ(stemmer_name("xx"), "none");
  // Every name given must be one Xapian knows.
  for (const char* code : {"en", "fr", "es", "ru", "ar", "pt", "de"}) EXPECT_NO_THROW(Xapian::Stem(stemmer_name(code)));
}

TEST(CoreRecord, DocumentRoundTripsThroughJson) {
  DocumentRecord r;
  r.id = "0123456789abcdef";
  r.path = "/data/a.pdf";
  r.kind = "upr-wg-report";
  r.symbol = "A/HRC/16/11";
  r.page_count = 29;
  r.warnings = {"page 3: damaged stream"};
  auto back = document_from_json(to_json(r));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->id, r.id);
  EXPECT_EQ(back->symbol, r.symbol);
  EXPECT_EQ(back->page_count, 29);
  EXPECT_EQ(back->warnings, r.warnings);
  EXPECT_EQ(record_level(to_json(r)), "document");
}

TEST(CoreRecord, UnitRoundTripsThroughJson) {
  UnitRecord u;
  u.id = "0123456789abcdef-3";
  u.number = "92.1";
  u.page = 19;
  u.text = "Ratify \"the\" Convention";
  auto back = unit_from_json(to_json(u));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->number, "92.1");
  EXPECT_EQ(back->page, 19);
  EXPECT_EQ(back->text, u.text);
  EXPECT_EQ(record_level(to_json(u)), "unit");
}

TEST(CoreRecord, MalformedRecordIsAnErrorNotACrash) {
  EXPECT_FALSE(document_from_json("not json").ok());
  EXPECT_FALSE(unit_from_json("[1,2]").ok());
  EXPECT_FALSE(unit_from_json(R"({"page": "nineteen"})").ok());
  EXPECT_FALSE(unit_from_json(R"({"id": "a", "text": "cut off)").ok());
  EXPECT_FALSE(unit_from_json("").ok());
  auto wrong = unit_from_json(R"({"id": "a", "tags": [["themes", "themes", "x", "rule", 0.5]]})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message().find("tags"), std::string::npos) << wrong.error().message();
  auto negative = document_from_json(R"({"size": -3})");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.error().message().find("size"), std::string::npos) << negative.error().message();
}

TEST(CoreRecord, NullsUnknownFieldsAndRepeatedKeys) {
  // null leaves a field as a missing one would; a field the reader does not
  // know is passed over; of two with one name the last counts.
  auto u = unit_from_json(R"({"level": "unit", "id": "a-1", "page": null, "future": {"x": [1, 2]},)"
                          R"( "number": "1", "number": "2", "tags": [["t", "themes", "x", "rule", 1, [], false]]})");
  ASSERT_TRUE(u.ok()) << u.error().message();
  EXPECT_EQ(u->id, "a-1");
  EXPECT_EQ(u->page, 0);
  EXPECT_EQ(u->number, "2");
  ASSERT_EQ(u->tags.size(), 1u);
  EXPECT_FALSE(u->tags[0].other_state);
  EXPECT_DOUBLE_EQ(u->tags[0].score, 1.0);
}

// Every field of both records, with strings of every kind (quotes,
// backslashes, control characters, every script, astral characters),
// written as the index stores them and read back the same.
TEST(CoreRecord, EveryFieldRoundTripsWithAnyText) {
  std::mt19937 random(20261204);
  const std::vector<std::string> pieces = {"a",      "Ratify",  "\"",     "\\",   "\n",    "\t",       std::string(1, '\x01'),
                                           "\x7f",   "é",       "Виктор", "مرحبا", "人权",   "\xf0\x9f\x98\x80", "/",
                                           "\u2028", " ",       "{",      "}",      "[\"]",  "null",      "0.5"};
  auto text = [&] {
    std::string s;
    for (int n = static_cast<int>(random() % 6); n > 0; --n) s += pieces[random() % pieces.size()];
    return s;
  };
  auto texts = [&] {
    std::vector<std::string> v(random() % 4);
    for (auto& s : v) s = text();
    return v;
  };
  auto number = [&] { return static_cast<int>(random() % 2000) - 1000; };
  for (int round = 0; round < 300; ++round) {
    UnitRecord u;
    u.id = text(), u.parent = text(), u.ordinal = number(), u.unit_kind = text(), u.number = text();
    u.page = number(), u.section = text(), u.text = text(), u.symbol = text(), u.subsection = text();
    u.recommending_states = texts(), u.recommended_by = text(), u.group = text(), u.response = text();
    u.response_text = text(), u.response_source = text(), u.themes = texts(), u.affected_persons = texts();
    u.sdgs = texts(), u.lead_in = text(), u.followup = random() % 2, u.ocr = random() % 2;
    for (int i = static_cast<int>(random() % 3); i > 0; --i) u.items.push_back({text(), text()});
    for (int i = static_cast<int>(random() % 5); i > 0; --i)
      u.tags.push_back({text(), text(), text(), "", text(), static_cast<double>(random() % 1000) / 8.0, texts(),
                        random() % 2 == 0});
    auto back = unit_from_json(to_json(u));
    ASSERT_TRUE(back.ok()) << back.error().message() << "\n" << to_json(u);
    EXPECT_EQ(*back, u) << to_json(u);

    DocumentRecord d;
    d.id = text(), d.path = text(), d.content_hash = text(), d.size = random(), d.mtime = -static_cast<std::int64_t>(random());
    d.format = text(), d.kind = text(), d.symbol = text(), d.title = text(), d.language = text(), d.date = text();
    d.indexed_at = text(), d.page_count = number(), d.unit_count = number(), d.warnings = texts();
    d.source_url = text(), d.symbols = texts(), d.state = text(), d.state_name = text(), d.session = number();
    d.cycle = number(), d.body = text(), d.report_cycle = text(), d.answers = text(), d.review = text();
    for (int i = static_cast<int>(random() % 3); i > 0; --i) d.responses.push_back({text(), text(), text()});
    d.addressee = text(), d.signatories = texts(), d.followup_paragraphs = texts(), d.next_report_date = text();
    d.mandate = text();
    if (random() % 2) d.ocr_pages = {1, 3, number()};
    auto doc = document_from_json(to_json(d));
    ASSERT_TRUE(doc.ok()) << doc.error().message();
    EXPECT_EQ(*doc, d) << to_json(d);
  }
}

TEST(CoreRecord, BytesThatAreNotUtf8AreStoredReplacedAndReadBack) {
  UnitRecord u;
  u.id = "a-1";
  u.text = std::string("caf\xe9 \xff end");
  auto back = unit_from_json(to_json(u));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->text, "caf\xef\xbf\xbd \xef\xbf\xbd end");
}

TEST(CoreIndex, NewIndexIsStampedWithTheSchemaVersion) {
  TempDir dir;
  auto db = open_index_for_writing(dir / "idx");
  ASSERT_TRUE(db.ok()) << db.error().message();
  EXPECT_EQ(db->get_metadata(std::string(schema::kMetaSchemaVersion)), std::to_string(schema::kSchemaVersion));
}

TEST(CoreIndex, NewIndexAppearsWholeAndLeavesNothingBeside) {
  TempDir dir;
  // Into a folder that does not exist yet, and into one that exists empty.
  fs::create_directories(dir / "made" / "empty");
  for (const fs::path& idx : {dir / "made" / "new", dir / "made" / "empty"}) {
    {
      auto db = open_index_for_writing(idx);
      ASSERT_TRUE(db.ok()) << db.error().message();
      db->add_document(Xapian::Document());
      db->commit();
    }
    auto r = open_index_for_reading(idx);
    ASSERT_TRUE(r.ok()) << r.error().message();
    EXPECT_EQ(r->get_doccount(), 1u);
  }
  std::vector<std::string> beside;
  for (const auto& e : fs::directory_iterator(dir / "made")) beside.push_back(e.path().filename().string());
  std::sort(beside.begin(), beside.end());
  EXPECT_EQ(beside, (std::vector<std::string>{"empty", "new"})) << "no staging folder may be left";
}

TEST(CoreIndex, EmptyDatabaseWithoutMetadataIsTakenOverByTheWriter) {
  // What an index created in place and killed before its metadata was
  // written looks like.
  TempDir dir;
  {
    Xapian::WritableDatabase db((dir / "idx").string(), Xapian::DB_CREATE_OR_OPEN);
    db.commit();
  }
  auto w = open_index_for_writing(dir / "idx");
  ASSERT_TRUE(w.ok()) << w.error().message();
  EXPECT_EQ(w->get_metadata(std::string(schema::kMetaSchemaVersion)), std::to_string(schema::kSchemaVersion));
}

TEST(CoreIndex, IndexOfAnotherSchemaVersionIsRefusedForReadingAndWriting) {
  TempDir dir;
  {
    Xapian::WritableDatabase db((dir / "idx").string(), Xapian::DB_CREATE_OR_OPEN);
    db.set_metadata(std::string(schema::kMetaSchemaVersion), "0");
    db.add_document(Xapian::Document());
    db.commit();
  }
  auto r = open_index_for_reading(dir / "idx");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().what.find("schema version 0, this hrdex reads version " + std::to_string(schema::kSchemaVersion)),
            std::string::npos)
      << r.error().message();
  auto w = open_index_for_writing(dir / "idx");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().what.find("schema version 0"), std::string::npos);
}

TEST(CoreIndex, PlainXapianDatabaseIsNotAnHrdexIndex) {
  TempDir dir;
  {
    Xapian::WritableDatabase db((dir / "idx").string(), Xapian::DB_CREATE_OR_OPEN);
    db.add_document(Xapian::Document());
    db.commit();
  }
  auto r = open_index_for_reading(dir / "idx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), (dir / "idx").string() + ": not an hrdex index (a Xapian database without an hrdex schema version)");
}

TEST(CoreIndex, IndexPathThatIsAFileIsRefused) {
  TempDir dir;
  auto file = hrdex::testing::write_file(dir / "plain.txt", "x");
  auto r = open_index_for_writing(file);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), file.string() + ": index path is not a directory");
  EXPECT_FALSE(open_index_for_reading(file).ok());
}

TEST(CoreIndex, MissingIndexSaysHowToCreateOne) {
  TempDir dir;
  auto r = open_index_for_reading(dir / "nowhere");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().what.find("no index here"), std::string::npos);
}

TEST(CoreIndex, SecondWriterGetsALockError) {
  TempDir dir;
  auto first = open_index_for_writing(dir / "idx");
  ASSERT_TRUE(first.ok());
  auto second = open_index_for_writing(dir / "idx");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().message(),
            "index " + (dir / "idx").string() + " is being written by another process; try again when it has finished");
}

}  // namespace
}  // namespace hrdex::core
