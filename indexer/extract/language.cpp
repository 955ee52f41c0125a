#include "indexer/extract/language.hpp"

#include <algorithm>
#include <array>
#include <unordered_set>
#include <vector>

#include "core/text.hpp"

namespace hrdex::indexer::extract {
namespace {

// Every ISO 639-1 code, sorted, so that a declared two-letter code can be
// checked without a table of names.
constexpr std::array<std::string_view, 184> kIso6391{
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh", "bi", "bm", "bn",
    "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en",
    "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he",
    "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv",
    "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li",
    "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne",
    "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm",
    "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st",
    "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk",
    "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu"};

struct LanguageName {
  std::string_view code;
  std::string_view names;  // ISO 639-2 codes and names, lower case, separated by '|'
};

// Languages of UN and NGO documents, by their three-letter codes and their
// English and native names, as metadata writers spell them.
constexpr std::array<LanguageName, 32> kNames{{
    {"ar", "ara|arabic|العربية|عربي"},
    {"bg", "bul|bulgarian|български"},
    {"cs", "ces|cze|czech|čeština|cestina"},
    {"da", "dan|danish|dansk"},
    {"de", "deu|ger|german|deutsch"},
    {"el", "ell|gre|greek|ελληνικά"},
    {"en", "eng|english"},
    {"es", "spa|spanish|español|espanol|castellano|castilian"},
    {"fa", "fas|per|persian|farsi|فارسی"},
    {"fi", "fin|finnish|suomi"},
    {"fr", "fra|fre|french|français|francais"},
    {"he", "heb|hebrew|עברית"},
    {"hi", "hin|hindi|हिन्दी"},
    {"hr", "hrv|croatian|hrvatski"},
    {"hu", "hun|hungarian|magyar"},
    {"id", "ind|indonesian|bahasa indonesia"},
    {"it", "ita|italian|italiano"},
    {"ja", "jpn|japanese|日本語"},
    {"ko", "kor|korean|한국어"},
    {"nl", "nld|dut|dutch|nederlands|flemish"},
    {"no", "nor|norwegian|norsk"},
    {"pl", "pol|polish|polski"},
    {"pt", "por|portuguese|português|portugues"},
    {"ro", "ron|rum|romanian|română|romana"},
    {"ru", "rus|russian|русский|Русский"},
    {"sl", "slv|slovenian|slovene|slovenščina|slovenscina"},
    {"sr", "srp|serbian|српски|srpski"},
    {"sv", "swe|swedish|svenska"},
    {"sw", "swa|swahili|kiswahili"},
    {"tr", "tur|turkish|türkçe|turkce"},
    {"uk", "ukr|ukrainian|українська"},
    {"zh", "zho|chi|chinese|中文|汉语|漢語|mandarin"},
}};

bool is_valid_iso6391(std::string_view code) { return std::binary_search(kIso6391.begin(), kIso6391.end(), code); }

// ----- detection -----

enum Script { kLatin, kCyrillic, kGreek, kArabic, kHebrew, kHan, kKana, kHangul, kDevanagari, kThai, kArmenian,
              kGeorgian, kScriptCount };

int script_of(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return kLatin;
  if (cp < 0xC0) return -1;
  if (cp <= 0x24F) return cp == 0xD7 || cp == 0xF7 ? -1 : kLatin;
  if (cp >= 0x370 && cp <= 0x3FF) return kGreek;
  if (cp >= 0x400 && cp <= 0x52F) return kCyrillic;
  if (cp >= 0x530 && cp <= 0x58F) return kArmenian;
  if (cp >= 0x590 && cp <= 0x5FF) return kHebrew;
  if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
      (cp >= 0xFE70 && cp <= 0xFEFC))
    return kArabic;
  if (cp >= 0x900 && cp <= 0x97F) return kDevanagari;
  if (cp >= 0xE00 && cp <= 0xE7F) return kThai;
  if (cp >= 0x10A0 && cp <= 0x10FF) return kGeorgian;
  if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7AF)) return kHangul;
  if (cp >= 0x1E00 && cp <= 0x1EFF) return kLatin;
  if (cp >= 0x3040 && cp <= 0x30FF) return kKana;
  if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF)) return kHan;
  return -1;
}

// Decodes one code point, treating an ill-formed byte as U+FFFD so that any
// input is safe.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i++]);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
  if (extra < 0) return 0xFFFD;
  char32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

char32_t lower_latin(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  return cp;
}

struct StopWords {
  std::string_view code;
  std::unordered_set<std::string_view> words;
};

// Frequent function words. Words shared by several of these languages ("de",
// "a", "in") are left out, so a hit is evidence for few languages; shared
// ones that remain ("la", "que") count for each language that has them.
const std::vector<StopWords>& stop_words() {
  static const std::vector<StopWords> kLists{
      {"en", {"the", "of", "and", "to", "is", "that", "for", "on", "with", "as", "by", "are", "be", "this", "was", "it",
              "from", "which", "or", "have", "has", "not", "its", "at", "an", "were", "been", "their", "should",
              "shall", "would", "also", "these", "those", "other", "such", "they", "will", "all", "any"}},
      {"fr", {"le", "la", "les", "des", "du", "et", "est", "une", "un", "dans", "que", "qui", "pour", "par", "sur",
              "au", "aux", "avec", "ne", "pas", "ce", "cette", "ces", "ses", "son", "sont", "été", "leur", "leurs",
              "il", "elle", "ou", "plus", "comme", "être", "entre", "l", "d", "qu", "en", "dont", "selon", "afin"}},
      {"es", {"el", "la", "los", "las", "del", "y", "es", "una", "un", "en", "que", "por", "para", "con", "se", "su",
              "sus", "al", "como", "no", "más", "lo", "este", "esta", "estos", "entre", "sobre", "ha", "han", "fue",
              "ser", "son", "también", "o", "le", "les", "cuando", "donde", "dicho"}},
      {"pt", {"o", "os", "as", "do", "da", "dos", "das", "e", "é", "um", "uma", "em", "no", "na", "nos", "nas", "que",
              "por", "para", "com", "se", "seu", "sua", "seus", "suas", "não", "ao", "aos", "pela", "pelo", "pelos",
              "pelas", "mais", "como", "são", "foi", "também", "ou", "à", "às"}},
      {"de", {"der", "die", "das", "und", "ist", "ein", "eine", "einer", "eines", "zu", "den", "dem", "des", "von",
              "mit", "sich", "nicht", "auf", "für", "im", "auch", "es", "an", "werden", "wird", "bei", "sind", "nach",
              "oder", "aus", "durch", "wurde", "über", "sie", "er", "zur", "zum", "dass"}},
      {"it", {"il", "la", "di", "e", "che", "è", "un", "una", "per", "con", "non", "del", "della", "dei", "delle",
              "degli", "gli", "le", "nel", "nella", "sono", "al", "alla", "anche", "più", "come", "da", "dal", "questo",
              "questa", "essere", "ha", "l", "dell", "all", "nell"}},
      {"nl", {"het", "een", "en", "van", "is", "dat", "op", "te", "voor", "met", "zijn", "niet", "door", "aan", "bij",
              "ook", "als", "worden", "wordt", "deze", "die", "er", "om", "naar", "of", "hun", "werd"}},
  };
  return kLists;
}

std::string latin_by_stop_words(std::string_view text) {
  const auto& lists = stop_words();
  std::vector<std::size_t> hits(lists.size(), 0);
  std::size_t tokens = 0;
  std::string word;
  auto finish_word = [&] {
    if (word.empty()) return;
    ++tokens;
    for (std::size_t l = 0; l < lists.size(); ++l)
      if (lists[l].words.count(word)) ++hits[l];
    word.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    if (script_of(cp) == kLatin)
      core::append_utf8(word, lower_latin(cp));
    else
      finish_word();
  }
  finish_word();

  std::size_t best = 0, second = 0, best_index = 0;
  for (std::size_t l = 0; l < hits.size(); ++l) {
    if (hits[l] > best) {
      second = best;
      best = hits[l];
      best_index = l;
    } else if (hits[l] > second) {
      second = hits[l];
    }
  }
  // Real prose in these languages is a third function words or more; a text
  // below a tenth is in some other Latin-script language, or is not prose.
  if (best < 2 || best == second) return {};
  if (tokens >= 20 && best * 10 < tokens) return {};
  return std::string(lists[best_index].code);
}

// Sample of a document's text for detection: spread over the whole document
// rather than its first pages, which are often a cover in another language.
std::string sample_text(const ExtractedDocument& doc) {
  constexpr std::size_t kBudget = 128 * 1024;
  std::size_t total = 0;
  for (const Block& b : doc.blocks) total += b.text.size() + 1;
  std::size_t step = total > kBudget ? (total + kBudget - 1) / kBudget : 1;
  std::string sample;
  for (std::size_t i = 0; i < doc.blocks.size(); i += step) {
    sample += doc.blocks[i].text;
    sample += '\n';
  }
  return sample;
}

}  // namespace

std::string normalise_language_code(std::string_view declared) {
  std::string d = core::ascii_lower(core::trim(declared));
  if (d.empty()) return {};
  // "en-US", "pt_BR", "zh-Hans-CN": the primary subtag carries the language.
  std::string primary = d.substr(0, d.find_first_of("-_"));
  if (primary == "iw") return "he";  // withdrawn codes still found in old metadata
  if (primary == "in") return "id";
  if (primary == "ji") return "yi";
  if (primary.size() == 2 && is_valid_iso6391(primary)) return primary;
  for (const auto& [code, names] : kNames)
    for (const std::string& name : core::split(names, '|'))
      if (name == primary || name == d) return std::string(code);
  return {};
}

std::string language_name(std::string_view iso639_1) {
  for (const auto& [code, names] : kNames) {
    if (code != iso639_1) continue;
    // "fra|fre|french|...": the first entry longer than an ISO 639-2 code
    // is the English name.
    std::string name;
    for (const std::string& part : core::split(names, '|'))
      if (part.size() > 3) {
        name = part;
        break;
      }
    if (name.empty()) break;
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
    return name;
  }
  return std::string(iso639_1);
}

std::string detect_language(std::string_view utf8) {
  std::array<std::size_t, kScriptCount> letters{};
  std::size_t ukrainian = 0, serbian = 0, persian = 0, urdu = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = next_code_point(utf8, i);
    int script = script_of(cp);
    if (script < 0) continue;
    ++letters[static_cast<std::size_t>(script)];
    if (cp == 0x457 || cp == 0x454 || cp == 0x491 || cp == 0x407 || cp == 0x404 || cp == 0x490) ++ukrainian;
    if (cp == 0x452 || cp == 0x45B || cp == 0x45F || cp == 0x402 || cp == 0x40B || cp == 0x40F) ++serbian;
    if (cp == 0x67E || cp == 0x686 || cp == 0x698 || cp == 0x6AF || cp == 0x6CC || cp == 0x6A9) ++persian;
    if (cp == 0x6D2 || cp == 0x679 || cp == 0x688 || cp == 0x691 || cp == 0x6BA) ++urdu;
  }
  // One Han, kana or Hangul character stands for about as much text as a
  // whole Latin word, so those scripts weigh more per character.
  std::array<std::size_t, kScriptCount> weight{};
  for (std::size_t s = 0; s < kScriptCount; ++s) {
    std::size_t w = s == kHan || s == kKana || s == kHangul ? 4 : 1;
    weight[s] = letters[s] * w;
  }
  std::size_t dominant = static_cast<std::size_t>(std::max_element(weight.begin(), weight.end()) - weight.begin());
  if (weight[dominant] == 0) return {};
  switch (dominant) {
    case kLatin: return latin_by_stop_words(utf8);
    case kCyrillic:
      if (ukrainian * 200 >= letters[kCyrillic]) return "uk";
      if (serbian * 200 >= letters[kCyrillic]) return "sr";
      return "ru";
    case kArabic:
      if (urdu * 100 >= letters[kArabic]) return "ur";
      if (persian * 50 >= letters[kArabic]) return "fa";
      return "ar";
    case kHan:
    case kKana: return letters[kKana] * 10 >= letters[kHan] + letters[kKana] ? "ja" : "zh";
    case kHangul: return "ko";
    case kGreek: return "el";
    case kHebrew: return "he";
    case kDevanagari: return "hi";
    case kThai: return "th";
    case kArmenian: return "hy";
    case kGeorgian: return "ka";
    default: return {};
  }
}

void settle_language(ExtractedDocument& doc) {
  std::string declared = doc.meta.language;
  std::string code = normalise_language_code(declared);
  if (!code.empty()) {
    doc.meta.language = code;
    return;
  }
  std::string detected = detect_language(sample_text(doc));
  std::string lower = core::ascii_lower(core::trim(declared));
  bool says_nothing = lower.empty() || lower == "und" || lower == "mul" || lower == "zxx" || lower == "x-default";
  if (!says_nothing)
    doc.warnings.push_back("declared language '" + core::repair_utf8(declared.substr(0, 40)) + "' not recognised; " +
                           (detected.empty() ? "language left unknown" : "detected '" + detected + "'"));
  doc.meta.language = detected;
}

}  // namespace hrdex::indexer::extract
