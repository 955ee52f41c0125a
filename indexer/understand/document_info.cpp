#include "indexer/understand/document_info.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "indexer/understand/lexicon.hpp"
#include "indexer/understand/title.hpp"

namespace hrdex::indexer::understand {
namespace {

// The opening of a document, where mastheads and title lines sit. Running
// headers come first: a PDF's masthead symbol repeats in its page headers,
// so extraction removes it from the text with them.
std::string head_text(const extract::ExtractedDocument& doc, std::size_t blocks = 40, std::size_t max_chars = 6000) {
  std::string head;
  for (const std::string& line : doc.meta.running_headers) {
    head += line;
    head += '\n';
  }
  for (std::size_t i = 0; i < doc.blocks.size() && i < blocks && head.size() < max_chars; ++i) {
    head += doc.blocks[i].text;
    head += '\n';
  }
  return head;
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

const std::regex& symbol_pattern() {
  // Spaces after a slash occur in old mastheads ("A/HRC/ 8/29").
  // Every series of the Council's documents: reports (A/HRC/16/11), Working
  // Group documents (A/HRC/WG.6/...), decisions and resolutions (DEC/, RES/),
  // special sessions (A/HRC/S-28/2), conference room papers (/CRP.1), NGO
  // written statements (/NGO/61), summary records (/SR.5), drafts (/L.1),
  // the Advisory Committee (A/HRC/AC/20/2); corrigenda, revisions and
  // addenda after any of them; the General Assembly's (A/73/123) and the
  // Economic and Social Council's (E/CN.6/2018/9, E/2018/27), which a joint
  // symbol pairs with a Council one.
  static const std::regex re(
      R"((?:A/HRC/ ?(?:WG\.6/ ?\d+/ ?[A-Z]{3} ?/ ?\d+|(?:(?:DEC|RES|AC)/ ?)?(?:S-)?\d+/ ?(?:(?:CRP|SR|L)\.)?\d+)"
      R"(|\d+/ ?NGO/ ?\d+)(?:/ ?(?:Add|Corr|Rev)\.\d+)*)"
      R"(|(?:CERD|CCPR|CAT|CRC|CEDAW|CRPD|CMW|CED)/C/(?:[A-Z]{3}/)?(?:F?CO|OPSC|OPAC)[A-Za-z0-9/.\-]*\d)"
      R"(|E/C\.12/[A-Z]{3}/F?CO/[0-9\-]+)"
      R"(|E/CN\.\d+/\d{4}/\d+(?:/(?:Add|Corr|Rev)\.\d+)*|E/\d{4}/\d+(?:/(?:Add|Corr|Rev)\.\d+)*)"
      R"(|A/\d{2}/\d+(?:/(?:Add|Corr|Rev)\.\d+)*))",
      std::regex::icase | std::regex::optimize);
  return re;
}

int ordinal_word(std::string_view w) {
  static constexpr std::array<std::string_view, 20> kUnits = {
      "first",     "second",     "third",     "fourth",     "fifth",     "sixth",     "seventh",
      "eighth",    "ninth",      "tenth",     "eleventh",   "twelfth",   "thirteenth", "fourteenth",
      "fifteenth", "sixteenth",  "seventeenth", "eighteenth", "nineteenth", "twentieth"};
  for (std::size_t i = 0; i < kUnits.size(); ++i)
    if (w == kUnits[i]) return static_cast<int>(i) + 1;
  return 0;
}

// "fifth" -> 5, "twenty-eighth" -> 28, "forty-first" -> 41.
int ordinal_number(std::string_view w) {
  if (int n = ordinal_word(w)) return n;
  static constexpr std::pair<std::string_view, int> kTens[] = {
      {"twenty", 20}, {"thirty", 30}, {"forty", 40}, {"fifty", 50}, {"sixty", 60}};
  static constexpr std::pair<std::string_view, int> kTenths[] = {
      {"twentieth", 20}, {"thirtieth", 30}, {"fortieth", 40}, {"fiftieth", 50}, {"sixtieth", 60}};
  for (const auto& [word, n] : kTenths)
    if (w == word) return n;
  for (const auto& [word, n] : kTens)
    if (w.rfind(word, 0) == 0 && w.size() > word.size() + 1 && (w[word.size()] == '-' || w[word.size()] == ' '))
      if (int u = ordinal_word(w.substr(word.size() + 1)); u > 0 && u < 10) return n + u;
  return 0;
}

std::string lower(std::string_view s) { return core::ascii_lower(s); }

// The States whose names follow `phrase` (matched in any case) on the lines
// of `text`, in order: at each, the longest run of up to eight words that
// names one, so that "Advance questions to United Kingdom of Great Britain
// and Northern Ireland" finds the whole name and "... review: Slovenia*"
// the State.
std::vector<core::Country> states_named_after(std::string_view text, std::string_view phrase,
                                              const core::CountryTable& countries) {
  std::vector<core::Country> found;
  const std::string low = lower(text);
  for (std::size_t at = low.find(phrase); at != std::string::npos; at = low.find(phrase, at + 1)) {
    const std::size_t start = at + phrase.size();
    const std::size_t stop = std::min(text.find('\n', start), text.size());
    std::vector<std::string> words;
    std::istringstream in(std::string(text.substr(start, stop - start)));
    for (std::string w; words.size() < 8 && in >> w;) words.push_back(w);
    for (std::size_t n = words.size(); n > 0; --n) {
      std::string name;
      for (std::size_t i = 0; i < n; ++i) name += (i ? " " : "") + words[i];
      while (!name.empty() && std::string_view("*.,:;").find(name.back()) != std::string_view::npos) name.pop_back();
      if (auto c = countries.find(name)) {
        found.push_back(*c);
        break;
      }
    }
  }
  return found;
}

// The State every one of `phrases` names where it occurs in `text`; none
// when they name none or several.
std::optional<core::Country> one_state_named_after(std::string_view text, std::initializer_list<std::string_view> phrases,
                                                   const core::CountryTable& countries) {
  std::optional<core::Country> one;
  for (std::string_view phrase : phrases)
    for (core::Country& c : states_named_after(text, phrase, countries)) {
      if (one && one->iso3 != c.iso3) return std::nullopt;
      one = std::move(c);
    }
  return one;
}

// A State's name as a line of a postal address, the publisher's and not
// what the document is about: UPR Info's studies print "Rue de Varembé 3 /
// 1202 Geneva / Switzerland / Website: ..." on their second page. Two
// signs are asked for, as a year line ("2014 Annual Report") looks like a
// postcode and a city.
bool in_postal_address(const std::vector<extract::Block>& blocks, std::size_t i) {
  static const std::regex postcode(R"(^(?:[A-Z]{1,2}-)?\d{4,6} [A-Z]|^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$)");
  static const std::regex street(
      R"(\b(?:rue|street|avenue|road|chemin|route|calle|avenida|p\.? ?o\.? box|case postale|suite|floor)\b)",
      std::regex::icase);
  static const std::regex contact(R"(^(?:phone|tel|telephone|fax|e-?mail|website|web|www\.|https?:))", std::regex::icase);
  auto block = [&](std::size_t k) { return std::string(k < blocks.size() ? blocks[k].text : std::string()); };
  int signs = 0;
  if (i >= 1 && std::regex_search(block(i - 1), postcode)) ++signs;
  if ((i >= 1 && std::regex_search(block(i - 1), street)) || (i >= 2 && std::regex_search(block(i - 2), street))) ++signs;
  if (std::regex_search(block(i + 1), contact)) ++signs;
  return signs >= 2;
}

// The one State a file says it is filed under (Metadata::keywords: the
// categories of a static site's Markdown); none when it names several.
std::optional<core::Country> state_filed_under(const extract::ExtractedDocument& doc,
                                               const core::CountryTable& countries) {
  std::optional<core::Country> out;
  for (const std::string& keyword : doc.meta.keywords) {
    auto c = countries.find(keyword);
    if (!c) continue;
    if (out && out->iso3 != c->iso3) return std::nullopt;
    out = c;
  }
  return out;
}

// A name in a Russian title after "в" is in the prepositional case ("в
// Италии", "в Мексике"); ISO names are nominative. The commonest endings
// are turned back.
std::vector<std::string> nominative_guesses(const std::string& name) {
  std::vector<std::string> out{name};
  auto ends = [&](std::string_view tail) { return name.size() > tail.size() && name.ends_with(tail); };
  if (ends("\xD0\xB8\xD0\xB8")) out.push_back(name.substr(0, name.size() - 2) + "\xD1\x8F");  // -ии -> -ия
  if (ends("\xD0\xB5")) {
    out.push_back(name.substr(0, name.size() - 2) + "\xD0\xB0");  // -е -> -а
    out.push_back(name.substr(0, name.size() - 2) + "\xD1\x8F");  // -е -> -я
  }
  return out;
}

// A country visit's mandate and State, from its title ("Report of the
// Special Rapporteur on the right to food on her mission to Freedonia",
// "Rapport de la Rapporteuse spéciale sur le droit à l'alimentation sur sa
// mission en Freedonia").
void describe_visit(const extract::ExtractedDocument& doc, const core::CountryTable& countries, DocumentInfo& info) {
  const lexicon::Lexicon& l = lexicon::lexicon();
  constexpr std::size_t npos = std::string::npos;
  for (std::size_t i = 0; i < doc.blocks.size() && i < 30; ++i) {
    const std::string text = core::collapse_spaces(doc.blocks[i].text);
    if (text.size() > 1000) continue;
    const lexicon::FoldedText f = lexicon::fold_mapped(text);
    if (!l.sp_report_of.in(f.text)) continue;
    const auto visit = l.visit_to.find(f.text);
    if (visit.start == npos) continue;
    const auto report = l.report_of.find(f.text);
    const std::size_t from = report.start != npos && report.end <= visit.start ? report.end : 0;
    std::string mandate(core::trim(f.original(text, from, visit.start)));
    while (!mandate.empty() && (mandate.back() == ',' || mandate.back() == ' ')) mandate.pop_back();
    info.mandate = mandate;
    std::size_t at = visit.end;
    while (at < f.text.size() && f.text[at] == ' ') ++at;
    if (const auto p = l.place_prepositions.find(f.text, at); p.start == at) at = p.end;
    std::vector<std::string> words;
    std::istringstream in(f.original(text, at, f.text.size()));
    for (std::string w; words.size() < 8 && in >> w;) words.push_back(w);
    for (std::size_t n = words.size(); n > 0; --n) {
      std::string name;
      for (std::size_t k = 0; k < n; ++k) name += (k ? " " : "") + words[k];
      while (!name.empty() && std::string_view("*.,:;0123456789").find(name.back()) != std::string_view::npos)
        name.pop_back();
      for (const std::string& guess : nominative_guesses(name))
        if (auto c = countries.find(guess)) {
          info.state = c->iso3;
          info.state_name = c->name;
          return;
        }
    }
    return;
  }
}

// How UN document titles open, one table per language: the words are the
// only language-specific part of finding a printed title, kept apart so a
// language is added in one place. A UPR document's own titles come first;
// the general ones ("Report of the", "Note by the secretariat") after.
struct TitleOpenings {
  std::string_view language;
  std::vector<std::string_view> openings;  // lower case where the script has case
};

const std::vector<TitleOpenings>& title_openings() {
  static const std::vector<TitleOpenings> tables = {
      {"en",
       {"report of the working group", "concluding observations", "national report", "compilation",
        "summary of stakeholders", "summary prepared", "views on conclusions", "report of the", "report on",
        "note by the", "summary record", "written statement", "conference room paper", "letter dated",
        "resolution adopted", "decision adopted", "information received from"}},
      {"fr",
       {"rapport du groupe de travail", "observations finales", "rapport national", "compilation",
        "résumé des communications", "résumé établi", "rapport du", "rapport de", "note du secrétariat",
        "note de la", "compte rendu analytique", "exposé écrit", "document de séance", "lettre datée",
        "renseignements reçus", "informations reçues"}},
      {"es",
       {"informe del grupo de trabajo", "observaciones finales", "informe nacional", "recopilación",
        "resumen de las comunicaciones", "resumen preparado", "informe del", "informe de la", "nota de la secretaría",
        "acta resumida", "exposición presentada por escrito", "documento de sesión", "carta de fecha",
        "información recibida"}},
      {"ru",
       {"доклад рабочей группы", "Доклад Рабочей группы", "Заключительные замечания", "Национальный доклад",
        "Подборка", "Резюме", "Доклад", "Записка Секретариата", "Краткий отчет", "Письменное заявление",
        "Документ зала заседаний", "Письмо"}},
      // Arabic prints its titles opening with the noun, as the others do;
      // Chinese puts 报告 ("report") last, so only whole titles are listed.
      {"ar", {"تقرير الفريق العامل", "الملاحظات الختامية", "التقرير الوطني", "تجميع", "موجز", "تقرير", "مذكرة من"}},
      {"zh", {"普遍定期审议工作组报告", "关于"}},
  };
  return tables;
}

bool opens_title(std::string_view text) {
  const std::string low = lower(text);
  for (const TitleOpenings& table : title_openings())
    for (std::string_view o : table.openings)
      if (low.rfind(o, 0) == 0 || text.rfind(o, 0) == 0) return true;
  return false;
}

// A title run into the masthead's block, as text exported from PDF joins
// them ("Human Rights Council ... Fiftieth session Geneva, 3-14 November
// 2025 Summary of stakeholders' submissions on the United States of
// America"): from the earliest opening of a title to its asterisk or the
// block's end, if that is short enough to be one; else `text` unchanged.
std::string title_within(const std::string& text) {
  const std::string low = lower(text);
  std::size_t best = std::string::npos;
  for (const TitleOpenings& table : title_openings())
    for (std::string_view o : table.openings)
      for (const std::string& form : {lower(o), std::string(o)})
        if (auto at = low.find(form); at != std::string::npos && at > 0 && at < best) best = at;
  if (best == std::string::npos) return text;
  // The asterisk after the title calls the note "issued without formal
  // editing"; what follows it is the subtitle, not the title.
  std::string title = text.substr(best, text.find('*', best) - best);
  return title.size() > 200 ? text : title;
}

std::string without_footnote_mark(std::string text) {
  while (!text.empty() && (text.back() == '*' || text.back() == ' ')) text.pop_back();
  return text;
}

// ", addendum" after an addendum's title, in the word the document prints
// ("Additif", "Adición", "Добавление"), English when it prints none; nothing
// when the title says it already.
std::string addendum_suffix(const extract::ExtractedDocument& doc, std::string_view title_lower) {
  const lexicon::Lexicon& l = lexicon::lexicon();
  if (l.addendum.in(core::fold(title_lower))) return {};
  for (std::size_t i = 0; i < doc.blocks.size() && i < 25; ++i) {
    const std::string word = core::collapse_spaces(doc.blocks[i].text);
    const std::string folded = core::fold(word);
    if (word.size() < 40 && l.addendum.opens(folded) && l.addendum.find(folded).end == folded.size())
      return ", " + lower(word);
  }
  return ", addendum";
}

// The first line near the top that opens the way UN titles do (in any of
// the tables above), without the asterisk of its footnote, in sentence case
// when printed in capitals, and with the State: the line printed after the
// title ("Italy", "Italie") when it is a short line of a UPR document, else
// the State found for the document.
std::string printed_title(const extract::ExtractedDocument& doc, std::string_view kind, const std::string& state_name) {
  const bool upr = kind == kind::kUprWgReport || kind == kind::kUprAddendum || kind == kind::kUprNationalReport ||
                   kind == kind::kUprCompilation || kind == kind::kUprStakeholderSummary;
  // A title run into another block is looked for only when no block
  // opens with one.
  for (const bool within : {false, true}) {
    for (std::size_t i = 0; i < doc.blocks.size() && i < 25; ++i) {
      if (within && (!upr || i >= 6)) break;
      if (doc.blocks[i].kind == extract::BlockKind::footnote) continue;
      std::string text = core::collapse_spaces(doc.blocks[i].text);
      if (within) text = title_within(text);
      // Titles that cite the resolutions they answer run past 200
      // characters ("Summary prepared by the Office ... in accordance with
      // paragraph 15 (c) of the annex to Human Rights Council resolution 5/1
      // and paragraph 5 of the annex to Council resolution 16/21").
      if (text.size() > 300 || !opens_title(text)) continue;
      text = readable_case(without_footnote_mark(text));
      const std::string low = lower(text);
      std::string state;
      if (upr && i + 1 < doc.blocks.size()) {
        std::string next = without_footnote_mark(core::collapse_spaces(doc.blocks[i + 1].text));
        const bool short_name = !next.empty() && next.size() <= 60 && next.find_first_of("0123456789:/") == std::string::npos &&
                                !opens_title(next) && doc.blocks[i + 1].kind != extract::BlockKind::footnote;
        // The State as printed ("United States of America", "Italie"),
        // unless the line under the title is the first heading ("I.
        // Background").
        static const std::regex heading(R"(^(?:[IVXLC]+|[A-Z]|\d+)[.)] )");
        const bool first_heading = std::regex_search(next, heading);
        if (short_name && !first_heading && lower(next) != "addendum" && lower(next) != "note by the secretariat")
          state = readable_case(next);
      }
      if (state.empty()) state = state_name;
      if (!state.empty() && low.find(lower(state)) == std::string::npos) text += ": " + state;
      if (kind == kind::kUprAddendum) text += addendum_suffix(doc, low);
      return text;
    }
  }
  return {};
}

}  // namespace

std::string normalise_symbol(std::string_view symbol) {
  std::string s;
  for (char c : symbol)
    if (c != ' ') s.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  for (std::string_view word : {"Add.", "Corr.", "Rev."}) {
    std::string up = core::ascii_lower(word);
    for (char& c : up) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    for (std::size_t at = s.find("/" + up); at != std::string::npos; at = s.find("/" + up, at + 1))
      s.replace(at + 1, up.size(), word);
  }
  return s;
}

std::vector<std::string> find_symbols(std::string_view text) {
  // The pattern runs only where a symbol can start, anchored there: run
  // over a whole report, std::regex costs more than the PDF's extraction.
  static constexpr std::string_view kStarts[] = {"a/",   "cerd/", "ccpr/", "cat/", "crc/",
                                                  "cedaw/", "crpd/", "cmw/", "ced/", "e/"};
  std::vector<std::string> out;
  const std::string t(text);
  const std::string low = lower(text);
  std::smatch m;
  for (std::size_t i = 0; i < low.size();) {
    const char c = low[i];
    bool may_start = false;
    // A symbol starts a word: "he/she" holds no "E/" symbol.
    const bool word_start = i == 0 || !std::isalnum(static_cast<unsigned char>(low[i - 1]));
    if (word_start && (c == 'a' || c == 'c' || c == 'e'))
      for (std::string_view start : kStarts)
        if (std::string_view(low).substr(i, start.size()) == start) may_start = true;
    if (may_start && std::regex_search(t.cbegin() + static_cast<std::ptrdiff_t>(i), t.cend(), m, symbol_pattern(),
                                       std::regex_constants::match_continuous)) {
      std::string s = normalise_symbol(m.str());
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
      i += static_cast<std::size_t>(m.length());
      continue;
    }
    ++i;
  }
  return out;
}

int upr_cycle_of_session(int session) {
  if (session <= 0) return 0;
  if (session <= 12) return 1;
  if (session <= 26) return 2;
  if (session <= 40) return 3;
  if (session <= 54) return 4;
  return 5 + (session - 55) / 14;
}

int upr_cycle_of_council_session(int council_session) {
  if (council_session >= 8 && council_session <= 19) return 1;
  if (council_session >= 21 && council_session <= 34) return 2;
  if (council_session >= 36 && council_session <= 51) return 3;
  if (council_session >= 52 && council_session <= 65) return 4;
  return 0;
}

int upr_session_of_council_session(int council_session) {
  if (council_session >= 10 && council_session <= 19) return council_session - 7;
  if (council_session >= 21 && council_session <= 34) return council_session - 8;
  // The pandemic postponed Working Group session 36 from May to November
  // 2020, and cycle 4 began in November 2022: Council sessions 45 and 51
  // adopted no outcome.
  if (council_session >= 36 && council_session <= 44) return council_session - 9;
  if (council_session >= 46 && council_session <= 50) return council_session - 10;
  if (council_session >= 52 && council_session <= 60) return council_session - 11;
  return 0;
}

std::string find_date(std::string_view text) {
  static const std::vector<std::pair<std::string, int>> kMonths = [] {
    static constexpr std::string_view kNames[][12] = {
        {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"},
        {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
         "décembre"},
        {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
         "noviembre", "diciembre"},
        {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
         "декабря"},
        {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيه", "يوليه", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
        {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
         "novembro", "dezembro"},
    };
    std::vector<std::pair<std::string, int>> months;
    for (const auto& language : kNames)
      for (int m = 0; m < 12; ++m) months.emplace_back(core::fold(language[m]), m + 1);
    for (auto [name, m] : {std::pair{"setiembre", 9}, std::pair{"يونيو", 6}, std::pair{"يوليو", 7}})
      months.emplace_back(core::fold(name), m);
    return months;
  }();
  const std::string f = core::fold(text);
  auto iso = [](int year, int month, int day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return std::string(buf);
  };
  // Day, month, year, with what the languages put between: "1er", "de",
  // Arabic's Syriac month name and a slash before the month, "года" after.
  static const std::regex dmy(
      R"((?:^|[^0-9])([0-9]{1,2})(?:er)? (?:de )?(?:[^ 0-9/]+(?: [^ 0-9/]+)?/)?([^ 0-9,.]+),? (?:de )?((?:19|20)[0-9][0-9])(?![0-9]))");
  static const std::regex ymd(R"(((?:19|20)[0-9][0-9])年([0-9]{1,2})月([0-9]{1,2})日)");
  std::smatch m;
  for (auto it = std::sregex_iterator(f.begin(), f.end(), dmy); it != std::sregex_iterator(); ++it) {
    const std::string month = (*it)[2].str();
    for (const auto& [name, number] : kMonths)
      if (month == name) {
        const int day = std::stoi((*it)[1].str());
        if (day >= 1 && day <= 31) return iso(std::stoi((*it)[3].str()), number, day);
      }
  }
  if (std::regex_search(f, m, ymd)) {
    const int month = std::stoi(m[2].str()), day = std::stoi(m[3].str());
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return iso(std::stoi(m[1].str()), month, day);
  }
  return {};
}

namespace {

// A paragraph of its own that marks words left out of a quotation: "(…)",
// "[...]". UN documents print none; compilations that quote them do.
bool quotes_with_elisions(const extract::ExtractedDocument& doc) {
  static const std::regex elision(R"(^[(\[](?:…|\.\.\.)[)\]]$)");
  for (const auto& b : doc.blocks)
    if (b.text.size() <= 7 && std::regex_match(b.text, elision)) return true;
  return false;
}

// The masthead: the running headers and the first `blocks` blocks, where a
// UN document prints its own symbol. Not what they cite: a symbol in
// brackets ("examinó el séptimo informe del Ecuador (CAT/C/ECU/7)"), a
// footnote's ("CAT/C/MEX/CO/5-6, 11 de diciembre de 2012" under an NGO's
// compilation of what a committee said), a long table row's (a README's
// table of the documents it describes; a masthead set in a table, as in
// UN Word documents, is a short row).
std::string masthead_of(const extract::ExtractedDocument& doc, std::size_t blocks) {
  static const std::regex bracketed(R"(\([^()\n]*\))");
  std::string text;
  for (const std::string& line : doc.meta.running_headers) text += line + '\n';
  for (std::size_t i = 0; i < doc.blocks.size() && i < blocks; ++i) {
    const auto& b = doc.blocks[i];
    if (b.kind == extract::BlockKind::footnote || (b.kind == extract::BlockKind::table_row && b.text.size() > 200))
      continue;
    text += b.text + '\n';
  }
  return std::regex_replace(text, bracketed, " ");
}

}  // namespace

// A masthead prints its symbol on a short line, alone or beside the body's
// name ("United Nations A/HRC/16/11"); a sentence that cites one
// ("Following up on A/HRC/16/11, we the undersigned organisations urge
// ...") makes no masthead of the paragraph it opens.
bool symbol_on_a_masthead_line(const std::string& masthead) {
  std::istringstream in(masthead);
  for (std::string line; std::getline(in, line);)
    if (line.size() <= 120 && !find_symbols(line).empty()) return true;
  return false;
}

std::string classify(const extract::ExtractedDocument& doc, const std::filesystem::path& path) {
  // A folder's README says what the folder holds: it names the kinds of
  // documents there ("joint letters") and cites their symbols, and is none
  // of them.
  if (lower(path.stem().string()) == "readme") return std::string(kind::kOther);
  const std::string head = head_text(doc);
  const std::string low = lower(core::collapse_spaces(head));
  // Symbols decide only from the masthead (masthead_of): an introduction
  // cites the national report, compilation and summary of the review.
  const auto symbols = find_symbols(masthead_of(doc, 10));
  const std::string first = symbols.empty() ? std::string() : symbols.front();

  static const std::regex wg6(R"(A/HRC/WG\.6/\d+/[A-Z]{3}/(\d))");
  static const std::regex co(R"(^(?:CERD|CCPR|CAT|CRC|CEDAW|CRPD|CMW|CED)/C/.*\bCO/|^E/C\.12/[A-Z]{3}/CO/)");
  static const std::regex fco(R"(/FCO/)");
  // The same questions in the six UN languages (lexicon.hpp).
  const lexicon::Lexicon& l = lexicon::lexicon();
  const std::string folded = core::fold(core::collapse_spaces(head));
  std::smatch m;
  if (l.upr_addendum_title.in(folded) ||
      (l.upr.in(folded) && first.find("/Add.") != std::string::npos && l.addendum.in(folded)))
    return std::string(kind::kUprAddendum);
  // A list names itself in its title or page headers; further down, the
  // words are a reference to one ("See: Matrix of Recommendations" closes
  // OHCHR's one-page UPR infographics).
  const std::string title_area = lower(core::collapse_spaces(head_text(doc, 12)));
  if (contains(title_area, "thematic list of recommendations") || contains(title_area, "matrix of recommendations") ||
      contains(title_area, "recommendations matrix"))
    return std::string(kind::kUprThematicList);
  // Advance questions open with their title ("ADVANCE QUESTIONS TO
  // SLOVENIA – ADD.1"); further down the words are a reference to them.
  for (std::size_t i = 0; i < doc.blocks.size() && i < 3; ++i)
    if (lower(core::collapse_spaces(doc.blocks[i].text)).rfind("advance questions to ", 0) == 0)
      return std::string(kind::kUprAdvanceQuestions);
  // A table whose header names recommendation, position and source of
  // position is OHCHR's matrix even without its title.
  for (const auto& b : doc.blocks) {
    if (b.kind != extract::BlockKind::table_row) continue;
    std::string row = lower(b.text);
    if (contains(row, "recommendation") && (contains(row, "position") || contains(row, "assessment"))) {
      return std::string(kind::kUprThematicList);
    }
    break;
  }
  if (!first.empty() && std::regex_search(first, m, wg6)) {
    if (m[1] == "1") return std::string(kind::kUprNationalReport);
    if (m[1] == "2") return std::string(kind::kUprCompilation);
    if (m[1] == "3") return std::string(kind::kUprStakeholderSummary);
  }
  // What follows reads a kind from words a report's body shares with texts
  // that quote or speak of such reports: an NGO's compilation of the
  // concluding observations a State received ("(…)" between the quoted
  // paragraphs), a committee's reporting guidelines, a README. A UN report
  // prints its symbol on its first page, so those words count only beside
  // a symbol of the kind.
  const std::string masthead = masthead_of(doc, 12);
  // A report's own symbol, not its addendum's (A/HRC/10/82/Add.1).
  static const std::regex council_report(R"(A/HRC/ ?\d+/ ?\d+(?![\d/]))");
  // Concluding observations' symbols of every period (CERD/C/USA/CO/7-9,
  // E/C.12/BRA/CO/2; before 2006 CCPR/CO/81/LIE, CCPR/C/79/Add.50,
  // CRC/C/15/Add.100, CERD/C/304/Add.9, E/C.12/1/Add.94, CAT/C/CR/29/4),
  // not a State's report (CRC/C/3/Add.17) or a committee's guidelines
  // (CERD/C/2007/1).
  static const std::regex treaty_report(
      R"((?:CERD|CCPR|CAT|CRC|CEDAW|CRPD|CMW|CED|E/C\.12)/(?:C/)?(?:[A-Z]{3}/|OP[A-Z]{2}/[A-Z]{3}/)F?CO/\d)"
      R"(|CCPR/CO/\d|CCPR/C/79/Add\.\d|CRC/C/15/Add\.\d|CERD/C/304/Add\.\d|E/C\.12/1/Add\.\d|CAT/C/CR/\d)",
      std::regex::icase);
  auto head_has = [&](const std::regex& re) { return std::regex_search(masthead, re); };
  bool look_alike = false;
  // Extraction may drop the masthead symbol with the running headers, so the
  // title alone decides, unless the symbol says decision, or the text is a
  // compilation that quotes a report's title.
  if (l.upr_wg_report_title.in(folded) && first.find("/DEC/") == std::string::npos) {
    if (head_has(council_report) || !quotes_with_elisions(doc)) return std::string(kind::kUprWgReport);
    look_alike = true;
  }
  // Some cycle-1 reports print only "UNIVERSAL PERIODIC REVIEW" and the State
  // (Peru 2008), or misprint the title ("Report of the Working on the ...",
  // Saudi Arabia 2009); their table of contents still lists the conclusions.
  if (l.upr.in(folded) && l.conclusions_heading.in(folded) && first.find("/DEC/") == std::string::npos &&
      first.find("/WG.6/") == std::string::npos && first.find("/Add.") == std::string::npos) {
    if (head_has(council_report)) return std::string(kind::kUprWgReport);
    look_alike = true;
  }
  if (!first.empty() && std::regex_search(first, fco)) return std::string(kind::kTreatyFollowup);
  if (!first.empty() && std::regex_search(first, co)) return std::string(kind::kTreatyCo);
  // "Report of the Special Rapporteur on ... on her visit to ...": its title
  // line says both, in one block.
  for (std::size_t i = 0; i < doc.blocks.size() && i < 30; ++i) {
    const std::string title = core::fold(doc.blocks[i].text.substr(0, 600));
    if (l.sp_report_of.in(title) && l.sp_visit.in(title) && !l.upr.in(title))
      return std::string(kind::kSpecialProcedures);
  }
  if (l.information_received.in(folded) && l.co_followup_title.in(folded)) return std::string(kind::kTreatyFollowup);
  if (l.co_title.in(folded)) {
    if (head_has(treaty_report)) return std::string(kind::kTreatyCo);
    look_alike = true;
  }
  // Quoted with elisions, such a text is someone's compilation of them.
  if (look_alike && quotes_with_elisions(doc)) return std::string(kind::kCivilSociety);
  // A letter on the letterhead of the Office of the High Commissioner (the
  // High Commissioner's letter to a State after its review) is the UN's own.
  // Its letterhead is a short line that opens with the Office's name (a
  // letter to the Office names it too, but after "To" or "Dear").
  for (std::size_t i = 0; i < doc.blocks.size() && i < 6; ++i)
    if (doc.blocks[i].text.size() < 160 && l.ohchr_letterhead.opens(core::fold(core::collapse_spaces(doc.blocks[i].text))))
      return std::string(kind::kOther);
  // A UN masthead ("Distr.: General") is the UN's own document, whatever it
  // says of civil society.
  if ((first.empty() || !symbol_on_a_masthead_line(masthead_of(doc, 10))) && !contains(low, "distr.")) {
    for (std::string_view marker : {"dear ", "we, the undersigned", "open letter", "joint letter", "joint submission",
                                    "joint statement", "shadow report", "submission to", "sincerely", "signatories",
                                    "civil society", "undersigned organizations", "undersigned organisations",
                                    "the undersigned", "to whom it may concern",
                                    // An organisation's statement to the Council, or its report
                                    // that speaks as an NGO and asks.
                                    "oral statement", "non-governmental organisation", "non-governmental organization",
                                    "we urge", "we recommend that"})
      if (contains(low, marker)) return std::string(kind::kCivilSociety);
  }
  return std::string(kind::kOther);
}

DocumentInfo describe(const extract::ExtractedDocument& doc, std::string_view kind, const core::CountryTable& countries) {
  DocumentInfo info;
  info.kind = std::string(kind);
  const std::string head = head_text(doc);
  info.symbols = find_symbols(head_text(doc, 12));
  info.date = find_date(head_text(doc, 12));
  // A document of no known kind has the symbols its masthead prints, on a
  // short line of their own or in a running header; one cited in its first
  // sentences ("The recommendations of A/HRC/16/11 ...") or a table of
  // them (a README's) is not its own, nor is the State in it.
  if (kind == kind::kOther) {
    std::string masthead;
    for (const std::string& line : doc.meta.running_headers) masthead += line + '\n';
    auto sentence = [](const std::string& t) {
      return !t.empty() && t.back() == '.' && std::count(t.begin(), t.end(), ' ') >= 7;
    };
    for (std::size_t i = 0; i < doc.blocks.size() && i < 12; ++i) {
      const std::string& t = doc.blocks[i].text;
      if (doc.blocks[i].kind != extract::BlockKind::footnote && t.size() <= 120 && !sentence(t)) masthead += t + '\n';
    }
    const auto own = find_symbols(masthead);
    std::erase_if(info.symbols,
                  [&](const std::string& s) { return std::find(own.begin(), own.end(), s) == own.end(); });
  }
  if (kind == kind::kUprWgReport || kind == kind::kUprAddendum) {
    // The report's own symbol, not the WG.6 documents its introduction cites.
    static const std::regex own(R"(^A/HRC/\d+/\d+(?:/Add\.\d+)?$)");
    auto it = std::find_if(info.symbols.begin(), info.symbols.end(),
                           [](const std::string& s) { return std::regex_match(s, own); });
    if (it != info.symbols.end()) std::rotate(info.symbols.begin(), it, it + 1);
  }

  // A/HRC/WG.6/<session>/<ISO3>/<n> anywhere names the session and the State:
  // Working Group reports list the three documents of the review. A document
  // of another kind that cites the documents of several States' reviews (the
  // Council's report on a session adopts the outcome of each) is about none
  // of them, and no later rule may pick one.
  static const std::regex wg6(R"(A/HRC/WG\.6/(\d+)/([A-Z]{3})/\d)");
  std::smatch m;
  std::string all;
  for (const auto& b : doc.blocks) {
    all += b.text;
    all += '\n';
    if (all.size() > 200000) break;
  }
  const std::string normalised_all = [&] {
    std::string s;
    for (const auto& sym : find_symbols(all)) s += sym + "\n";
    return s;
  }();
  // The document's own symbol first: a masthead that extraction took for a
  // running header is not in the blocks.
  std::string own_symbols;
  for (const auto& sym : info.symbols) own_symbols += sym + "\n";
  if (std::regex_search(own_symbols, m, wg6) || std::regex_search(normalised_all, m, wg6)) {
    info.session = std::stoi(m[1].str());
    if (auto c = countries.by_iso3(m[2].str())) {
      info.state = c->iso3;
      info.state_name = c->name;
    }
  }
  const bool review_kind = kind == kind::kUprWgReport || kind == kind::kUprAddendum ||
                           kind == kind::kUprNationalReport || kind == kind::kUprCompilation ||
                           kind == kind::kUprStakeholderSummary;
  // The reviews a document of another kind speaks of: the States of the
  // review documents it cites, and of each "universal periodic review: X"
  // (a Council decision adopts one outcome; its report on a session lists
  // them all).
  const std::vector<core::Country> outcomes = states_named_after(all, "universal periodic review: ", countries);
  bool several_states = false;
  if (!review_kind) {
    std::set<std::string> reviewed;
    for (auto it = std::sregex_iterator(normalised_all.begin(), normalised_all.end(), wg6); it != std::sregex_iterator(); ++it)
      reviewed.insert((*it)[2].str());
    for (const auto& c : outcomes) reviewed.insert(c.iso3);
    several_states = reviewed.size() > 1;
  }
  if (several_states) {
    info.state.clear();
    info.state_name.clear();
  }
  const std::string low_head = lower(core::collapse_spaces(head));
  if (info.session == 0) {
    // "held its twentieth session" in the introduction.
    static const std::regex held(R"(held its ([a-z]+(?:[- ][a-z]+)?) session)");
    if (std::regex_search(low_head, m, held)) info.session = ordinal_number(m[1].str());
  }
  // A thematic list names its review in its running header: "UPR of
  // Slovenia (3rd Cycle - 34th Session)", "UPR of Egypt - Second Cycle".
  // Only there: its body (and an infographic's) speaks of earlier cycles.
  std::string list_header;
  if (kind == kind::kUprThematicList)
    for (const std::string& line : doc.meta.running_headers) list_header += lower(core::collapse_spaces(line)) + '\n';
  if (info.session == 0) {
    static const std::regex numbered(R"(\b(\d{1,2}) ?(?:st|nd|rd|th) session)");
    if (std::regex_search(list_header, m, numbered)) info.session = std::stoi(m[1].str());
  }
  info.cycle = upr_cycle_of_session(info.session);
  if (info.cycle == 0) {
    static const std::regex cycle(R"(\b([a-z]+|\d) ?(?:st|nd|rd|th)? cycle\b)");
    if (std::regex_search(list_header, m, cycle)) {
      const std::string n = m[1].str();
      info.cycle = std::isdigit(static_cast<unsigned char>(n[0])) ? n[0] - '0' : ordinal_word(n);
    }
  }
  if (info.session == 0 && (kind == kind::kUprWgReport || kind == kind::kUprAddendum || kind == kind::kUprThematicList)) {
    static const std::regex outcome(R"(^A/HRC/(\d+)/\d+)");
    for (const auto& s : info.symbols)
      if (std::regex_search(s, m, outcome)) {
        const int council = std::stoi(m[1].str());
        info.session = upr_session_of_council_session(council);
        if (info.cycle == 0) info.cycle = upr_cycle_of_council_session(council);
        break;
      }
  }

  // Treaty bodies: the symbol says which committee and which reports.
  // CRC's optional protocols put theirs before the State: CRC/C/OPSC/USA/CO/3-4.
  static const std::regex treaty(
      R"(^(CERD|CCPR|CAT|CRC|CEDAW|CRPD|CMW|CED|E/C\.12)/(?:C/)?(?:OP[A-Z]{2}/)?([A-Z]{3})/F?CO/([0-9\-]+))");
  for (const auto& s : info.symbols) {
    if (!std::regex_search(s, m, treaty)) continue;
    std::string body = m[1].str();
    info.body = body == "E/C.12" ? "cescr" : lower(body);
    info.report_cycle = m[3].str();
    if (info.state.empty())
      if (auto c = countries.by_iso3(m[2].str())) {
        info.state = c->iso3;
        info.state_name = c->name;
      }
    break;
  }

  if (kind == kind::kSpecialProcedures) describe_visit(doc, countries, info);

  // Phrases that name the State under review outright, which a title line
  // must not override: advance questions head each State's questions with
  // its name ("BELGIUM"), and a Council decision adopts one State's outcome.
  if (!several_states && !review_kind && info.state.empty()) {
    std::vector<core::Country> named = states_named_after(head, "advance questions to ", countries);
    named.insert(named.end(), outcomes.begin(), outcomes.end());
    if (!named.empty()) {
      info.state = named.front().iso3;
      info.state_name = named.front().name;
    }
  }

  // The State's name as a title line ("Slovenia", "Brazil*") near the top.
  // In a Working Group report or its addendum the title line wins over the
  // WG.6 symbol the report cites: Bahrain's first report was "previously
  // issued under the document symbol A/HRC/WG.6/1/BRA/4", a misprint.
  const bool title_decides = kind == kind::kUprWgReport || kind == kind::kUprAddendum;
  // Other documents' title lines are on their first page: further in, a
  // short line naming a State is a table's cell or a list's item (UN
  // Watch's scorecard of twelve reviews has "U.S.A." under its table of
  // the States that spoke).
  const std::size_t title_lines = title_decides ? 40 : 12;
  if (!several_states && (info.state.empty() || title_decides)) {
    for (std::size_t i = 0; i < doc.blocks.size() && i < title_lines; ++i) {
      std::string_view t = doc.blocks[i].text;
      if (t.size() > 80 || t.size() <= 3) continue;
      if (auto c = countries.find(t); c && !in_postal_address(doc.blocks, i)) {
        info.state = c->iso3;
        info.state_name = c->name;
        break;
      }
    }
  }
  if (!several_states && info.state.empty()) {
    // "... reports of Brazil" / "Universal Periodic Review Slovenia Addendum"
    // / "UPR of Slovenia (3rd Cycle - 34th Session)", the running header of
    // OHCHR's thematic lists.
    static const std::regex of(
        R"((?:review|reports?|situation|UPR) (?:of|on) ([A-Z][A-Za-z'’ \-]+?(?: \([A-Za-z ]+\))?)[*\s.,:]*(?:\n|Addendum|\(\d| [-–] |$))");
    const std::string collapsed = core::collapse_spaces(head);
    for (auto it = std::sregex_iterator(collapsed.begin(), collapsed.end(), of); it != std::sregex_iterator(); ++it) {
      if (auto c = countries.find((*it)[1].str())) {
        info.state = c->iso3;
        info.state_name = c->name;
        break;
      }
    }
  }

  if (!several_states && info.state.empty()) {
    // The review a text speaks of, in running prose: "the Universal
    // Periodic Review (UPR) of the Republic of Slovenia and welcome ...",
    // "the fourth cycle review of Slovenia at its 48th session" (the High
    // Commissioner's letters after a review), "... Third Cycle for
    // Australia" (a joint submission). Only where each such phrase names
    // the same State: a study of the review names many.
    if (auto one = one_state_named_after(head, {"review of ", "(upr) of ", "upr of ", "cycle for "}, countries)) {
      info.state = one->iso3;
      info.state_name = one->name;
    }
  }

  if (!several_states && info.state.empty() && (kind == kind::kCivilSociety || kind == kind::kOther)) {
    // A letter's addressees, above its salutation: a letter to "Parliament
    // of Australia" and the "Attorney-General for Australia" is about
    // Australia, though its text may name it only as "Australia's
    // cybersecurity". Only where every addressee's State is the same one,
    // and never below the salutation, where a signatory's address is the
    // writer's.
    static const std::regex salutation(R"((?:^|\n)\s*(?:Dear |To Whom It May Concern|Your Excellenc|Excellenc))",
                                       std::regex::icase);
    std::smatch opening;
    if (std::regex_search(head, opening, salutation)) {
      const std::string addressees = head.substr(0, static_cast<std::size_t>(opening.position(0)));
      if (auto one = one_state_named_after(addressees,
                                           {"parliament of ", "government of ", "attorney-general for ",
                                            "attorney general of ", "prime minister of ", "president of ",
                                            "minister for foreign affairs of ", "permanent mission of ", "embassy of "},
                                           countries)) {
        info.state = one->iso3;
        info.state_name = one->name;
      }
    }
  }

  // What the file says it is filed under: for a document that is not the
  // UN's own, its publisher's word on which State it is about outweighs
  // the States its text names (CLADEM's booklet on Bolivia quotes Chile's
  // review); for the UN's, it fills only a gap.
  if (auto filed = state_filed_under(doc, countries);
      filed && (info.state.empty() || kind == kind::kCivilSociety || kind == kind::kOther)) {
    info.state = filed->iso3;
    info.state_name = filed->name;
  }

  if ((kind == kind::kUprWgReport || kind == kind::kUprAddendum) && !info.state.empty()) {
    int hrc = 0;
    static const std::regex council(R"(human rights council ([a-z]+(?:-[a-z]+)?) session)");
    if (std::regex_search(low_head, m, council)) hrc = ordinal_number(m[1].str());
    static const std::regex own(R"(^A/HRC/(\d+)/\d+)");
    if (hrc == 0 && !info.symbols.empty() && std::regex_search(info.symbols.front(), m, own)) hrc = std::stoi(m[1].str());
    if (hrc > 0) info.review = info.state + "/hrc" + std::to_string(hrc);
  }
  if (kind == kind::kUprAddendum) {
    for (const auto& s : info.symbols) {
      auto at = s.find("/Add.");
      if (at != std::string::npos && s.rfind("A/HRC/", 0) == 0) {
        info.answers = s.substr(0, at);
        break;
      }
    }
  }
  info.title = printed_title(doc, kind, info.state_name);
  if (info.title.empty() && kind == kind::kUprThematicList) {
    // The list prints its title only in its running header ("Thematic list
    // of recommendations", beside "UPR of Slovenia (3rd Cycle - 34th
    // Session)").
    for (const std::string& line : doc.meta.running_headers)
      if (contains(lower(line), "thematic list") || contains(lower(line), "matri")) {
        info.title = line;
        if (!info.state_name.empty() && !contains(lower(line), lower(info.state_name))) info.title += ": " + info.state_name;
        break;
      }
  }
  if (kind == kind::kUprAdvanceQuestions) {
    // OHCHR's files carry another review's title in their properties ("UPR
    // Advance Questions - Micronesia" on Slovenia's): the first line names
    // the State, and which batch or addendum this is.
    info.title = "Advance questions to " + (info.state_name.empty() ? std::string("the State under review") : info.state_name);
    const std::string first = doc.blocks.empty() ? std::string() : lower(core::collapse_spaces(doc.blocks.front().text));
    static const std::regex part(R"(\b(add(?:\.|endum) ?\d*|(?:first|second|third|fourth|fifth|sixth) batch)\b)");
    if (std::regex_search(first, m, part)) {
      std::string which = m[1].str();
      if (which.rfind("add.", 0) == 0) which = "Add." + std::string(core::trim(std::string_view(which).substr(4)));
      info.title += " (" + which + ")";
    }
  }
  // A civil-society document has no UN symbol: those it prints are the
  // ones it cites (ARTICLE 19's letter on A/HRC/32/L.20, CLADEM's
  // compilations of the reports they quote). Taken as its own, they would
  // make two texts that cite one report language versions of one document.
  if (kind == kind::kCivilSociety) info.symbols.clear();
  return info;
}

bool is_placeholder_title(std::string_view title) {
  const std::string t = lower(core::collapse_spaces(title));
  if (t.empty() || t == "untitled" || t.rfind("microsoft word", 0) == 0) return true;
  // A masthead's words ("United Nations", "UNITED", "Nations Unies") or its
  // symbol, which text and HTML files often carry as their title.
  std::string rest = t;
  for (const std::string& symbol : find_symbols(title)) {
    const std::string low = lower(symbol);
    if (auto at = rest.find(low); at != std::string::npos) rest.erase(at, low.size());
  }
  static constexpr std::string_view kMastheads[] = {"united nations", "nations unies", "naciones unidas",
                                                     "организация объединенных наций", "Организация Объединенных Наций",
                                                     "الأمم المتحدة", "联合国"};
  // A text file's first block: the masthead with its symbol and what the
  // masthead prints beside them ("General Assembly  Distr.: General").
  if (!rest.empty() && rest.size() != t.size())
    for (std::string_view masthead : kMastheads)
      if (t.rfind(masthead, 0) == 0) return true;
  for (std::string_view masthead : kMastheads)
    if (auto at = rest.find(masthead); at != std::string::npos) rest.erase(at, masthead.size());
  // and its distribution line ("General Assembly Distr.: General").
  for (std::string_view masthead : {"united", "general assembly", "distr.:", "distr.", "general", "générale", "limited"})
    if (auto at = rest.find(masthead); at != std::string::npos) rest.erase(at, masthead.size());
  if (rest.find_first_not_of(" *-\xE2\x80\x93|,.") == std::string::npos) return true;
  for (std::string_view ext : {".doc", ".docx", ".pdf", ".rtf", ".odt", ".txt"})
    if (t.size() > ext.size() && t.compare(t.size() - ext.size(), ext.size(), ext) == 0) return true;
  return false;
}

}  // namespace hrdex::indexer::understand
