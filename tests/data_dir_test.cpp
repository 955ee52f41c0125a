// The data folder found at run time (core/data_dir.hpp), and what the
// taxonomy loader and the synonyms say when it, or what it should hold, is
// missing. tests/e2e_install.sh runs the same cases through installed
// programs.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "core/data_dir.hpp"
#include "core/text.hpp"
#include "query/synonyms.hpp"
#include "taxonomy/source.hpp"
#include "test_support.hpp"

namespace hrdex {
namespace {

namespace fs = std::filesystem;

class DataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.path();
    fs::create_directories(root_ / "prefix" / "bin");
    fs::create_directories(root_ / "prefix" / "share" / "hrdex");
    exe_ = root_ / "prefix" / "bin" / "hrdex-index";
  }
  void TearDown() override { unsetenv("HRDEX_DATA_DIR"); }
  testing::TempDir tmp_;
  fs::path root_, exe_;
};

TEST_F(DataDirTest, BesideTheProgram) {
  auto dir = core::find_data_dir({std::nullopt, std::nullopt, exe_});
  ASSERT_TRUE(dir.ok()) << dir.error().message();
  EXPECT_EQ(dir->path, root_ / "prefix" / "share" / "hrdex");
  EXPECT_EQ(dir->origin, "beside the program " + exe_.string());
}

TEST_F(DataDirTest, OptionBeatsEnvironmentBeatsProgram) {
  fs::create_directories(root_ / "opt");
  fs::create_directories(root_ / "env");
  auto dir = core::find_data_dir({root_ / "opt", (root_ / "env").string(), exe_});
  ASSERT_TRUE(dir.ok()) << dir.error().message();
  EXPECT_EQ(dir->path, root_ / "opt");
  EXPECT_EQ(dir->origin, "--data-dir");
  dir = core::find_data_dir({std::nullopt, (root_ / "env").string(), exe_});
  ASSERT_TRUE(dir.ok()) << dir.error().message();
  EXPECT_EQ(dir->path, root_ / "env");
  EXPECT_EQ(dir->origin, "HRDEX_DATA_DIR");
}

// A folder named explicitly is never passed over for the next place.
TEST_F(DataDirTest, NamedFolderMissingIsAnError) {
  const fs::path nowhere = root_ / "nowhere";
  auto dir = core::find_data_dir({std::nullopt, nowhere.string(), exe_});
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message(), "HRDEX_DATA_DIR=" + nowhere.string() +
                                       ": no such folder; the data folder holds taxonomies/ and synonyms.txt");
  dir = core::find_data_dir({nowhere, std::nullopt, exe_});
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message(),
            "--data-dir " + nowhere.string() + ": no such folder; the data folder holds taxonomies/ and synonyms.txt");
  dir = core::find_data_dir({std::nullopt, std::string(), exe_});
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message(), "HRDEX_DATA_DIR: set but empty; unset it or name the data folder");
}

TEST_F(DataDirTest, NamedFileIsNotAFolder) {
  std::ofstream(root_ / "file") << "x";
  auto dir = core::find_data_dir({std::nullopt, (root_ / "file").string(), exe_});
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().what, "not a folder; the data folder holds taxonomies/ and synonyms.txt");
}

TEST_F(DataDirTest, NothingBesideTheProgramSaysWhereItLooked) {
  const fs::path bare = root_ / "bare" / "bin" / "hrdex-query";
  auto dir = core::find_data_dir({std::nullopt, std::nullopt, bare});
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message(), "no data folder (taxonomies/, synonyms.txt): looked in " +
                                       (root_ / "bare" / "share" / "hrdex").string() + ", beside the program " +
                                       bare.string() + "; set HRDEX_DATA_DIR or pass --data-dir");
}

TEST_F(DataDirTest, UnreadableFolder) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any folder; e2e_install.sh runs this case as nobody";
  const fs::path data = root_ / "prefix" / "share" / "hrdex";
  fs::permissions(data, fs::perms::none);
  auto dir = core::find_data_dir({std::nullopt, std::nullopt, exe_});
  fs::permissions(data, fs::perms::owner_all);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message(), data.string() + " (beside the program " + exe_.string() +
                                       "): data folder not readable (Permission denied)");
}

// The running test program's own lookup: HRDEX_DATA_DIR, as a user sets it.
TEST_F(DataDirTest, TaxonomyFolderWithoutTaxonomies) {
  const fs::path data = root_ / "data";
  fs::create_directories(data / "taxonomies");
  setenv("HRDEX_DATA_DIR", data.c_str(), 1);
  taxonomy::TaxonomySource source;
  auto set = taxonomy::load_taxonomy_source(source);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().message(), (data / "taxonomies").string() +
                                       ": no taxonomy files (*.toml) in this folder (the data folder's default "
                                       "taxonomies)");
  fs::remove(data / "taxonomies");
  set = taxonomy::load_taxonomy_source(source = {});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().message(),
            (data / "taxonomies").string() + ": no taxonomy folder in the data folder (HRDEX_DATA_DIR)");
  auto synonyms = query::load_synonym_files({}, false);
  ASSERT_FALSE(synonyms.ok());
  EXPECT_EQ(synonyms.error().message(),
            (data / "synonyms.txt").string() + ": missing from the data folder " + data.string() + " (HRDEX_DATA_DIR)");
  EXPECT_TRUE(query::load_synonym_files({}, true).ok()) << "--no-synonyms needs no data folder";
}

// The build tree has a data folder of its own beside the programs (CMake
// links its entries to corpus/), which this test program finds.
TEST_F(DataDirTest, BuildTreeFindsTheSourceTreesData) {
  auto dir = core::find_data_dir();
  ASSERT_TRUE(dir.ok()) << dir.error().message();
  EXPECT_EQ(fs::canonical(dir->path / "taxonomies"),
            fs::canonical(hrdex::testing::shipped_taxonomy_dir()));
  taxonomy::TaxonomySource source;
  auto set = taxonomy::load_taxonomy_source(source);
  ASSERT_TRUE(set.ok()) << set.error().message();
  EXPECT_TRUE(source.default_dir);
  // The index records that the default was used, so a later retag looks
  // the data folder up again.
  EXPECT_FALSE(taxonomy::source_from_json(taxonomy::source_to_json(source)).dir.has_value());
}

TEST_F(DataDirTest, WrittenByRecordsVersionAndTaxonomyHashes) {
  const fs::path dir = root_ / "tax";
  fs::create_directories(dir);
  const std::string toml = "[taxonomy]\nid = \"t\"\nlabel = \"T\"\nkind = \"themes\"\n\n[[tag]]\nid = \"a\"\nlabel = \"A\"\n";
  std::ofstream(dir / "t.toml") << toml;
  taxonomy::TaxonomySource source;
  source.dir = dir;
  auto set = taxonomy::load_taxonomy_source(source);
  ASSERT_TRUE(set.ok()) << set.error().message();
  const std::string json = taxonomy::written_by_json(*set);
  EXPECT_EQ(json, std::string("{\"hrdex\":\"") + HRDEX_VERSION + "\",\"taxonomies\":[{\"file\":\"" +
                      (dir / "t.toml").string() + "\",\"hash\":\"" + core::short_hash(toml) + "\",\"id\":\"t\"}]}");
}

}  // namespace
}  // namespace hrdex
