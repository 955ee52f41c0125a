// Feeds arbitrary bytes to the HTML extractor, and the same bytes to the
// plain-text and Markdown extractor and to language detection, which share
// its decoding: each must return a value or an error, never crash, hang or
// leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/extract/extract.hpp"
#include "indexer/extract/language.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace extract = hrdex::indexer::extract;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto html = extract::extract_html(bytes);
  if (html.ok()) extract::settle_language(html.value());
  // The first byte picks the text flavour, so one input reaches both.
  auto format = size > 0 && (data[0] & 1) ? extract::Format::markdown : extract::Format::text;
  auto text = extract::extract_text(bytes, format);
  if (text.ok()) extract::settle_language(text.value());
  return 0;
}
