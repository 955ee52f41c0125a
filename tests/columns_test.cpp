// The columns give the facet counts, lengths and levels the index gives,
// and are used only for the revision they were built from: stale, damaged
// or missing, searches read the index instead, with the same results.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "core/columns.hpp"
#include "core/index.hpp"
#include "indexer/add_command.hpp"
#include "indexer/ingest.hpp"
#include "core/schema.hpp"
#include "query/facets.hpp"
#include "query/ranking.hpp"
#include "query/search.hpp"
#include "test_support.hpp"

namespace hrdex {
namespace {

namespace fs = std::filesystem;
namespace schema = core::schema;
using testing::TempDir;

using FacetMap = std::map<std::string, std::map<std::string, Xapian::doccount>>;

FacetMap as_map(const std::vector<query::Facet>& facets) {
  FacetMap m;
  for (const auto& f : facets)
    for (const auto& v : f.values) m[f.name][v.value] = v.count;
  return m;
}

class ColumnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    indexer::AddOptions options;
    options.db = db_dir();
    options.inputs = {testing::project_corpus(), testing::test_data("query")};
    std::ostringstream out, err;
    ASSERT_EQ(indexer::run_add(options, out, err), indexer::kExitOk) << err.str();
    EXPECT_EQ(err.str().find("warning"), std::string::npos) << err.str();
  }
  fs::path db_dir() const { return dir_ / "idx"; }

  // Every match of `q`, and its facets counted both ways.
  std::pair<FacetMap, FacetMap> both_ways(const std::string& q) {
    auto db = core::open_index_for_reading(db_dir());
    EXPECT_TRUE(db.ok());
    Xapian::Enquire enquire(*db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(q), Xapian::Query("XLEVELunit")));
    query::MatchIds ids;
    enquire.add_matchspy(&ids);
    enquire.get_mset(0, 0, db->get_doccount());
    auto column = core::Columns::open(db_dir(), *db);
    EXPECT_NE(column, nullptr);
    std::vector<Xapian::docid> a = ids.ids(), b = ids.ids();
    return {as_map(query::count_facets(*db, column.get(), a)), as_map(query::count_facets(*db, nullptr, b))};
  }

  FacetMap searched_facets(const std::string& q) {
    auto s = query::Searcher::open(db_dir());
    EXPECT_TRUE(s.ok());
    query::SearchRequest r;
    r.query = q;
    r.limit = 1;
    r.facets = true;
    auto result = s->search(r);
    EXPECT_TRUE(result.ok()) << result.error().message();
    return result.ok() ? as_map(result->facets) : FacetMap{};
  }

  TempDir dir_;
};

TEST_F(ColumnsTest, AddWritesAColumnThatCountsAsTheIndexDoes) {
  ASSERT_TRUE(fs::exists(db_dir() / core::kColumnsFile));
  for (const char* term : {"XUNITrecommendation", "XUNITparagraph", "XSTATEusa", "XBYnor"}) {
    auto [from_column, from_index] = both_ways(term);
    EXPECT_FALSE(from_index.empty()) << term;
    EXPECT_EQ(from_column, from_index) << term;
  }
}

// An index of the documents `fill` adds, opened, with its columns written
// and open; nullopt (with a failure) when any step fails.
struct SmallIndex {
  Xapian::Database db;
  std::shared_ptr<const core::Columns> columns;
};
std::optional<SmallIndex> small_index(const fs::path& idx, const std::function<void(Xapian::WritableDatabase&)>& fill) {
  {
    auto db = core::open_index_for_writing(idx);
    EXPECT_TRUE(db.ok()) << db.error().message();
    if (!db.ok()) return std::nullopt;
    fill(*db);
    db->commit();
  }
  auto db = core::open_index_for_reading(idx);
  EXPECT_TRUE(db.ok());
  if (!db.ok() || !core::write_columns(*db, idx).ok()) return std::nullopt;
  auto column = core::Columns::open(idx, *db);
  EXPECT_NE(column, nullptr);
  if (!column) return std::nullopt;
  return SmallIndex{*db, column};
}

TEST(Columns, YearCountsAreTheYearTermsFrequencies) {
  // A year range takes its estimates from these instead of the Y terms.
  TempDir dir;
  auto index = small_index(dir / "idx", [](Xapian::WritableDatabase& db) {
    const char* years[] = {"2010", "2012", "2012", "2019", "", "2019", "2019"};
    for (const char* year : years) {
      Xapian::Document d;
      d.add_boolean_term(schema::boolean_term(schema::prefix::kLevel, schema::kLevelUnit));
      if (*year) d.add_boolean_term(std::string(schema::prefix::kYear) + year);
      db.add_document(d);
    }
  });
  ASSERT_TRUE(index);
  const Xapian::Database* db = &index->db;
  const auto& column = index->columns;
  std::map<std::uint16_t, std::uint32_t> from_terms, from_column;
  const std::string p(schema::prefix::kYear);
  for (auto t = db->allterms_begin(p); t != db->allterms_end(p); ++t)
    from_terms[static_cast<std::uint16_t>(std::stoi((*t).substr(p.size())))] = t.get_termfreq();
  for (const auto& [year, documents] : column->year_counts()) from_column[year] = documents;
  EXPECT_EQ(from_terms, (std::map<std::uint16_t, std::uint32_t>{{2010, 1}, {2012, 2}, {2019, 3}}));
  EXPECT_EQ(from_column, from_terms);
}

TEST(Columns, UnitKindBytesStandForTheirTermsExactly) {
  // A kind gets a code only when its term is on units of that one kind:
  // the byte then finds exactly the documents the term does.
  TempDir dir;
  auto index = small_index(dir / "idx", [](Xapian::WritableDatabase& db) {
    auto add = [&](std::string_view level, std::vector<std::string> kinds) {
      Xapian::Document d;
      d.add_boolean_term(schema::boolean_term(schema::prefix::kLevel, level));
      for (const auto& k : kinds) d.add_boolean_term(schema::boolean_term(schema::prefix::kUnitKind, k));
      db.add_document(d);
    };
    add(schema::kLevelDocument, {});
    for (int i = 0; i < 3; ++i) add(schema::kLevelUnit, {"recommendation"});
    add(schema::kLevelUnit, {"paragraph"});
    add(schema::kLevelUnit, {"paragraph", "concern"});  // two kinds: neither has a code
    add(schema::kLevelDocument, {"ask"});                // on a document: no code
    add(schema::kLevelUnit, {});
  });
  ASSERT_TRUE(index);
  const Xapian::Database* db = &index->db;
  const auto& column = index->columns;
  const auto byte = column->unit_kind_byte("recommendation");
  ASSERT_TRUE(byte.has_value());
  EXPECT_GE(*byte, core::Columns::kUnitKindBase);
  EXPECT_EQ(column->unit_kind_count(*byte), 3u);
  for (const char* kind : {"paragraph", "concern", "ask", "none"}) EXPECT_FALSE(column->unit_kind_byte(kind)) << kind;
  std::vector<Xapian::docid> with_byte;
  std::vector<core::Columns::Level> levels;
  for (Xapian::docid d = 1; d <= db->get_lastdocid(); ++d) {
    if (column->levels()[d] == *byte) with_byte.push_back(d);
    levels.push_back(core::Columns::level_of(column->levels()[d]));
  }
  EXPECT_EQ(with_byte, (std::vector<Xapian::docid>{2, 3, 4}));
  using L = core::Columns::Level;
  EXPECT_EQ(levels, (std::vector<L>{L::kDocumentLevel, L::kUnitLevel, L::kUnitLevel, L::kUnitLevel, L::kUnitLevel,
                                    L::kUnitLevel, L::kDocumentLevel, L::kUnitLevel}));
}

TEST_F(ColumnsTest, ARunThatChangesNothingCommitsNothing) {
  const auto revision = [&] {
    auto db = core::open_index_for_reading(db_dir());
    return db.ok() ? db->get_revision() : 0;
  };
  const auto before = revision();
  const auto written = fs::last_write_time(db_dir() / core::kColumnsFile);
  indexer::AddOptions options;
  options.db = db_dir();
  options.inputs = {testing::project_corpus(), testing::test_data("query")};
  std::ostringstream out, err;
  ASSERT_EQ(indexer::run_add(options, out, err), indexer::kExitOk) << err.str();
  EXPECT_EQ(revision(), before) << "a run with nothing to do should leave the index as it was";
  EXPECT_EQ(fs::last_write_time(db_dir() / core::kColumnsFile), written);
}

TEST_F(ColumnsTest, AStaleColumnIsNotUsedAndCountsStayRight) {
  const FacetMap before = searched_facets("unit:recommendation");
  ASSERT_FALSE(before.empty());
  {
    // A commit the column did not see, as from a writer killed before it
    // could write the column: here, a new unit-level document.
    Xapian::WritableDatabase db(db_dir().string());
    Xapian::Document d;
    d.add_boolean_term("XLEVELunit");
    d.add_boolean_term("XUNITrecommendation");
    d.add_boolean_term("XBYnor");
    d.add_value(3, std::string("\x08nor", 4) + '\0' + "\x05recommendation" + '\0');
    d.set_data("{}");
    db.add_document(d);
    db.commit();
    auto column = core::Columns::open(db_dir(), db);
    EXPECT_EQ(column, nullptr) << "a column older than the index must not be used";
  }
  const FacetMap after = searched_facets("unit:recommendation");
  EXPECT_EQ(after.at("by").at("NOR"), before.at("by").at("NOR") + 1);
  EXPECT_EQ(after.at("unit").at("recommendation"), before.at("unit").at("recommendation") + 1);

  // The next writer brings the column up to date.
  std::ostringstream err;
  auto db = core::open_index_for_reading(db_dir());
  ASSERT_TRUE(db.ok());
  indexer::write::refresh_columns(*db, db_dir(), err);
  EXPECT_EQ(err.str(), "");
  EXPECT_NE(core::Columns::open(db_dir(), *db), nullptr);
  EXPECT_EQ(searched_facets("unit:recommendation"), after);
}

// hrdex-serve has a searcher per thread: they share one mapping of the
// file, which is still refused for a revision it was not built from.
TEST_F(ColumnsTest, SearchersOfOneIndexShareOneMapping) {
  auto a = core::open_index_for_reading(db_dir());
  auto b = core::open_index_for_reading(db_dir());
  ASSERT_TRUE(a.ok() && b.ok());
  const auto shared = core::Columns::open(db_dir(), *a);
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(core::Columns::open(db_dir(), *b), shared);
  Xapian::WritableDatabase db(db_dir().string());
  Xapian::Document d;
  d.add_boolean_term("XLEVELunit");
  d.set_data("{}");
  db.add_document(d);
  db.commit();
  EXPECT_EQ(core::Columns::open(db_dir(), db), nullptr) << "the open columns are of the revision before";
  std::ostringstream err;
  indexer::write::refresh_columns(db, db_dir(), err);
  const auto fresh = core::Columns::open(db_dir(), db);
  ASSERT_NE(fresh, nullptr);
  EXPECT_NE(fresh, shared);
  EXPECT_TRUE(fresh->built_from(db));
  EXPECT_EQ(core::Columns::open(db_dir(), db), fresh);
}

TEST_F(ColumnsTest, ADamagedColumnIsNotUsed) {
  const FacetMap good = searched_facets("unit:recommendation");
  const fs::path file = db_dir() / core::kColumnsFile;
  const auto size = fs::file_size(file);

  // Cut short: refused when opened.
  fs::resize_file(file, size - 3);
  auto db = core::open_index_for_reading(db_dir());
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(core::Columns::open(db_dir(), *db), nullptr);
  EXPECT_EQ(searched_facets("unit:recommendation"), good);

  // Offsets overwritten with nonsense past the header: caught while
  // counting, and the counts come from the index.
  std::ostringstream err;
  indexer::write::refresh_columns(*db, db_dir(), err);
  ASSERT_NE(core::Columns::open(db_dir(), *db), nullptr);
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(128);
    const std::string junk(64, '\xff');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  EXPECT_EQ(searched_facets("unit:recommendation"), good);

  // Missing: the same again.
  fs::remove(file);
  EXPECT_EQ(searched_facets("unit:recommendation"), good);
}

// Lengths, levels and facets from the columns, or the same read from
// Xapian: every hit, score, snippet, total and facet count is the same, on
// one thread and on two.
TEST_F(ColumnsTest, SearchesGiveTheSameWithAndWithoutTheColumns) {
  struct Outcome {
    Xapian::doccount total;
    std::vector<std::pair<std::string, double>> hits;
    std::vector<std::string> snippets;
    FacetMap facets;
  };
  auto run_all = [&](bool parallel) {
    auto s = query::Searcher::open(db_dir());
    EXPECT_TRUE(s.ok());
    s->set_parallel_min_documents(parallel ? 0 : std::numeric_limits<Xapian::doccount>::max());
    std::vector<Outcome> out;
    for (const char* q : {"rights", "unit:recommendation", "housing OR water", "\"human rights\"", "ratif*",
                          "women NOT violence", "state:usa", "letter", "women AND violence", "+women violence",
                          "rights -women", "(migrants OR refugees) detention", "state:usa OR rights",
                          "environment NEAR/5 pollution", "ICESCR", "recommend* unit:recommendation",
                          // filters, with the level from the columns or from Xapian
                          "rights unit:recommendation", "rights theme:housing", "water state:usa year:2000..2030",
                          "unit:recommendation state:usa", "unit:recommendation kind:upr-wg-report",
                          "rights unit:recommendation unit:paragraph", "housing OR water unit:recommendation",
                          "rights -unit:recommendation", "unit:recommendation year:2000..2030",
                          "unit:Recommendation rights", "unit:paragraph OR rights",
                          "rights theme:torture -torture", "unit:recommendation by:nor", "agency:epa unit:recommendation"})
      for (bool documents : {false, true})
        for (int shape = 0; shape < 3; ++shape) {
          query::SearchRequest r;
          r.query = q;
          r.sort = shape == 1 ? query::SortOrder::date_descending : query::SortOrder::relevance;
          r.collapse = shape == 2;
          r.limit = 12;
          r.offset = documents ? 0 : 2;
          r.documents = documents;
          r.facets = true;
          auto result = s->search(r);
          EXPECT_TRUE(result.ok()) << q;
          if (!result.ok()) continue;
          Outcome o{result->total, {}, {}, as_map(result->facets)};
          for (const auto& h : result->hits) {
            o.hits.emplace_back(h.id, h.score);
            o.snippets.push_back(h.snippet);
          }
          out.push_back(std::move(o));
        }
    return out;
  };
  auto db = core::open_index_for_reading(db_dir());
  ASSERT_TRUE(db.ok());
  ASSERT_NE(core::Columns::open(db_dir(), *db), nullptr);
  {
    // unit: reads the level bytes while the columns are current.
    auto s = query::Searcher::open(db_dir());
    ASSERT_TRUE(s.ok());
    auto parsed = s->parse("rights unit:recommendation", false);
    ASSERT_TRUE(parsed.ok());
    EXPECT_NE(parsed->get_description().find("ColumnFilter(unit:recommendation)"), std::string::npos)
        << parsed->get_description();
  }
  const auto with_columns = run_all(false);
  const auto with_columns_parallel = run_all(true);
  fs::remove(db_dir() / core::kColumnsFile);
  const auto from_xapian = run_all(false);
  const auto from_xapian_parallel = run_all(true);
  ASSERT_EQ(with_columns.size(), from_xapian.size());
  std::size_t hits = 0, units = 0;
  for (std::size_t i = 0; i < with_columns.size(); ++i) {
    const std::vector<const std::vector<Outcome>*> others = {&with_columns_parallel, &from_xapian, &from_xapian_parallel};
    for (std::size_t o = 0; o < others.size(); ++o) {
      const auto* other = others[o];
      const Outcome& a = with_columns[i];
      const Outcome& b = (*other)[i];
      EXPECT_EQ(a.total, b.total) << i;
      ASSERT_EQ(a.hits.size(), b.hits.size()) << i;
      for (std::size_t k = 0; k < a.hits.size(); ++k) {
        EXPECT_EQ(a.hits[k].first, b.hits[k].first) << i << " rank " << k;
        EXPECT_DOUBLE_EQ(a.hits[k].second, b.hits[k].second) << i << " rank " << k;
        EXPECT_EQ(a.snippets[k], b.snippets[k]) << i << " rank " << k << " against " << o;
      }
      EXPECT_EQ(a.facets, b.facets) << i;
    }
    hits += with_columns[i].hits.size();
    for (const auto& [id, score] : with_columns[i].hits) units += id.find('-') != std::string::npos;
  }
  EXPECT_GT(hits, 100u) << "the queries should fill pages";
  EXPECT_GT(units, 0u);
}

// The page a search returns is the page of a plain Enquire that weighs and
// ranks every match (check_at_least over the whole index, no decider, no
// ranges), and the total is its count: however the search got there (the
// page gate, a pass per page and count, one thread or two, the years and
// levels from the columns or from the index).
TEST_F(ColumnsTest, PagesAndTotalsAreThoseOfOneExhaustiveEnquire) {
  const char* queries[] = {"rights", "unit:recommendation", "housing OR water", "\"human rights\"", "ratif*",
                           "women NOT violence", "rights -women", "state:usa OR rights", "environment NEAR/5 pollution",
                           "rights year:2000..2030", "rights year:..2012", "unit:recommendation year:2005..",
                           "rights theme:housing", "water state:usa", "unit:recommendation by:nor",
                           "(migrants OR refugees) detention", "recommend* unit:recommendation", "letter"};
  std::size_t compared = 0;
  for (bool columns : {true, false}) {
    if (!columns) fs::remove(db_dir() / core::kColumnsFile);
    auto db = core::open_index_for_reading(db_dir());
    ASSERT_TRUE(db.ok());
    ASSERT_EQ(core::Columns::open(db_dir(), *db) != nullptr, columns);
    for (bool parallel : {false, true}) {
      auto s = query::Searcher::open(db_dir());
      ASSERT_TRUE(s.ok());
      s->set_parallel_min_documents(parallel ? 0 : std::numeric_limits<Xapian::doccount>::max());
      for (const char* q : queries)
        for (bool documents : {false, true})
          for (auto order : {query::SortOrder::relevance, query::SortOrder::date_ascending,
                             query::SortOrder::date_descending})
            for (std::size_t offset : {0u, 3u, 11u})
              for (std::size_t limit : {1u, 10u}) {
                query::SearchRequest r;
                r.query = q;
                r.documents = documents;
                r.sort = order;
                r.offset = offset;
                r.limit = limit;
                r.facets = offset == 3;  // facets or not take different paths
                auto result = s->search(r);
                ASSERT_TRUE(result.ok()) << q << ": " << result.error().message();

                auto parsed = s->parse(q, documents);
                ASSERT_TRUE(parsed.ok()) << q;
                Xapian::Enquire reference(*db);
                reference.set_query(*parsed);
                reference.set_weighting_scheme(query::UnitBM25(nullptr, 0, nullptr));
                if (order != query::SortOrder::relevance)
                  reference.set_sort_by_value_then_relevance(schema::slot::kDate,
                                                             order == query::SortOrder::date_descending);
                const Xapian::MSet mset = reference.get_mset(static_cast<Xapian::doccount>(offset),
                                                             static_cast<Xapian::doccount>(limit), db->get_doccount());
                const std::string what = std::string(q) + (documents ? " (documents)" : "") + " order " +
                                         std::to_string(static_cast<int>(order)) + " offset " + std::to_string(offset) +
                                         " limit " + std::to_string(limit) + (columns ? "" : " without columns") +
                                         (parallel ? " on two threads" : "");
                EXPECT_EQ(result->total, mset.get_matches_estimated()) << what;
                ASSERT_EQ(result->hits.size(), mset.size()) << what;
                std::size_t rank = 0;
                for (auto it = mset.begin(); it != mset.end(); ++it, ++rank) {
                  auto term = it.get_document().termlist_begin();
                  term.skip_to(std::string(schema::prefix::kUniqueId));
                  EXPECT_EQ(result->hits[rank].id, (*term).substr(schema::prefix::kUniqueId.size()))
                      << what << " rank " << rank;
                  EXPECT_DOUBLE_EQ(result->hits[rank].score, it.get_weight()) << what << " rank " << rank;
                  ++compared;
                }
              }
    }
  }
  EXPECT_GT(compared, 2000u) << "the queries should fill pages";
}

TEST_F(ColumnsTest, RemoveAndCompactKeepTheColumnCurrent) {
  std::ostringstream out, err;
  indexer::RemoveOptions remove;
  remove.db = db_dir();
  remove.inputs = {testing::test_data("query") / "upr-report-repeat-a.txt"};
  ASSERT_EQ(indexer::run_remove(remove, out, err), indexer::kExitOk) << err.str();
  {
    auto db = core::open_index_for_reading(db_dir());
    ASSERT_TRUE(db.ok());
    EXPECT_NE(core::Columns::open(db_dir(), *db), nullptr);
  }
  const FacetMap before = searched_facets("unit:recommendation");
  indexer::CompactOptions compact;
  compact.db = db_dir();
  ASSERT_EQ(indexer::run_compact(compact, out, err), indexer::kExitOk) << err.str();
  auto db = core::open_index_for_reading(db_dir());
  ASSERT_TRUE(db.ok());
  EXPECT_NE(core::Columns::open(db_dir(), *db), nullptr);
  EXPECT_EQ(searched_facets("unit:recommendation"), before);
  auto [from_column, from_index] = both_ways("XUNITrecommendation");
  EXPECT_EQ(from_column, from_index);
}

}  // namespace
}  // namespace hrdex
