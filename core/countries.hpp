// Names of States as UN documents print them, resolved to ISO 3166 alpha-3.
// The ISO names come from Debian's iso-codes package, read at run time so a
// new release of the package needs no rebuild; the variants UN documents use
// ("Iran (Islamic Republic of)", "Viet Nam") are a sorted table in
// countries.cpp. Shared by the indexer (States under review, recommending
// States) and the query side (state: and by: filters).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.hpp"

namespace hrdex::core {

// Where iso-codes puts its JSON; HRDEX_ISO_CODES overrides it.
inline constexpr std::string_view kIsoCodesPath = "/usr/share/iso-codes/json/iso_3166-1.json";

struct Country {
  std::string iso3;  // upper case
  std::string name;  // ISO 3166 short name
};

class CountryTable {
 public:
  // Reads an iso_3166-1.json; an error names the file and the package to install.
  static Expected<CountryTable> load(const std::filesystem::path& iso_json);
  // The table for kIsoCodesPath (or $HRDEX_ISO_CODES), loaded once per process.
  static Expected<const CountryTable*> shared();

  // A State by any name hrdex knows (ISO name, official name, UN variant) or
  // by its alpha-3 code; case, "the", apostrophes and spacing do not matter.
  std::optional<Country> find(std::string_view name_or_code) const;
  std::optional<Country> by_iso3(std::string_view iso3) const;

 private:
  std::map<std::string, std::string> by_name_;  // normalised name -> alpha-3
  std::map<std::string, std::string> names_;    // alpha-3 -> ISO name
};

// The key names are compared by: lower case, curly apostrophes straightened,
// a leading "the" and trailing dots and asterisks dropped, spaces collapsed.
std::string normalise_country_name(std::string_view name);

}  // namespace hrdex::core
