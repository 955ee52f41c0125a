#include "core/copies.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/schema.hpp"
#include "core/shards.hpp"
#include "core/text.hpp"

namespace hrdex::core {
namespace prefix = schema::prefix;

namespace {

int understood(const DocumentRecord& r) {
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

std::vector<DocumentRecord> records_with(const Xapian::Database& db, const std::string& term) {
  std::vector<DocumentRecord> out;
  const std::string level = schema::boolean_term(prefix::kLevel, schema::kLevelDocument);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), Xapian::Query(level)));
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  Xapian::MSet m = enquire.get_mset(0, db.get_doccount());
  for (auto it = m.begin(); it != m.end(); ++it) {
    auto record = document_from_json(it.get_document().get_data());
    if (record) out.push_back(std::move(*record));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> unit_texts(const Xapian::Database& db, const std::string& document_id) {
  const std::string parent = schema::boolean_term(prefix::kParent, document_id);
  std::vector<std::pair<int, std::pair<std::string, std::string>>> units;
  for (auto it = db.postlist_begin(parent); it != db.postlist_end(parent); ++it)
    if (auto unit = unit_from_json(db.get_document(*it).get_data()))
      units.push_back({unit->ordinal, {unit->number, unit->text}});
  std::sort(units.begin(), units.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& u : units) out.push_back(std::move(u.second));
  return out;
}

std::string comparable_text(const std::string& text) {
  std::string out = fold(text);
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

bool better_copy(const DocumentRecord& a, const DocumentRecord& b) {
  // More understood, higher format, then the earlier path.
  return std::make_tuple(understood(a), format_rank(a.format), b.path) >
         std::make_tuple(understood(b), format_rank(b.format), a.path);
}

std::vector<CopyAcrossShards> format_copies_across(const std::vector<Xapian::Database>& shards) {
  const std::string p(prefix::kSymbol);
  // Only a symbol that more than one shard holds can have copies across them.
  std::map<std::string, std::vector<std::size_t>> holders;  // symbol term -> shards
  for (std::size_t s = 0; s < shards.size(); ++s)
    for (auto t = shards[s].allterms_begin(p); t != shards[s].allterms_end(p); ++t) holders[*t].push_back(s);
  std::vector<CopyAcrossShards> out;
  for (const auto& [term, in] : holders) {
    if (in.size() < 2) continue;
    struct Candidate {
      std::size_t shard;
      DocumentRecord record;
      std::optional<std::vector<UnitText>> units;  // read when first compared
    };
    std::vector<Candidate> candidates;
    for (std::size_t s : in)
      for (DocumentRecord& r : records_with(shards[s], term)) candidates.push_back({s, std::move(r), std::nullopt});
    // Most symbols two shards share are one document's language versions:
    // their units are never read.
    auto units = [&](Candidate& c) -> const std::vector<UnitText>& {
      if (!c.units) {
        c.units.emplace();
        for (auto& [number, text] : unit_texts(shards[c.shard], c.record.id))
          c.units->push_back({std::move(number), std::move(text)});
      }
      return *c.units;
    };
    // The best first, so that each copy is measured against the one kept.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return better_copy(a.record, b.record); });
    std::vector<Candidate*> kept;
    for (Candidate& c : candidates) {
      Candidate* same = nullptr;
      for (Candidate* k : kept)
        if (k->shard != c.shard && k->record.id != c.record.id && k->record.content_hash != c.record.content_hash &&
            k->record.language == c.record.language && same_units(units(*k), units(c))) {
          same = k;
          break;
        }
      if (same) out.push_back({same->shard, c.shard, same->record, c.record});
      else kept.push_back(&c);
    }
  }
  return out;
}

CopiesLeftOut copies_left_out(const std::vector<Xapian::Database>& shards) {
  std::set<std::string> everywhere;
  std::vector<std::set<std::string>> in_shard(shards.size());
  for (const CrossShardDuplicate& d : cross_shard_duplicates(shards))
    for (std::size_t c = 1; c < d.copies.size(); ++c) {
      const CrossShardDuplicate::Copy& copy = d.copies[c];
      if (copy.document_id != d.copies.front().document_id) everywhere.insert(copy.document_id);
      else if (copy.shard != d.copies.front().shard) in_shard[copy.shard].insert(copy.document_id);
    }
  for (const CopyAcrossShards& c : format_copies_across(shards)) everywhere.insert(c.left_out.id);
  CopiesLeftOut out{{everywhere.begin(), everywhere.end()}, {}};
  for (const auto& ids : in_shard) out.in_shard.emplace_back(ids.begin(), ids.end());
  return out;
}

}  // namespace hrdex::core
