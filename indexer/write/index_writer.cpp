#include "indexer/write/index_writer.hpp"

#include "core/index.hpp"
#include "core/language.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

namespace hrdex::indexer::write {
namespace fs = std::filesystem;
namespace schema = core::schema;
namespace prefix = core::schema::prefix;
namespace slot = core::schema::slot;

namespace {

std::string date_value(const std::string& iso_date) {
  // "2016-03-02" -> "20160302"; a year alone sorts as its first day.
  std::string digits;
  for (char c : iso_date)
    if (c >= '0' && c <= '9') digits.push_back(c);
  if (digits.size() == 4) digits += "0101";
  if (digits.size() == 6) digits += "01";
  return digits.size() == 8 ? digits : std::string();
}

// Boolean terms a document and its units share, so a filter on a document
// field also selects that document's units.
void add_shared_terms(Xapian::Document& xdoc, const core::DocumentRecord& r) {
  auto add = [&](std::string_view p, const std::string& v) {
    if (!v.empty()) xdoc.add_boolean_term(schema::boolean_term(p, v));
  };
  add(prefix::kFormat, r.format);
  add(prefix::kDocKind, r.kind);
  add(prefix::kSymbol, r.symbol);
  add(prefix::kLanguage, r.language);
  std::string date = date_value(r.date);
  if (!date.empty()) {
    add(prefix::kYear, date.substr(0, 4));
    xdoc.add_value(slot::kDate, date);
  }
}

Xapian::TermGenerator term_generator_for(const std::string& language) {
  Xapian::TermGenerator tg;
  std::string stemmer = core::stemmer_name(language.empty() ? core::kDefaultLanguage : language);
  tg.set_stemmer(Xapian::Stem(stemmer));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  return tg;
}

}  // namespace

std::string document_id_for_path(const fs::path& canonical_path) {
  return core::short_hash(canonical_path.string());
}

core::Expected<IndexWriter> IndexWriter::open(const fs::path& dir) {
  auto db = core::open_index_for_writing(dir);
  if (!db) return db.error();
  return IndexWriter(std::move(*db), dir);
}

core::Error IndexWriter::failure(const Xapian::Error& e) const {
  return core::make_error(dir_.string(), "writing the index failed: " + e.get_description());
}

core::Status IndexWriter::replace(const PreparedDocument& doc) {
  const core::DocumentRecord& r = doc.record;
  try {
    db_.begin_transaction();
    db_.delete_document(schema::boolean_term(prefix::kParent, r.id));

    Xapian::TermGenerator tg = term_generator_for(r.language);

    Xapian::Document xdoc;
    xdoc.set_data(core::to_json(r));
    xdoc.add_boolean_term(std::string(prefix::kUniqueId) + r.id);
    xdoc.add_boolean_term(schema::boolean_term(prefix::kLevel, schema::kLevelDocument));
    xdoc.add_boolean_term(schema::boolean_term(prefix::kContentHash, r.content_hash));
    add_shared_terms(xdoc, r);
    xdoc.add_value(slot::kParent, r.id);
    tg.set_document(xdoc);
    tg.index_text(r.title, 1, std::string(prefix::kTitle));
    tg.index_text(r.title);
    db_.replace_document(std::string(prefix::kUniqueId) + r.id, xdoc);

    for (const core::UnitRecord& u : doc.units) {
      Xapian::Document xunit;
      xunit.set_data(core::to_json(u));
      xunit.add_boolean_term(std::string(prefix::kUniqueId) + u.id);
      xunit.add_boolean_term(schema::boolean_term(prefix::kLevel, schema::kLevelUnit));
      xunit.add_boolean_term(schema::boolean_term(prefix::kParent, r.id));
      if (!u.unit_kind.empty()) xunit.add_boolean_term(schema::boolean_term(prefix::kUnitKind, u.unit_kind));
      add_shared_terms(xunit, r);
      xunit.add_value(slot::kParent, r.id);
      xunit.add_value(slot::kOrdinal, Xapian::sortable_serialise(u.ordinal));
      tg.set_document(xunit);
      tg.index_text(u.section, 1, std::string(prefix::kSection));
      tg.index_text(u.text);
      db_.add_document(xunit);
    }
    db_.commit_transaction();
  } catch (const Xapian::Error& e) {
    try {
      db_.cancel_transaction();
    } catch (const Xapian::Error&) {
      // No transaction was open: the failure came before begin_transaction.
    }
    return failure(e);
  }
  return core::ok_status();
}

core::Expected<bool> IndexWriter::remove(const std::string& document_id) {
  const std::string id_term = std::string(prefix::kUniqueId) + document_id;
  try {
    if (db_.get_termfreq(id_term) == 0) return false;
    db_.begin_transaction();
    db_.delete_document(schema::boolean_term(prefix::kParent, document_id));
    db_.delete_document(id_term);
    db_.commit_transaction();
    return true;
  } catch (const Xapian::Error& e) {
    try {
      db_.cancel_transaction();
    } catch (const Xapian::Error&) {
    }
    return failure(e);
  }
}

std::optional<core::DocumentRecord> IndexWriter::find(const std::string& document_id) const {
  const std::string id_term = std::string(prefix::kUniqueId) + document_id;
  Xapian::PostingIterator it = db_.postlist_begin(id_term);
  if (it == db_.postlist_end(id_term)) return std::nullopt;
  auto record = core::document_from_json(db_.get_document(*it).get_data());
  if (!record) return std::nullopt;
  return *record;
}

std::vector<core::DocumentRecord> IndexWriter::documents() const {
  std::vector<core::DocumentRecord> out;
  const std::string level = schema::boolean_term(prefix::kLevel, schema::kLevelDocument);
  for (auto it = db_.postlist_begin(level); it != db_.postlist_end(level); ++it) {
    auto record = core::document_from_json(db_.get_document(*it).get_data());
    if (record) out.push_back(std::move(*record));
  }
  return out;
}

}  // namespace hrdex::indexer::write
