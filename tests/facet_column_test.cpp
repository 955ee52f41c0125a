// The facet column gives the counts the index gives, and is used only for
// the revision it was built from: stale, damaged or missing, searches count
// from the index instead, with the same result.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/facet_column.hpp"
#include "core/index.hpp"
#include "indexer/add_command.hpp"
#include "indexer/ingest.hpp"
#include "query/facets.hpp"
#include "query/search.hpp"
#include "test_support.hpp"

namespace hrdex {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

using FacetMap = std::map<std::string, std::map<std::string, Xapian::doccount>>;

FacetMap as_map(const std::vector<query::Facet>& facets) {
  FacetMap m;
  for (const auto& f : facets)
    for (const auto& v : f.values) m[f.name][v.value] = v.count;
  return m;
}

class FacetColumnTest : public ::testing::Test {
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
    auto column = core::FacetColumn::open(db_dir(), *db);
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

TEST_F(FacetColumnTest, AddWritesAColumnThatCountsAsTheIndexDoes) {
  ASSERT_TRUE(fs::exists(db_dir() / core::kFacetColumnFile));
  for (const char* term : {"XUNITrecommendation", "XUNITparagraph", "XSTATEusa", "XBYnor"}) {
    auto [from_column, from_index] = both_ways(term);
    EXPECT_FALSE(from_index.empty()) << term;
    EXPECT_EQ(from_column, from_index) << term;
  }
}

TEST_F(FacetColumnTest, AStaleColumnIsNotUsedAndCountsStayRight) {
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
    auto column = core::FacetColumn::open(db_dir(), db);
    EXPECT_EQ(column, nullptr) << "a column older than the index must not be used";
  }
  const FacetMap after = searched_facets("unit:recommendation");
  EXPECT_EQ(after.at("by").at("NOR"), before.at("by").at("NOR") + 1);
  EXPECT_EQ(after.at("unit").at("recommendation"), before.at("unit").at("recommendation") + 1);

  // The next writer brings the column up to date.
  std::ostringstream err;
  auto db = core::open_index_for_reading(db_dir());
  ASSERT_TRUE(db.ok());
  indexer::write::refresh_facet_column(*db, db_dir(), err);
  EXPECT_EQ(err.str(), "");
  EXPECT_NE(core::FacetColumn::open(db_dir(), *db), nullptr);
  EXPECT_EQ(searched_facets("unit:recommendation"), after);
}

TEST_F(FacetColumnTest, ADamagedColumnIsNotUsed) {
  const FacetMap good = searched_facets("unit:recommendation");
  const fs::path file = db_dir() / core::kFacetColumnFile;
  const auto size = fs::file_size(file);

  // Cut short: refused when opened.
  fs::resize_file(file, size - 3);
  auto db = core::open_index_for_reading(db_dir());
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(core::FacetColumn::open(db_dir(), *db), nullptr);
  EXPECT_EQ(searched_facets("unit:recommendation"), good);

  // Offsets overwritten with nonsense past the header: caught while
  // counting, and the counts come from the index.
  std::ostringstream err;
  indexer::write::refresh_facet_column(*db, db_dir(), err);
  ASSERT_NE(core::FacetColumn::open(db_dir(), *db), nullptr);
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

TEST_F(FacetColumnTest, RemoveAndCompactKeepTheColumnCurrent) {
  std::ostringstream out, err;
  indexer::RemoveOptions remove;
  remove.db = db_dir();
  remove.inputs = {testing::test_data("query") / "upr-report-repeat-a.txt"};
  ASSERT_EQ(indexer::run_remove(remove, out, err), indexer::kExitOk) << err.str();
  {
    auto db = core::open_index_for_reading(db_dir());
    ASSERT_TRUE(db.ok());
    EXPECT_NE(core::FacetColumn::open(db_dir(), *db), nullptr);
  }
  const FacetMap before = searched_facets("unit:recommendation");
  indexer::CompactOptions compact;
  compact.db = db_dir();
  ASSERT_EQ(indexer::run_compact(compact, out, err), indexer::kExitOk) << err.str();
  auto db = core::open_index_for_reading(db_dir());
  ASSERT_TRUE(db.ok());
  EXPECT_NE(core::FacetColumn::open(db_dir(), *db), nullptr);
  EXPECT_EQ(searched_facets("unit:recommendation"), before);
  auto [from_column, from_index] = both_ways("XUNITrecommendation");
  EXPECT_EQ(from_column, from_index);
}

}  // namespace
}  // namespace hrdex
