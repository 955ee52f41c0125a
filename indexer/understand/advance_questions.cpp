#include <cctype>

#include "core/text.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {
namespace {

// The State a line names as the one asking: the whole line ("DENMARK",
// "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND"), or its start
// before "on behalf of" ("PORTUGAL on behalf of the Group of Friends ...").
std::optional<core::Country> asker_of(std::string_view line, const core::CountryTable& countries) {
  if (line.size() > 160 || line.find('?') != std::string_view::npos) return std::nullopt;
  std::string_view name = core::trim(line);
  if (const std::size_t behalf = core::ascii_lower(name).find(" on behalf of "); behalf != std::string::npos)
    name = core::trim(name.substr(0, behalf));
  while (!name.empty() && (name.back() == ':' || name.back() == '.' || name.back() == ',')) name.remove_suffix(1);
  if (name.size() < 4 || name.size() > 80) return std::nullopt;
  return countries.find(name);
}

// A bullet printed as a character of its own ("•", "-", "▪"), which PDF
// text puts at the start of a paragraph or on a line alone.
std::string_view without_bullet(std::string_view text) {
  text = core::trim(text);
  for (std::string_view bullet : {"•", "▪", "◦", "-", "–", "*"})
    if (text.substr(0, bullet.size()) == bullet) return core::trim(text.substr(bullet.size()));
  return text;
}

}  // namespace

std::vector<Unit> parse_advance_questions(const std::vector<Para>& paras, const core::CountryTable& countries) {
  std::vector<Unit> out;
  std::optional<core::Country> asker;
  std::string topic;
  for (const Para& p : paras) {
    if (p.kind == extract::BlockKind::footnote) continue;
    if (auto state = asker_of(p.text, countries)) {
      asker = state;
      topic.clear();
      continue;
    }
    const std::string_view text = without_bullet(p.text);
    if (text.empty()) continue;
    if (!asker) {
      // The title ("ADVANCE QUESTIONS TO SLOVENIA – ADD.1") and any words
      // before the first State's name.
      if (p.kind != extract::BlockKind::heading) {
        Unit u;
        u.unit_kind = "paragraph";
        u.page = p.page;
        u.text = std::string(text);
        out.push_back(std::move(u));
      }
      continue;
    }
    // A line that carries on the question a page broke ("actions. The
    // delegation of Argentina would like to ask ...") joins it.
    if (!out.empty() && !out.back().recommending_states.empty() &&
        std::islower(static_cast<unsigned char>(text.front())) && text == core::trim(p.text)) {
      out.back().text.append(1, ' ').append(text);
      continue;
    }
    // A short line that asks nothing, under a State: the topic of the
    // questions after it ("Derechos de la mujer.", "[Informal translation
    // provided by Argentina]").
    if (p.kind == extract::BlockKind::heading ||
        (text.size() <= 60 && text.find('?') == std::string_view::npos && text == core::trim(p.text))) {
      topic = std::string(text);
      continue;
    }
    Unit u;
    u.unit_kind = "question";
    u.page = p.page;
    u.section = asker->name;
    u.subsection = topic;
    u.recommending_states = {asker->iso3};
    u.text = std::string(text);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace hrdex::indexer::understand
