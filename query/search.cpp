#include "query/search.hpp"

#include <memory>

#include "core/countries.hpp"
#include "core/index.hpp"
#include "core/language.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "query/query_check.hpp"

namespace hrdex::query {
namespace schema = core::schema;
namespace prefix = core::schema::prefix;

namespace {

// Field values are matched case-insensitively: the index stores them in
// lower case, so the value typed is lowered before it becomes a term.
class LowercaseField : public Xapian::FieldProcessor {
 public:
  explicit LowercaseField(std::string_view p) : prefix_(p) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(schema::boolean_term(prefix_, core::collapse_spaces(value)));
  }

 private:
  std::string prefix_;
};

// state: and by: take an ISO alpha-3 code or any name hrdex knows for a
// State ("Iran (Islamic Republic of)", "Viet Nam"); the index holds the code.
class StateField : public Xapian::FieldProcessor {
 public:
  explicit StateField(std::string_view p) : prefix_(p) {}
  Xapian::Query operator()(const std::string& value) override {
    std::string v = core::collapse_spaces(value);
    if (auto table = core::CountryTable::shared(); table.ok())
      if (auto c = (*table)->find(v)) v = c->iso3;
    return Xapian::Query(schema::boolean_term(prefix_, v));
  }

 private:
  std::string prefix_;
};

// year:2010..2016 on the date slot, which holds YYYYMMDD: each end is
// widened to its whole year so the range includes both years entirely.
class YearRange : public Xapian::RangeProcessor {
 public:
  YearRange() : Xapian::RangeProcessor(schema::slot::kDate, "year:") {}
  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    auto year = [](const std::string& s) {
      if (s.empty()) return true;
      if (s.size() != 4) return false;
      for (char c : s)
        if (c < '0' || c > '9') return false;
      return true;
    };
    if (!year(begin) || !year(end)) return Xapian::Query(Xapian::Query::OP_INVALID);
    if (end.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, begin + "0000");
    if (begin.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, end + "9999");
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, begin + "0000", end + "9999");
  }
};

struct FieldPrefix {
  const char* field;
  std::string_view prefix;
};

// Filters available in queries, as field:value.
constexpr FieldPrefix kBooleanFields[] = {
    {"kind", prefix::kDocKind}, {"unit", prefix::kUnitKind},  {"symbol", prefix::kSymbol},
    {"lang", prefix::kLanguage}, {"year", prefix::kYear},     {"format", prefix::kFormat},
    {"response", prefix::kResponse}, {"session", prefix::kSession}, {"cycle", prefix::kCycle},
    {"body", prefix::kBody},
};

// Filters whose value may be a State's name.
constexpr FieldPrefix kStateFields[] = {{"state", prefix::kState}, {"by", prefix::kBy}};

}  // namespace

core::Expected<Searcher> Searcher::open(const std::filesystem::path& dir) {
  auto db = core::open_index_for_reading(dir);
  if (!db) return db.error();
  return Searcher(std::move(*db));
}

core::Expected<Xapian::Query> Searcher::parse(const std::string& query, bool documents) {
  if (auto s = check_query_syntax(query); !s) return s.error();
  Xapian::QueryParser qp;
  qp.set_database(db_);
  qp.set_stemmer(Xapian::Stem(core::stemmer_name(core::kDefaultLanguage)));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.add_prefix("title", std::string(prefix::kTitle));
  qp.add_prefix("section", std::string(prefix::kSection));
  for (const auto& f : kBooleanFields)
    qp.add_boolean_prefix(f.field, (new LowercaseField(f.prefix))->release());
  for (const auto& f : kStateFields) qp.add_boolean_prefix(f.field, (new StateField(f.prefix))->release());
  qp.add_rangeprocessor((new YearRange())->release());
  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                              Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                              Xapian::QueryParser::FLAG_PURE_NOT;
  Xapian::Query parsed;
  try {
    parsed = qp.parse_query(query, kFlags);
  } catch (const Xapian::QueryParserError& e) {
    return core::make_error("query", "cannot parse '" + query + "': " + e.get_msg());
  }
  Xapian::Query level(schema::boolean_term(prefix::kLevel, documents ? schema::kLevelDocument : schema::kLevelUnit));
  if (parsed.empty()) return core::make_error("query", "'" + query + "' has no words to search for");
  return Xapian::Query(Xapian::Query::OP_FILTER, parsed, level);
}

const core::DocumentRecord* Searcher::parent(const std::string& document_id) {
  if (auto it = parents_.find(document_id); it != parents_.end()) return &it->second;
  const std::string term = std::string(prefix::kUniqueId) + document_id;
  auto post = db_.postlist_begin(term);
  if (post == db_.postlist_end(term)) return nullptr;
  auto record = core::document_from_json(db_.get_document(*post).get_data());
  if (!record) return nullptr;
  return &parents_.emplace(document_id, std::move(*record)).first->second;
}

core::Expected<SearchResult> Searcher::search(const SearchRequest& request) {
  auto query = parse(request.query, request.documents);
  if (!query) return query.error();
  try {
    Xapian::Enquire enquire(db_);
    enquire.set_query(*query);
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                         static_cast<Xapian::doccount>(request.limit), db_.get_doccount());
    SearchResult result;
    result.total = mset.get_matches_estimated();  // exact: check_at_least covers the whole index
    Xapian::Stem stem(core::stemmer_name(core::kDefaultLanguage));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_data();
      Hit hit;
      hit.score = it.get_weight();
      const core::DocumentRecord* doc = nullptr;
      if (core::record_level(data) == schema::kLevelUnit) {
        auto unit = core::unit_from_json(data);
        if (!unit) continue;
        hit.level = std::string(schema::kLevelUnit);
        hit.id = unit->id;
        hit.unit_kind = unit->unit_kind;
        hit.number = unit->number;
        hit.page = unit->page;
        hit.section = unit->section;
        hit.text = unit->text;
        hit.document_id = unit->parent;
        hit.subsection = unit->subsection;
        hit.recommending_states = unit->recommending_states;
        hit.response = unit->response;
        hit.response_text = unit->response_text;
        doc = parent(unit->parent);
      } else {
        auto record = core::document_from_json(data);
        if (!record) continue;
        doc = &parents_.emplace(record->id, std::move(*record)).first->second;
        hit.level = std::string(schema::kLevelDocument);
        hit.id = doc->id;
        hit.document_id = doc->id;
        hit.text = doc->title;
      }
      if (doc) {
        hit.doc_kind = doc->kind;
        hit.symbol = doc->symbol;
        hit.title = doc->title;
        hit.source_path = doc->path;
        hit.language = doc->language;
        hit.date = doc->date;
        hit.state = doc->state;
        hit.session = doc->session;
        hit.cycle = doc->cycle;
        hit.body = doc->body;
      }
      hit.snippet = mset.snippet(hit.text, 300, stem,
                                 Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE, "<b>",
                                 "</b>", "…");
      result.hits.push_back(std::move(hit));
    }
    return result;
  } catch (const Xapian::Error& e) {
    return core::make_error("query", "search failed: " + e.get_description());
  }
}

core::Expected<Xapian::doccount> Searcher::count(const std::string& query_text, bool documents) {
  auto query = parse(query_text, documents);
  if (!query) return query.error();
  try {
    Xapian::Enquire enquire(db_);
    enquire.set_query(*query);
    return enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
  } catch (const Xapian::Error& e) {
    return core::make_error("query", "search failed: " + e.get_description());
  }
}

}  // namespace hrdex::query
