#include "core/text.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {
namespace {

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

bool asks(std::string_view text) {
  const std::string t = " " + core::ascii_lower(text);
  for (std::string_view m : {"we urge", "we suggest", "we call on", "we call upon", "we ask", "we request",
                             "we recommend", "we encourage", "we invite", " should ", "must ", "urge the", "urges the",
                             "calls on", "call on the"})
    if (contains(t, m)) return true;
  return false;
}

bool signs_off(std::string_view text) {
  const std::string t = core::ascii_lower(text.substr(0, 80));
  for (std::string_view m : {"sincerely", "signed", "signatories", "respectfully", "kind regards", "best regards",
                             "on behalf of the undersigned", "endorsed by", "co-signed", "signatory organizations",
                             "signatory organisations"})
    if (t.rfind(m, 0) == 0 || t == m) return true;
  return false;
}

}  // namespace

LetterFindings parse_letter(const std::vector<Para>& paras) {
  LetterFindings out;
  std::string section;
  bool signing = false;
  for (const Para& p : paras) {
    if (p.kind == extract::BlockKind::footnote) continue;
    if (signing) {
      // After the sign-off, short lines are the signatories, one or several
      // on a line separated by commas or semicolons.
      if (p.text.size() <= 200) {
        for (const std::string& part : core::split(p.text, p.text.find(';') != std::string::npos ? ';' : '\n')) {
          std::string name(core::trim(part));
          while (!name.empty() && (name.back() == '.' || name.back() == ',')) name.pop_back();
          if (!name.empty()) out.signatories.push_back(name);
        }
        continue;
      }
      signing = false;
    }
    if (signs_off(p.text)) {
      signing = true;
      continue;
    }
    if (p.kind == extract::BlockKind::heading) {
      section = p.text;
      continue;
    }
    const std::string low = core::ascii_lower(p.text.substr(0, 60));
    if (out.addressee.empty() && (low.rfind("dear ", 0) == 0 || low.rfind("to:", 0) == 0)) {
      std::string_view rest = std::string_view(p.text).substr(low[0] == 'd' ? 5 : 3);
      out.addressee = std::string(core::trim(rest.substr(0, rest.find_first_of(",:\n"))));
      if (out.addressee.size() > 120) out.addressee.resize(120);
      continue;
    }
    Unit u;
    u.unit_kind = asks(p.text) ? "ask" : "paragraph";
    u.number = p.number;
    u.page = p.page;
    u.section = section;
    u.text = p.text;
    out.units.push_back(std::move(u));
  }
  return out;
}

}  // namespace hrdex::indexer::understand
