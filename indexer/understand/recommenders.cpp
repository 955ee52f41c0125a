#include "indexer/understand/recommenders.hpp"

#include <algorithm>
#include <optional>

#include "core/text.hpp"

namespace hrdex::indexer::understand {
namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Drops what may follow the parentheses: closing punctuation, "and", "or".
std::string_view trim_tail(std::string_view s) {
  for (;;) {
    std::string_view before = s;
    s = core::trim(s);
    while (!s.empty() && (s.back() == '.' || s.back() == ';' || s.back() == ',' || s.back() == ':')) s.remove_suffix(1);
    s = core::trim(s);
    for (std::string_view word : {" and", " or"})
      if (ends_with(s, word)) s.remove_suffix(word.size());
    if (s == before) return s;
  }
}

// A State's name, in any UN language, or an abbreviation reports print for
// one ("UK", "USA", "DRC", "RDC", "США"). Other capitals are abbreviations
// of something else in running text ("(MDG)", "(PRT)"), not ISO codes.
std::optional<core::Country> state_named(std::string_view name, const core::CountryTable& countries) {
  if (auto c = countries.by_abbreviation(name)) return c;
  if (name.size() == 3) return std::nullopt;
  return countries.find(name);
}

// The words that join States in a list: "France and Germany", "France et
// l'Allemagne", "Francia y Alemania", "Франция и Германия".
bool is_conjunction(std::string_view word) {
  for (std::string_view w : {"and", "the", "et", "y", "e", "\xD0\xB8"})
    if (word == w) return true;
  return false;
}

// Arabic writes "and" (و) as a prefix of the next word.
constexpr std::string_view kArabicAnd = "\xD9\x88";

// Text with the punctuation of other scripts made ASCII, so one parser
// reads them: full-width brackets, the Arabic comma and semicolon, the
// ideographic comma and full stop ("(葡萄牙、斯洛伐克)；" -> "(葡萄牙,斯洛伐克);").
std::string plain_punctuation(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kMarks[] = {
      {"\xEF\xBC\x88", '('}, {"\xEF\xBC\x89", ')'}, {"\xEF\xBC\x9B", ';'}, {"\xEF\xBC\x8C", ','},
      {"\xE3\x80\x81", ','}, {"\xE3\x80\x82", '.'}, {"\xD8\x8C", ','},    {"\xD8\x9B", ';'}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (static_cast<unsigned char>(text[i]) >= 0x80)
      for (const auto& [mark, ascii] : kMarks)
        if (text.compare(i, mark.size(), mark) == 0) {
          out.push_back(ascii);
          i += mark.size();
          replaced = true;
          break;
        }
    if (!replaced) out.push_back(text[i++]);
  }
  return out;
}

bool parse_group(std::string_view content, const core::CountryTable& countries, std::vector<std::string>& out) {
  if (auto c = state_named(content, countries)) {
    out.push_back(c->iso3);
    return true;
  }
  std::vector<std::string_view> parts;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= content.size(); ++i) {
    char c = i < content.size() ? content[i] : ',';
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && (c == ',' || c == ';' || c == '/')) {
      parts.push_back(core::trim(content.substr(start, i - start)));
      start = i + 1;
    }
  }
  std::vector<std::string> found;
  for (std::string_view part : parts) {
    for (std::string_view word : {"and ", "et ", "y ", "e ", "\xD0\xB8 "})
      if (part.rfind(word, 0) == 0) part.remove_prefix(word.size());
    if (part.empty()) continue;
    if (auto c = state_named(part, countries)) {
      found.push_back(c->iso3);
      continue;
    }
    // "France and Germany", or "United Kingdom France" with its comma lost:
    // the longest run of words naming a State, again and again. The
    // whole-name lookup above already took "United Kingdom of Great Britain
    // and Northern Ireland".
    std::vector<std::string_view> words;
    for (std::string_view rest = part; !rest.empty();) {
      std::size_t end = rest.find(' ');
      if (std::string_view w = rest.substr(0, end); !w.empty()) words.push_back(w);
      if (end == std::string_view::npos) break;
      rest = rest.substr(end + 1);
    }
    std::vector<std::string> pieces;
    for (std::string_view& w : words)
      if (w.size() > kArabicAnd.size() + 2 && w.starts_with(kArabicAnd) && !state_named(w, countries))
        w.remove_prefix(kArabicAnd.size());
    for (std::size_t w = 0; w < words.size();) {
      if (is_conjunction(words[w])) {
        ++w;
        continue;
      }
      std::size_t took = 0;
      for (std::size_t n = std::min<std::size_t>(8, words.size() - w); n > 0 && took == 0; --n) {
        const char* from = words[w].data();
        const char* to = words[w + n - 1].data() + words[w + n - 1].size();
        if (auto c = state_named(std::string_view(from, static_cast<std::size_t>(to - from)), countries)) {
          pieces.push_back(c->iso3);
          took = n;
        }
      }
      if (took == 0) return false;
      w += took;
    }
    found.insert(found.end(), pieces.begin(), pieces.end());
  }
  if (found.empty()) return false;
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

}  // namespace

Recommenders trailing_recommenders(std::string_view given, const core::CountryTable& countries) {
  const std::string plain = plain_punctuation(given);
  const std::string_view text = plain;
  Recommenders r;
  std::vector<std::vector<std::string>> groups;  // last group first
  std::string_view s = trim_tail(text);
  std::size_t printed_from = std::string_view::npos;
  while (!s.empty() && s.back() == ')') {
    int depth = 0;
    std::size_t open = std::string_view::npos;
    for (std::size_t i = s.size(); i-- > 0;) {
      if (s[i] == ')') ++depth;
      if (s[i] == '(' && --depth == 0) {
        open = i;
        break;
      }
    }
    if (open == std::string_view::npos) break;
    std::vector<std::string> group;
    if (!parse_group(core::trim(s.substr(open + 1, s.size() - open - 2)), countries, group)) break;
    groups.push_back(std::move(group));
    printed_from = open;
    s = trim_tail(s.substr(0, open));
  }
  for (auto g = groups.rbegin(); g != groups.rend(); ++g)
    for (auto& iso : *g)
      if (std::find(r.iso3.begin(), r.iso3.end(), iso) == r.iso3.end()) r.iso3.push_back(iso);
  if (printed_from != std::string_view::npos) {
    std::string_view tail = text.substr(printed_from);
    r.printed = std::string(core::trim(trim_tail(tail)));
  }
  return r;
}

std::string leading_state(std::string_view text, const core::CountryTable& countries) {
  std::vector<std::string_view> words;
  std::string_view rest = core::trim(text);
  // Country names run to eight words at most ("United Kingdom of Great
  // Britain and Northern Ireland").
  while (!rest.empty() && words.size() < 8) {
    std::size_t end = rest.find(' ');
    words.push_back(rest.substr(0, end));
    if (end == std::string_view::npos) break;
    rest = core::trim(rest.substr(end));
  }
  for (std::size_t n = words.size(); n > 0; --n) {
    const std::string_view name(words[0].data(),
                                static_cast<std::size_t>(words[n - 1].data() + words[n - 1].size() - words[0].data()));
    std::string_view trimmed = name;
    while (!trimmed.empty() && (trimmed.back() == ',' || trimmed.back() == ':' || trimmed.back() == ';'))
      trimmed.remove_suffix(1);
    // "Can", "And" and "Per" are words here, not ISO codes.
    const bool code_like = trimmed.size() == 3;
    if (code_like && !(trimmed[1] >= 'A' && trimmed[1] <= 'Z')) continue;
    if (auto c = countries.find(trimmed)) return c->iso3;
  }
  return {};
}

Recommenders all_recommenders(std::string_view given, const core::CountryTable& countries) {
  const std::string plain = plain_punctuation(given);
  const std::string_view text = plain;
  Recommenders r = trailing_recommenders(text, countries);
  std::vector<std::string> found;
  int depth = 0;
  std::size_t open = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') {
      if (depth++ == 0) open = i;
      continue;
    }
    if (text[i] != ')' || depth == 0 || --depth != 0) continue;
    // Any group that names only States: "(Latvia) and issue (Norway) and
    // implement (Czech Republic) a standing invitation" credits all three,
    // and "(CEDAW)" or "(2010)" never parse as States.
    std::vector<std::string> group;
    if (parse_group(core::trim(text.substr(open + 1, i - open - 1)), countries, group))
      for (auto& iso : group)
        if (std::find(found.begin(), found.end(), iso) == found.end()) found.push_back(iso);
  }
  // The scan above meets the trailing groups too; this only keeps a trailing
  // State it could not read as a group of its own.
  if (!found.empty()) {
    for (auto& iso : r.iso3)
      if (std::find(found.begin(), found.end(), iso) == found.end()) found.push_back(iso);
    r.iso3 = std::move(found);
  }
  return r;
}

}  // namespace hrdex::indexer::understand
