// Names of States as UN documents print them, in any of the six UN
// languages, resolved to ISO 3166 alpha-3. The ISO names come from Debian's
// iso-codes package, read at run time so a new release of the package needs
// no rebuild: the English names from its JSON, their French, Spanish,
// Russian, Arabic and Chinese translations from its gettext catalogues
// (iso_3166-1.mo). The variants UN documents use ("Iran (Islamic Republic
// of)", "Viet Nam", "République de Moldova") and the abbreviations they put
// in parentheses ("UK", "DRC") are sorted tables in countries.cpp. Shared by
// the indexer (States under review, recommending States) and the query side
// (state: and by: filters).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace hrdex::core {

// Where iso-codes puts its JSON; HRDEX_ISO_CODES overrides it.
inline constexpr std::string_view kIsoCodesPath = "/usr/share/iso-codes/json/iso_3166-1.json";
// Where iso-codes puts its translations (<dir>/<locale>/LC_MESSAGES/
// iso_3166-1.mo); HRDEX_ISO_CODES_LOCALE overrides it.
inline constexpr std::string_view kIsoCodesLocalePath = "/usr/share/locale";
// The locales read: the UN languages other than English.
inline constexpr std::string_view kUnLocales[] = {"fr", "es", "ru", "ar", "zh_CN"};

struct Country {
  std::string iso3;  // upper case
  std::string name;  // ISO 3166 short name
};

class CountryTable {
 public:
  // Reads an iso_3166-1.json, and the translations of its names under
  // `locale_dir` (none when empty; a locale without a catalogue is left
  // out). An error names the file and the package to install.
  static Expected<CountryTable> load(const std::filesystem::path& iso_json,
                                     const std::filesystem::path& locale_dir = {});
  // The table for kIsoCodesPath and kIsoCodesLocalePath (or $HRDEX_ISO_CODES
  // and $HRDEX_ISO_CODES_LOCALE), loaded once per process.
  static Expected<const CountryTable*> shared();

  // A State by any name hrdex knows (ISO name, official name, UN variant, in
  // any UN language), by an abbreviation or by its alpha-3 code; case,
  // accents, a leading article, apostrophes and spacing do not matter.
  std::optional<Country> find(std::string_view name_or_code) const;
  std::optional<Country> by_iso3(std::string_view iso3) const;
  // Only the abbreviations documents print for States ("UK", "USA", "DRC",
  // "RDC", "США"): what a parenthesis of capitals may hold, where other
  // capitals ("(MDG)", "(PRT)") are abbreviations of something else.
  std::optional<Country> by_abbreviation(std::string_view abbreviation) const;
  // The States whose names (in any language hrdex knows) are closest to
  // `name` by edit distance, closest first, at most `n`: what a message
  // about a name that names no State offers instead.
  std::vector<Country> closest(std::string_view name, std::size_t n) const;
  // How many names in other languages the catalogues gave (for tests).
  std::size_t translated_names() const { return translated_; }

 private:
  std::map<std::string, std::string> by_name_;  // normalised name -> alpha-3
  std::map<std::string, std::string> names_;    // alpha-3 -> ISO name
  std::size_t translated_ = 0;
};

// The key names are compared by: folded (core::fold: lower case, no
// accents), curly apostrophes straightened, a leading article ("the", "la",
// "le", "les", "l'", "el", "los", "las") and trailing dots and asterisks
// dropped, spaces collapsed.
std::string normalise_country_name(std::string_view name);

}  // namespace hrdex::core
