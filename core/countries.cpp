#include "core/countries.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace hrdex::core {
namespace {

// Names UN documents use that ISO 3166 spells otherwise, normalised, sorted.
// ISO's "Name, Qualifier" forms are inverted by load() and need no entry.
constexpr std::pair<std::string_view, std::string_view> kVariants[] = {
    {"bolivarian republic of venezuela", "VEN"},
    {"bolivia", "BOL"},
    {"bolivia (plurinational state of)", "BOL"},
    {"brunei", "BRN"},
    {"cape verde", "CPV"},
    {"congo (republic of the)", "COG"},
    {"cote d'ivoire", "CIV"},
    {"czechia", "CZE"},
    {"côte d'ivoire", "CIV"},
    {"democratic people's republic of korea", "PRK"},
    {"democratic republic of congo", "COD"},
    {"democratic republic of the congo", "COD"},
    {"dpr korea", "PRK"},
    {"dprk", "PRK"},
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
};

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
    // U+2019 and U+2018 (quotation marks used as apostrophes) become '.
    if (name.compare(i, 3, "\xE2\x80\x99") == 0 || name.compare(i, 3, "\xE2\x80\x98") == 0) {
      s.push_back('\'');
      i += 2;
      continue;
    }
    // U+2217 (asterisk operator) marks the title's footnote in some reports
    // ("Bahrain \u2217"); it goes like '*'.
    if (name.compare(i, 3, "\xE2\x88\x97") == 0) {
      s.push_back('*');
      i += 2;
      continue;
    }
    if (name[i] == '\n' || name[i] == '\t') {
      s.push_back(' ');
      continue;
    }
    s.push_back(name[i]);
  }
  s = ascii_lower(collapse_spaces(s));
  while (!s.empty() && (s.back() == '.' || s.back() == '*' || s.back() == ' ')) s.pop_back();
  if (s.rfind("the ", 0) == 0) s.erase(0, 4);
  return s;
}

Expected<CountryTable> CountryTable::load(const std::filesystem::path& iso_json) {
  std::ifstream in(iso_json, std::ios::binary);
  if (!in)
    return make_error(iso_json.string(),
                      "cannot read the ISO 3166 country list; install Debian's iso-codes package "
                      "(apt-get install iso-codes) or point HRDEX_ISO_CODES at iso_3166-1.json");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.contains("3166-1") || !j["3166-1"].is_array())
    return make_error(iso_json.string(), "not an iso-codes iso_3166-1.json file (no \"3166-1\" array)");
  CountryTable table;
  auto add = [&](const std::string& name, const std::string& iso3) {
    if (name.empty()) return;
    table.by_name_.emplace(normalise_country_name(name), iso3);
    // ISO writes "Korea, Republic of"; UN documents say "Republic of Korea".
    if (auto comma = name.find(", "); comma != std::string::npos)
      table.by_name_.emplace(normalise_country_name(name.substr(comma + 2) + " " + name.substr(0, comma)), iso3);
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
  for (const auto& [name, iso3] : kVariants) table.by_name_[std::string(name)] = std::string(iso3);
  return table;
}

Expected<const CountryTable*> CountryTable::shared() {
  static std::once_flag once;
  static std::optional<Expected<CountryTable>> loaded;
  std::call_once(once, [] {
    const char* env = std::getenv("HRDEX_ISO_CODES");
    loaded.emplace(load(env && *env ? std::filesystem::path(env) : std::filesystem::path(kIsoCodesPath)));
  });
  if (!loaded->ok()) return loaded->error();
  return &loaded->value();
}

std::optional<Country> CountryTable::by_iso3(std::string_view iso3) const {
  auto it = names_.find(upper(iso3));
  if (it == names_.end()) return std::nullopt;
  return Country{it->first, it->second};
}

std::optional<Country> CountryTable::find(std::string_view name_or_code) const {
  std::string key = normalise_country_name(name_or_code);
  if (key.size() == 3)
    if (auto c = by_iso3(key)) return c;
  auto it = by_name_.find(key);
  if (it == by_name_.end()) return std::nullopt;
  return by_iso3(it->second);
}

}  // namespace hrdex::core
