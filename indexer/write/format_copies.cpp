#include "indexer/write/format_copies.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/schema.hpp"
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

std::string copy_metadata(const std::string& path, std::uint64_t size, std::int64_t mtime,
                          const core::DocumentRecord& kept) {
  nlohmann::json j = {{"path", path},       {"size", size},
                      {"mtime", mtime},     {"kept_id", kept.id},
                      {"kept_hash", kept.content_hash}, {"kept_path", kept.path}};
  return j.dump();
}

std::vector<CopyAcrossShards> format_copies_across(const std::vector<Xapian::Database>& shards) {
  namespace schema = core::schema;
  const std::string p(schema::prefix::kSymbol);
  // Only a symbol that more than one shard holds can have copies across them.
  std::map<std::string, std::vector<std::size_t>> holders;  // symbol term -> shards
  for (std::size_t s = 0; s < shards.size(); ++s)
    for (auto t = shards[s].allterms_begin(p); t != shards[s].allterms_end(p); ++t) holders[*t].push_back(s);
  std::vector<CopyAcrossShards> out;
  for (const auto& [term, in] : holders) {
    if (in.size() < 2) continue;
    struct Candidate {
      std::size_t shard;
      core::DocumentRecord record;
      std::vector<UnitText> units;
    };
    std::vector<Candidate> candidates;
    for (std::size_t s : in)
      for (core::DocumentRecord& r : records_with(shards[s], term)) {
        std::vector<UnitText> units;
        for (auto& [number, text] : unit_texts(shards[s], r.id)) units.push_back({std::move(number), std::move(text)});
        candidates.push_back({s, std::move(r), std::move(units)});
      }
    // The best first, so that each copy is measured against the one kept.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return better_copy(a.record, b.record); });
    std::vector<const Candidate*> kept;
    for (const Candidate& c : candidates) {
      const Candidate* same = nullptr;
      for (const Candidate* k : kept)
        if (k->shard != c.shard && k->record.id != c.record.id && k->record.content_hash != c.record.content_hash &&
            k->record.language == c.record.language &&
            same_units(k->units, c.units)) {
          same = k;
          break;
        }
      if (same) out.push_back({same->shard, c.shard, same->record, c.record});
      else kept.push_back(&c);
    }
  }
  return out;
}

}  // namespace hrdex::indexer::write
