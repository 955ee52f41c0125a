// PDF through poppler's core API (PDFDoc, TextOutputDev). poppler gives
// words in reading order with their boxes; everything else is rebuilt here
// from geometry, because UN documents carry no tagged structure: lines from
// words, page furniture from lines that repeat at the page edges, footnotes
// from small type at the page foot, paragraphs from vertical gaps and
// paragraph numbers, and paragraphs that cross a page break from the last
// block of the previous page.
//
// Not poppler-cpp: its page::text_list() makes a new TextOutputDev for every
// page and displays the page on a copy of the cross-reference table. A new
// device starts with an empty ICC colour-space cache, so every page paid
// again for lcms transforms (about a fifth of the run) and for the copy. One
// device per document, as pdftotext uses, keeps both.
#include <poppler/Error.h>
#include <poppler/GlobalParams.h>
#include <poppler/PDFDoc.h>
#include <poppler/Page.h>
#include <poppler/Stream.h>
#include <poppler/TextOutputDev.h>
#include <poppler/UTF.h>
#include <poppler/DateInfo.h>
#include <poppler/goo/GooString.h>
#include <poppler/goo/gmem.h>

#include <algorithm>
#include <ctime>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/pdf_layout.hpp"
#include "indexer/extract/unicode.hpp"

namespace hrdex::indexer::extract {
namespace {

// poppler reports damaged data through one process-wide callback. Each
// extraction points this at its own list, so messages land as warnings of
// the document being read instead of on stderr.
thread_local std::vector<std::string>* poppler_messages = nullptr;

// Worded as poppler-cpp worded them, so warnings read as they always have.
void collect_poppler_message(ErrorCategory, Goffset pos, const char* message) {
  if (!poppler_messages || poppler_messages->size() >= 1000) return;
  std::string text = pos >= 0 ? "error (" + std::to_string(pos) + "): " : std::string("error: ");
  text += message;
  poppler_messages->push_back(std::move(text));
}

// poppler's core reads its settings from one process-wide GlobalParams that
// must exist before the first document opens. hrdex-index forks its workers
// after startup, so this runs on first use, inside the worker.
void init_poppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!globalParams) globalParams = std::make_unique<GlobalParams>();
    setErrorCallback(collect_poppler_message);
  });
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

// poppler's own TextWord::getText() goes through a UnicodeMap lookup and a
// heap-allocated GooString per word; the code points are right there.
void append_utf8(Unicode c, std::string& out) {
  if (c == 0) return;  // undefined in PDFDocEncoding, never text
  core::append_utf8(out, static_cast<char32_t>(c));
}

// A document-information string: UTF-16 with a byte-order mark, or
// PDFDocEncoding without one.
std::string info_string(PDFDoc& pdf, const char* key) {
  std::unique_ptr<GooString> value = pdf.getDocInfoStringEntry(key);
  if (!value) return {};
  Unicode* code_points = nullptr;
  const int n = TextStringToUCS4(value->toStr(), &code_points);
  std::string out;
  out.reserve(static_cast<std::size_t>(std::max(n, 0)));
  for (int i = 0; i < n; ++i) append_utf8(code_points[i], out);
  gfree(code_points);
  return out;
}

std::time_t creation_time(PDFDoc& pdf) {
  std::unique_ptr<GooString> date = pdf.getDocInfoCreatDate();
  return date ? dateStringToTime(date.get()) : std::time_t(-1);
}

// The words of the page last displayed on `device`, into `words` (cleared
// first, so that its storage serves every page of the document).
void read_words(TextOutputDev& device, std::vector<PdfWord>& words) {
  words.clear();
  std::unique_ptr<TextWordList> list = device.makeWordList();
  if (!list) return;
  const int n = list->getLength();
  words.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const TextWord* w = list->get(i);
    PdfWord word;
    const int length = w->getLength();
    word.text.reserve(static_cast<std::size_t>(length));
    for (int j = 0; j < length; ++j) append_utf8(*w->getChar(j), word.text);
    if (word.text.empty()) continue;
    w->getBBox(&word.x0, &word.y0, &word.x1, &word.y1);
    word.rotation = w->getRotation();
    word.space_after = w->getSpaceAfter();
    words.push_back(std::move(word));
  }
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
  init_poppler();
  std::vector<std::string> messages;
  PopplerMessageScope scope(messages);

  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return core::make_error("", "PDF is too large for poppler to read");
  // The stream only borrows `bytes`; PDFDoc owns the stream.
  auto pdf = std::make_unique<PDFDoc>(
      new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull)));
  if (!pdf->isOk()) {
    if (pdf->getErrorCode() == errEncrypted) return core::make_error("", "encrypted PDF: needs a password");
    return core::make_error("", "not a readable PDF (damaged or truncated)");
  }
  if (pdf->isEncrypted() && !pdf->okToCopy())
    return core::make_error("", "encrypted PDF does not permit text extraction");

  ExtractedDocument doc;
  doc.format = Format::pdf;
  doc.meta.page_count = pdf->getNumPages();
  doc.meta.author = core::collapse_spaces(normalize_nfc(info_string(*pdf, "Author")));
  doc.meta.created = format_date(creation_time(*pdf));
  std::string info_title = core::collapse_spaces(normalize_nfc(info_string(*pdf, "Title")));

  // Settings as poppler-cpp's text_list() had them (reading order, not
  // physical layout), so the word boxes are the ones the layout rules were
  // tuned on.
  TextOutputDev device(nullptr, /*physLayoutA=*/false, /*fixedPitchA=*/0, /*rawOrderA=*/false, /*append=*/false);
  if (!device.isOk()) return core::make_error("", "poppler cannot make its text output device");

  std::vector<PdfPage> pages;
  pages.reserve(static_cast<std::size_t>(std::max(doc.meta.page_count, 0)));
  std::vector<PdfWord> words;
  bool any_text = false;
  for (int number = 1; number <= doc.meta.page_count; ++number) {
    const Page* page = pdf->getCatalog()->getPage(number);
    if (!page) {
      doc.warnings.push_back("page " + std::to_string(number) + ": cannot be read");
      continue;
    }
    const PDFRectangle* box = page->getCropBox();
    PdfPage p;
    p.number = number;
    p.width = box->x2 - box->x1;
    p.height = box->y2 - box->y1;
    pdf->displayPage(&device, number, 72, 72, /*rotate=*/0, /*useMediaBox=*/false, /*crop=*/false,
                     /*printing=*/false);
    read_words(device, words);
    p.lines = build_lines(words);
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

  doc.blocks = layout_blocks(pages, &doc.meta.running_headers);
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
