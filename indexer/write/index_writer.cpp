#include "indexer/write/index_writer.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/index.hpp"
#include "core/columns.hpp"
#include "core/copies.hpp"
#include "core/language.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/understand/document_info.hpp"
#include "indexer/understand/understand.hpp"

namespace hrdex::indexer::write {
namespace fs = std::filesystem;
namespace schema = core::schema;
namespace prefix = core::schema::prefix;
namespace slot = core::schema::slot;

namespace {

constexpr std::string_view kWgReportKind = understand::kind::kUprWgReport;
constexpr std::string_view kAddendumKind = understand::kind::kUprAddendum;

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
  add(prefix::kState, r.state);
  add(prefix::kBody, r.body);
  if (r.session > 0) add(prefix::kSession, std::to_string(r.session));
  if (r.cycle > 0) add(prefix::kCycle, std::to_string(r.cycle));
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
  // Chinese, Japanese and Korean have no spaces between words: their runs
  // are indexed as single characters and pairs, which the query parser
  // (same flag) matches. Other scripts are untouched, in any document.
  tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  return tg;
}

// The keys language versions of one document share (schema slot::kVersion
// and kDocumentVersion): the symbol, and a unit's printed number; a
// document without a symbol, or a unit without a number, is only itself.
std::string document_version_key(const core::DocumentRecord& r) {
  return r.symbol.empty() ? "id:" + r.id : "symbol:" + core::ascii_lower(r.symbol);
}
std::string unit_version_key(const core::UnitRecord& u, const core::DocumentRecord& r) {
  if (r.symbol.empty() || u.number.empty()) return "id:" + u.id;
  return "symbol:" + core::ascii_lower(r.symbol) + "#" + u.number;
}

// One unit's Xapian document. Both sides of the response join build units
// through here, so the index ends the same whichever file came first.
// `tg` is the document's term generator, made once for all its units.
Xapian::Document unit_document(const core::UnitRecord& u, const core::DocumentRecord& r, Xapian::TermGenerator& tg) {
  Xapian::Document xunit;
  xunit.set_data(core::to_json(u));
  xunit.add_boolean_term(std::string(prefix::kUniqueId) + u.id);
  xunit.add_boolean_term(schema::boolean_term(prefix::kLevel, schema::kLevelUnit));
  xunit.add_boolean_term(schema::boolean_term(prefix::kParent, r.id));
  if (!u.unit_kind.empty()) xunit.add_boolean_term(schema::boolean_term(prefix::kUnitKind, u.unit_kind));
  for (const std::string& by : u.recommending_states) xunit.add_boolean_term(schema::boolean_term(prefix::kBy, by));
  if (!u.response.empty()) xunit.add_boolean_term(schema::boolean_term(prefix::kResponse, u.response));
  if (u.followup) xunit.add_boolean_term(schema::boolean_term(prefix::kFollowup, "yes"));
  add_shared_terms(xunit, r);
  xunit.add_value(slot::kParent, r.id);
  xunit.add_value(slot::kOrdinal, Xapian::sortable_serialise(u.ordinal));
  xunit.add_value(slot::kVersion, unit_version_key(u, r));
  xunit.add_value(slot::kDocumentVersion, document_version_key(r));
  add_tag_terms(xunit, u);
  tg.set_document(xunit);
  tg.set_termpos(0);
  tg.index_text(u.section + " " + u.subsection, 1, std::string(prefix::kSection));
  // `title:` finds a document's units too, as `kind:` and `state:` do. With
  // no weight: a unit's length, and so its BM25 score for its own words and
  // the sample of text `learn` reads for word vectors, stay its text's.
  tg.index_text(r.title, 0, std::string(prefix::kTitle));
  if (!r.mandate.empty()) tg.index_text(r.mandate, 1, std::string(prefix::kMandate));
  tg.index_text(u.text);
  xunit.add_value(slot::kFacets, schema::facet_value(xunit));
  return xunit;
}

// What a unit adds to the index, roughly: its record and, per term, the
// term-list and posting-list entries with their positions.
std::uintmax_t pending_size(const Xapian::Document& xunit) {
  return xunit.get_data().size() + 32 * std::uintmax_t{xunit.termlist_count()};
}

std::vector<Xapian::Document> unit_documents(const std::vector<core::UnitRecord>& units,
                                             const core::DocumentRecord& r) {
  Xapian::TermGenerator tg = term_generator_for(r.language);
  std::vector<Xapian::Document> out;
  out.reserve(units.size());
  for (const core::UnitRecord& u : units) out.push_back(unit_document(u, r, tg));
  return out;
}

// The prefixes retag rewrites.
constexpr std::string_view kTagPrefixes[] = {prefix::kTheme,          prefix::kIssue,
                                             prefix::kWorkingGroup,   prefix::kAgency,
                                             prefix::kTagSource,      prefix::kLabel,
                                             prefix::kAgencyOtherState, prefix::kWorkingGroupOtherState};

bool is_kind(const core::DocumentRecord& r, std::string_view kind) { return r.kind == kind; }

std::string label_term(std::string_view taxonomy, std::string_view tag) {
  return schema::boolean_term(prefix::kLabel, std::string(taxonomy) + ":" + std::string(tag));
}

// What a joined response cites as its source: the addendum's symbol, or its
// path when extraction found no symbol.
std::string source_of(const core::DocumentRecord& addendum) {
  return addendum.symbol.empty() ? addendum.path : addendum.symbol;
}

// Whether an addendum's responses join onto a report of its review: the
// language versions of one review share it, and a report takes the
// responses of the addenda in its own language when the review has any,
// so that each version carries the State's wording in its language.
bool joins(const core::DocumentRecord& addendum, const core::DocumentRecord& report,
           const std::vector<core::DocumentRecord>& review) {
  if (addendum.language == report.language) return true;
  return std::none_of(review.begin(), review.end(), [&](const core::DocumentRecord& d) {
    return is_kind(d, kAddendumKind) && d.language == report.language;
  });
}

}  // namespace

void add_tag_terms(Xapian::Document& xunit, const core::UnitRecord& u) {
  for (const core::UnitTag& t : u.tags) {
    if (t.other_state) {
      // Not a filter value, a facet or a source: only `--all-states` reads it.
      std::string_view other = t.kind == "agencies" ? prefix::kAgencyOtherState : prefix::kWorkingGroupOtherState;
      xunit.add_boolean_term(schema::boolean_term(other, t.tag));
      continue;
    }
    std::string_view kind_prefix = schema::tag_prefix(t.kind);
    if (!kind_prefix.empty()) xunit.add_boolean_term(schema::boolean_term(kind_prefix, t.tag));
    // "both": rules and learning agree, so either source selects it.
    std::vector<std::string_view> sources;
    if (t.source == "both")
      sources = {"rule", "learned"};
    else
      sources = {t.source};
    for (std::string_view source : sources) {
      xunit.add_boolean_term(schema::boolean_term(prefix::kTagSource, source));
      xunit.add_boolean_term(
          schema::boolean_term(prefix::kTagSource, std::string(source) + ":" + t.taxonomy + ":" + t.tag));
    }
    // A person's label makes the unit a neighbour the learner can read.
    if (t.source == "human") xunit.add_boolean_term(label_term(t.taxonomy, t.tag));
  }
}

void remove_tag_terms(Xapian::Document& xunit) {
  std::vector<std::string> doomed;
  for (std::string_view p : kTagPrefixes) {
    const std::string tag_prefix(p);
    Xapian::TermIterator it = xunit.termlist_begin();
    for (it.skip_to(tag_prefix); it != xunit.termlist_end(); ++it) {
      const std::string term = *it;
      if (term.compare(0, tag_prefix.size(), tag_prefix) != 0) break;
      // Values are lower case: a capital after the prefix means a longer
      // prefix that merely starts the same way.
      if (term.size() > tag_prefix.size() && term[tag_prefix.size()] >= 'A' && term[tag_prefix.size()] <= 'Z') continue;
      doomed.push_back(term);
    }
  }
  for (const std::string& term : doomed) xunit.remove_term(term);
}

Xapian::Document example_document(const Example& e) {
  Xapian::Document xdoc;
  nlohmann::json j = {{"level", schema::kLevelExample},
                      {"id", e.id},
                      {"name", e.name},
                      {"source", e.source_key},
                      {"line", e.line},
                      {"group", e.group},
                      {"taxonomy", e.taxonomy},
                      {"tags", e.tags},
                      {"labels", e.labels},
                      {"text", e.text},
                      {"language", e.language}};
  xdoc.set_data(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  xdoc.add_boolean_term(std::string(prefix::kUniqueId) + e.id);
  xdoc.add_boolean_term(schema::boolean_term(prefix::kLevel, schema::kLevelExample));
  xdoc.add_boolean_term(schema::boolean_term(prefix::kExampleSource, e.source_key));
  for (const std::string& t : e.tags) xdoc.add_boolean_term(label_term(e.taxonomy, t));
  return xdoc;
}

std::string document_id_for_path(const fs::path& canonical_path) {
  return core::short_hash(canonical_path.string());
}

core::Expected<IndexWriter> IndexWriter::open(const fs::path& dir) {
  auto db = core::open_index_for_writing(dir);
  if (!db) return db.error();
  return IndexWriter(std::move(*db), dir);
}

namespace {

// Handles of abandoned writers, never released: they keep the database's
// internals, and so their committing destructor, from ever running. Held
// from a plain global so that the memory stays reachable at exit and leak
// checkers do not report what is deliberate.
struct AbandonedWriter {
  Xapian::WritableDatabase db;
  AbandonedWriter* next;
};
AbandonedWriter* g_abandoned_writers = nullptr;

}  // namespace

IndexWriter::~IndexWriter() {
  if (abandoned_) g_abandoned_writers = new AbandonedWriter{db_, g_abandoned_writers};
}

core::Error IndexWriter::failure(const Xapian::Error& e) {
  abandoned_ = true;
  std::string description = e.get_description();
  if (description.find("No space left on device") != std::string::npos)
    return core::make_error(dir_.string(), "the disk is full; the index keeps its last commit (" + description + ")");
  return core::make_error(dir_.string(), "writing the index failed: " + description);
}

BuiltDocument build_document(const PreparedDocument& doc) {
  return {doc.record, unit_documents(doc.units, doc.record)};
}

core::Status IndexWriter::replace(const PreparedDocument& doc) { return replace(build_document(doc)); }

core::Status IndexWriter::replace(const BuiltDocument& doc) {
  const core::DocumentRecord& r = doc.record;
  try {
    db_.begin_transaction(false);
    db_.delete_document(schema::boolean_term(prefix::kParent, r.id));

    Xapian::TermGenerator tg = term_generator_for(r.language);

    Xapian::Document xdoc;
    xdoc.set_data(core::to_json(r));
    xdoc.add_boolean_term(std::string(prefix::kUniqueId) + r.id);
    xdoc.add_boolean_term(schema::boolean_term(prefix::kLevel, schema::kLevelDocument));
    xdoc.add_boolean_term(schema::boolean_term(prefix::kContentHash, r.content_hash));
    add_shared_terms(xdoc, r);
    xdoc.add_value(slot::kParent, r.id);
    xdoc.add_value(slot::kVersion, document_version_key(r));
    xdoc.add_value(slot::kDocumentVersion, document_version_key(r));
    tg.set_document(xdoc);
    tg.index_text(r.title, 1, std::string(prefix::kTitle));
    tg.index_text(r.title);
    if (!r.mandate.empty()) tg.index_text(r.mandate, 1, std::string(prefix::kMandate));

    if (!r.review.empty()) xdoc.add_boolean_term(schema::boolean_term(prefix::kReview, r.review));
    xdoc.add_value(slot::kFacets, schema::facet_value(xdoc));
    db_.replace_document(std::string(prefix::kUniqueId) + r.id, xdoc);

    // Responses from addenda already indexed, in symbol order. Only then are
    // the units read back from their records and built again.
    std::vector<core::DocumentRecord> addenda;
    if (is_kind(r, kWgReportKind) && !r.review.empty()) {
      std::vector<core::DocumentRecord> all = documents_with(schema::boolean_term(prefix::kReview, r.review));
      for (const auto& d : all)
        if (is_kind(d, kAddendumKind) && joins(d, r, all)) addenda.push_back(d);
      std::sort(addenda.begin(), addenda.end(), [](const auto& a, const auto& b) { return a.symbol < b.symbol; });
    }
    if (addenda.empty()) {
      for (const Xapian::Document& xunit : doc.units) {
        db_.add_document(xunit);
        pending_bytes_ += pending_size(xunit);
      }
    } else {
      std::vector<core::UnitRecord> units;
      units.reserve(doc.units.size());
      for (const Xapian::Document& xunit : doc.units) {
        auto unit = core::unit_from_json(xunit.get_data());
        if (!unit) throw Xapian::InvalidArgumentError("unit record unreadable: " + unit.error().what);
        units.push_back(std::move(*unit));
      }
      for (const auto& a : addenda) understand::apply_responses(units, a.responses, source_of(a));
      for (const Xapian::Document& xunit : unit_documents(units, r)) {
        db_.add_document(xunit);
        pending_bytes_ += pending_size(xunit);
      }
    }
    if (is_kind(r, kAddendumKind) && !r.review.empty()) rejoin_reports(r, r.responses);
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

core::Status IndexWriter::commit() {
  std::error_code ec;
  const std::filesystem::space_info space = std::filesystem::space(dir_, ec);
  const std::uintmax_t needed = 2 * pending_bytes_;
  if (!ec && space.available < needed) {
    abandoned_ = true;
    return core::make_error(dir_.string(), "the disk is full; the index keeps its last commit (" +
                                               std::to_string(space.available / 1024) + " KiB free, about " +
                                               std::to_string(needed / 1024) + " KiB needed to commit)");
  }
  try {
    db_.commit();
    pending_bytes_ = 0;
  } catch (const Xapian::Error& e) {
    return failure(e);
  }
  return core::ok_status();
}

void refresh_columns(const Xapian::Database& db, const std::filesystem::path& dir, std::ostream& err) {
  if (auto s = core::refresh_columns(db, dir); !s)
    err << "hrdex-index: warning: " << s.error().message()
        << "; searches will count facets from the index, with the same result, more slowly\n";
}

void IndexWriter::refresh_columns(std::ostream& err) {
  if (!abandoned_) write::refresh_columns(db_, dir_, err);
}

std::vector<core::DocumentRecord> IndexWriter::documents_with_hash(const std::string& content_hash) const {
  return documents_with(schema::boolean_term(prefix::kContentHash, content_hash));
}

std::vector<core::DocumentRecord> IndexWriter::documents_with_symbol(const std::string& symbol) const {
  return documents_with(schema::boolean_term(prefix::kSymbol, symbol));
}

std::vector<std::pair<std::string, std::string>> IndexWriter::unit_texts(const std::string& document_id) const {
  return core::unit_texts(db_, document_id);
}

std::string IndexWriter::metadata(const std::string& key) const { return db_.get_metadata(key); }

core::Status IndexWriter::set_metadata(const std::string& key, const std::string& value) {
  try {
    db_.set_metadata(key, value);
  } catch (const Xapian::Error& e) {
    return failure(e);
  }
  return core::ok_status();
}

std::vector<std::string> IndexWriter::metadata_keys(const std::string& key_prefix) const {
  std::vector<std::string> keys;
  for (auto it = db_.metadata_keys_begin(key_prefix); it != db_.metadata_keys_end(key_prefix); ++it) keys.push_back(*it);
  return keys;
}

core::Expected<bool> IndexWriter::remove(const std::string& document_id) {
  const std::string id_term = std::string(prefix::kUniqueId) + document_id;
  try {
    if (db_.get_termfreq(id_term) == 0) return false;
    std::optional<core::DocumentRecord> old = find(document_id);
    db_.begin_transaction(false);
    if (old && is_kind(*old, kAddendumKind) && !old->review.empty()) rejoin_reports(*old, {});
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

std::vector<core::DocumentRecord> IndexWriter::documents_with(const std::string& term) const {
  return core::records_with(db_, term);
}

std::set<std::string> reviews_of(const Xapian::Database& db, bool addenda) {
  std::set<std::string> out;
  for (const auto& r : core::records_with(db, schema::boolean_term(prefix::kDocKind, addenda ? kAddendumKind : kWgReportKind)))
    if (!r.review.empty()) out.insert(r.review);
  return out;
}

void IndexWriter::rebuild_units(const core::DocumentRecord& report,
                                const std::function<void(std::vector<core::UnitRecord>&)>& change) {
  const std::string parent = schema::boolean_term(prefix::kParent, report.id);
  std::vector<core::UnitRecord> units;
  for (auto it = db_.postlist_begin(parent); it != db_.postlist_end(parent); ++it) {
    auto unit = core::unit_from_json(db_.get_document(*it).get_data());
    if (unit) units.push_back(std::move(*unit));
  }
  std::sort(units.begin(), units.end(), [](const auto& a, const auto& b) { return a.ordinal < b.ordinal; });
  change(units);
  std::vector<Xapian::Document> built = unit_documents(units, report);
  for (std::size_t i = 0; i < units.size(); ++i)
    db_.replace_document(std::string(prefix::kUniqueId) + units[i].id, built[i]);
}

core::Expected<std::size_t> IndexWriter::join_responses(const Xapian::Database& source,
                                                        const std::set<std::string>& reviews) {
  std::size_t rewritten = 0;
  try {
    for (const std::string& review : reviews) {
      const std::string term = schema::boolean_term(prefix::kReview, review);
      std::vector<core::DocumentRecord> addenda;
      for (auto& d : core::records_with(source, term))
        if (is_kind(d, kAddendumKind)) addenda.push_back(std::move(d));
      if (addenda.empty()) continue;
      std::sort(addenda.begin(), addenda.end(), [](const auto& a, const auto& b) { return a.symbol < b.symbol; });
      // The review's documents on both sides: which language's addenda a
      // report takes depends on all of them (joins).
      std::vector<core::DocumentRecord> whole = documents_with(term);
      whole.insert(whole.end(), addenda.begin(), addenda.end());
      for (const core::DocumentRecord& report : documents_with(term)) {
        if (!is_kind(report, kWgReportKind)) continue;
        rebuild_units(report, [&](std::vector<core::UnitRecord>& units) {
          for (const auto& a : addenda)
            if (joins(a, report, whole)) understand::apply_responses(units, a.responses, source_of(a));
        });
        ++rewritten;
      }
    }
  } catch (const Xapian::Error& e) {
    return failure(e);
  }
  return rewritten;
}

void IndexWriter::rejoin_reports(const core::DocumentRecord& addendum, const std::vector<core::Response>& responses) {
  const std::string source = source_of(addendum);
  const std::vector<core::DocumentRecord> review = documents_with(schema::boolean_term(prefix::kReview, addendum.review));
  for (const core::DocumentRecord& report : review)
    if (is_kind(report, kWgReportKind) && joins(addendum, report, review))
      rebuild_units(report, [&](std::vector<core::UnitRecord>& units) { understand::apply_responses(units, responses, source); });
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
