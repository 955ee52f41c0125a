#include "indexer/understand/understand.hpp"

#include <map>

#include "indexer/understand/paragraphs.hpp"
#include "indexer/understand/parsers.hpp"

namespace hrdex::indexer::understand {

Understanding understand(const extract::ExtractedDocument& doc, std::string_view kind, const core::CountryTable& countries) {
  Understanding out;
  out.info = describe(doc, kind, countries);
  const std::vector<Para> paras = paragraphs(doc, out.info.symbols);
  if (kind == kind::kUprWgReport) {
    UprReportFindings report = parse_upr_report(paras, countries);
    out.units = std::move(report.units);
    out.warnings = std::move(report.warnings);
  } else if (kind == kind::kUprAddendum) {
    out.responses = parse_upr_responses(paras);
    out.units = parse_numbered_paragraphs(paras);
  } else if (kind == kind::kUprThematicList) {
    ThematicListFindings list = parse_thematic_list(paras, countries);
    out.units = std::move(list.units);
    out.warnings = std::move(list.warnings);
    if (out.units.empty()) out.units = parse_numbered_paragraphs(paras);
    if (out.info.state.empty())
      if (auto state = state_named_in_recommendations(out.units, countries)) {
        out.info.state = state->iso3;
        out.info.state_name = state->name;
        if (!out.info.title.empty()) out.info.title += ": " + state->name;
      }
    // A list whose running header did not reach us (a legacy .doc) prints
    // no title anywhere else.
    if (out.info.title.empty()) {
      out.info.title = "Thematic list of recommendations";
      if (!out.info.state_name.empty()) out.info.title += ": " + out.info.state_name;
    }
  } else if (kind == kind::kUprAdvanceQuestions) {
    out.units = parse_advance_questions(paras, countries);
  } else if (kind == kind::kTreatyCo || kind == kind::kTreatyFollowup) {
    CoFindings co = parse_treaty_co(paras);
    out.units = std::move(co.units);
    out.followup_paragraphs = std::move(co.followup_paragraphs);
    out.next_report_date = std::move(co.next_report_date);
  } else if (kind == kind::kSpecialProcedures) {
    out.units = parse_special_procedures(paras);
  } else if (kind == kind::kCivilSociety) {
    LetterFindings letter = parse_letter(paras);
    out.units = std::move(letter.units);
    out.addressee = std::move(letter.addressee);
    out.signatories = std::move(letter.signatories);
  } else {
    out.units = parse_numbered_paragraphs(paras);
  }
  const std::string symbol = out.info.symbols.empty() ? std::string() : out.info.symbols.front();
  for (auto& u : out.units) u.symbol = symbol;
  return out;
}

void apply_responses(std::vector<core::UnitRecord>& units, const std::vector<core::Response>& responses,
                     const std::string& source) {
  std::map<std::string, const core::Response*> by_number;
  for (const auto& r : responses) by_number.emplace(r.number, &r);
  int position = 0;
  for (auto& u : units) {
    if (u.unit_kind != "recommendation") continue;
    ++position;
    if (u.response_source == source || u.response.empty()) {
      // Back to what the report itself says: recommendations it lists as
      // supported or noted at the review have that position before, and
      // without, any addendum (Slovenia's third review: 58 supported in the
      // report, the other 157 answered in the addendum).
      u.response = u.group == "supported" || u.group == "noted" ? u.group : std::string();
      u.response_text.clear();
      u.response_source.clear();
    }
    auto it = by_number.find(u.number);
    if (it == by_number.end()) it = by_number.find(std::to_string(position));
    if (it == by_number.end()) continue;
    u.response = it->second->response;
    u.response_text = it->second->response_text;
    u.response_source = source;
  }
}

}  // namespace hrdex::indexer::understand
