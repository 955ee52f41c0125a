#include "indexer/understand/title.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <vector>

#include "core/text.hpp"
#include "indexer/understand/lexicon.hpp"

namespace hrdex::indexer::understand {

namespace {

using extract::Block;
using extract::BlockKind;
using extract::ExtractedDocument;

constexpr std::size_t kMaxTitle = 300;

// Words of three or more letters, folded: what a title and a page share.
// Bytes of other scripts count as letters.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  const std::string f = core::fold(text);
  std::string word;
  bool letters = false;
  auto flush = [&] {
    if (word.size() >= 3 && letters) words.push_back(word);
    word.clear();
    letters = false;
  };
  for (char c : f) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      word += c;
      letters = letters || !std::isdigit(u);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return s.starts_with(p); });
}

bool contains_any(std::string_view s, std::initializer_list<std::string_view> parts) {
  return std::any_of(parts.begin(), parts.end(), [&](std::string_view p) { return s.find(p) != std::string_view::npos; });
}

// Words that say something, besides the names of months and the words a
// date line carries ("4 February 2019 via email", "November 2025").
std::size_t saying_words(std::string_view text) {
  static const std::set<std::string> kDateWords = {
      "january", "february", "march",    "april",   "may",       "june",     "july",      "august",
      "september", "october", "november", "december", "janvier",  "fevrier",  "mars",      "avril",
      "juin",    "juillet",  "aout",     "septembre", "octobre", "novembre", "decembre", "enero",
      "febrero", "marzo",    "abril",    "mayo",     "junio",    "julio",    "agosto",    "septiembre",
      "octubre", "noviembre", "diciembre", "via",    "email",    "mail"};
  std::size_t n = 0;
  for (const std::string& w : words_of(text))
    if (!kDateWords.contains(w) && std::none_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      ++n;
  return n;
}

bool mostly_capitals(std::string_view text) {
  std::size_t upper = 0, letters = 0;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalpha(u)) continue;
    ++letters;
    if (std::isupper(u)) ++upper;
  }
  return letters > 0 && upper * 5 >= letters * 4;
}

// OCR of a crest or a signature: few letters among the characters.
bool garbled(std::string_view text) {
  std::size_t letters = 0, visible = 0;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u)) continue;
    ++visible;
    if (std::isalpha(u) || u >= 0x80) ++letters;
  }
  return visible == 0 || letters * 10 < visible * 6;
}

bool ohchr_letterhead(std::string_view text, std::string_view folded) {
  if (lexicon::lexicon().ohchr_letterhead.in(folded)) return true;
  return mostly_capitals(text) && contains_any(folded, {"high commissioner", "haut-commissa", "droits de l"});
}

// A line of the masthead, letterhead or address block: never the title.
bool furniture(std::string_view text, std::string_view folded) {
  if (saying_words(text) < 2 || garbled(text) || is_placeholder_title(text) || ohchr_letterhead(text, folded))
    return true;
  if (contains_any(folded, {"http", "www.", "@", "p.o. box", "po box", "tel:", "tel.", "fax", "original:"})) return true;
  if (starts_with_any(folded, {"hon.", "honorable", "honourable", "senator", "rt. hon", "rt hon", "h.e.", "cc:", "cc ",
                               "his excellency", "her excellency", "distr"}))
    return true;
  if (text.size() < 80 && !find_symbols(text).empty()) return true;
  return mostly_capitals(text) &&
         contains_any(folded, {"united nations", "nations unies", "naciones unidas", "palais des nations", "geneva",
                               "geneve", "switzerland"});
}

// The cover ends where the body starts: a numbered or a long paragraph.
bool body(const Block& b) {
  if (b.kind == BlockKind::heading) return false;
  const std::string_view t = b.text;
  return t.size() > 250 || (!t.empty() && t.back() == '.' && words_of(t).size() >= 12) ||
         (!t.empty() && std::isdigit(static_cast<unsigned char>(t.front())) && t.find(". ") < 5);
}

// "Dear Members of the European Parliament," -> "Members of the European
// Parliament"; "To Whom It May Concern:", "Excellency," -> "" (no one in
// particular). Not a salutation -> nullopt.
std::optional<std::string> salutation(std::string_view text, std::string_view folded) {
  if (text.size() > 150 || text.empty()) return std::nullopt;
  const char last = text.back();
  static constexpr std::string_view kGeneric[] = {
      "excellency", "your excellency", "excellencies", "madam", "sir", "madam, sir", "sir or madam", "sir/madam",
      "mr president", "mr. president", "madam president", "ladies and gentlemen", "colleagues", "dear colleagues",
      "dear friends", "dear all", "dear sir", "dear madam", "dear sir or madam", "dear sir/madam",
      "to whom it may concern", "monsieur le president", "madame la presidente", "senor presidente", "madame",
      "monsieur"};
  std::string bare(folded);
  while (!bare.empty() && (bare.back() == ',' || bare.back() == ':' || bare.back() == ' ')) bare.pop_back();
  for (std::string_view g : kGeneric)
    if (bare == g) return std::string();
  if (last != ',' && last != ':') return std::nullopt;
  std::string_view rest;
  if (folded.starts_with("dear ")) rest = text.substr(5);
  else if (folded.starts_with("to ") && folded.find(" of ") != std::string_view::npos) rest = text.substr(3);
  else if (folded.starts_with("to ") && saying_words(text) >= 3) rest = text.substr(3);
  else return std::nullopt;
  std::string addressee(core::trim(rest));
  while (!addressee.empty() && (addressee.back() == ',' || addressee.back() == ':')) addressee.pop_back();
  return addressee;
}

// At most kMaxTitle bytes, cut between words.
std::string shortened(std::string text, std::size_t limit = kMaxTitle) {
  if (text.size() <= limit) return text;
  std::size_t cut = text.rfind(' ', limit - 3);
  if (cut == std::string::npos || cut < limit / 2) cut = limit - 3;
  // Never inside a character: back to the first byte of a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  while (!text.empty() && (text.back() == ',' || text.back() == ';' || text.back() == ':')) text.pop_back();
  return text + "\u2026";
}

// The first sentence of a letter's body: what the letter is for ("The
// undersigned organizations write today to urge you to protect Australia's
// cybersecurity.").
std::string first_sentence(const std::vector<const Block*>& blocks, std::size_t from) {
  for (std::size_t i = from; i < blocks.size() && i < from + 4; ++i) {
    const std::string& t = blocks[i]->text;
    if (words_of(t).size() < 8) continue;
    std::size_t end = t.find(". ");
    while (end != std::string::npos && end < 40) end = t.find(". ", end + 2);
    return shortened(end == std::string::npos ? t : t.substr(0, end + 1), 200);
  }
  return {};
}

// A title without the asterisk that calls its footnote ("Tonga*").
std::string without_note_mark(std::string title) {
  for (;;) {
    const std::size_t size = title.size();
    if (title.ends_with("\u2217")) title.resize(size - 3);
    while (!title.empty() && (title.back() == '*' || title.back() == ' ')) title.pop_back();
    if (title.size() == size) return title;
  }
}

}  // namespace

bool printed_in(const ExtractedDocument& doc, std::string_view title) {
  const std::vector<std::string> wanted = words_of(title);
  if (wanted.empty()) return false;
  // Printed as a title is printed in one place: a running header, or a
  // few lines in a row of the first two pages. Words strewn over the
  // pages ("UPR Info document" on a guide that says "UPR Info's Database"
  // and, further down, "this document") are not its title.
  std::vector<std::set<std::string>> lines;
  for (const std::string& line : doc.meta.running_headers) {
    const std::vector<std::string> words = words_of(line);
    lines.emplace_back(words.begin(), words.end());
  }
  const std::size_t headers = lines.size();
  const int first_page = doc.blocks.empty() ? 0 : doc.blocks.front().page;
  std::size_t read = 0;
  for (const Block& b : doc.blocks) {
    if (first_page > 0 ? b.page > first_page + 1 : read > 20000) break;
    read += b.text.size();
    const std::vector<std::string> words = words_of(b.text);
    lines.emplace_back(words.begin(), words.end());
  }
  auto found_in = [&](std::size_t from, std::size_t to) {
    return static_cast<std::size_t>(std::count_if(wanted.begin(), wanted.end(), [&](const std::string& w) {
      for (std::size_t i = from; i < to; ++i)
        if (lines[i].contains(w)) return true;
      return false;
    }));
  };
  constexpr std::size_t kWindow = 3;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t to = i < headers ? i + 1 : std::min(lines.size(), i + kWindow);
    if (found_in(i, to) * 5 >= wanted.size() * 4) return true;
  }
  return false;
}

std::string readable_case(std::string text) {
  bool letters = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::islower(u) || u >= 0x80) return text;
    letters = letters || std::isupper(u);
  }
  if (!letters) return text;
  // Abbreviations a title in capitals keeps; not those that are words too
  // ("US", "WHO").
  static const std::set<std::string, std::less<>> kAbbreviations = {
      "UN",    "UPR",   "OHCHR",  "NGO",   "HRC",  "CERD",   "CCPR",  "CAT",    "CRC",   "CEDAW", "CRPD", "CMW",
      "CED",   "CESCR", "ICCPR",  "ICESCR", "ICERD", "NHRI", "LGBT",  "LGBTI",  "LGBTQI", "SDG",  "EU",   "OSCE",
      "ILO",   "UNICEF", "UNHCR", "UNDP",  "UNESCO", "UNFPA", "USA",  "UK",     "OP",    "OPCAT", "II",   "III",  "IV",
      "VI",    "VII",   "VIII",   "IX",    "XI",    "XII"};
  // A word as a title in sentence case prints it.
  auto cased = [](const std::string& word) {
    if (std::any_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '/'; }))
      return word;  // a symbol or a number: "A/HRC/16/11", "2030"
    if (kAbbreviations.contains(word)) return word;
    // Abbreviations in the plural are printed "NGOS" in capitals.
    if (word.size() > 2 && word.back() == 'S' && kAbbreviations.contains(word.substr(0, word.size() - 1)))
      return word.substr(0, word.size() - 1) + "s";
    return core::ascii_lower(word);
  };
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    // A run of letters and digits, or one other character.
    std::size_t j = i;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '/' || text[j] == '.'))
      ++j;
    if (j == i) {
      out += text[i++];
      continue;
    }
    const std::string word = text.substr(i, j - i);
    out += cased(word);
    i = j;
  }
  // The names of UN bodies, treaties and States parties.
  static const std::vector<std::string_view> kNames = {
      // Longer names before the names inside them.
      "Office of the United Nations High Commissioner for Human Rights",
      "Office of the High Commissioner for Human Rights", "High Commissioner for Human Rights",
      "Human Rights Council", "Universal Periodic Review", "United Nations", "Working Group", "General Assembly",
      "Economic and Social Council", "High Commissioner", "Special Rapporteur", "Human Rights Committee",
      "Committee against Torture", "Committee on the Elimination of Racial Discrimination",
      "Committee on the Elimination of Discrimination against Women", "Committee on the Rights of the Child",
      "Committee on Economic, Social and Cultural Rights", "Committee on the Rights of Persons with Disabilities",
      "Committee on Enforced Disappearances", "Committee on Migrant Workers", "Subcommittee on Prevention of Torture",
      "Convention against Torture", "Convention on the Rights of the Child", "International Covenant",
      "Optional Protocol", "States parties", "State party", "United States", "United Kingdom", "European Union"};
  for (std::string_view name : kNames) {
    const std::string low = core::ascii_lower(name);
    for (std::size_t at = out.find(low); at != std::string::npos; at = out.find(low, at + 1)) {
      const bool word_start = at == 0 || !std::isalpha(static_cast<unsigned char>(out[at - 1]));
      const std::size_t after = at + low.size();
      const bool word_end = after >= out.size() || !std::isalpha(static_cast<unsigned char>(out[after]));
      if (word_start && word_end) out.replace(at, name.size(), name);
    }
  }
  // Capitals again: the first letter, and the first after a colon, a
  // question mark or an exclamation mark.
  auto capitalise_from = [&](std::size_t at) {
    while (at < out.size() && !std::isalpha(static_cast<unsigned char>(out[at]))) ++at;
    if (at < out.size()) out[at] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[at])));
  };
  capitalise_from(0);
  for (std::size_t at = out.find_first_of(":?!"); at != std::string::npos; at = out.find_first_of(":?!", at + 1))
    capitalise_from(at + 1);
  return out;
}

constexpr std::string_view kHighCommissionersLetter = "Letter of the United Nations High Commissioner for Human Rights";

std::string cover_title(const ExtractedDocument& doc) {
  if (doc.blocks.empty()) return {};
  const int first_page = doc.blocks.front().page;
  std::vector<const Block*> cover;
  for (const Block& b : doc.blocks) {
    if (b.page != first_page || cover.size() >= 40) break;
    if (b.kind != BlockKind::footnote) cover.push_back(&b);
  }
  std::size_t heading = cover.size(), line = cover.size();
  bool letterhead = false;
  std::size_t i = 0;
  for (; i < cover.size(); ++i) {
    const Block& b = *cover[i];
    const std::string folded = core::fold(b.text);
    if (ohchr_letterhead(b.text, folded)) letterhead = true;
    if (auto addressee = salutation(b.text, folded)) {
      if (heading < cover.size() || line < cover.size()) break;
      if (letterhead) return std::string(kHighCommissionersLetter);
      if (!addressee->empty()) return shortened("Letter to " + *addressee);
      return first_sentence(cover, i + 1);
    }
    if (body(b)) break;
    if (furniture(b.text, folded)) continue;
    if (b.kind == BlockKind::heading) {
      heading = i;
      break;
    }
    if (line == cover.size() && b.text.back() != ':') line = i;
  }
  const std::size_t at = heading < cover.size() ? heading : line;
  if (at == cover.size()) return {};
  std::string title = cover[at]->text;
  // "UNIVERSAL PERIODIC REVIEW:" over "AN AMBIVALENT EXERCISE".
  if (at > 0 && !cover[at - 1]->text.empty() && cover[at - 1]->text.back() == ':' && cover[at - 1]->text.size() < 80 &&
      !furniture(cover[at - 1]->text, core::fold(cover[at - 1]->text)))
    title = cover[at - 1]->text + " " + title;
  // A short title and the subtitle under it ("Beyond promises" / "The
  // impact of the UPR on the ground").
  if (at == heading && title.size() <= 80 && at + 1 < cover.size() && cover[at + 1]->kind == BlockKind::heading &&
      !cover[at + 1]->text.empty() && !furniture(cover[at + 1]->text, core::fold(cover[at + 1]->text))) {
    const std::string& sub = cover[at + 1]->text;
    const char end = title.back();
    title += (end == ':' || end == '?' || end == '!' || end == '.' || sub.front() == '(') ? " " : ": ";
    title += sub;
  }
  // An organisation's name set large as a logo ("GLOBAL PARTNERS DIGITAL"),
  // alone, under the title line that names the document.
  if (at == heading && title == cover[at]->text && line < heading && mostly_capitals(title) &&
      words_of(title).size() <= 3)
    title = cover[line]->text;
  return shortened(core::collapse_spaces(title));
}

std::string document_title(const ExtractedDocument& doc, const DocumentInfo& info) {
  const std::string& own = doc.meta.title;
  // Advance questions print the State they are sent to; their file
  // properties keep the template's review's.
  if (info.kind == kind::kUprAdvanceQuestions && !info.title.empty()) return without_note_mark(info.title);
  // One word in a file's properties is its file's name ("slovenia" on
  // Piktochart's infographic), not the title it prints.
  const bool one_word = doc.meta.title_from_properties && own.find(' ') == std::string::npos;
  const bool trusted = !own.empty() && !doc.meta.title_guessed && !is_placeholder_title(own) && !one_word &&
                       (!doc.meta.title_from_properties || printed_in(doc, own));
  if (trusted) return readable_case(own);
  if (!info.title.empty()) return without_note_mark(info.title);
  // A Working Group report that misprints or leaves out its title line
  // (Peru's first, under "UNIVERSAL PERIODIC REVIEW") has the title every
  // such report has.
  if (info.kind == kind::kUprWgReport && !info.state_name.empty())
    return "Report of the Working Group on the Universal Periodic Review: " + info.state_name;
  if (std::string cover = cover_title(doc); !cover.empty()) {
    // The High Commissioner writes one such letter to each State after
    // its review: the State tells them apart in a list of results.
    if (cover == kHighCommissionersLetter && !info.state_name.empty()) cover += ": " + info.state_name;
    return readable_case(without_note_mark(cover));
  }
  return readable_case(own);
}

}  // namespace hrdex::indexer::understand
