#include "core/language.hpp"

#include <array>
#include <utility>

#include "core/text.hpp"

namespace hrdex::core {

std::string stemmer_name(std::string_view iso639_1) {
  // The six UN official languages first, then languages of States whose
  // documents NGOs often submit untranslated.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kStemmers{{
      {"en", "english"},    {"fr", "french"},    {"es", "spanish"},   {"ru", "russian"},  {"ar", "arabic"},
      {"pt", "portuguese"}, {"de", "german"},    {"it", "italian"},   {"nl", "dutch"},    {"sv", "swedish"},
      {"da", "danish"},     {"nb", "norwegian"}, {"no", "norwegian"}, {"fi", "finnish"},  {"hu", "hungarian"},
      {"ro", "romanian"},   {"tr", "turkish"},   {"id", "indonesian"}, {"ga", "irish"},   {"ca", "catalan"},
  }};
  std::string code = ascii_lower(iso639_1);
  for (const auto& [iso, name] : kStemmers)
    if (iso == code) return std::string(name);
  return "none";
}

}  // namespace hrdex::core
