#include "indexer/extract/encoding.hpp"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>

#include "core/text.hpp"
#include "indexer/extract/unicode.hpp"

namespace hrdex::indexer::extract {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Decodes one code point of well-formed UTF-8 at `i`, advancing `i`. The
// input must already be valid (repair_utf8 or a decoder's own output).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i++]);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
  char32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra && i < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  return cp;
}

std::string decode_utf16(std::string_view bytes, bool little_endian, std::size_t& bad) {
  std::string out;
  out.reserve(bytes.size());
  auto unit = [&](std::size_t i) -> char16_t {
    auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? static_cast<char16_t>(a | (b << 8)) : static_cast<char16_t>((a << 8) | b);
  };
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    char16_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 < bytes.size()) {
        char16_t lo = unit(i + 2);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          core::append_utf8(out, 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (lo - 0xDC00));
          i += 2;
          continue;
        }
      }
      ++bad;
      core::append_utf8(out, 0xFFFD);
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      ++bad;
      core::append_utf8(out, 0xFFFD);
    } else {
      core::append_utf8(out, u);
    }
  }
  if (i < bytes.size()) {  // an odd trailing byte
    ++bad;
    core::append_utf8(out, 0xFFFD);
  }
  return out;
}

// Windows-1252 0x80-0x9F; 0 marks the five bytes the code page leaves undefined.
constexpr char16_t kCp1252High[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                       0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                       0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                       0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string decode_cp1252(std::string_view bytes, std::size_t& bad) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0xA0) {
      char16_t cp = kCp1252High[c - 0x80];
      if (cp == 0) ++bad;
      core::append_utf8(out, cp ? cp : 0xFFFD);
    } else {
      core::append_utf8(out, c);
    }
  }
  return out;
}

// iconv takes names from the file, so only plain charset names reach it:
// no "//TRANSLIT" suffixes or paths.
bool safe_charset_name(std::string_view name) {
  if (name.empty() || name.size() > 40) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':';
  });
}

// Any other charset goes through iconv. Returns false when iconv does not
// know the name, so the caller can fall back to guessing.
bool decode_with_iconv(std::string_view bytes, const std::string& charset, std::string& out, std::size_t& bad) {
  if (!safe_charset_name(charset)) return false;
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::unique_ptr<void, int (*)(iconv_t)> closer(cd, iconv_close);
  out.clear();
  out.reserve(bytes.size() * 2);
  std::string buffer(16384, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* o = buffer.data();
    std::size_t o_left = buffer.size();
    std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buffer.data(), buffer.size() - o_left);
    if (r == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) continue;
      // EILSEQ or EINVAL: skip one byte, mark it, go on.
      ++bad;
      out += "\xEF\xBF\xBD";
      ++in;
      --in_left;
    }
  }
  // Stateful encodings (ISO-2022) may still hold a pending shift sequence.
  char* o = buffer.data();
  std::size_t o_left = buffer.size();
  iconv(cd, nullptr, nullptr, &o, &o_left);
  out.append(buffer.data(), buffer.size() - o_left);
  return true;
}

std::string normalise_charset(std::string_view declared) {
  std::string c = core::ascii_lower(core::trim(declared));
  while (!c.empty() && (c.back() == '"' || c.back() == '\'' || c.back() == ';')) c.pop_back();
  while (!c.empty() && (c.front() == '"' || c.front() == '\'')) c.erase(0, 1);
  if (c == "utf8" || c == "unicode-1-1-utf-8") c = "utf-8";
  // Browsers read ISO-8859-1 and ASCII labels as Windows-1252; so do we.
  if (c == "iso-8859-1" || c == "iso8859-1" || c == "iso_8859-1" || c == "latin1" || c == "latin-1" || c == "l1" ||
      c == "us-ascii" || c == "ascii" || c == "cp1252" || c == "x-cp1252" || c == "cp819" || c == "ibm819")
    c = "windows-1252";
  if (c == "unicode" || c == "ucs-2" || c == "utf-16") c = "utf-16";
  if (c == "gb2312" || c == "gbk" || c == "x-gbk" || c == "chinese") c = "gb18030";  // GB18030 reads both
  if (c == "x-sjis" || c == "sjis" || c == "ms_kanji") c = "shift_jis";
  if (c == "ks_c_5601-1987" || c == "euc-kr") c = "cp949";
  return c;
}

// Labels after which Windows-1252 is read; uchardet's answers for Western text.
bool is_western(std::string_view charset) {
  return charset.empty() || charset == "ASCII" || charset == "ISO-8859-1" || charset == "ISO-8859-15" ||
         charset == "WINDOWS-1252" || charset == "UTF-8";
}

// Encodings whose letters are not Latin: when uchardet names one of these
// and most of the text is high bytes, a Windows-1252 reading would be mojibake.
bool is_non_latin(std::string_view charset) {
  static constexpr std::array<std::string_view, 26> kNonLatin{
      "WINDOWS-1251", "KOI8-R",     "KOI8-U",     "ISO-8859-5",  "IBM866",      "IBM855",      "MAC-CYRILLIC",
      "WINDOWS-1253", "ISO-8859-7", "WINDOWS-1255", "ISO-8859-8", "WINDOWS-1256", "ISO-8859-6",  "SHIFT_JIS",
      "EUC-JP",       "EUC-KR",     "UHC",        "GB18030",     "BIG5",        "EUC-TW",      "ISO-2022-JP",
      "ISO-2022-KR",  "ISO-2022-CN", "HZ-GB-2312", "TIS-620",    "WINDOWS-874"};
  return std::find(kNonLatin.begin(), kNonLatin.end(), charset) != kNonLatin.end();
}

bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Bytes whose Windows-1252 reading inside a word is unlikely in Western
// European text but common in Central European text read the wrong way
// (s-caron and z-caron of Windows-1250, "¹" and "¾" where ISO-8859-2 has them,
// "æ" and "ð" for c-acute and d-stroke).
bool implausible_in_cp1252_word(unsigned char c) {
  switch (c) {
    case 0x8A: case 0x8E: case 0x9A: case 0x9E: case 0x8D: case 0x8F: case 0x9D: case 0x9F:
    case 0xA3: case 0xA5: case 0xA9: case 0xAA: case 0xAE: case 0xB1: case 0xB2: case 0xB3:
    case 0xB5: case 0xB9: case 0xBA: case 0xBC: case 0xBD: case 0xBE: case 0xC6: case 0xD0:
    case 0xDE: case 0xE6: case 0xF0: case 0xFE:
      return true;
    default:
      return false;
  }
}

std::size_t cp1252_implausibility(std::string_view bytes) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (!implausible_in_cp1252_word(c)) continue;
    auto before = i > 0 ? static_cast<unsigned char>(bytes[i - 1]) : 0;
    auto after = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0;
    if (is_ascii_letter(before) || is_ascii_letter(after)) ++count;
  }
  return count;
}

// Symbols, C1 controls and box drawing inside words: what a wrong Latin code
// page (IBM852 for Portuguese, say) produces.
std::size_t utf8_implausibility(std::string_view utf8) {
  std::size_t count = 0;
  unsigned char previous = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    std::size_t start = i;
    char32_t cp = next_code_point(utf8, i);
    bool odd = (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2500 && cp <= 0x259F) ||
               cp == 0xFFFD;
    unsigned char after = i < utf8.size() ? static_cast<unsigned char>(utf8[i]) : 0;
    if (odd && (is_ascii_letter(previous) || is_ascii_letter(after))) ++count;
    previous = static_cast<unsigned char>(utf8[start]);
  }
  return count;
}

std::string uchardet_guess(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> ud(uchardet_new(), uchardet_delete);
  if (!ud) return {};
  // A quarter of a megabyte is plenty for statistics and keeps huge files fast.
  std::string_view sample = bytes.substr(0, 256 * 1024);
  if (uchardet_handle_data(ud.get(), sample.data(), sample.size()) != 0) return {};
  uchardet_data_end(ud.get());
  const char* name = uchardet_get_charset(ud.get());
  std::string upper = name ? name : "";
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return upper;
}

// Reads bytes that are neither UTF-8 nor UTF-16 and carry no declaration.
DecodedText decode_guessed(std::string_view bytes) {
  DecodedText d;
  std::size_t bad = 0;
  std::string guess = uchardet_guess(bytes);
  std::size_t high = 0, letters = 0;
  for (unsigned char c : bytes) {
    if (c >= 0x80) ++high;
    else if (is_ascii_letter(c)) ++letters;
  }
  bool in_c1 = std::any_of(bytes.begin(), bytes.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 && u < 0xA0;
  });
  // ISO-8859-2 has controls where Windows-1250 has letters; bytes there mean 1250.
  if (guess == "ISO-8859-2" && in_c1) guess = "WINDOWS-1250";

  if (!is_western(guess)) {
    std::string utf8;
    std::size_t candidate_bad = 0;
    bool accept = false;
    if (decode_with_iconv(bytes, guess, utf8, candidate_bad) && candidate_bad * 100 <= high) {
      if (is_non_latin(guess))
        accept = high * 5 >= high + letters;
      else
        accept = utf8_implausibility(utf8) < cp1252_implausibility(bytes);
    }
    if (accept) {
      d.encoding = core::ascii_lower(guess);
      d.utf8 = std::move(utf8);
      bad = candidate_bad;
    }
  }
  if (d.encoding.empty()) {
    d.encoding = "windows-1252";
    d.utf8 = decode_cp1252(bytes, bad);
  }
  d.warnings.push_back("not valid UTF-8; read as " + d.encoding);
  if (bad > 0)
    d.warnings.push_back(std::to_string(bad) + " byte sequence" + (bad == 1 ? "" : "s") + " not valid " +
                         d.encoding + " replaced with U+FFFD");
  return d;
}

// Well-formed multi-byte UTF-8 sequences in bytes that are not valid UTF-8
// as a whole: many of them mean UTF-8 with some damage, none means a legacy
// code page.
std::size_t utf8_sequences(std::string_view s) {
  std::size_t count = 0;
  auto cont = [&](std::size_t i) { return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80; };
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
    if (extra == 0) continue;
    bool ok = true;
    for (int k = 1; k <= extra; ++k) ok = ok && cont(i + static_cast<std::size_t>(k));
    if (ok) {
      ++count;
      i += static_cast<std::size_t>(extra);
    }
  }
  return count;
}

bool has_high_bytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::string replaced_warning(std::size_t bad, const std::string& encoding) {
  return std::to_string(bad) + " byte sequence" + (bad == 1 ? "" : "s") + " not valid " + encoding +
         " replaced with U+FFFD";
}

// 0 when not UTF-16, 1 for little-endian, 2 for big-endian.
int utf16_byte_order(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 4096);
  if (head.size() < 8) return 0;
  std::size_t even_nul = 0, odd_nul = 0, pairs = head.size() / 2;
  for (std::size_t i = 0; i + 1 < head.size(); i += 2) {
    if (head[i] == 0) ++even_nul;
    if (head[i + 1] == 0) ++odd_nul;
  }
  if (odd_nul * 10 >= pairs * 4 && even_nul * 20 <= pairs) return 1;
  if (even_nul * 10 >= pairs * 4 && odd_nul * 20 <= pairs) return 2;
  return 0;
}

DecodedText decode_utf16_without_bom(std::string_view bytes, int order) {
  DecodedText d;
  std::size_t bad = 0;
  d.encoding = order == 1 ? "UTF-16LE" : "UTF-16BE";
  d.utf8 = decode_utf16(bytes, order == 1, bad);
  if (bad > 0) d.warnings.push_back(replaced_warning(bad, d.encoding));
  return d;
}

void drop_nuls(std::string& s) { s.erase(std::remove(s.begin(), s.end(), '\0'), s.end()); }

DecodedText decode_unfinished(std::string_view bytes, std::string_view declared) {
  DecodedText d;
  std::size_t bad = 0;
  if (starts_with(bytes, "\xEF\xBB\xBF")) {
    d.encoding = "UTF-8";
    d.utf8 = core::repair_utf8(bytes.substr(3), &bad);
  } else if (starts_with(bytes, "\xFF\xFE")) {
    d.encoding = "UTF-16LE";
    d.utf8 = decode_utf16(bytes.substr(2), true, bad);
  } else if (starts_with(bytes, "\xFE\xFF")) {
    d.encoding = "UTF-16BE";
    d.utf8 = decode_utf16(bytes.substr(2), false, bad);
  } else {
    std::string charset = normalise_charset(declared);
    const bool valid_utf8 = core::is_valid_utf8(bytes);
    if (charset.empty()) {
      // ASCII in UTF-16 is valid UTF-8 too (NUL is a character), so the
      // NUL pattern is looked at first.
      if (int order = utf16_byte_order(bytes)) {
        return decode_utf16_without_bom(bytes, order);
      } else if (valid_utf8) {
        d.encoding = "UTF-8";
        d.utf8 = std::string(bytes);
      } else if (utf8_sequences(bytes) > 0) {
        d.encoding = "UTF-8";
        d.utf8 = core::repair_utf8(bytes, &bad);
      } else {
        return decode_guessed(bytes);
      }
    } else if (charset == "utf-16" || charset == "utf-16le" || charset == "utf-16be") {
      // A page that is really UTF-16 has a BOM or NULs; a UTF-16 label on
      // bytes without them is a mislabel, which HTML reads as UTF-8.
      if (int order = utf16_byte_order(bytes)) return decode_utf16_without_bom(bytes, order);
      return decode_unfinished(bytes, {});
    } else if (charset == "utf-8") {
      d.encoding = "UTF-8";
      if (valid_utf8) {
        d.utf8 = std::string(bytes);
      } else if (utf8_sequences(bytes) == 0) {
        DecodedText guessed = decode_guessed(bytes);
        guessed.warnings.insert(guessed.warnings.begin(), "declared UTF-8 but holds no UTF-8 sequences");
        return guessed;
      } else {
        d.utf8 = core::repair_utf8(bytes, &bad);
      }
    } else if (valid_utf8 && has_high_bytes(bytes) && utf8_sequences(bytes) >= 1) {
      // Text in a legacy code page almost never forms valid multi-byte UTF-8,
      // while pages saved as UTF-8 under an old template's label are common.
      d.encoding = "UTF-8";
      d.utf8 = std::string(bytes);
      d.warnings.push_back("declared " + std::string(core::trim(declared)) + " but the content is UTF-8; read as UTF-8");
    } else if (charset == "windows-1252") {
      d.encoding = "windows-1252";
      d.utf8 = decode_cp1252(bytes, bad);
    } else if (decode_with_iconv(bytes, charset, d.utf8, bad)) {
      d.encoding = charset;
    } else {
      auto guessed = decode_unfinished(bytes, {});
      guessed.warnings.insert(guessed.warnings.begin(),
                              "unknown declared charset '" + core::repair_utf8(core::trim(declared)) + "'; guessed instead");
      return guessed;
    }
  }
  if (bad > 0) d.warnings.push_back(replaced_warning(bad, d.encoding));
  return d;
}

}  // namespace

DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared) {
  DecodedText d = decode_unfinished(bytes, declared);
  drop_nuls(d.utf8);
  return d;
}

bool looks_like_utf16(std::string_view bytes) { return utf16_byte_order(bytes) != 0; }

std::string tidy_text(std::string_view utf8) {
  std::string valid = core::is_valid_utf8(utf8) ? std::string(utf8) : core::repair_utf8(utf8);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size();) {
    std::size_t start = i;
    char32_t cp = next_code_point(valid, i);
    if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') {
      out.push_back(' ');
    } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      // Control characters carry nothing a reader sees.
    } else if (cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF) {
      // Soft hyphens, zero-width spaces and stray BOMs would split or hide
      // words; the zero-width (non-)joiners stay, Persian and Indic need them.
    } else {
      out.append(valid, start, i - start);
    }
  }
  return core::collapse_spaces(normalize_nfc(out));
}

}  // namespace hrdex::indexer::extract
