#include "indexer/extract/unicode.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "core/text.hpp"

namespace hrdex::indexer::extract {
namespace {

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string normalize(std::string_view utf8, utf8proc_option_t options) {
  // Most extracted text is ASCII, which every normal form leaves alone; the
  // fast path keeps normalisation off the extraction profile.
  if (is_ascii(utf8)) return std::string(utf8);
  std::string repaired;
  if (!core::is_valid_utf8(utf8)) {
    repaired = core::repair_utf8(utf8);
    utf8 = repaired;
  }
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()), static_cast<utf8proc_ssize_t>(utf8.size()),
                   &mapped, static_cast<utf8proc_option_t>(options | UTF8PROC_STABLE));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  // utf8proc fails only on ill-formed input or memory exhaustion; the input
  // was repaired above, so the text is kept as it came rather than lost.
  if (length < 0) return std::string(utf8);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

}  // namespace

std::string normalize_nfc(std::string_view utf8) { return normalize(utf8, UTF8PROC_COMPOSE); }

std::string normalize_nfkc(std::string_view utf8) {
  return normalize(utf8, static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
}

}  // namespace hrdex::indexer::extract
