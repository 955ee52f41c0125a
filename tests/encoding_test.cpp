// decode_to_utf8 and tidy_text: every way bytes reach us, and bytes that
// are not text at all.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "core/text.hpp"
#include "indexer/extract/encoding.hpp"

namespace hrdex::indexer::extract {
namespace {

std::string read_fixture(const std::string& relative) {
  std::ifstream in(std::string(HRDEX_TEST_DATA) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in) << relative;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool has_warning_containing(const DecodedText& d, std::string_view part) {
  for (const std::string& w : d.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

TEST(Encoding, PlainUtf8IsKeptAsIs) {
  DecodedText d = decode_to_utf8("Le Comit\xC3\xA9 recommande");
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_EQ(d.utf8, "Le Comit\xC3\xA9 recommande");
  EXPECT_TRUE(d.warnings.empty());
}

TEST(Encoding, Utf8ByteOrderMarkIsRemoved) {
  DecodedText d = decode_to_utf8("\xEF\xBB\xBFText");
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_EQ(d.utf8, "Text");
}

TEST(Encoding, Utf16LittleAndBigEndianWithBom) {
  DecodedText le = decode_to_utf8(std::string("\xFF\xFE" "A\0\xE9\0", 6));
  EXPECT_EQ(le.encoding, "UTF-16LE");
  EXPECT_EQ(le.utf8, "A\xC3\xA9");
  DecodedText be = decode_to_utf8(std::string("\xFE\xFF\0A\0\xE9", 6));
  EXPECT_EQ(be.encoding, "UTF-16BE");
  EXPECT_EQ(be.utf8, "A\xC3\xA9");
}

TEST(Encoding, Utf16SurrogatePairAndLoneSurrogate) {
  // U+1F600 as a pair, then a lone high surrogate followed by 'A'.
  DecodedText d = decode_to_utf8(std::string("\xFF\xFE\x3D\xD8\x00\xDE\x3D\xD8" "A\0", 10));
  EXPECT_EQ(d.utf8, "\xF0\x9F\x98\x80\xEF\xBF\xBD" "A");
  EXPECT_TRUE(has_warning_containing(d, "1 byte sequence not valid UTF-16LE"));
}

TEST(Encoding, Utf16WithoutBomRecognisedByNuls) {
  std::string le;
  for (char c : std::string("Recommendations of the Working Group")) {
    le.push_back(c);
    le.push_back('\0');
  }
  EXPECT_TRUE(looks_like_utf16(le));
  DecodedText d = decode_to_utf8(le);
  EXPECT_EQ(d.encoding, "UTF-16LE");
  EXPECT_EQ(d.utf8, "Recommendations of the Working Group");
}

TEST(Encoding, DeclaredIso88591IsReadAsWindows1252) {
  // 0x92 and 0x80 are controls in ISO-8859-1 but what every such page means.
  DecodedText d = decode_to_utf8("l\x92\xC9tat co\xFBte 5 \x80", "ISO-8859-1");
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_EQ(d.utf8, "l\xE2\x80\x99\xC3\x89tat co\xC3\xBBte 5 \xE2\x82\xAC");
  EXPECT_TRUE(d.warnings.empty());
}

TEST(Encoding, DeclaredWindows1251GoesThroughIconv) {
  DecodedText d = decode_to_utf8("\xCA\xEE\xEC\xE8\xF2\xE5\xF2", "windows-1251");
  EXPECT_EQ(d.encoding, "windows-1251");
  EXPECT_EQ(d.utf8, "\xD0\x9A\xD0\xBE\xD0\xBC\xD0\xB8\xD1\x82\xD0\xB5\xD1\x82");  // Комитет
}

TEST(Encoding, UndeclaredNonUtf8FallsBackToWindows1252) {
  DecodedText d = decode_to_utf8(read_fixture("text/undeclared_cp1252.txt"));
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_NE(d.utf8.find("l\xE2\x80\x99\xC3\x89tat partie"), std::string::npos) << d.utf8;
  EXPECT_TRUE(has_warning_containing(d, "not valid UTF-8; read as windows-1252"));
}

TEST(Encoding, UndeclaredWindows1250SlovenianDetected) {
  DecodedText d = decode_to_utf8(read_fixture("text/slovenian_windows1250.txt"));
  EXPECT_EQ(d.encoding, "windows-1250");
  EXPECT_NE(d.utf8.find("\xC4\x8Dlovekovih"), std::string::npos) << d.utf8;  // človekovih
}

TEST(Encoding, UndeclaredIso88592SlovenianDetected) {
  DecodedText d = decode_to_utf8(read_fixture("text/slovenian_iso88592.txt"));
  EXPECT_EQ(d.encoding, "iso-8859-2");
  EXPECT_NE(d.utf8.find("dr\xC5\xBE" "ava \xC5\xA1" "e"), std::string::npos) << d.utf8;  // država še
}

TEST(Encoding, UndeclaredKoi8rAndWindows1251RussianDetected) {
  DecodedText koi = decode_to_utf8(read_fixture("text/russian_koi8r.txt"));
  EXPECT_EQ(koi.encoding, "koi8-r");
  DecodedText cp = decode_to_utf8(read_fixture("text/russian_windows1251.txt"));
  EXPECT_EQ(cp.encoding, "windows-1251");
  EXPECT_EQ(koi.utf8, cp.utf8);
  EXPECT_EQ(koi.utf8.rfind("\xD0\x9A\xD0\xBE\xD0\xBC\xD0\xB8\xD1\x82\xD0\xB5\xD1\x82", 0), 0u);
}

TEST(Encoding, ShortFrenchWindows1252IsNotTakenForCentralEuropean) {
  // uchardet alone calls this ISO-8859-2, which would turn "è" into "č".
  DecodedText d = decode_to_utf8("Le Comit\xE9 recommande que l'\xC9tat partie adopte une l\xE9gislation compl\xE8te.");
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_NE(d.utf8.find("compl\xC3\xA8te"), std::string::npos);
}

TEST(Encoding, InvalidUtf8BytesReplacedWithWarning) {
  DecodedText d = decode_to_utf8(read_fixture("text/invalid_bytes.txt"));
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_NE(d.utf8.find("\xEF\xBF\xBD("), std::string::npos);
  EXPECT_TRUE(core::is_valid_utf8(d.utf8));
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0], "1 byte sequence not valid UTF-8 replaced with U+FFFD");
}

TEST(Encoding, DeclaredUtf8WithoutAnyUtf8IsGuessed) {
  DecodedText d = decode_to_utf8("Comit\xE9 des droits", "utf-8");
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_EQ(d.utf8, "Comit\xC3\xA9 des droits");
  EXPECT_TRUE(has_warning_containing(d, "declared UTF-8 but holds no UTF-8 sequences"));
}

TEST(Encoding, DeclaredLatin1ButContentIsUtf8) {
  DecodedText d = decode_to_utf8("Comit\xC3\xA9", "iso-8859-1");
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_EQ(d.utf8, "Comit\xC3\xA9");
  EXPECT_TRUE(has_warning_containing(d, "but the content is UTF-8"));
}

TEST(Encoding, UnknownDeclaredCharsetIsGuessedWithWarning) {
  DecodedText d = decode_to_utf8("plain", "x-klingon-8");
  EXPECT_EQ(d.utf8, "plain");
  EXPECT_TRUE(has_warning_containing(d, "unknown declared charset 'x-klingon-8'"));
}

TEST(Encoding, CharsetNameWithIconvSuffixIsRefused) {
  DecodedText d = decode_to_utf8("plain", "utf-8//TRANSLIT");
  EXPECT_EQ(d.utf8, "plain");
  EXPECT_TRUE(has_warning_containing(d, "unknown declared charset"));
}

TEST(Encoding, MislabelledUtf16WithoutNulsIsReadAsUtf8) {
  DecodedText d = decode_to_utf8("<p>Comit\xC3\xA9</p>", "utf-16");
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_EQ(d.utf8, "<p>Comit\xC3\xA9</p>");
}

TEST(Encoding, NulBytesNeverReachTheText) {
  DecodedText d = decode_to_utf8(std::string("a\0b", 3));
  EXPECT_EQ(d.utf8, "ab");
}

TEST(Encoding, EveryByteValueDecodesWithoutCrash) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::string_view declared : {"", "utf-8", "windows-1252", "koi8-r", "shift_jis", "utf-16", "iso-2022-jp"}) {
    DecodedText d = decode_to_utf8(all + all, declared);
    EXPECT_TRUE(core::is_valid_utf8(d.utf8)) << declared;
    EXPECT_EQ(d.utf8.find('\0'), std::string::npos) << declared;
  }
}

TEST(Encoding, TidyTextDropsControlsAndSoftHyphensAndComposes) {
  EXPECT_EQ(tidy_text("  hu\xC2\xAD" "man\x01  rights\t\n"), "human rights");
  EXPECT_EQ(tidy_text("Comite\xCC\x81"), "Comit\xC3\xA9");  // e + combining acute -> é (NFC)
  EXPECT_EQ(tidy_text("a\xE2\x80\x8B" "b"), "ab");           // zero-width space
  EXPECT_EQ(tidy_text("bad \xFF byte"), "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace hrdex::indexer::extract
