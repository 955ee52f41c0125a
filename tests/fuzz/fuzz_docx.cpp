// Feeds arbitrary bytes to the DOCX and ODT extractors: they must return a
// value or an error, never crash, hang or leak.
//
// Mutating a deflated zip almost never yields XML that gets past the parser,
// so besides whole archives (inputs starting "PK") the target takes XML
// parts separated by NUL bytes and packs them itself, stored, into a DOCX
// (document, styles, numbering, footnotes) or, when the first part is ODF
// content, an ODT. That puts the numbering, style and table code within the
// fuzzer's reach. Seeds: tests/data/office/ (archives and *.fuzz parts).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/extract.hpp"

namespace {

std::uint32_t crc32(std::string_view data) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

// A zip of stored members: local headers, data, central directory.
std::string stored_zip(const std::vector<std::pair<std::string, std::string_view>>& members) {
  std::string out, central;
  for (const auto& [name, data] : members) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const std::uint32_t crc = crc32(data);
    const auto size = static_cast<std::uint32_t>(data.size());
    put32(out, 0x04034b50);
    put16(out, 20), put16(out, 0), put16(out, 0), put16(out, 0), put16(out, 0x21);
    put32(out, crc), put32(out, size), put32(out, size);
    put16(out, static_cast<std::uint32_t>(name.size())), put16(out, 0);
    out += name;
    out += data;
    put32(central, 0x02014b50);
    put16(central, 20), put16(central, 20), put16(central, 0), put16(central, 0), put16(central, 0),
        put16(central, 0x21);
    put32(central, crc), put32(central, size), put32(central, size);
    put16(central, static_cast<std::uint32_t>(name.size())), put16(central, 0), put16(central, 0);
    put16(central, 0), put16(central, 0), put32(central, 0), put32(central, offset);
    central += name;
  }
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0), put16(out, 0);
  put16(out, static_cast<std::uint32_t>(members.size())), put16(out, static_cast<std::uint32_t>(members.size()));
  put32(out, static_cast<std::uint32_t>(central.size())), put32(out, central_offset);
  put16(out, 0);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hrdex::indexer::extract;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.substr(0, 2) == "PK") {
    (void)extract_docx(bytes);
    (void)extract_odt(bytes);
    return 0;
  }
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; parts.size() < 4;) {
    std::size_t end = bytes.find('\0', start);
    parts.push_back(bytes.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (parts[0].find("document-content") != std::string_view::npos) {
    std::vector<std::pair<std::string, std::string_view>> members = {
        {"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", parts[0]}};
    if (parts.size() > 1) members.emplace_back("styles.xml", parts[1]);
    if (parts.size() > 2) members.emplace_back("meta.xml", parts[2]);
    (void)extract_odt(stored_zip(members));
    return 0;
  }
  static const char* const kNames[] = {"word/document.xml", "word/styles.xml", "word/numbering.xml",
                                       "word/footnotes.xml"};
  std::vector<std::pair<std::string, std::string_view>> members;
  for (std::size_t i = 0; i < parts.size(); ++i) members.emplace_back(kNames[i], parts[i]);
  (void)extract_docx(stored_zip(members));
  return 0;
}
