// hrdex-serve over shards (--db A --db B, stub files of remote shards):
// the same JSON answers as over the merged index, and a shard that stops
// answering is named on every answer, never silently left out.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include <algorithm>

#include "core/shards.hpp"
#include "indexer/add_command.hpp"
#include "indexer/merge_command.hpp"
#include "indexer/write/index_writer.hpp"
#include "serve/app.hpp"
#include "tcpsrv_support.hpp"
#include "test_support.hpp"

namespace hrdex::serve {
namespace {

using hrdex::testing::TempDir;
namespace fs = std::filesystem;
using json = nlohmann::json;

// The bundled documents copied into `to`, each under a name that puts it in
// shard 1 or 2 of 2 in turn. A file's shard follows from a hash of its path,
// so the bundled files where they are could all fall into one shard in
// some checkout's folder, and "each shard answers with part" would fail.
fs::path corpus_split_in_two(const fs::path& to) {
  fs::create_directories(to);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(hrdex::testing::project_corpus())) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const core::ShardOfN want{static_cast<unsigned>(i % 2 + 1), 2};
    for (int attempt = 0;; ++attempt) {
      const fs::path target = to / (std::to_string(attempt) + "-" + files[i].filename().string());
      if (core::in_shard(indexer::write::document_id_for_path(fs::weakly_canonical(target)), want)) {
        fs::copy_file(files[i], target);
        break;
      }
    }
  }
  return to;
}

void add_shard(const fs::path& db, const fs::path& input, unsigned k, unsigned n) {
  indexer::AddOptions o;
  o.db = db;
  o.inputs = {input};
  o.shard = core::ShardOfN{k, n};
  o.jobs = 1;
  o.quiet = true;
  o.progress_bar = false;
  std::ostringstream out, err;
  ASSERT_EQ(indexer::run_add(o, out, err), 0) << err.str();
}

std::unique_ptr<App> open_app(std::vector<fs::path> dbs, bool skip_missing = false) {
  ServeOptions o;
  o.dbs = std::move(dbs);
  o.shards.skip_missing = skip_missing;
  o.shards.retry_missing_ms = 0;  // a shard back up is taken back at the next request
  auto app = App::open(o);
  if (!app) throw std::runtime_error(app.error().message());
  return std::move(*app);
}

Response get(App& app, const std::string& target) {
  Request r;
  r.target = target;
  return app.handle(r);
}

// Two shards of the bundled corpus, their responses joined across them as
// the deployment guide says, and the merged index of the same shards.
class ServeShards : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const fs::path corpus = corpus_split_in_two(dir_->path() / "corpus");
    add_shard(shard(1), corpus, 1, 2);
    add_shard(shard(2), corpus, 2, 2);
    std::ostringstream out, err;
    ASSERT_EQ(indexer::run_join({shard(1), {shard(2)}}, out, err), 0) << err.str();
    ASSERT_EQ(indexer::run_join({shard(2), {shard(1)}}, out, err), 0) << err.str();
    ASSERT_EQ(indexer::run_merge({merged(), {shard(1), shard(2)}}, out, err), 0) << err.str();
  }
  static void TearDownTestSuite() { delete dir_; }
  // Appended, not "s" + std::to_string(k): GCC 12 at -O3 warns falsely (-Wrestrict).
  static fs::path shard(int k) { return dir_->path() / std::string("s").append(std::to_string(k)); }
  static fs::path merged() { return dir_->path() / "merged"; }
  static TempDir* dir_;
};
TempDir* ServeShards::dir_ = nullptr;

TEST_F(ServeShards, TheApiAnswersOverShardsAsOverTheMergedIndex) {
  auto sharded = open_app({shard(1), shard(2)});
  auto one = open_app({merged()});
  EXPECT_EQ(sharded->documents(), one->documents());
  for (const std::string target :
       {"/api/search?q=housing", "/api/search?q=discrimination&limit=50", "/api/search?q=children&sort=date",
        "/api/search?q=EPA&collapse=1", "/api/count?q=recommend", "/api/facets?q=rights", "/api/facets",
        "/api/search?q=theme:housing"}) {
    const Response a = get(*sharded, target), b = get(*one, target);
    ASSERT_EQ(a.status, 200) << target << ": " << a.body;
    ASSERT_EQ(b.status, 200) << target << ": " << b.body;
    EXPECT_EQ(json::parse(a.body), json::parse(b.body)) << target;
  }
  // The answers are not empty: the comparison means something.
  const json housing = json::parse(get(*one, "/api/search?q=housing").body);
  EXPECT_GT(housing["total"].get<int>(), 0);
  // A unit page's JSON, and its similar units, over shards as merged.
  ASSERT_FALSE(housing["hits"].empty());
  for (const auto& hit : housing["hits"]) {
    const std::string id = hit["id"].get<std::string>();
    for (const std::string& target : {"/api/units/" + id, "/api/units/" + id + "/similar"}) {
      const Response a = get(*sharded, target), b = get(*one, target);
      ASSERT_EQ(a.status, 200) << target << ": " << a.body;
      EXPECT_EQ(json::parse(a.body), json::parse(b.body)) << target;
    }
  }
  // Each shard alone answers with part of it.
  auto first = open_app({shard(1)});
  EXPECT_LT(json::parse(get(*first, "/api/count?q=recommend").body)["total"].get<int>(),
            json::parse(get(*one, "/api/count?q=recommend").body)["total"].get<int>());
}

TEST_F(ServeShards, TheSearchPageAndTheExtractOverShards) {
  auto sharded = open_app({shard(1), shard(2)});
  const Response page = get(*sharded, "/?q=housing");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("s1 + s2"), std::string::npos) << "the footer names both shards";
  EXPECT_EQ(page.body.find("Answered without"), std::string::npos);
  const Response extract = get(*sharded, "/extract?agency=epa");
  ASSERT_EQ(extract.status, 200) << extract.body;
  // The reproduce line names every shard, as hrdex-query extract takes them.
  EXPECT_NE(extract.body.find("--db " + shard(1).string() + " --db " + shard(2).string()), std::string::npos);
}

class ServeRemoteShards : public ServeShards {
 protected:
  void SetUp() override {
    if (!fs::exists(hrdex::testing::kTcpsrv))
      GTEST_SKIP() << hrdex::testing::kTcpsrv << " is missing (Debian's xapian-tools; scripts/deps installs it)";
    for (int k = 0; k < 2; ++k) {
      ports_[k] = hrdex::testing::free_port();
      servers_[k] = std::make_unique<hrdex::testing::Server>(ports_[k], shard(k + 1));
      ASSERT_TRUE(servers_[k]->start()) << "xapian-tcpsrv did not start on port " << ports_[k];
    }
    hrdex::testing::write_file(stub_, "remote 127.0.0.1:" + std::to_string(ports_[0]) + "\nremote 127.0.0.1:" +
                                          std::to_string(ports_[1]) + "\n");
  }
  std::string second() const { return "remote 127.0.0.1:" + std::to_string(ports_[1]); }
  TempDir tmp_;
  fs::path stub_ = tmp_.path() / "shards.stub";
  unsigned ports_[2] = {0, 0};
  std::unique_ptr<hrdex::testing::Server> servers_[2];
};

TEST_F(ServeRemoteShards, RemoteShardsAnswerAsTheMergedIndex) {
  auto remote = open_app({stub_});
  auto one = open_app({merged()});
  for (const std::string target : {"/api/search?q=housing", "/api/count?q=recommend", "/api/facets?q=rights"}) {
    const Response a = get(*remote, target), b = get(*one, target);
    ASSERT_EQ(a.status, 200) << target << ": " << a.body;
    EXPECT_EQ(json::parse(a.body), json::parse(b.body)) << target;
  }
}

TEST_F(ServeRemoteShards, AShardThatStopsFailsTheRequestNamingIt) {
  auto app = open_app({stub_});
  ASSERT_EQ(get(*app, "/api/search?q=housing").status, 200);
  servers_[1]->stop();
  const Response api = get(*app, "/api/search?q=housing");
  EXPECT_EQ(api.status, 503) << api.body;
  EXPECT_NE(json::parse(api.body)["error"]["message"].get<std::string>().find(second()), std::string::npos) << api.body;
  const Response page = get(*app, "/?q=housing");
  EXPECT_EQ(page.status, 503);
  EXPECT_NE(page.body.find(second()), std::string::npos);
  // Back up: the same server answers whole again.
  ASSERT_TRUE(servers_[1]->start());
  const Response again = get(*app, "/api/search?q=housing");
  EXPECT_EQ(again.status, 200) << again.body;
}

TEST_F(ServeRemoteShards, WithSkipMissingEveryAnswerNamesTheShardLeftOut) {
  auto app = open_app({stub_}, true);
  auto one = open_app({merged()});
  const int whole = json::parse(get(*one, "/api/count?q=recommend").body)["total"].get<int>();
  servers_[1]->stop();
  const Response api = get(*app, "/api/count?q=recommend");
  ASSERT_EQ(api.status, 200) << api.body;
  const json j = json::parse(api.body);
  EXPECT_LT(j["total"].get<int>(), whole);
  ASSERT_EQ(j["missing_shards"].size(), 1u) << api.body;
  EXPECT_NE(j["missing_shards"][0]["shard"].get<std::string>().find(second()), std::string::npos);
  const auto header = std::find_if(api.headers.begin(), api.headers.end(),
                                   [](const auto& h) { return h.first == "X-Hrdex-Missing-Shards"; });
  ASSERT_NE(header, api.headers.end());
  EXPECT_NE(header->second.find(second()), std::string::npos);
  const Response page = get(*app, "/?q=recommend");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Answered without a shard"), std::string::npos);
  EXPECT_NE(page.body.find(second()), std::string::npos);
  // Restarted, it is taken back and the answers are whole again.
  ASSERT_TRUE(servers_[1]->start());
  const Response whole_again = get(*app, "/api/count?q=recommend");
  ASSERT_EQ(whole_again.status, 200);
  EXPECT_EQ(json::parse(whole_again.body)["total"].get<int>(), whole);
  EXPECT_FALSE(json::parse(whole_again.body).contains("missing_shards"));
}

TEST(ServeShardsStart, AMissingShardIsRefusedAtStartUnlessSkipped) {
  TempDir dir;
  ServeOptions o;
  o.dbs = {dir.path() / "nowhere"};
  auto refused = App::open(o);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("nowhere"), std::string::npos);
}

}  // namespace
}  // namespace hrdex::serve
