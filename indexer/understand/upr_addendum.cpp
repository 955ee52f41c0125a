#include <regex>

#include "core/text.hpp"
#include "indexer/understand/lexicon.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {
namespace {

// "supported" or "noted" for the State's wording; empty when it is neither.
std::string position_of(std::string_view wording) { return lexicon::position(core::fold(wording)); }

std::string range_end(const std::string& from, const std::string& to) {
  // "122.17-18": the end shares the start's paragraph number.
  auto dot = from.find('.');
  if (dot != std::string::npos && to.find('.') == std::string::npos) return from.substr(0, dot + 1) + to;
  return to;
}

// En and em dashes become hyphens: std::regex works on bytes, and ranges are
// printed with any of the three.
std::string plain_dashes(std::string_view text) {
  return core::replace_marks(text, {{"\xE2\x80\x93", '-'}, {"\xE2\x80\x94", '-'}});
}

}  // namespace

std::vector<std::string> expand_recommendation_list(std::string_view list) {
  std::vector<std::string> out;
  static const std::regex item(R"((\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?)");
  const std::string s = plain_dashes(list);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), item); it != std::sregex_iterator(); ++it) {
    const std::string from = (*it)[1].str();
    if (!(*it)[2].matched) {
      out.push_back(from);
      continue;
    }
    const std::string to = range_end(from, (*it)[2].str());
    auto split = [](const std::string& n) {
      auto dot = n.find('.');
      return dot == std::string::npos ? std::make_pair(std::string(), n) : std::make_pair(n.substr(0, dot + 1), n.substr(dot + 1));
    };
    auto [p1, a] = split(from);
    auto [p2, b] = split(to);
    int lo = std::stoi(a), hi = std::stoi(b);
    // A range is never longer than a report: a misread one is kept as its ends.
    if (p1 != p2 || hi < lo || hi - lo > 400) {
      out.push_back(from);
      out.push_back(to);
      continue;
    }
    for (int k = lo; k <= hi; ++k) out.push_back(p1 + std::to_string(k));
  }
  return out;
}

std::vector<core::Response> parse_upr_responses(const std::vector<Para>& paras) {
  std::vector<core::Response> out;
  // The verb, up to 120 bytes of words, then the list of numbers; a
  // clause may sit between "recommendations" and its list ("accepts the
  // following recommendations and provides some additional information
  // about the implementation: 140.11, ..."). The verbs and the word
  // "recommendation" in the six UN languages (lexicon.hpp decides what
  // each verb means); numbers are joined by commas, semicolons and each
  // language's "and".
  static const std::regex statement(
      "(\\b(?:"
      // English
      "(?:does not|do not|cannot|can not)\\s+(?:support|accept)|supports?(?: in part)?|supported(?: in part)?|accepts?|"
      "accepted|takes? note of|took note of|notes|noted|rejects?|"
      // French
      "(?:ne|n'|n\xE2\x80\x99)\\s*(?:soutient|accepte|appuie|peut (?:pas )?accepter)(?: pas)?|accepte|soutient|"
      "appuie|approuve|prend note|a pris note|rejette|"
      // Spanish
      "no (?:apoya|acepta|puede aceptar)|acepta|apoya|respalda|toma nota|ha tomado nota|rechaza"
      // Scripts without capitals or ASCII word characters, where \\b would never hold
      ")\\b|"
      // Russian
      "не поддерживает|не принимает|поддерживает|принимает к сведению|принимает|отклоняет|"
      // Arabic
      "لا تؤيد|تؤيد|تقبل|تحيط|ترفض|"
      // Chinese
      "不支持|不接受|支持|接受|注意到"
      ")[^0-9]{0,120}?"
      "(?:recommendations?|recommandations?|recomendaci(?:ón|ones)|рекомендаци(?:и|я|ю|ям|ях)|التوصيات|التوصية|建议)"
      "(?:\\s+and\\s[^0-9:]{0,120}:)?\\s*(?:nos?\\.?\\s*)?:?\\s*"
      "((?:\\d+(?:\\.\\d+)?(?:\\s*-\\s*\\d+(?:\\.\\d+)?)?"
      "(?:\\s*(?:,|;|\\.\\s|and|et|y|e|и|و|\xE3\x80\x81|\xEF\xBC\x8C|和)\\s*(?=\\d))?)+)",
      std::regex::icase);
  // The United States answers some recommendations one by one, the number
  // first and the position inside: "92.9 Recommendation that ...: We support
  // in part this recommendation".
  static const std::regex own_position(
      R"(\b((?:does not|do not|cannot|can not)\s+(?:support|accept)|supports?(?: in part)?|accepts?|takes? note|rejects?)\b\s+(?:this|the|these)\s+recommendations?)",
      std::regex::icase);
  static const std::regex leading_number(R"(^\s*(?:recommendations?\s+)?(\d{1,3}\.\d{1,3}(?:\s*-\s*\d{1,3}(?:\.\d{1,3})?)?))",
                                         std::regex::icase);
  auto seen = [&out](const std::string& n) {
    for (const auto& r : out)
      if (r.number == n) return true;
    return false;
  };
  std::string heading;
  for (const Para& p : paras) {
    if (p.kind == extract::BlockKind::heading) {
      if (!position_of(p.text).empty()) heading = p.text;
      continue;
    }
    const std::string t = plain_dashes(p.text);
    const std::size_t answered = out.size();
    for (auto it = std::sregex_iterator(t.begin(), t.end(), statement); it != std::sregex_iterator(); ++it) {
      const std::string verb = (*it)[1].str();
      const std::string position = position_of(verb);
      if (position.empty()) continue;
      std::string wording = core::collapse_spaces(verb);
      if (!heading.empty() && position_of(heading) == position) wording = heading;
      for (std::string& n : expand_recommendation_list((*it)[2].str()))
        if (!seen(n)) out.push_back(core::Response{std::move(n), position, wording});
    }
    if (out.size() != answered) continue;
    // Only a paragraph that opens with a recommendation number answers it
    // this way: a comment elsewhere may say "Slovenia supports ..." about
    // something else.
    std::string numbers = p.number.find('.') != std::string::npos ? p.number : std::string();
    if (std::smatch m; numbers.empty() && std::regex_search(t, m, leading_number)) numbers = m[1].str();
    if (numbers.empty()) continue;
    std::smatch m;
    if (!std::regex_search(t, m, own_position)) continue;
    const std::string position = position_of(m[1].str());
    if (position.empty()) continue;
    for (std::string& n : expand_recommendation_list(plain_dashes(numbers)))
      if (!seen(n)) out.push_back(core::Response{std::move(n), position, core::collapse_spaces(m[1].str())});
  }
  return out;
}

}  // namespace hrdex::indexer::understand
