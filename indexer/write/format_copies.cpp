#include "indexer/write/format_copies.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "core/text.hpp"

namespace hrdex::indexer::write {
namespace {

int understood(const core::DocumentRecord& r) {
  return !r.state.empty() + !r.title.empty() + !r.date.empty() + (r.session > 0) + (r.cycle > 0) + (r.page_count > 0);
}

// Higher holds more: a Word or ODF file keeps headings, tables and page
// headers; a PDF keeps pages; legacy .doc is read as plain text.
int format_rank(const std::string& format) {
  static const std::array<std::string_view, 6> order = {"text", "markdown", "doc", "html", "pdf", "docx"};
  if (format == "odt") return static_cast<int>(order.size()) - 1;
  auto it = std::find(order.begin(), order.end(), format);
  return it == order.end() ? -1 : static_cast<int>(it - order.begin());
}

}  // namespace

std::string comparable_text(const std::string& text) {
  std::string out = core::fold(text);
  std::erase_if(out, [](unsigned char c) { return c < 0x80 && !std::isalnum(c); });
  return out;
}

bool same_units(const std::vector<UnitText>& a, const std::vector<UnitText>& b) {
  auto numbered = [](const std::vector<UnitText>& units) {
    std::vector<UnitText> out;
    for (const UnitText& u : units)
      if (!u.number.empty()) out.push_back({u.number, comparable_text(u.text)});
    return out;
  };
  std::vector<UnitText> na = numbered(a), nb = numbered(b);
  const bool by_number = !na.empty() && !nb.empty();
  if (!by_number) {
    for (const UnitText& u : a) na.push_back({"", comparable_text(u.text)});
    for (const UnitText& u : b) nb.push_back({"", comparable_text(u.text)});
  }
  if (na.empty() || nb.empty()) return false;
  // Number (empty without numbers) -> the beginnings of its texts on one side.
  std::map<std::string, std::multiset<std::string>> side;
  const std::size_t prefix = by_number ? 60 : std::string::npos;
  for (const UnitText& u : na) side[u.number].insert(u.text.substr(0, prefix));
  std::size_t shared = 0;
  for (const UnitText& u : nb) {
    auto it = side.find(u.number);
    if (it == side.end()) continue;
    if (auto t = it->second.find(u.text.substr(0, prefix)); t != it->second.end()) {
      it->second.erase(t);
      ++shared;
    }
  }
  const std::size_t larger = std::max(na.size(), nb.size());
  return by_number ? shared * 10 >= larger * 9 : shared * 20 >= larger * 19;
}

bool better_copy(const core::DocumentRecord& a, const core::DocumentRecord& b) {
  // More understood, higher format, then the earlier path.
  return std::make_tuple(understood(a), format_rank(a.format), b.path) >
         std::make_tuple(understood(b), format_rank(b.format), a.path);
}

std::vector<core::DocumentRecord> format_copies(const IndexWriter& writer, const BuiltDocument& doc) {
  std::vector<core::DocumentRecord> out;
  if (doc.record.symbol.empty() || doc.units.empty()) return out;
  std::vector<UnitText> units;
  for (const Xapian::Document& xunit : doc.units)
    if (auto unit = core::unit_from_json(xunit.get_data())) units.push_back({unit->number, unit->text});
  for (core::DocumentRecord& other : writer.documents_with_symbol(doc.record.symbol)) {
    if (other.id == doc.record.id || other.language != doc.record.language) continue;
    std::vector<UnitText> theirs;
    for (auto& [number, text] : writer.unit_texts(other.id)) theirs.push_back({std::move(number), std::move(text)});
    if (same_units(theirs, units)) out.push_back(std::move(other));
  }
  return out;
}

}  // namespace hrdex::indexer::write
