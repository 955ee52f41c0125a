#include "query/search.hpp"

#include <algorithm>
#include <cctype>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>

#include "core/copies.hpp"
#include "core/countries.hpp"
#include "core/index.hpp"
#include "core/language.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "query/facets.hpp"
#include "query/parallel_match.hpp"
#include "query/query_check.hpp"
#include "query/shard_match.hpp"
#include "query/spelling.hpp"
#include "query/column_filter.hpp"
#include "taxonomy/resolve.hpp"
#include "taxonomy/taxonomy.hpp"

namespace hrdex::query {
namespace schema = core::schema;
namespace prefix = core::schema::prefix;

namespace {

// Xapian 1.4's query parser leaks its partial parse when a field or range
// processor throws, so processors record their error here and return
// MatchNothing; parse_one_language throws it once the parse is done.
struct ProcessorError {
  std::optional<std::string> message;
  Xapian::Query fail(std::string text) {
    if (!message) message = std::move(text);
    return Xapian::Query::MatchNothing;
  }
};

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

// unit:KIND from the columns' level bytes when the kind has a code there and
// is common (query/column_filter.hpp); a rare kind's posting list is short,
// and quicker to walk than the bytes of every document.
class UnitKindField : public Xapian::FieldProcessor {
 public:
  explicit UnitKindField(std::shared_ptr<const core::Columns> columns) : columns_(std::move(columns)) {}
  Xapian::Query operator()(const std::string& value) override {
    const std::string term = schema::boolean_term(prefix::kUnitKind, core::collapse_spaces(value));
    const std::string kind = term.substr(prefix::kUnitKind.size());
    if (columns_)
      if (auto byte = columns_->unit_kind_byte(kind); byte && columns_->unit_kind_count(*byte) >= columns_->doc_bound() / 64)
        return Xapian::Query(ColumnFilter::unit_kind(columns_, kind)->release());
    return Xapian::Query(term);
  }

 private:
  std::shared_ptr<const core::Columns> columns_;
};

// session:, cycle: and year: take a number (a year four digits); another
// value is an error, not a filter that quietly matches nothing.
class NumberField : public Xapian::FieldProcessor {
 public:
  NumberField(std::string_view field, std::string_view p, std::shared_ptr<ProcessorError> error)
      : field_(field), prefix_(p), error_(std::move(error)) {}
  Xapian::Query operator()(const std::string& value) override {
    const std::string v = core::collapse_spaces(value);
    const bool year = field_ == "year";
    const bool number = !v.empty() && v.size() <= 4 && std::all_of(v.begin(), v.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c));
    });
    if (year ? !core::is_year(v) : !number)
      return error_->fail(field_ + ": takes " + (year ? "a four-digit year, as year:2016 or year:2010..2016" :
                                                        "a number, as " + field_ + ":9") +
                          " (not " + field_ + ":" + v + ")");
    return Xapian::Query(schema::boolean_term(prefix_, v));
  }

 private:
  std::string field_, prefix_;
  std::shared_ptr<ProcessorError> error_;
};

// state: and by: take an ISO alpha-3 code or any name hrdex knows for a
// State ("Iran (Islamic Republic of)", "Viet Nam"); the index holds the code.
// A name hrdex does not know is an error naming the closest, not a filter
// that quietly matches nothing; three letters are taken for a code.
class StateField : public Xapian::FieldProcessor {
 public:
  StateField(std::string_view field, std::string_view p, std::shared_ptr<ProcessorError> error)
      : field_(field), prefix_(p), error_(std::move(error)) {}
  Xapian::Query operator()(const std::string& value) override {
    std::string v = core::collapse_spaces(value);
    auto table = core::CountryTable::shared();
    if (!table.ok()) return Xapian::Query(schema::boolean_term(prefix_, v));
    if (auto c = (*table)->find(v)) return Xapian::Query(schema::boolean_term(prefix_, c->iso3));
    const bool code = v.size() == 3 && std::all_of(v.begin(), v.end(), [](char ch) {
      return std::isalpha(static_cast<unsigned char>(ch));
    });
    if (code) return Xapian::Query(schema::boolean_term(prefix_, v));
    std::string message = "no State named '" + v + "' (in " + field_ + ":)";
    const auto near = (*table)->closest(v, 3);
    for (std::size_t i = 0; i < near.size(); ++i)
      message += (i == 0 ? "; the closest are " : ", ") + near[i].name + " (" + near[i].iso3 + ")";
    return error_->fail(message);
  }

 private:
  std::string field_, prefix_;
  std::shared_ptr<ProcessorError> error_;
};

// year:2010..2016, each end taken as its whole year; either end may be
// left out (year:..2012). The filter is query/column_filter.hpp's.
class YearRange : public Xapian::RangeProcessor {
 public:
  // With `terms` (shards: a remote one cannot run hrdex's posting source),
  // the range is the OR of the year terms `terms` holds.
  YearRange(std::shared_ptr<const core::Columns> columns, std::shared_ptr<ProcessorError> error,
            const Xapian::Database* terms)
      : Xapian::RangeProcessor(schema::slot::kDate, "year:"),
        columns_(std::move(columns)),
        error_(std::move(error)),
        terms_(terms) {}
  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    if ((!begin.empty() && !core::is_year(begin)) || (!end.empty() && !core::is_year(end)))
      return error_->fail("year: ranges take four-digit years, as year:2010..2016 (not year:" + begin + ".." + end +
                          ")");
    const unsigned from = begin.empty() ? 0 : static_cast<unsigned>(std::stoi(begin));
    const unsigned to = end.empty() ? 0 : static_cast<unsigned>(std::stoi(end));
    if (!terms_) return Xapian::Query(ColumnFilter::years(columns_, from, to)->release());
    std::vector<Xapian::Query> years;
    const std::string p(prefix::kYear);
    for (auto t = terms_->allterms_begin(p); t != terms_->allterms_end(p); ++t) {
      const std::string year = (*t).substr(p.size());
      if (!core::is_year(year)) continue;
      const auto y = static_cast<unsigned>(std::stoi(year));
      if ((from == 0 || y >= from) && (to == 0 || y <= to)) years.emplace_back(*t);
    }
    // No year in range: a term no document carries (an empty query would
    // drop the filter, not match nothing).
    if (years.empty()) return Xapian::Query(schema::boolean_term(prefix::kYear, "none"));
    return Xapian::Query(Xapian::Query::OP_OR, years.begin(), years.end());
  }

 private:
  std::shared_ptr<const core::Columns> columns_;
  std::shared_ptr<ProcessorError> error_;
  const Xapian::Database* terms_;
};

// The hit's text around the query's matches, each in <b>...</b>, stemmed
// in the hit's language; `mset` gives the query's words and their weights.
void add_snippet(Hit& hit, const Xapian::MSet& mset) {
  Xapian::Stem stem(core::stemmer_name(hit.language.empty() ? std::string(core::kDefaultLanguage) : hit.language));
  hit.snippet = mset.snippet(hit.text, 300, stem, Xapian::MSet::SNIPPET_EXHAUSTIVE, "<b>", "</b>", "…");
}

// The request's page, order, collapse and facets, as the match takes them.
MatchRequest match_request(const SearchRequest& request) {
  MatchRequest m;
  m.offset = static_cast<Xapian::doccount>(request.offset);
  m.limit = static_cast<Xapian::doccount>(request.limit);
  m.collapse = request.collapse || request.collapse_languages;
  if (request.collapse_languages)
    m.collapse_slot = request.collapse || request.documents ? schema::slot::kDocumentVersion : schema::slot::kVersion;
  m.match_ids = request.facets;
  if (request.sort == SortOrder::date_ascending) m.order = MatchRequest::Order::date_ascending;
  if (request.sort == SortOrder::date_descending) m.order = MatchRequest::Order::date_descending;
  return m;
}

struct FieldPrefix {
  const char* field;
  std::string_view prefix;
};

// Filters available in queries, as field:value.
constexpr FieldPrefix kBooleanFields[] = {
    {"kind", prefix::kDocKind}, {"unit", prefix::kUnitKind},  {"symbol", prefix::kSymbol},
    {"lang", prefix::kLanguage}, {"year", prefix::kYear},     {"format", prefix::kFormat},
    {"response", prefix::kResponse}, {"session", prefix::kSession}, {"cycle", prefix::kCycle},
    {"body", prefix::kBody}, {"followup", prefix::kFollowup},
};

// Filters whose values are the few the index holds: a value none carries is
// offered the nearest held ("did you mean").
constexpr ClosedField kClosedFields[] = {
    {"kind", prefix::kDocKind},     {"unit", prefix::kUnitKind}, {"format", prefix::kFormat},
    {"response", prefix::kResponse}, {"body", prefix::kBody},     {"followup", prefix::kFollowup},
    {"lang", prefix::kLanguage},
};

// Filters whose value may be a State's name.
constexpr FieldPrefix kStateFields[] = {{"state", prefix::kState}, {"by", prefix::kBy}};
constexpr ClosedField kStateCodeFields[] = {{"state", prefix::kState}, {"by", prefix::kBy}};

// Tag facets count ids; people read labels.
void label_tag_facets(std::vector<Facet>& facets, const core::TagVocabulary& vocabulary) {
  for (Facet& facet : facets) {
    std::string_view field_prefix;
    for (const auto& f : schema::facet_fields())
      if (f.name == facet.name) field_prefix = f.prefix;
    for (taxonomy::TaxonomyKind k : taxonomy::all_kinds()) {
      const std::string_view kind = taxonomy::kind_name(k);
      if (schema::tag_prefix(kind) != field_prefix) continue;
      for (FacetValue& v : facet.values)
        if (const std::string* label = vocabulary.label_by_kind(kind, v.value)) v.label = *label;
    }
  }
}

// The names tag filters resolve through (labels, aliases, abbreviations,
// agency names), from the index's own vocabulary, so an index answers
// `theme:"Right to housing"` wherever it is copied; built only when a query
// has a tag filter.
class LazyTaxonomies {
 public:
  LazyTaxonomies(const core::TagVocabulary& vocabulary, std::shared_ptr<const taxonomy::TaxonomySet>& set)
      : vocabulary_(vocabulary), set_(set) {}
  const taxonomy::TaxonomySet* get() {
    if (!set_) set_ = std::make_shared<const taxonomy::TaxonomySet>(taxonomy::vocabulary_set(vocabulary_));
    return set_.get();
  }

 private:
  const core::TagVocabulary& vocabulary_;
  std::shared_ptr<const taxonomy::TaxonomySet>& set_;  // the Searcher's, which outlives the parse
};

struct TagFieldName {
  const char* field;
  taxonomy::TaxonomyKind kind;
};
constexpr TagFieldName kTagFields[] = {{"theme", taxonomy::TaxonomyKind::themes},
                                       {"issue", taxonomy::TaxonomyKind::issues},
                                       {"wg", taxonomy::TaxonomyKind::working_groups},
                                       {"agency", taxonomy::TaxonomyKind::agencies},
                                       {"persons", taxonomy::TaxonomyKind::affected_persons}};

// "; try issue:minorities or persons:minorities" when `value` is no tag of
// `kind` but is one of other kinds: since the UHRI of 2019 the groups that
// were themes are affected persons, and a theme:minorities of older habits
// should say where they went.
std::string other_kind_hint(const taxonomy::TaxonomySet& set, taxonomy::TaxonomyKind kind, const std::string& value) {
  std::vector<std::string> filters;
  for (const TagFieldName& f : kTagFields)
    if (f.kind != kind)
      if (const auto found = taxonomy::resolve_tag(set, f.kind, value); !found.empty())
        filters.push_back(std::string(f.field) + ":" + found.front().second);
  std::string out;
  for (std::size_t i = 0; i < filters.size(); ++i)
    out += (i == 0 ? "; try " : i + 1 == filters.size() ? " or " : ", ") + filters[i];
  return out;
}

// theme:, issue:, wg:, agency: take a tag's id, label, alias or (agencies)
// abbreviation or name, in any case: "agency:EPA", "wg:\"Working Group 3\"".
// A name that is no tag of the index is an error naming the closest ones.
// With `all_states`, agencies and working groups of a State's government
// also match the units of other States that would reach them.
class TagField : public Xapian::FieldProcessor {
 public:
  TagField(taxonomy::TaxonomyKind kind, std::shared_ptr<LazyTaxonomies> taxonomies, bool all_states,
           std::shared_ptr<ProcessorError> error)
      : kind_(kind), taxonomies_(std::move(taxonomies)), all_states_(all_states), error_(std::move(error)) {}
  Xapian::Query operator()(const std::string& value) override {
    const std::string_view p = schema::tag_prefix(taxonomy::kind_name(kind_));
    std::string_view other;
    if (all_states_ && kind_ == taxonomy::TaxonomyKind::agencies) other = prefix::kAgencyOtherState;
    if (all_states_ && kind_ == taxonomy::TaxonomyKind::working_groups) other = prefix::kWorkingGroupOtherState;
    std::vector<Xapian::Query> terms;
    const auto* set = taxonomies_->get();
    for (const auto& [taxonomy, id] : taxonomy::resolve_tag(*set, kind_, value)) {
      terms.emplace_back(schema::boolean_term(p, id));
      if (!other.empty()) terms.emplace_back(schema::boolean_term(other, id));
    }
    if (terms.empty()) {
      if (taxonomy::has_kind(*set, kind_))
        return error_->fail(taxonomy::unknown_tag_message(*set, kind_, value) + other_kind_hint(*set, kind_, value));
      // An index tagged with no taxonomy of this kind: nothing to check against.
      terms.emplace_back(schema::boolean_term(p, core::collapse_spaces(value)));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

 private:
  taxonomy::TaxonomyKind kind_;
  std::shared_ptr<LazyTaxonomies> taxonomies_;
  bool all_states_;
  std::shared_ptr<ProcessorError> error_;
};

// tagsource:human|rule|learned selects units with any tag from that source;
// tagsource:rule:housing those given "housing" (any kind) by that source.
class TagSourceField : public Xapian::FieldProcessor {
 public:
  explicit TagSourceField(std::shared_ptr<LazyTaxonomies> taxonomies) : taxonomies_(std::move(taxonomies)) {}
  Xapian::Query operator()(const std::string& value) override {
    const std::string v = core::ascii_lower(core::collapse_spaces(value));
    const auto colon = v.find(':');
    if (colon == std::string::npos) return Xapian::Query(schema::boolean_term(prefix::kTagSource, v));
    const std::string source = v.substr(0, colon), tag = value.substr(colon + 1);
    std::vector<Xapian::Query> terms;
    if (const auto* set = taxonomies_->get())
      for (auto kind : taxonomy::all_kinds())
        for (const auto& [taxonomy, id] : taxonomy::resolve_tag(*set, kind, tag))
          terms.emplace_back(schema::boolean_term(prefix::kTagSource, source + ":" + taxonomy + ":" + id));
    if (terms.empty()) return Xapian::Query(Xapian::Query::OP_WILDCARD, schema::boolean_term(prefix::kTagSource, v));
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

 private:
  std::shared_ptr<LazyTaxonomies> taxonomies_;
};

// Every field name the parser knows, for "unknown field" errors: keep in
// step with the add_prefix/add_boolean_prefix calls in parse_one_language.
std::vector<std::string> query_field_names() {
  std::vector<std::string> names = {"title", "section", "mandate"};
  for (const auto& f : kBooleanFields) names.emplace_back(f.field);
  for (const auto& f : kStateFields) names.emplace_back(f.field);
  for (const auto& f : kTagFields) names.emplace_back(f.field);
  names.emplace_back("tagsource");
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

core::Expected<Searcher> Searcher::open(const std::filesystem::path& dir) {
  auto db = core::open_index_for_reading(dir);
  if (!db) return db.error();
  return Searcher(std::move(*db), dir);
}

core::Expected<Searcher> Searcher::open(const std::vector<std::filesystem::path>& dbs, const core::ShardOptions& options) {
  auto shards = core::open_shards(dbs, options);
  if (!shards) return shards.error();
  if (shards->single_local()) return open(shards->specs.front().path);
  return Searcher(std::move(*shards), dbs, options);
}

Searcher::Searcher(Xapian::Database db, std::filesystem::path dir)
    : db_(std::move(db)), dir_(std::move(dir)), vocabulary_(core::TagVocabulary::of_index(db_)) {
  read_languages();
}

Searcher::Searcher(core::Shards shards, std::vector<std::filesystem::path> dbs, core::ShardOptions options)
    : db_(shards.combined),
      vocabulary_(core::TagVocabulary::of_index(db_)),
      shards_(std::move(shards)),
      shard_args_(std::move(dbs)),
      shard_options_(options) {
  columns_checked_ = true;  // the columns are per shard and per document id: not used
  read_languages();
}

const std::vector<core::Error>& Searcher::missing_shards() const {
  static const std::vector<core::Error> none;
  return shards_ ? shards_->missing : none;
}

void Searcher::read_languages() {
  languages_.clear();
  const std::string l(prefix::kLanguage);
  for (auto it = db_.allterms_begin(l); it != db_.allterms_end(l); ++it) {
    std::string code = (*it).substr(l.size());
    // L is a single letter: a longer prefix starting with L would show a capital here.
    if (!code.empty() && !(code[0] >= 'A' && code[0] <= 'Z')) languages_.push_back(code);
  }
}

// Units are indexed with their own document's stemmer, so each language's
// units are matched with the query stemmed in that language; the OR of the
// branches finds "logements" in French units and "housing" in English ones.
Xapian::Query Searcher::parse_one_language(const std::string& query, const std::string& language) {
  Xapian::QueryParser qp;
  qp.set_database(db_);
  qp.set_stemmer(Xapian::Stem(core::stemmer_name(language)));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.add_prefix("title", std::string(prefix::kTitle));
  qp.add_prefix("section", std::string(prefix::kSection));
  qp.add_prefix("mandate", std::string(prefix::kMandate));
  const auto error = std::make_shared<ProcessorError>();
  for (const auto& f : kBooleanFields) {
    if (f.prefix == prefix::kUnitKind) continue;
    const bool number = f.prefix == prefix::kSession || f.prefix == prefix::kCycle || f.prefix == prefix::kYear;
    qp.add_boolean_prefix(f.field, number ? (new NumberField(f.field, f.prefix, error))->release()
                                          : (new LowercaseField(f.prefix))->release());
  }
  qp.add_boolean_prefix("unit", (new UnitKindField(columns()))->release());
  for (const auto& f : kStateFields) qp.add_boolean_prefix(f.field, (new StateField(f.field, f.prefix, error))->release());
  const auto taxonomies = std::make_shared<LazyTaxonomies>(vocabulary_, tag_set_);
  for (const auto& f : kTagFields)
    qp.add_boolean_prefix(f.field, (new TagField(f.kind, taxonomies, all_states_, error))->release());
  qp.add_boolean_prefix("tagsource", (new TagSourceField(taxonomies))->release());
  qp.add_rangeprocessor((new YearRange(columns(), error, shards_ ? &db_ : nullptr))->release());
  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                              Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                              Xapian::QueryParser::FLAG_PURE_NOT |  // FLAG_BOOLEAN also enables NEAR and ADJ
                              Xapian::QueryParser::FLAG_CJK_NGRAM;  // as the index was written (index_writer.cpp)
  Xapian::Query parsed = qp.parse_query(query, kFlags);
  if (error->message) throw Xapian::QueryParserError(*error->message);
  return parsed;
}

Xapian::Query Searcher::by_language(const std::string& query) {
  const std::string fallback(core::kDefaultLanguage);
  if (languages_.empty() || (languages_.size() == 1 && languages_.front() == fallback))
    return parse_one_language(query, fallback);
  std::vector<Xapian::Query> branches;
  std::vector<Xapian::Query> other_languages;
  for (const std::string& lang : languages_) {
    if (lang == fallback) continue;
    Xapian::Query l(schema::boolean_term(prefix::kLanguage, lang));
    other_languages.push_back(l);
    branches.emplace_back(Xapian::Query::OP_FILTER, parse_one_language(query, lang), l);
  }
  // Units without a known language were stemmed as the default language.
  branches.emplace_back(Xapian::Query::OP_AND_NOT, parse_one_language(query, fallback),
                        Xapian::Query(Xapian::Query::OP_OR, other_languages.begin(), other_languages.end()));
  return Xapian::Query(Xapian::Query::OP_OR, branches.begin(), branches.end());
}

core::Expected<Xapian::Query> Searcher::parse(const std::string& query, bool documents) {
  auto words = parse_words(query);
  if (!words) return words.error();
  return at_level(*words, documents);
}

core::Expected<Xapian::Query> Searcher::parse_words(const std::string& query) {
  if (auto s = check_query_syntax(query); !s) return s.error();
  if (auto s = check_query_fields(query, query_field_names()); !s) return s.error();
  const std::string expanded = expand_synonyms(query, synonyms_);
  Xapian::Query parsed;
  try {
    parsed = by_language(expanded);
  } catch (const Xapian::QueryParserError& e) {
    // A filter's own message ("no agency named ...") says it all.
    if (e.get_msg().rfind("no ", 0) == 0) return core::make_error("query", e.get_msg());
    return core::make_error("query", "cannot parse '" + query + "': " + e.get_msg());
  }
  if (parsed.empty()) return core::make_error("query", "'" + query + "' has no words to search for");
  return parsed;
}

Xapian::Query Searcher::at_level(const Xapian::Query& parsed, bool documents) {
  const Xapian::Query document_level(schema::boolean_term(prefix::kLevel, schema::kLevelDocument));
  if (documents) return Xapian::Query(Xapian::Query::OP_FILTER, parsed, document_level);
  // Units are nearly every Xapian document, so "not a document or an
  // example" is a short list to skip past, where filtering on the unit
  // term would step through a posting list as long as the index.
  const Xapian::Query other_levels(Xapian::Query::OP_OR, document_level,
                                   Xapian::Query(schema::boolean_term(prefix::kLevel, schema::kLevelExample)));
  return Xapian::Query(Xapian::Query::OP_AND_NOT, parsed, other_levels);
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
  all_states_ = request.all_states;
  auto words = parse_words(request.query);
  all_states_ = false;
  if (!words) return words.error();
  auto result = run_reopening(*words, request, true);
  if (result && result->total == 0) {
    // Offer a correction only when it would find something.
    std::string fixed = correct_spelling(db_, request.query, kClosedFields);
    if (!fixed.empty())
      if (auto n = count(fixed, request.documents); n && *n > 0) result->suggestion = fixed;
    result->notes = values_not_held(db_, request.query, kClosedFields);
    for (std::string& note : codes_not_held(db_, request.query, kStateCodeFields)) result->notes.push_back(std::move(note));
  }
  return result;
}

// Everything a hit shows, from the stored record of the unit (or document)
// and its document; level stays empty when the record cannot be read.
Hit Searcher::make_hit(const Xapian::Document& xdoc, double weight) {
  const std::string data = xdoc.get_data();
  Hit hit;
  hit.score = weight;
  const core::DocumentRecord* doc = nullptr;
  if (core::record_level(data) == schema::kLevelUnit) {
    auto unit = core::unit_from_json(data);
    if (!unit) return hit;
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
    hit.tags = unit->tags;
    vocabulary_.label(hit.tags);
    hit.affected_persons = unit->affected_persons;
    hit.sdgs = unit->sdgs;
    hit.lead_in = unit->lead_in;
    hit.followup = unit->followup;
    hit.ocr = unit->ocr;
    doc = parent(unit->parent);
  } else {
    auto record = core::document_from_json(data);
    if (!record) return hit;
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
    hit.mandate = doc->mandate;
    if (hit.level == schema::kLevelDocument) hit.ocr = !doc->ocr_pages.empty();
    if (!doc->symbol.empty()) hit.other_languages = other_languages(doc->symbol, doc->language);
  }
  return hit;
}

std::vector<std::string> Searcher::other_languages(const std::string& symbol, const std::string& language) {
  auto it = symbol_languages_.find(symbol);
  if (it == symbol_languages_.end()) {
    std::vector<std::string> languages;
    if (only_document_of_symbol(symbol) && !language.empty()) {
      languages.push_back(language);
    } else {
      Xapian::Enquire enquire(db_);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(schema::boolean_term(prefix::kSymbol, symbol)),
                                    Xapian::Query(schema::boolean_term(prefix::kLevel, schema::kLevelDocument))));
      const Xapian::MSet m = enquire.get_mset(0, 100);
      for (auto d = m.begin(); d != m.end(); ++d) {
        auto record = core::document_from_json(d.get_document().get_data());
        if (record && !record->language.empty()) languages.push_back(record->language);
      }
    }
    std::sort(languages.begin(), languages.end());
    languages.erase(std::unique(languages.begin(), languages.end()), languages.end());
    it = symbol_languages_.emplace(symbol, std::move(languages)).first;
  }
  std::vector<std::string> others;
  for (const std::string& l : it->second)
    if (l != language) others.push_back(l);
  return others;
}

bool Searcher::only_document_of_symbol(const std::string& symbol) {
  // Most symbols name one document (one language), the hit's own; the
  // columns tell documents from units by id, so that case reads a short
  // posting list (the document and its units) instead of searching and
  // reading the document's record again.
  const auto column = columns();
  if (!column) return false;
  const std::string term = schema::boolean_term(prefix::kSymbol, symbol);
  unsigned documents = 0;
  for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p)
    if (*p < column->doc_bound() && core::Columns::level_of(column->levels()[*p]) == core::Columns::kDocumentLevel && ++documents > 1) return false;
  return documents == 1;
}

std::vector<Xapian::Database*> Searcher::match_handles(const SearchRequest& request) {
  std::vector<Xapian::Database*> handles{&db_};
  if (shards_) return handles;
  // Read once: each call reads a file under /sys.
  static const unsigned cores = std::thread::hardware_concurrency();
  // A long page (an extract asks for every match) costs its time in
  // reading hits, and each half would have to hold all of it.
  constexpr std::size_t kLongestParallelPage = 1000;
  if (request.collapse || request.collapse_languages || request.offset + request.limit > kLongestParallelPage ||
      db_.get_doccount() < parallel_min_documents_ || cores < 2)
    return handles;
  // The second handle must read the very database and revision the first
  // does, or the halves would come from two states of the index (a compact
  // swaps in a new database under the same name).
  try {
    if (!second_) second_ = Xapian::Database(dir_.string());
    const auto same = [&] { return second_->get_revision() == db_.get_revision() && second_->get_uuid() == db_.get_uuid(); };
    if (!same()) second_->reopen();
    if (same()) handles.push_back(&*second_);
  } catch (const Xapian::Error&) {
    second_.reset();  // one thread will do
  }
  return handles;
}

core::Expected<SearchResult> Searcher::run(const Xapian::Query& query, const SearchRequest& request) {
  return run(query, request, false);
}

std::shared_ptr<const core::Columns> Searcher::columns() {
  if (!columns_checked_ && !shards_) {
    columns_ = core::Columns::open(dir_, db_);
    columns_checked_ = true;
  }
  return columns_;
}

void Searcher::add_hit(SearchResult& result, const Xapian::Document& xdoc, double weight, const SearchRequest& request,
                       const Xapian::MSet& snippets) {
  Hit hit = make_hit(xdoc, weight);
  if (hit.level.empty()) return;
  if (request.snippets) add_snippet(hit, snippets);
  result.hits.push_back(std::move(hit));
}

core::Expected<SearchResult> Searcher::run(const Xapian::Query& words, const SearchRequest& request, bool add_level) {
  if (shards_) return run_sharded(add_level ? at_level(words, request.documents) : words, request);
  try {
    MatchRequest m = match_request(request);
    m.columns = columns();
    // The level as a byte per document when the columns have it, else as a
    // filter on the level terms.
    Xapian::Query query = words;
    if (add_level && m.columns)
      m.level = request.documents ? core::Columns::kDocumentLevel : core::Columns::kUnitLevel;
    else if (add_level)
      query = at_level(words, request.documents);
    const std::vector<Xapian::Database*> handles = match_handles(request);
    // Each range's matches are counted in its own thread, into its own
    // slots; a damaged column shows as a failed count, and then the
    // facets are read from the index.
    const core::Columns* column = request.facets ? columns_.get() : nullptr;
    std::vector<std::vector<std::uint32_t>> slots(handles.size());
    std::atomic<bool> column_failed{false};
    if (column)
      m.on_match_ids = [&](std::size_t part, const std::vector<Xapian::docid>& ids) {
        slots[part].assign(column->value_count(), 0);
        if (!column->count(ids, slots[part])) column_failed = true;
      };
    MatchResult matched = match(handles, query, m);
    SearchResult result;
    result.total = matched.total;
    if (request.facets) {
      std::optional<std::vector<Facet>> facets;
      if (column && !column_failed) {
        for (std::size_t part = 1; part < slots.size(); ++part)
          for (std::size_t id = 0; id < slots[0].size(); ++id) slots[0][id] += slots[part][id];
        facets = facets_from_column(*column, slots[0]);
      }
      result.facets = facets ? std::move(*facets) : count_facets(db_, nullptr, matched.match_ids);
      label_tag_facets(result.facets, vocabulary_);
    }
    for (const auto& [part, index] : matched.page) {
      const Xapian::MSetIterator it = matched.msets[part][index];
      add_hit(result, it.get_document(), it.get_weight(), request, matched.snippets);
    }
    return result;
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;  // run_reopening() reopens and tries again
  } catch (const Xapian::Error& e) {
    return core::make_error("query", "search failed: " + e.get_description());
  }
}

core::Expected<SearchResult> Searcher::run_sharded(const Xapian::Query& query, const SearchRequest& request) {
  // A shard that stops answering is opened again (it may have restarted)
  // or, when allowed, left out; the search runs again on what answers.
  for (std::size_t attempt = 0;; ++attempt) {
    try {
      // Each search reads every shard's last commit (a remote shard's
      // server opens it again): shards are written while they serve.
      db_.reopen();
      for (auto& shard : shards_->each) shard.reopen();
      const Xapian::Query without = without_copies(query);
      ShardMatchResult matched = match_shards(db_, shards_->each, without, match_request(request), copies_.in_shard);
      SearchResult result;
      result.total = matched.total;
      result.missing_shards = shards_->missing;
      if (request.facets) {
        result.facets = facets_from_strings(matched.facet_strings);
        label_tag_facets(result.facets, vocabulary_);
      }
      for (const auto& [xdoc, weight] : matched.page) add_hit(result, xdoc, weight, request, matched.snippets);
      return result;
    } catch (const Xapian::DatabaseModifiedError&) {
      throw;  // run_reopening() reopens and tries again
    } catch (const Xapian::NetworkError& e) {
      if (attempt >= shards_->specs.size() + shards_->missing.size())
        return core::make_error("query", "the shards kept failing: " + e.get_description());
      if (auto s = reopen_shards(e.get_description()); !s) return s.error();
    } catch (const Xapian::Error& e) {
      return core::make_error("query", "search failed: " + e.get_description());
    }
  }
}

Xapian::Query Searcher::without_copies(const Xapian::Query& query) {
  std::vector<std::pair<Xapian::doccount, Xapian::docid>> now;
  for (const auto& shard : shards_->each) now.emplace_back(shard.get_doccount(), shard.get_lastdocid());
  if (now != copies_checked_at_) {
    copies_ = core::copies_left_out(shards_->each);
    copies_checked_at_ = std::move(now);
  }
  if (copies_.everywhere.empty()) return query;
  Xapian::Query without(Xapian::Query::OP_AND_NOT, query, documents_and_their_units(copies_.everywhere));
  // A match of filters alone stays one (shard_match.hpp orders it otherwise).
  return is_weightless(query) ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, without, 0.0) : without;
}

core::Status Searcher::reopen_shards(const std::string& why) {
  core::ShardOptions options = shard_options_;
  auto reopened = core::open_shards(shard_args_, core::ShardOptions{options.timeout_ms, true});
  if (!reopened) return core::make_error(reopened.error().where, reopened.error().what + " (during the search: " + why + ")");
  if (!reopened->missing.empty() && !options.skip_missing) {
    const core::Error& first = reopened->missing.front();
    return core::make_error(first.where, first.what + " (it stopped answering during the search; --skip-missing "
                                                      "answers from the other shards)");
  }
  shards_ = std::move(*reopened);
  db_ = shards_->combined;
  parents_.clear();
  return core::ok_status();
}

core::Expected<SearchResult> Searcher::run_reopening(const Xapian::Query& query, const SearchRequest& request,
                                                     bool add_level) {
  // A writer that commits while we read can overwrite the revision we
  // opened; the answer is to reopen at its newest commit and read again.
  for (int attempt = 1;; ++attempt) {
    try {
      return run(query, request, add_level);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == 5) return core::make_error("query", "the index kept changing while it was read: " + e.get_description());
      db_.reopen();
      if (shards_)
        for (auto& shard : shards_->each) shard.reopen();
      forget_revision();
    }
  }
}

void Searcher::forget_revision() {
  columns_.reset();
  columns_checked_ = static_cast<bool>(shards_);  // shards have no columns to look for
  vocabulary_ = core::TagVocabulary::of_index(db_);
  tag_set_.reset();
  parents_.clear();
  symbol_languages_.clear();
  read_languages();
}

core::Expected<bool> Searcher::refresh() {
  if (shards_) return refresh_shards();
  // A deleted index stays readable through the files this process holds
  // open; serving it on would show what no longer exists.
  std::error_code ec;
  if (!std::filesystem::exists(dir_ / "iamglass", ec) && !std::filesystem::exists(dir_ / "iamhoney", ec))
    return core::make_error(dir_.string(), "the index is gone (deleted or moved since it was opened)");
  try {
    if (!db_.reopen()) {
      // Document records are cached per revision; a long run over many
      // documents should not keep them all.
      if (parents_.size() > 4096) parents_.clear();
      return false;
    }
    if (auto checked = core::open_index_for_reading(dir_); !checked) return checked.error();
    forget_revision();
    return true;
  } catch (const Xapian::Error& e) {
    return core::make_error(dir_.string(), "cannot read the index: " + e.get_description());
  }
}

core::Expected<bool> Searcher::refresh_shards() {
  std::error_code ec;
  for (const auto& spec : shards_->specs)
    if (spec.kind == core::ShardSpec::Kind::local && !std::filesystem::exists(spec.path / "iamglass", ec) &&
        !std::filesystem::exists(spec.path / "iamhoney", ec))
      return core::make_error(spec.name(), "the shard is gone (deleted or moved since it was opened)");
  try {
    bool moved = false;
    for (auto& shard : shards_->each) moved = shard.reopen() || moved;
    moved = db_.reopen() || moved;
    if (!moved && shards_->missing.empty()) {
      if (parents_.size() > 4096) parents_.clear();
      return false;
    }
    if (shards_->missing.empty()) {
      forget_revision();
      return true;
    }
    // A shard left out may be back: open the set again, now and then.
    const auto now = std::chrono::steady_clock::now();
    if (now - missing_tried_ < std::chrono::milliseconds(shard_options_.retry_missing_ms)) {
      if (moved) forget_revision();
      return moved;
    }
    missing_tried_ = now;
  } catch (const Xapian::Error& e) {
    // A shard stopped answering: open the set again, which fails naming it
    // or, with skip_missing, leaves it out and names it.
    if (auto reopened = reopen_shards(e.get_description()); !reopened) return reopened.error();
    forget_revision();
    return true;
  }
  if (auto reopened = reopen_shards("a shard was missing"); !reopened) return reopened.error();
  forget_revision();
  return true;
}

core::Expected<Xapian::doccount> Searcher::count(const std::string& query_text, bool documents) {
  auto words = parse_words(query_text);
  if (!words) return words.error();
  // A search for no hits: the same exact count, levels and years from the
  // columns, on two threads on a big index.
  SearchRequest request;
  request.limit = 0;
  request.documents = documents;
  request.snippets = false;
  auto result = run_reopening(*words, request, true);
  if (!result) return result.error();
  return result->total;
}

}  // namespace hrdex::query
