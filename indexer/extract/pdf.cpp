// PDF through poppler-cpp. poppler gives words in reading order with their
// boxes; everything else is rebuilt here from geometry, because UN documents
// carry no tagged structure: lines from words, page furniture from lines that
// repeat at the page edges, footnotes from small type at the page foot,
// paragraphs from vertical gaps and paragraph numbers, and paragraphs that
// cross a page break from the last block of the previous page.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/text.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/numbering.hpp"
#include "indexer/extract/pdf_layout.hpp"
#include "indexer/extract/unicode.hpp"

namespace hrdex::indexer::extract {
namespace {

// poppler reports damaged data through one process-wide callback. Each
// extraction points this at its own list, so messages land as warnings of
// the document being read instead of on stderr.
thread_local std::vector<std::string>* poppler_messages = nullptr;

void collect_poppler_message(const std::string& message, void*) {
  if (poppler_messages && poppler_messages->size() < 1000) poppler_messages->push_back(message);
}

void install_poppler_error_handler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(collect_poppler_message, nullptr); });
}

class PopplerMessageScope {
 public:
  explicit PopplerMessageScope(std::vector<std::string>& sink) : previous_(poppler_messages) { poppler_messages = &sink; }
  ~PopplerMessageScope() { poppler_messages = previous_; }
  PopplerMessageScope(const PopplerMessageScope&) = delete;
  PopplerMessageScope& operator=(const PopplerMessageScope&) = delete;

 private:
  std::vector<std::string>* previous_;
};

// poppler::ustring is UTF-16; its own to_utf8() goes through iconv, which
// costs more per word than the rest of the conversion put together.
void append_utf8(const poppler::ustring& text, std::string& out) {
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    char32_t c = text[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
}

std::string to_utf8(const poppler::ustring& text) {
  std::string out;
  out.reserve(text.size());
  append_utf8(text, out);
  return out;
}

std::vector<PdfWord> read_words(const poppler::page& page) {
  std::vector<PdfWord> words;
  std::vector<poppler::text_box> boxes = page.text_list();
  words.reserve(boxes.size());
  for (const auto& box : boxes) {
    PdfWord word;
    append_utf8(box.text(), word.text);
    if (word.text.empty()) continue;
    const poppler::rectf r = box.bbox();
    word.x0 = r.left();
    word.y0 = r.top();
    word.x1 = r.right();
    word.y1 = r.bottom();
    word.rotation = box.rotation();
    word.space_after = box.has_space_after();
    words.push_back(std::move(word));
  }
  return words;
}

// Word processors put the file name or "Microsoft Word - " into the title
// field; such a title names the file, not the document.
bool is_useful_title(std::string_view title) {
  if (title.empty()) return false;
  std::string lower = core::ascii_lower(title);
  if (lower.starts_with("microsoft word - ") || lower.starts_with("untitled")) return false;
  for (std::string_view ext : {".doc", ".docx", ".rtf", ".pdf", ".odt", ".indd"})
    if (lower.size() > ext.size() && lower.ends_with(ext)) return false;
  return true;
}

std::string format_date(std::time_t t) {
  if (t <= 0) return {};
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return {};
  char buf[16];
  if (std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm) == 0) return {};
  return buf;
}

std::string damaged_stream_warning(const std::vector<std::string>& messages) {
  std::string first = core::collapse_spaces(messages.front());
  if (first.size() > 160) first = first.substr(0, 157) + "...";
  return "damaged PDF data read past (" + std::to_string(messages.size()) +
         (messages.size() == 1 ? " error" : " errors") + " from poppler, first: " + first + ")";
}

}  // namespace

core::Expected<ExtractedDocument> extract_pdf(std::string_view bytes) {
  install_poppler_error_handler();
  std::vector<std::string> messages;
  PopplerMessageScope scope(messages);

  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return core::make_error("", "PDF is too large for poppler to read");
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!document) return core::make_error("", "not a readable PDF (damaged or truncated)");
  if (document->is_locked()) return core::make_error("", "encrypted PDF: needs a password");
  if (document->is_encrypted() && !document->has_permission(poppler::perm_copy))
    return core::make_error("", "encrypted PDF does not permit text extraction");

  ExtractedDocument doc;
  doc.format = Format::pdf;
  doc.meta.page_count = document->pages();
  doc.meta.author = core::collapse_spaces(normalize_nfc(to_utf8(document->get_author())));
  doc.meta.created = format_date(document->get_creation_date_t());
  std::string info_title = core::collapse_spaces(normalize_nfc(to_utf8(document->get_title())));

  std::vector<PdfPage> pages;
  pages.reserve(static_cast<std::size_t>(doc.meta.page_count));
  bool any_text = false;
  for (int i = 0; i < doc.meta.page_count; ++i) {
    const int number = i + 1;
    std::unique_ptr<poppler::page> page(document->create_page(i));
    if (!page) {
      doc.warnings.push_back("page " + std::to_string(number) + ": cannot be read");
      continue;
    }
    const poppler::rectf box = page->page_rect();
    PdfPage p;
    p.number = number;
    p.width = box.width();
    p.height = box.height();
    p.lines = build_lines(read_words(*page));
    if (p.lines.empty()) {
      doc.warnings.push_back("page " + std::to_string(number) + ": no text layer (scanned image?)");
      continue;
    }
    any_text = true;
    pages.push_back(std::move(p));
  }
  if (!any_text) {
    // poppler opens some broken files by rebuilding their cross-reference
    // table and then finds no page tree: to the user that is damage too.
    if (doc.meta.page_count == 0) return core::make_error("", "not a readable PDF (damaged or truncated)");
    return core::make_error("", "no text layer (scanned image?)");
  }

  doc.blocks = layout_blocks(pages);
  if (doc.blocks.empty()) return core::make_error("", "no text found besides running headers and page numbers");

  if (!messages.empty()) doc.warnings.push_back(damaged_stream_warning(messages));

  if (is_useful_title(info_title)) {
    doc.meta.title = info_title.substr(0, 300);
  } else {
    auto heading = std::find_if(doc.blocks.begin(), doc.blocks.end(),
                                [](const Block& b) { return b.kind == BlockKind::heading; });
    doc.meta.title = (heading != doc.blocks.end() ? heading->text : doc.blocks.front().text).substr(0, 200);
  }
  return doc;
}

}  // namespace hrdex::indexer::extract
