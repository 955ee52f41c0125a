#include "indexer/extract/encoding.hpp"

#include <iconv.h>

#include <cerrno>

#include "core/text.hpp"

namespace hrdex::indexer::extract {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
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
          append_utf8(out, 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (lo - 0xDC00));
          i += 2;
          continue;
        }
      }
      ++bad;
      append_utf8(out, 0xFFFD);
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      ++bad;
      append_utf8(out, 0xFFFD);
    } else {
      append_utf8(out, u);
    }
  }
  if (i < bytes.size()) ++bad;  // an odd trailing byte
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
      append_utf8(out, cp ? cp : 0xFFFD);
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

// Any other declared charset goes through iconv. Returns false when iconv does
// not know the name, so the caller can fall back to guessing.
bool decode_with_iconv(std::string_view bytes, const std::string& charset, std::string& out, std::size_t& bad) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.clear();
  out.reserve(bytes.size() * 2);
  std::string buffer(4096, '\0');
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
  iconv_close(cd);
  return true;
}

std::string normalise_charset(std::string_view declared) {
  std::string c = core::ascii_lower(core::trim(declared));
  if (c == "utf8") c = "utf-8";
  // Browsers read ISO-8859-1 and ASCII labels as Windows-1252; so do we.
  if (c == "iso-8859-1" || c == "latin1" || c == "latin-1" || c == "us-ascii" || c == "ascii" || c == "cp1252")
    c = "windows-1252";
  return c;
}

std::string replaced_warning(std::size_t bad, const std::string& encoding) {
  return std::to_string(bad) + " byte sequence" + (bad == 1 ? "" : "s") + " not valid " + encoding +
         " replaced with U+FFFD";
}

}  // namespace

DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared) {
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
    if (charset.empty() || charset == "utf-8") {
      if (core::is_valid_utf8(bytes)) {
        d.encoding = "UTF-8";
        d.utf8 = std::string(bytes);
      } else if (charset == "utf-8") {
        d.encoding = "UTF-8";
        d.utf8 = core::repair_utf8(bytes, &bad);
      } else {
        d.encoding = "windows-1252";
        d.utf8 = decode_cp1252(bytes, bad);
        d.warnings.push_back("not valid UTF-8; read as Windows-1252");
      }
    } else if (charset == "windows-1252") {
      d.encoding = "windows-1252";
      d.utf8 = decode_cp1252(bytes, bad);
    } else if (decode_with_iconv(bytes, charset, d.utf8, bad)) {
      d.encoding = charset;
    } else {
      d.warnings.push_back("unknown declared charset '" + std::string(declared) + "'; guessed instead");
      auto guessed = decode_to_utf8(bytes);
      guessed.warnings.insert(guessed.warnings.begin(), d.warnings.begin(), d.warnings.end());
      return guessed;
    }
  }
  if (bad > 0) d.warnings.push_back(replaced_warning(bad, d.encoding));
  return d;
}

}  // namespace hrdex::indexer::extract
