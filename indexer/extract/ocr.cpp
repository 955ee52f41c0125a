#include "indexer/extract/ocr.hpp"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>

namespace hrdex::indexer::extract {
namespace fs = std::filesystem;

namespace {

// Debian's tesseract-ocr-* packages put their data here.
constexpr std::string_view kDebianTessdata = "/usr/share/tesseract-ocr/5/tessdata";

// Below this confidence (0-100) a "word" is mostly a speck or a stroke of a
// stamp read as letters.
constexpr float kMinConfidence = 20;

struct EngineDeleter {
  void operator()(tesseract::TessBaseAPI* api) const {
    api->End();
    delete api;
  }
};
using Engine = std::unique_ptr<tesseract::TessBaseAPI, EngineDeleter>;

// One engine per language set, made on first use and kept: loading a
// language model takes longer than reading a page.
core::Expected<tesseract::TessBaseAPI*> engine(const std::string& languages) {
  static std::map<std::string, Engine> engines;
  if (auto it = engines.find(languages); it != engines.end()) return it->second.get();
  Engine api(new tesseract::TessBaseAPI());
  // Tesseract's notes ("Estimating resolution as ...") would go to stderr.
  api->SetVariable("debug_file", "/dev/null");
  const std::string dir = tessdata_dir().string();
  if (api->Init(dir.c_str(), languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
    return core::make_error("", "Tesseract cannot load '" + languages + "' from " + dir);
  api->SetVariable("debug_file", "/dev/null");
  api->SetPageSegMode(tesseract::PSM_AUTO);
  return engines.emplace(languages, std::move(api)).first->second.get();
}

}  // namespace

std::string tesseract_language(std::string_view iso) {
  static constexpr std::pair<std::string_view, std::string_view> kCodes[] = {
      {"ar", "ara"}, {"ca", "cat"}, {"cs", "ces"}, {"da", "dan"}, {"de", "deu"}, {"el", "ell"}, {"en", "eng"},
      {"es", "spa"}, {"fa", "fas"}, {"fi", "fin"}, {"fr", "fra"}, {"he", "heb"}, {"hr", "hrv"}, {"hu", "hun"},
      {"id", "ind"}, {"it", "ita"}, {"ja", "jpn"}, {"ko", "kor"}, {"nl", "nld"}, {"no", "nor"}, {"pl", "pol"},
      {"pt", "por"}, {"ro", "ron"}, {"ru", "rus"}, {"sk", "slk"}, {"sl", "slv"}, {"sr", "srp"}, {"sv", "swe"},
      {"tr", "tur"}, {"uk", "ukr"}, {"zh", "chi_sim"},
  };
  for (const auto& [code, name] : kCodes)
    if (code == iso) return std::string(name);
  return {};
}

fs::path tessdata_dir() {
  const char* env = std::getenv("TESSDATA_PREFIX");
  return env && *env ? fs::path(env) : fs::path(kDebianTessdata);
}

bool ocr_data_installed(std::string_view language) {
  std::error_code ec;
  return !language.empty() && fs::is_regular_file(tessdata_dir() / (std::string(language) + ".traineddata"), ec);
}

std::string ocr_package(std::string_view language) {
  std::string name = "tesseract-ocr-" + std::string(language);
  for (char& c : name)
    if (c == '_') c = '-';
  return name;
}

core::Expected<std::vector<PdfWord>> recognise(const PageImage& image, const std::string& languages) {
  auto api = engine(languages);
  if (!api) return api.error();
  tesseract::TessBaseAPI& tess = **api;
  tess.SetImage(image.pixels, image.width, image.height, 1, image.stride);
  tess.SetSourceResolution(image.dpi);
  if (tess.Recognize(nullptr) != 0) {
    tess.Clear();
    return core::make_error("", "Tesseract could not read the page image");
  }
  // Tesseract's word boxes hug the glyphs ("by" is taller than "we"),
  // where poppler's span the font's ascent to descent: the layout reads a
  // change of height as a change of type size, a new paragraph. So every
  // word gets the height of its line, measured from the baseline, and
  // lines within a quarter of the page's usual height get the usual one;
  // a heading in larger type stays larger.
  struct Line {
    double baseline = 0, height = 0;
    std::vector<PdfWord> words;
  };
  std::vector<Line> lines;
  std::unique_ptr<tesseract::ResultIterator> it(tess.GetIterator());
  if (it) {
    do {
      if (it->Empty(tesseract::RIL_WORD)) continue;
      if (lines.empty() || it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
        Line line;
        int left = 0, top = 0, right = 0, bottom = 0, x1 = 0, y1 = 0, x2 = 0, y2 = 0;
        it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom);
        line.baseline = it->Baseline(tesseract::RIL_TEXTLINE, &x1, &y1, &x2, &y2) ? (y1 + y2) / 2.0 : bottom;
        line.height = std::max(1, bottom - top);
        lines.push_back(std::move(line));
      }
      std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!text || !*text.get() || it->Confidence(tesseract::RIL_WORD) < kMinConfidence) continue;
      int left = 0, top = 0, right = 0, bottom = 0;
      if (!it->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom)) continue;
      PdfWord w;
      w.text = text.get();
      w.x0 = left;
      w.x1 = right;
      // The next word of the same line follows after a space; the last
      // word of a line does not run into the next line's first.
      w.space_after = !it->IsAtFinalElement(tesseract::RIL_TEXTLINE, tesseract::RIL_WORD);
      lines.back().words.push_back(std::move(w));
    } while (it->Next(tesseract::RIL_WORD));
  }
  std::vector<double> heights;
  for (const Line& l : lines) heights.push_back(l.height);
  std::sort(heights.begin(), heights.end());
  const double usual = heights.empty() ? 0 : heights[heights.size() / 2];
  std::vector<PdfWord> words;
  const double points_per_pixel = 72.0 / image.dpi;
  for (Line& l : lines) {
    const double height = std::abs(l.height / usual - 1) < 0.25 ? usual : l.height;
    for (PdfWord& w : l.words) {
      w.x0 *= points_per_pixel;
      w.x1 *= points_per_pixel;
      w.y0 = (l.baseline - 0.78 * height) * points_per_pixel;
      w.y1 = (l.baseline + 0.22 * height) * points_per_pixel;
      words.push_back(std::move(w));
    }
  }
  tess.Clear();
  return words;
}

}  // namespace hrdex::indexer::extract
