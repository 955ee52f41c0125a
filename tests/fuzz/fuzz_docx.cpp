// Feeds arbitrary bytes to the docx extractor: it must return a value or an
// error, never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/extract/extract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto result = hrdex::indexer::extract::extract_docx(bytes);
  (void)result;
  return 0;
}
