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
#include <poppler/SplashOutputDev.h>
#include <poppler/splash/SplashBitmap.h>
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
#include "indexer/extract/language.hpp"
#include "indexer/extract/ocr.hpp"
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

// Pages are rendered for OCR at this resolution: Tesseract reads body text
// best when a capital is some 30 pixels high, which 10-point type is at 300.
constexpr int kOcrDpi = 300;

// "page 2", "pages 1-3, 5": page numbers for a message.
std::string page_list(const std::vector<int>& pages) {
  std::string out = pages.size() == 1 ? "page " : "pages ";
  for (std::size_t i = 0; i < pages.size();) {
    std::size_t j = i;
    while (j + 1 < pages.size() && pages[j + 1] == pages[j] + 1) ++j;
    if (i > 0) out += ", ";
    out += std::to_string(pages[i]);
    if (j > i) out.append("-").append(std::to_string(pages[j]));
    i = j + 1;
  }
  return out;
}

// The text of pages already read, for guessing the language of the rest.
std::string page_text(const std::vector<PdfPage>& pages) {
  std::string text;
  for (const PdfPage& p : pages)
    for (const PdfLine& l : p.lines) {
      text += l.text;
      text += '\n';
      if (text.size() > 64 * 1024) return text;
    }
  return text;
}

std::string word_text(const std::vector<PdfWord>& words) {
  std::string text;
  for (const PdfWord& w : words) {
    text += w.text;
    text += ' ';
  }
  return text;
}

// Reads the pages without a text layer with Tesseract, in the document's
// language: the one the user gave, else the one the pages with text are
// in, else the one a first pass over the first scanned page finds, read
// with every UN language Tesseract has data for. A language without data
// is read with English, with a warning naming the package to install.
class ScannedPages {
 public:
  ScannedPages(PDFDoc& pdf, ExtractedDocument& doc) : pdf_(pdf), doc_(doc) {
    SplashColor white;
    white[0] = white[1] = white[2] = 255;
    splash_ = std::make_unique<SplashOutputDev>(splashModeMono8, 4, false, white);
    splash_->startDoc(&pdf_);
  }

  void read(const std::vector<int>& scanned, std::vector<PdfPage>& pages, const OcrOptions& options) {
    std::string iso = options.language;
    std::vector<PdfWord> first_pass;
    if (iso.empty()) iso = detect_language(page_text(pages));
    if (iso.empty()) {
      std::string all;
      for (std::string_view l : {"eng", "fra", "spa", "rus"})
        if (ocr_data_installed(l)) all += (all.empty() ? "" : "+") + std::string(l);
      if (all.empty()) return no_data(scanned);
      if (auto words = recognise_page(scanned.front(), all)) {
        first_pass = std::move(*words);
        iso = detect_language(word_text(first_pass));
      }
    }
    std::string language = tesseract_language(iso.empty() ? "en" : iso);
    if (!ocr_data_installed(language)) {
      const std::string wanted = language;
      language = ocr_data_installed("eng") ? "eng" : "";
      if (language.empty()) return no_data(scanned);
      doc_.warnings.push_back(
          "OCR: no Tesseract data for " + language_name(iso) + " ('" + iso + "'" +
          (wanted.empty() ? std::string(", which hrdex has no OCR model name for") : "; install " + ocr_package(wanted)) +
          "); " + page_list(scanned) + " read with English");
    }
    doc_.meta.ocr_language = language;
    std::vector<int> empty;
    for (int number : scanned) {
      auto words = recognise_page(number, language);
      if (!words) continue;
      PdfPage p;
      p.number = number;
      const Page* page = pdf_.getCatalog()->getPage(number);
      const PDFRectangle* box = page->getCropBox();
      p.width = box->x2 - box->x1;
      p.height = box->y2 - box->y1;
      p.lines = build_lines(*words);
      if (p.lines.empty()) {
        empty.push_back(number);
        continue;
      }
      pages.push_back(std::move(p));
      doc_.meta.ocr_pages.push_back(number);
    }
    if (!empty.empty())
      doc_.warnings.push_back(page_list(empty) + ": no text layer (scanned image?), and OCR found no text");
    std::sort(pages.begin(), pages.end(), [](const PdfPage& a, const PdfPage& b) { return a.number < b.number; });
  }

 private:
  core::Expected<std::vector<PdfWord>> recognise_page(int number, const std::string& language) {
    pdf_.displayPage(splash_.get(), number, kOcrDpi, kOcrDpi, /*rotate=*/0, /*useMediaBox=*/false, /*crop=*/false,
                     /*printing=*/false);
    SplashBitmap* bitmap = splash_->getBitmap();
    PageImage image{bitmap->getDataPtr(), bitmap->getWidth(), bitmap->getHeight(), bitmap->getRowSize(), kOcrDpi};
    auto words = recognise(image, language);
    if (!words) doc_.warnings.push_back("page " + std::to_string(number) + ": OCR failed: " + words.error().what);
    return words;
  }

  void no_data(const std::vector<int>& scanned) {
    doc_.warnings.push_back(page_list(scanned) +
                            ": no text layer (scanned image?), and no OCR data is installed (apt-get install "
                            "tesseract-ocr-eng, or tesseract-ocr-fra, -spa, -rus for other languages)");
  }

  PDFDoc& pdf_;
  ExtractedDocument& doc_;
  std::unique_ptr<SplashOutputDev> splash_;
};

}  // namespace

core::Expected<ExtractedDocument> extract_pdf(std::string_view bytes, const OcrOptions& ocr) {
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
  std::vector<int> scanned;  // pages without a text layer
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
      scanned.push_back(number);
      continue;
    }
    pages.push_back(std::move(p));
  }
  if (!scanned.empty() && ocr.enabled) {
    ScannedPages(*pdf, doc).read(scanned, pages, ocr);
  } else if (!scanned.empty()) {
    doc.warnings.push_back(page_list(scanned) + ": no text layer (scanned image?); OCR is off");
  }
  if (pages.empty()) {
    // poppler opens some broken files by rebuilding their cross-reference
    // table and then finds no page tree: to the user that is damage too.
    if (doc.meta.page_count == 0) return core::make_error("", "not a readable PDF (damaged or truncated)");
    // The last warning says why the scans stayed unread: OCR off, no
    // data, nothing found, Tesseract failing.
    constexpr std::string_view kNoText = "no text layer (scanned image?)";
    std::string why(kNoText);
    if (!doc.warnings.empty()) {
      const std::string& last = doc.warnings.back();
      const auto at = last.find(kNoText);
      why += at != std::string::npos ? last.substr(at + kNoText.size()) : "; " + last;
    }
    return core::make_error("", why);
  }

  doc.blocks = layout_blocks(pages, &doc.meta.running_headers);
  if (doc.blocks.empty()) return core::make_error("", "no text found besides running headers and page numbers");

  if (!messages.empty()) doc.warnings.push_back(damaged_stream_warning(messages));

  if (is_useful_title(info_title)) {
    doc.meta.title = info_title.substr(0, 300);
    doc.meta.title_from_properties = true;
  } else {
    doc.meta.title_guessed = true;
    auto heading = std::find_if(doc.blocks.begin(), doc.blocks.end(),
                                [](const Block& b) { return b.kind == BlockKind::heading; });
    doc.meta.title = (heading != doc.blocks.end() ? heading->text : doc.blocks.front().text).substr(0, 200);
  }
  return doc;
}

}  // namespace hrdex::indexer::extract
