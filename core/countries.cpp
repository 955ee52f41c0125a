#include "core/countries.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace hrdex::core {
namespace {

// Names UN documents use that ISO 3166 and its translations spell otherwise,
// sorted by language, then name. ISO's "Name, Qualifier" forms are turned
// into "Qualifier Name" and "Name (Qualifier)" by load() and need no entry;
// keys are normalised on loading, so accents may be written.
constexpr std::pair<std::string_view, std::string_view> kVariants[] = {
    // English
    {"bolivarian republic of venezuela", "VEN"},
    {"bolivia", "BOL"},
    {"bolivia (plurinational state of)", "BOL"},
    {"brunei", "BRN"},
    {"cape verde", "CPV"},
    {"congo (republic of the)", "COG"},
    {"cote d'ivoire", "CIV"},
    {"czechia", "CZE"},
    {"democratic people's republic of korea", "PRK"},
    {"democratic republic of congo", "COD"},
    {"democratic republic of the congo", "COD"},
    {"dpr korea", "PRK"},
    {"federated states of micronesia", "FSM"},
    {"former yugoslav republic of macedonia", "MKD"},
    {"great britain", "GBR"},
    {"holy see", "VAT"},
    {"iran", "IRN"},
    {"iran (islamic republic of)", "IRN"},
    {"islamic republic of iran", "IRN"},
    {"ivory coast", "CIV"},
    {"kingdom of the netherlands", "NLD"},
    {"lao people's democratic republic", "LAO"},
    {"laos", "LAO"},
    {"libyan arab jamahiriya", "LBY"},
    {"macedonia", "MKD"},
    {"micronesia (federated states of)", "FSM"},
    {"moldova", "MDA"},
    {"netherlands (kingdom of the)", "NLD"},
    {"north korea", "PRK"},
    {"palestine", "PSE"},
    {"plurinational state of bolivia", "BOL"},
    {"republic of congo", "COG"},
    {"republic of korea", "KOR"},
    {"republic of moldova", "MDA"},
    {"republic of the congo", "COG"},
    {"russia", "RUS"},
    {"south korea", "KOR"},
    {"state of palestine", "PSE"},
    {"swaziland", "SWZ"},
    {"syria", "SYR"},
    {"tanzania", "TZA"},
    {"trinidad & tobago", "TTO"},
    {"turkey", "TUR"},
    {"türkiye", "TUR"},
    {"united kingdom", "GBR"},
    {"united kingdom of great britain and northern ireland", "GBR"},
    {"united republic of tanzania", "TZA"},
    {"united states", "USA"},
    {"united states of america", "USA"},
    {"venezuela", "VEN"},
    {"venezuela (bolivarian republic of)", "VEN"},
    {"viet nam", "VNM"},
    {"vietnam", "VNM"},
    // French
    {"ex-république yougoslave de macédoine", "MKD"},
    {"pays-bas (royaume des)", "NLD"},
    {"république de moldova", "MDA"},
    {"république tchèque", "CZE"},
    {"république-unie de tanzanie", "TZA"},
    {"royaume des pays-bas", "NLD"},
    {"saint-siège", "VAT"},
    {"état plurinational de bolivie", "BOL"},
    // Spanish
    {"arabia saudita", "SAU"},
    {"federación de rusia", "RUS"},
    {"irán (república islámica del)", "IRN"},
    {"países bajos (reino de los)", "NLD"},
    {"reino de los países bajos", "NLD"},
    {"república checa", "CZE"},
    {"república de moldova", "MDA"},
    {"república democrática popular lao", "LAO"},
    {"república árabe siria", "SYR"},
    {"santa sede", "VAT"},
    // Russian
    {"государство палестина", "PSE"},
    {"иран (исламская республика)", "IRN"},
    {"корейская народно-демократическая республика", "PRK"},
    {"микронезия (федеративные штаты)", "FSM"},
    {"многонациональное государство боливия", "BOL"},
    {"нидерланды (королевство)", "NLD"},
    {"объединенная республика танзания", "TZA"},
    {"святейший престол", "VAT"},
    {"турция", "TUR"},
    {"чешская республика", "CZE"},
    // Arabic
    {"الولايات المتحدة الأمريكية", "USA"},
    {"المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية", "GBR"},
    {"جمهورية إيران الإسلامية", "IRN"},
    {"دولة بوليفيا المتعددة القوميات", "BOL"},
    {"دولة فلسطين", "PSE"},
    {"ليتوانيا", "LTU"},
    // iso-codes' Arabic catalogue gives Moldova the name of Maldives.
    {"المالديف", "MDV"},
    {"ملديف", "MDV"},
    // Chinese
    {"俄罗斯联邦", "RUS"},
    {"坦桑尼亚联合共和国", "TZA"},
    {"多民族玻利维亚国", "BOL"},
    {"委内瑞拉玻利瓦尔共和国", "VEN"},
    {"巴勒斯坦国", "PSE"},
    {"教廷", "VAT"},
    {"荷兰王国", "NLD"},
};

// Abbreviations documents print for States, as normalise_country_name keys.
constexpr std::pair<std::string_view, std::string_view> kAbbreviations[] = {
    {"bih", "BIH"},   {"dprk", "PRK"},   {"drc", "COD"},  {"ee. uu", "USA"}, {"ee.uu", "USA"},
    {"eau", "ARE"},   {"fyrom", "MKD"},  {"ksa", "SAU"},  {"lao pdr", "LAO"}, {"prc", "CHN"},
    {"rdc", "COD"},   {"rok", "KOR"},    {"rpdc", "PRK"}, {"u.k", "GBR"},    {"u.s", "USA"},
    {"u.s.a", "USA"}, {"uae", "ARE"},    {"uk", "GBR"},   {"us", "USA"},     {"usa", "USA"},
    {"дрк", "COD"},   {"кндр", "PRK"},   {"оаэ", "ARE"},  {"сша", "USA"},
};

// A gettext catalogue (.mo): its msgid -> msgstr pairs, or none when the
// file is missing or not a catalogue. The format: a magic number that also
// gives the byte order, the count, and two tables of (length, offset).
std::vector<std::pair<std::string, std::string>> read_catalogue(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::pair<std::string, std::string>> out;
  if (bytes.size() < 20) return out;
  auto word = [&](std::size_t at, bool swap) -> std::optional<std::uint32_t> {
    if (at + 4 > bytes.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const auto b = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]));
      v |= swap ? b << (8 * (3 - i)) : b << (8 * i);
    }
    return v;
  };
  bool swap = false;
  if (word(0, false) != 0x950412deu) {
    swap = true;
    if (word(0, true) != 0x950412deu) return out;
  }
  const auto count = word(8, swap), originals = word(12, swap), translations = word(16, swap);
  if (!count || !originals || !translations || *count > 100000) return out;
  auto string_at = [&](std::uint32_t table, std::uint32_t i) -> std::optional<std::string> {
    const auto length = word(table + 8 * i, swap), offset = word(table + 8 * i + 4, swap);
    if (!length || !offset || std::size_t{*offset} + *length > bytes.size()) return std::nullopt;
    return bytes.substr(*offset, *length);
  };
  for (std::uint32_t i = 0; i < *count; ++i) {
    auto id = string_at(*originals, i), str = string_at(*translations, i);
    if (id && str && !id->empty() && !str->empty()) out.emplace_back(std::move(*id), std::move(*str));
  }
  return out;
}

// The forms of an ISO name as UN documents word it. ISO writes "Korea,
// Republic of" (French "Corée, République de"; Arabic with "، "); documents
// say "Republic of Korea" or "Iran (Islamic Republic of)". Where the part
// after the comma is the whole name ("الكونغو، جمهورية الكونغو
// الديموقراطية"), it stands alone too.
std::vector<std::string> name_forms(const std::string& name) {
  std::vector<std::string> forms{name};
  for (std::string_view comma : {std::string_view(", "), std::string_view("\xD8\x8C ")}) {
    auto at = name.find(comma);
    if (at == std::string::npos) continue;
    const std::string head = name.substr(0, at), tail = name.substr(at + comma.size());
    forms.push_back(tail + " " + head);
    forms.push_back(head + " (" + tail + ")");
    if (normalise_country_name(tail).find(normalise_country_name(head)) != std::string::npos) forms.push_back(tail);
  }
  return forms;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

std::string normalise_country_name(std::string_view name) {
  std::string s;
  s.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    // (fold() below straightens curly apostrophes.) U+2217 (asterisk operator) marks the title's footnote in some reports
    // ("Bahrain \u2217"); it goes like '*'.
    if (name.compare(i, 3, "\xE2\x88\x97") == 0) {
      s.push_back('*');
      i += 2;
      continue;
    }
    // Hyphens are spaces: "République-Unie" and "République unie" are
    // one name, and so are "Royaume-Uni" and "Royaume Uni".
    if (name.compare(i, 3, "\xE2\x80\x90") == 0 || name.compare(i, 3, "\xE2\x80\x91") == 0) {
      s.push_back(' ');
      i += 2;
      continue;
    }
    if (name[i] == '\n' || name[i] == '\t' || name[i] == '-') {
      s.push_back(' ');
      continue;
    }
    s.push_back(name[i]);
  }
  s = collapse_spaces(fold(s));
  while (!s.empty() && (s.back() == '.' || s.back() == '*' || s.back() == ' ')) s.pop_back();
  for (std::string_view article : {"the ", "la ", "le ", "les ", "l'", "el ", "los ", "las "})
    if (s.rfind(article, 0) == 0 && s.size() > article.size()) {
      s.erase(0, article.size());
      break;
    }
  return s;
}

Expected<CountryTable> CountryTable::load(const std::filesystem::path& iso_json, const std::filesystem::path& locale_dir) {
  std::ifstream in(iso_json, std::ios::binary);
  if (!in)
    return make_error(iso_json.string(),
                      "cannot read the ISO 3166 country list; install Debian's iso-codes package "
                      "(apt-get install iso-codes) or point HRDEX_ISO_CODES at iso_3166-1.json");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.contains("3166-1") || !j["3166-1"].is_array())
    return make_error(iso_json.string(), "not an iso-codes iso_3166-1.json file (no \"3166-1\" array)");
  CountryTable table;
  std::map<std::string, std::string> english;  // every English name in the list -> alpha-3, for the catalogues
  auto add = [&](const std::string& name, const std::string& iso3) {
    if (name.empty()) return;
    english.emplace(name, iso3);
    for (const std::string& form : name_forms(name)) table.by_name_.emplace(normalise_country_name(form), iso3);
  };
  for (const auto& c : j["3166-1"]) {
    if (!c.is_object() || !c.contains("alpha_3") || !c.contains("name")) continue;
    const std::string iso3 = c["alpha_3"].get<std::string>();
    const std::string name = c["name"].get<std::string>();
    table.names_[iso3] = name;
    add(name, iso3);
    for (const char* key : {"official_name", "common_name"})
      if (c.contains(key) && c[key].is_string()) add(c[key].get<std::string>(), iso3);
  }
  if (table.names_.empty()) return make_error(iso_json.string(), "the ISO 3166 country list is empty");
  for (const auto& [name, iso3] : kVariants) table.by_name_[normalise_country_name(name)] = std::string(iso3);

  // Translations come after the English names and UN variants, which win
  // where a translated name is the same; a translated name two States claim
  // (a catalogue's slip: one gives Moldova the Arabic name of Maldives) is
  // left out rather than guessed.
  if (!locale_dir.empty()) {
    std::map<std::string, std::string> translated;
    std::set<std::string> ambiguous;
    for (std::string_view locale : kUnLocales) {
      for (const auto& [id, str] :
           read_catalogue(locale_dir / std::string(locale) / "LC_MESSAGES" / "iso_3166-1.mo")) {
        auto it = english.find(id);
        if (it == english.end()) continue;
        for (const std::string& form : name_forms(str)) {
          const std::string key = normalise_country_name(form);
          if (key.empty() || table.by_name_.count(key)) continue;
          auto [at, fresh] = translated.emplace(key, it->second);
          if (!fresh && at->second != it->second) ambiguous.insert(key);
        }
      }
    }
    for (const auto& [key, iso3] : translated)
      if (!ambiguous.count(key)) {
        table.by_name_.emplace(key, iso3);
        ++table.translated_;
      }
  }
  return table;
}

Expected<const CountryTable*> CountryTable::shared() {
  static std::once_flag once;
  static std::optional<Expected<CountryTable>> loaded;
  std::call_once(once, [] {
    const char* env = std::getenv("HRDEX_ISO_CODES");
    const char* locale = std::getenv("HRDEX_ISO_CODES_LOCALE");
    loaded.emplace(load(env && *env ? std::filesystem::path(env) : std::filesystem::path(kIsoCodesPath),
                        locale ? std::filesystem::path(locale) : std::filesystem::path(kIsoCodesLocalePath)));
  });
  if (!loaded->ok()) return loaded->error();
  return &loaded->value();
}

std::optional<Country> CountryTable::by_iso3(std::string_view iso3) const {
  auto it = names_.find(upper(iso3));
  if (it == names_.end()) return std::nullopt;
  return Country{it->first, it->second};
}

std::optional<Country> CountryTable::by_abbreviation(std::string_view abbreviation) const {
  const std::string key = normalise_country_name(abbreviation);
  for (const auto& [abbr, iso3] : kAbbreviations)
    if (abbr == key) return by_iso3(iso3);
  return std::nullopt;
}

std::optional<Country> CountryTable::find(std::string_view name_or_code) const {
  std::string key = normalise_country_name(name_or_code);
  if (key.size() == 3)
    if (auto c = by_iso3(key)) return c;
  auto it = by_name_.find(key);
  if (it == by_name_.end()) return by_abbreviation(name_or_code);
  return by_iso3(it->second);
}

std::vector<Country> CountryTable::closest(std::string_view name, std::size_t n) const {
  const std::string key = normalise_country_name(name);
  std::map<std::string, std::size_t> best;  // alpha-3 -> its closest name's distance
  for (const auto& [known, iso3] : by_name_) {
    const std::size_t d = edit_distance(key, known);
    auto [it, added] = best.emplace(iso3, d);
    if (!added) it->second = std::min(it->second, d);
  }
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& [iso3, d] : best) ranked.emplace_back(d, iso3);
  std::sort(ranked.begin(), ranked.end());
  std::vector<Country> out;
  for (std::size_t i = 0; i < ranked.size() && out.size() < n; ++i)
    if (auto c = by_iso3(ranked[i].second)) out.push_back(*c);
  return out;
}

}  // namespace hrdex::core
