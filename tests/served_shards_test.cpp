// Shards served by real xapian-tcpsrv processes on 127.0.0.1 (started and
// stopped here), searched by one long-lived Searcher, as a server holds
// one: a shard killed while the searcher holds its connection, the same
// shard restarted, and a commit on a served shard. tests/e2e_shards.sh
// compares answers with the merged index; this pins what a session sees.
#include <gtest/gtest.h>

#include <sstream>

#include "indexer/add_command.hpp"
#include "query/search.hpp"
#include "tcpsrv_support.hpp"
#include "test_support.hpp"

namespace hrdex {
namespace {

using testing::kTcpsrv;
using testing::Server;
using testing::free_port;
using testing::TempDir;
using testing::write_file;
namespace fs = std::filesystem;

class ServedShards : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kTcpsrv)) GTEST_SKIP() << kTcpsrv << " is missing (Debian's xapian-tools; scripts/deps installs it)";
    for (int s = 0; s < 2; ++s) {
      for (int d = 0; d < 3; ++d)
        write_file(dir_ / ("docs" + std::to_string(s)) / ("d" + std::to_string(d) + ".txt"),
                   "Recommendations\n\n12. The State party should protect shard " + std::to_string(s) +
                       " defenders.\n\n13. It should also report on defenders " + std::to_string(d) + ".\n");
      add(s, dir_ / ("docs" + std::to_string(s)));
      ports_[s] = free_port();
      servers_[s] = std::make_unique<Server>(ports_[s], shard(s));
      ASSERT_TRUE(servers_[s]->start()) << "xapian-tcpsrv did not start on port " << ports_[s];
    }
    write_file(stub_, "remote 127.0.0.1:" + std::to_string(ports_[0]) + "\nremote 127.0.0.1:" +
                          std::to_string(ports_[1]) + "\n");
  }

  fs::path shard(int s) const { return dir_ / ("s" + std::to_string(s)); }
  void add(int s, const fs::path& input) {
    indexer::AddOptions o;
    o.db = shard(s);
    o.inputs = {input};
    o.jobs = 1;
    o.quiet = true;
    o.progress_bar = false;
    std::ostringstream out, err;
    ASSERT_EQ(indexer::run_add(o, out, err), 0) << err.str();
  }
  core::Expected<query::SearchResult> search(query::Searcher& searcher) {
    query::SearchRequest r;
    r.query = "defenders";
    r.limit = 100;
    return searcher.search(r);
  }

  TempDir dir_;
  fs::path stub_ = dir_ / "shards.stub";
  unsigned ports_[2] = {0, 0};
  std::unique_ptr<Server> servers_[2];
};

TEST_F(ServedShards, AShardKilledDuringASessionIsNamedAndFailsTheSearch) {
  auto searcher = query::Searcher::open(std::vector<fs::path>{stub_});
  ASSERT_TRUE(searcher.ok()) << searcher.error().message();
  auto before = search(*searcher);
  ASSERT_TRUE(before.ok()) << before.error().message();
  EXPECT_EQ(before->total, 12u);
  servers_[1]->stop();
  auto after = search(*searcher);
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.error().message().find("remote 127.0.0.1:" + std::to_string(ports_[1])), std::string::npos)
      << after.error().message();
}

TEST_F(ServedShards, AShardKilledDuringASessionIsLeftOutAndNamedWhenAllowed) {
  core::ShardOptions options;
  options.skip_missing = true;
  auto searcher = query::Searcher::open(std::vector<fs::path>{stub_}, options);
  ASSERT_TRUE(searcher.ok()) << searcher.error().message();
  ASSERT_TRUE(search(*searcher).ok());
  servers_[1]->stop();
  auto after = search(*searcher);
  ASSERT_TRUE(after.ok()) << after.error().message();
  EXPECT_EQ(after->total, 6u);  // shard 0's units alone
  ASSERT_EQ(after->missing_shards.size(), 1u);
  EXPECT_NE(after->missing_shards[0].message().find(std::to_string(ports_[1])), std::string::npos);
  for (const auto& hit : after->hits) EXPECT_NE(hit.source_path.find("docs0"), std::string::npos) << hit.source_path;
}

TEST_F(ServedShards, AShardRestartedAnswersTheSameSessionAgain) {
  auto searcher = query::Searcher::open(std::vector<fs::path>{stub_});
  ASSERT_TRUE(searcher.ok()) << searcher.error().message();
  auto before = search(*searcher);
  ASSERT_TRUE(before.ok());
  servers_[1]->stop();
  ASSERT_TRUE(servers_[1]->start());
  auto after = search(*searcher);
  ASSERT_TRUE(after.ok()) << after.error().message();
  EXPECT_EQ(after->total, before->total);
  EXPECT_TRUE(after->missing_shards.empty());
}

TEST_F(ServedShards, ACommitOnAServedShardIsSeenByTheNextSearch) {
  auto searcher = query::Searcher::open(std::vector<fs::path>{stub_});
  ASSERT_TRUE(searcher.ok()) << searcher.error().message();
  auto before = search(*searcher);
  ASSERT_TRUE(before.ok());
  write_file(dir_ / "new" / "n.txt", "Recommendations\n\n1. Protect defenders who report.\n");
  add(0, dir_ / "new");
  auto after = search(*searcher);
  ASSERT_TRUE(after.ok()) << after.error().message();
  EXPECT_EQ(after->total, before->total + 1);
}

// A copy of a file of one served shard committed to the other, under another
// name, while the searcher is open: the next search finds the copy and
// shows the document once, as the merged index would.
TEST_F(ServedShards, ACopyCommittedToTheOtherServedShardIsShownOnce) {
  auto searcher = query::Searcher::open(std::vector<fs::path>{stub_});
  ASSERT_TRUE(searcher.ok()) << searcher.error().message();
  auto before = search(*searcher);
  ASSERT_TRUE(before.ok());
  write_file(dir_ / "copy" / "copy-of-d0.txt",
             "Recommendations\n\n12. The State party should protect shard 0 defenders.\n\n13. It should also report on "
             "defenders 0.\n");
  add(1, dir_ / "copy");
  auto after = search(*searcher);
  ASSERT_TRUE(after.ok()) << after.error().message();
  EXPECT_EQ(after->total, before->total);
  write_file(dir_ / "new" / "n.txt", "Recommendations\n\n1. Protect defenders who report.\n");
  add(1, dir_ / "new");
  auto later = search(*searcher);
  ASSERT_TRUE(later.ok()) << later.error().message();
  EXPECT_EQ(later->total, before->total + 1) << "a new document is no copy";
}

}  // namespace
}  // namespace hrdex
