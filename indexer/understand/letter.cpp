#include <cctype>

#include "core/text.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {
namespace {

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

bool asks(std::string_view text) {
  const std::string t = std::string(" ").append(core::ascii_lower(text));
  for (std::string_view m : {"we urge", "we suggest", "we call on", "we call upon", "we ask", "we request",
                             "we recommend", "we encourage", "we invite", " should ", "must ", "urge the", "urges the",
                             "calls on", "call on the"})
    if (contains(t, m)) return true;
  return false;
}

// The length of the sign-off a paragraph opens with ("Sincerely,"), or 0.
std::size_t sign_off_length(std::string_view text) {
  const std::string t = core::ascii_lower(text.substr(0, 80));
  for (std::string_view m : {"yours sincerely", "sincerely", "signed", "signatory organizations", "signatory organisations",
                             "signatories", "respectfully", "kind regards", "best regards", "on behalf of the undersigned",
                             "endorsed by", "co-signed"}) {
    if (t.rfind(m, 0) != 0) continue;
    // A word that merely starts the same way ("Signedness") is no sign-off.
    if (t.size() > m.size() && std::isalpha(static_cast<unsigned char>(t[m.size()]))) continue;
    std::size_t n = m.size();
    while (n < text.size() && (text[n] == ',' || text[n] == ':' || text[n] == ' ' || text[n] == '\n')) ++n;
    return n;
  }
  return 0;
}

void add_signatories(std::string_view text, std::vector<std::string>& out) {
  for (const std::string& part : core::split(text, text.find(';') != std::string_view::npos ? ';' : '\n')) {
    std::string name(core::trim(part));
    while (!name.empty() && (name.back() == '.' || name.back() == ',')) name.pop_back();
    if (!name.empty()) out.push_back(name);
  }
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
        add_signatories(p.text, out.signatories);
        continue;
      }
      signing = false;
    }
    if (std::size_t n = sign_off_length(p.text); n > 0) {
      signing = true;
      // Text extraction may join the first signatory to the sign-off
      // ("Sincerely, Invented Rights Watch"): it was lost before.
      if (n < p.text.size() && p.text.size() - n <= 200) add_signatories(std::string_view(p.text).substr(n), out.signatories);
      continue;
    }
    if (p.kind == extract::BlockKind::heading) {
      section = p.text;
      continue;
    }
    const std::string low = core::ascii_lower(p.text.substr(0, 60));
    if (out.addressee.empty() && (low.rfind("dear ", 0) == 0 || low.rfind("to:", 0) == 0)) {
      std::string_view rest = std::string_view(p.text).substr(low[0] == 'd' ? 5 : 3);
      const std::size_t end = rest.find_first_of(",:\n");
      out.addressee = std::string(core::trim(rest.substr(0, end)));
      if (out.addressee.size() > 120) out.addressee.resize(120);
      // The salutation may share its block with the first paragraph.
      std::string_view body = end == std::string_view::npos ? std::string_view() : core::trim(rest.substr(end + 1));
      if (body.empty()) continue;
      Unit u;
      u.unit_kind = asks(body) ? "ask" : "paragraph";
      u.page = p.page;
      u.section = section;
      u.text = std::string(body);
      out.units.push_back(std::move(u));
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
