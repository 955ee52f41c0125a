#include "query/similar.hpp"

#include "core/record.hpp"
#include "core/schema.hpp"

namespace hrdex::query {
namespace schema = core::schema;
namespace prefix = core::schema::prefix;
namespace {

// Words of the text only: unprefixed terms (lower case or non-ASCII first
// byte), not field terms, numbers or the stemmed copies, so the query is the
// same whatever the languages of the units it meets.
class TextTermsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3) return false;
    unsigned char c = static_cast<unsigned char>(term[0]);
    return (c >= 'a' && c <= 'z') || c >= 0x80;
  }
};

}  // namespace

core::Expected<Xapian::Query> similar_query(Searcher& searcher, const SimilarRequest& similar) {
  const Xapian::Database& db = searcher.database();
  const std::string id_term = std::string(prefix::kUniqueId) + similar.id;
  try {
    auto post = db.postlist_begin(id_term);
    if (post == db.postlist_end(id_term))
      return core::make_error(similar.id, "no unit or document with this id in the index; ids are printed by search");
    const Xapian::docid docid = *post;
    const std::string level(core::record_level(db.get_document(docid).get_data()));
    Xapian::RSet rset;
    rset.add_document(docid);
    Xapian::Enquire enquire(db);
    TextTermsOnly decider;
    Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(similar.terms), rset, &decider);
    if (eset.empty()) return core::make_error(similar.id, "this unit has no words to compare others with");
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
    Xapian::Query words(Xapian::Query::OP_OR, terms.begin(), terms.end());
    Xapian::Query q(Xapian::Query::OP_FILTER, words, Xapian::Query(schema::boolean_term(prefix::kLevel, level)));
    q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, Xapian::Query(id_term));
    if (!similar.filters.empty()) {
      auto filters = searcher.parse(similar.filters, level == schema::kLevelDocument);
      if (!filters) return filters.error();
      q = Xapian::Query(Xapian::Query::OP_FILTER, q, *filters);
    }
    return q;
  } catch (const Xapian::Error& e) {
    return core::make_error("similar", e.get_description());
  }
}

core::Expected<SearchResult> find_similar(Searcher& searcher, const SimilarRequest& similar, const SearchRequest& request) {
  auto q = similar_query(searcher, similar);
  if (!q) return q.error();
  return searcher.run(*q, request);
}

}  // namespace hrdex::query
