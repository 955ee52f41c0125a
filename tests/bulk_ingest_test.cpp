// The bulk pipeline of `hrdex-index add`: isolation of crashes and hangs,
// incremental re-runs, duplicates, the failure ledger, pruning, manifests
// and the JSON report, each on a real index in a temporary folder.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/index.hpp"
#include "core/schema.hpp"
#include "indexer/add_command.hpp"
#include "indexer/ingest.hpp"
#include "indexer/merge_command.hpp"
#include "indexer/pipeline/transport.hpp"
#include "indexer/write/index_writer.hpp"
#include "query/search.hpp"
#include "test_support.hpp"

namespace hrdex::indexer {
namespace {

using hrdex::testing::TempDir;
using hrdex::testing::write_file;
namespace fs = std::filesystem;
namespace schema = core::schema;

struct Outcome {
  int status;
  std::string out;
  std::string err;
};

class BulkIngest : public ::testing::Test {
 protected:
  Outcome add(std::vector<fs::path> inputs, AddOptions options = {}) {
    options.db = dir_ / "idx";
    options.inputs = std::move(inputs);
    if (options.jobs == 0) options.jobs = 2;
    options.progress_bar = false;
    options.quiet = true;
    std::ostringstream out, err;
    int status = run_add(options, out, err);
    return {status, out.str(), err.str()};
  }

  // add() with --report, and the report it wrote.
  Outcome add_reporting(std::vector<fs::path> inputs) {
    AddOptions options;
    options.report = dir_ / "report.json";
    return add(std::move(inputs), options);
  }
  nlohmann::json last_report() { return nlohmann::json::parse(std::ifstream(dir_ / "report.json")); }

  Xapian::doccount documents() {
    auto db = core::open_index_for_reading(dir_ / "idx");
    EXPECT_TRUE(db.ok());
    return db->get_termfreq(schema::boolean_term(schema::prefix::kLevel, schema::kLevelDocument));
  }

  fs::path doc(const std::string& name, const std::string& extra = "") {
    return write_file(dir_ / "docs" / name, "Recommendations\n\n12. The State party should act on " + name +
                                                 ".\n\n13. It should also report. " + extra + "\n");
  }

  TempDir dir_;
};

TEST_F(BulkIngest, AWorkerThatAbortsCostsOneFileAndTheRunGoesOn) {
  setenv("HRDEX_TEST_FAULTS", "1", 1);
  doc("a.txt");
  doc("hrdex-test-abort.txt");
  doc("b.txt");
  Outcome r = add({dir_ / "docs"});
  unsetenv("HRDEX_TEST_FAULTS");
  EXPECT_EQ(r.status, kExitSomeFailed);
  EXPECT_NE(r.err.find("hrdex-test-abort.txt: worker crashed (signal 6 SIGABRT)"), std::string::npos) << r.err;
  EXPECT_EQ(documents(), 2u);
}

TEST_F(BulkIngest, AHangIsCutByTheTimeoutAndTheRunGoesOn) {
  setenv("HRDEX_TEST_FAULTS", "1", 1);
  doc("a.txt");
  doc("hrdex-test-hang.txt");
  doc("b.txt");
  AddOptions options;
  options.timeout = std::chrono::seconds(1);
  Outcome r = add({dir_ / "docs"}, options);
  unsetenv("HRDEX_TEST_FAULTS");
  EXPECT_EQ(r.status, kExitSomeFailed);
  EXPECT_NE(r.err.find("hrdex-test-hang.txt: timed out after 1 s"), std::string::npos) << r.err;
  EXPECT_EQ(documents(), 2u);
}

TEST_F(BulkIngest, ARerunSkipsUnchangedFilesAndReindexesChangedOnes) {
  auto a = doc("a.txt");
  doc("b.txt");
  ASSERT_EQ(add({dir_ / "docs"}).status, kExitOk);
  Outcome again = add({dir_ / "docs"});
  EXPECT_EQ(again.status, kExitOk);
  EXPECT_NE(again.out.find("indexed 0 files"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("unchanged 2"), std::string::npos) << again.out;

  // A new time on the same bytes is still unchanged: the hash decides.
  fs::last_write_time(a, fs::last_write_time(a) + std::chrono::hours(1));
  Outcome touched = add({dir_ / "docs"});
  EXPECT_NE(touched.out.find("unchanged 2"), std::string::npos) << touched.out;

  doc("a.txt", "Changed.");
  Outcome changed = add({dir_ / "docs"});
  EXPECT_NE(changed.out.find("indexed 1 file"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("unchanged 1"), std::string::npos) << changed.out;
  EXPECT_EQ(documents(), 2u);
}

TEST_F(BulkIngest, ByteIdenticalFilesAreIndexedOnceAndReportedAsDuplicates) {
  auto original = doc("guinea2010.txt");
  fs::copy_file(original, dir_ / "docs" / "guinea2014.txt");
  Outcome r = add({dir_ / "docs"});
  EXPECT_EQ(r.status, kExitOk);
  EXPECT_EQ(documents(), 1u);
  EXPECT_NE(r.out.find("duplicates 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("guinea2014.txt has the same content as"), std::string::npos) << r.out;
  // And again on a re-run, without extracting it.
  Outcome again = add({dir_ / "docs"});
  EXPECT_NE(again.out.find("duplicates 1"), std::string::npos) << again.out;
  EXPECT_EQ(documents(), 1u);
}

// One invented Working Group report as text and as HTML: the same symbol
// and numbered recommendations, the unnumbered rest split differently.
constexpr const char* kReportParagraphs[] = {
    "A/HRC/99/11",
    "Report of the Working Group on the Universal Periodic Review",
    "Veridia",
    "II. Conclusions and/or recommendations",
    "92. The recommendations listed below enjoy the support of Veridia:",
    "92.1. Ratify the Convention against Torture (France);",
    "92.2. Establish a national human rights institution (Ghana);",
    "92.3. Guarantee access to clean water in rural areas (Spain);",
    "92.4. Protect journalists from harassment (Norway).",
};

// Whether the index in `db_dir` holds `file` as a document of its own.
bool holds_file(const fs::path& db_dir, const fs::path& file) {
  auto db = core::open_index_for_reading(db_dir);
  EXPECT_TRUE(db.ok());
  std::string term(schema::prefix::kUniqueId);
  term += write::document_id_for_path(fs::weakly_canonical(file));
  return db.ok() && db->get_termfreq(term) > 0;
}

std::string report_text() {
  std::string out;
  for (const char* p : kReportParagraphs) {
    out += p;
    out += "\n\n";
  }
  return out;
}

std::string report_html(const std::string& extra_paragraph = "") {
  std::string out = "<html><head><meta charset=\"utf-8\"><title>Veridia</title></head><body>\n";
  for (const char* p : kReportParagraphs) {
    out += "<p>";
    out += p;
    out += "</p>\n";
  }
  out += extra_paragraph;
  out += "<p>GE.99-00011</p></body></html>\n";
  return out;
}

TEST_F(BulkIngest, OneDocumentInTwoFormatsIsIndexedOnce) {
  write_file(dir_ / "docs" / "report.txt", report_text());
  write_file(dir_ / "docs" / "report.html", report_html());
  Outcome r = add_reporting({dir_ / "docs"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(documents(), 1u);
  EXPECT_NE(r.out.find("indexed 1 file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("duplicates 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in another format; the index keeps"), std::string::npos) << r.out;
  auto report = last_report();
  ASSERT_EQ(report["duplicates"].size(), 1u) << report.dump(2);
  EXPECT_TRUE(report["duplicates"][0]["another_format"].get<bool>());
  const std::string left_out = report["duplicates"][0]["path"];

  // The copy left out is not read again while neither file changes.
  Outcome again = add({dir_ / "docs"});
  EXPECT_NE(again.out.find("indexed 0 files"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("unchanged 1, duplicates 1"), std::string::npos) << again.out;
  EXPECT_EQ(documents(), 1u);

  // Once the kept copy is gone, the other is indexed in its place.
  const std::string kept = report["duplicates"][0]["same_as"];
  fs::remove(kept);
  AddOptions prune;
  prune.prune = true;
  add({dir_ / "docs"}, prune);
  Outcome after = add({dir_ / "docs"});
  EXPECT_EQ(documents(), 1u);
  EXPECT_NE(after.out.find("duplicates 0"), std::string::npos) << after.out;
  EXPECT_TRUE(holds_file(dir_ / "idx", left_out)) << left_out << " indexed after all";
}

TEST_F(BulkIngest, TheCopyKeptDoesNotDependOnWhichFileCameFirst) {
  auto kept_when = [&](const std::string& first) {
    TempDir scratch;
    const fs::path txt = write_file(scratch.path() / "docs" / "report.txt", report_text());
    const fs::path html = write_file(scratch.path() / "docs" / "report.html", report_html());
    AddOptions options;
    options.db = scratch.path() / "idx";
    options.jobs = 1;
    options.quiet = true;
    options.progress_bar = false;
    std::ostringstream out, err;
    options.inputs = {first == "txt" ? txt : html};
    run_add(options, out, err);
    options.inputs = {first == "txt" ? html : txt};
    run_add(options, out, err);
    std::string kept;
    for (const fs::path& f : {txt, html})
      if (holds_file(options.db, f)) kept += f.extension().string();
    return kept;
  };
  const std::string text_first = kept_when("txt");
  EXPECT_TRUE(text_first == ".txt" || text_first == ".html") << "one copy, not " << text_first;
  EXPECT_EQ(text_first, kept_when("html"));
}

// Shards built apart never compared their files: `stats` over them names
// the document each holds in another format, and `merge` keeps the copy
// `add` would have kept, recording the other so that `add` leaves it out.
TEST_F(BulkIngest, MergeKeepsOneOfADocumentInTwoFormatsHeldByTwoShards) {
  const fs::path txt = write_file(dir_ / "a" / "report.txt", report_text());
  const fs::path html = write_file(dir_ / "b" / "report.html", report_html());
  const fs::path other = write_file(dir_ / "b" / "other.txt", "Recommendations\n\n12. Another matter.\n");
  auto add_to = [&](const fs::path& db, const fs::path& input) {
    AddOptions options;
    options.db = db;
    options.inputs = {input};
    options.jobs = 1;
    options.quiet = true;
    options.progress_bar = false;
    std::ostringstream out, err;
    EXPECT_EQ(run_add(options, out, err), kExitOk) << err.str();
  };
  add_to(dir_ / "s1", dir_ / "a");
  add_to(dir_ / "s2", dir_ / "b");

  StatsOptions stats;
  stats.db = {dir_ / "s1", dir_ / "s2"};
  std::ostringstream sout, serr;
  ASSERT_EQ(run_stats(stats, sout, serr), kExitOk) << serr.str();
  EXPECT_NE(sout.str().find("copies in another format across shards: 1"), std::string::npos) << sout.str();

  // Searched side by side, the shards show the document once, as the
  // merged index will: by words, by filters alone, as documents, in facets.
  auto side_by_side = query::Searcher::open({dir_ / "s1", dir_ / "s2"});
  ASSERT_TRUE(side_by_side.ok()) << side_by_side.error().message();
  auto count = [&](const std::string& q, bool documents = false) -> std::size_t {
    query::SearchRequest request;
    request.query = q;
    request.documents = documents;
    request.facets = true;
    auto result = side_by_side->search(request);
    EXPECT_TRUE(result.ok()) << q << ": " << (result.ok() ? "" : result.error().message());
    return result.ok() ? result->total : 0;
  };
  EXPECT_EQ(count("journalists"), 1u);
  const std::size_t symbol_side_by_side = count("symbol:A/HRC/99/11");
  EXPECT_EQ(count("veridia", true), 1u);
  EXPECT_EQ(count("matter"), 1u) << "the other document is not hidden";

  MergeOptions merge;
  merge.db = dir_ / "merged";
  merge.shards = {dir_ / "s1", dir_ / "s2"};
  std::ostringstream mout, merr;
  ASSERT_EQ(run_merge(merge, mout, merr), kExitOk) << merr.str();
  EXPECT_NE(mout.str().find("copies in another format across shards 1"), std::string::npos) << mout.str();
  EXPECT_NE(mout.str().find("in another format; the merged index keeps"), std::string::npos) << mout.str();
  const bool kept_txt = holds_file(dir_ / "merged", txt), kept_html = holds_file(dir_ / "merged", html);
  EXPECT_NE(kept_txt, kept_html) << "exactly one copy is kept";
  EXPECT_TRUE(holds_file(dir_ / "merged", other));
  auto db = core::open_index_for_reading(dir_ / "merged");
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db->get_termfreq(schema::boolean_term(schema::prefix::kLevel, schema::kLevelDocument)), 2u);
  // No unit of the copy left out stays behind.
  const std::string left_out = write::document_id_for_path(fs::weakly_canonical(kept_txt ? html : txt));
  EXPECT_EQ(db->get_termfreq(schema::boolean_term(schema::prefix::kParent, left_out)), 0u);
  EXPECT_FALSE(db->get_metadata(std::string(schema::kMetaCopyPrefix) + left_out).empty());

  // `add` into the merged index of both folders leaves the copy out again.
  AddOptions again;
  again.db = dir_ / "merged";
  again.inputs = {dir_ / "a", dir_ / "b"};
  again.jobs = 1;
  again.quiet = true;
  again.progress_bar = false;
  std::ostringstream aout, aerr;
  EXPECT_EQ(run_add(again, aout, aerr), kExitOk) << aerr.str();
  EXPECT_NE(aout.str().find("indexed 0 files"), std::string::npos) << aout.str();
  auto after = core::open_index_for_reading(dir_ / "merged");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->get_termfreq(schema::boolean_term(schema::prefix::kLevel, schema::kLevelDocument)), 2u);

  auto merged_searcher = query::Searcher::open(dir_ / "merged");
  ASSERT_TRUE(merged_searcher.ok());
  query::SearchRequest request;
  request.query = "symbol:A/HRC/99/11";
  auto merged_total = merged_searcher->search(request);
  ASSERT_TRUE(merged_total.ok());
  EXPECT_EQ(merged_total->total, symbol_side_by_side) << "side by side as merged";
  auto kept_shard = query::Searcher::open(dir_ / (kept_txt ? "s1" : "s2"));
  ASSERT_TRUE(kept_shard.ok());
  auto kept_total = kept_shard->search(request);
  ASSERT_TRUE(kept_total.ok());
  EXPECT_EQ(kept_total->total, symbol_side_by_side) << "the units of the copy kept, and no other";
}

// The same bytes under two paths, one in each shard: searched side by side,
// one copy shows, as in the merged index.
TEST_F(BulkIngest, ShardsSearchedSideBySideShowAByteCopyOnce) {
  write_file(dir_ / "a" / "report.txt", report_text());
  write_file(dir_ / "b" / "copy-of-report.txt", report_text());
  for (const char* shard : {"a", "b"}) {
    AddOptions options;
    options.db = dir_ / (std::string("s") + shard);
    options.inputs = {dir_ / shard};
    options.jobs = 1;
    options.quiet = true;
    options.progress_bar = false;
    std::ostringstream out, err;
    ASSERT_EQ(run_add(options, out, err), kExitOk) << err.str();
  }
  auto one = query::Searcher::open(dir_ / "sa");
  auto both = query::Searcher::open({dir_ / "sa", dir_ / "sb"});
  ASSERT_TRUE(one.ok() && both.ok());
  for (const char* q : {"journalists", "symbol:A/HRC/99/11"}) {
    query::SearchRequest request;
    request.query = q;
    request.facets = true;
    auto alone = one->search(request), side = both->search(request);
    ASSERT_TRUE(alone.ok() && side.ok()) << q;
    EXPECT_EQ(side->total, alone->total) << q;
    ASSERT_FALSE(side->hits.empty()) << q;
    EXPECT_NE(side->hits.front().id.find(write::document_id_for_path(fs::weakly_canonical(dir_ / "a" / "report.txt"))),
              std::string::npos)
        << q << ": the first shard's copy, as a merge keeps";
  }
}

// One file indexed into two indexes under the same path has one id in
// both, so hiding it by its terms would hide both: searched side by side,
// the first index's copy shows, as in an index of every file, whether the
// words rank the matches or filters alone select them, page after page.
TEST_F(BulkIngest, AFileIndexedIntoTwoIndexesShowsOnceWhenTheyAreSearchedTogether) {
  write_file(dir_ / "a" / "report.txt", report_text());
  write_file(dir_ / "b" / "other.txt",
             "Recommendations\n\n12. The State party should protect journalists and human rights defenders.\n\n"
             "13. It should report on another matter.\n");
  auto add_to = [&](const std::string& db, std::vector<fs::path> inputs) {
    AddOptions options;
    options.db = dir_ / db;
    options.inputs = std::move(inputs);
    options.jobs = 1;
    options.quiet = true;
    options.progress_bar = false;
    std::ostringstream out, err;
    ASSERT_EQ(run_add(options, out, err), kExitOk) << err.str();
  };
  add_to("first", {dir_ / "a"});
  add_to("second", {dir_ / "a", dir_ / "b"});
  add_to("every", {dir_ / "a", dir_ / "b"});
  auto every = query::Searcher::open(dir_ / "every");
  auto both = query::Searcher::open({dir_ / "first", dir_ / "second"});
  ASSERT_TRUE(every.ok() && both.ok());
  auto facet_counts = [](const query::SearchResult& r) {
    std::map<std::string, Xapian::doccount> out;
    for (const auto& f : r.facets)
      for (const auto& v : f.values) out[f.name + ":" + v.value] = v.count;
    return out;
  };
  const std::vector<std::pair<std::string, bool>> searches = {
      {"journalists", false},       {"rights", false},   {"symbol:A/HRC/99/11", false}, {"unit:recommendation", false},
      {"veridia OR matter", true}, {"kind:other", true}, {"symbol:A/HRC/99/11", true}};
  for (const auto& [q, documents] : searches) {
    {
      query::SearchRequest request;
      request.query = q;
      request.documents = documents;
      request.facets = true;
      request.limit = 100;
      auto expected = every->search(request), side = both->search(request);
      ASSERT_TRUE(expected.ok() && side.ok()) << q;
      ASSERT_GT(expected->total, 0u) << q;
      EXPECT_EQ(side->total, expected->total) << q << (documents ? " (documents)" : "");
      std::set<std::string> expected_ids, side_ids;
      for (const auto& h : expected->hits) expected_ids.insert(h.id);
      for (const auto& h : side->hits) EXPECT_TRUE(side_ids.insert(h.id).second) << q << ": " << h.id << " twice";
      EXPECT_EQ(side_ids, expected_ids) << q;
      EXPECT_EQ(facet_counts(*side), facet_counts(*expected)) << q;
      // One hit a page: every match once, none missing.
      std::set<std::string> paged;
      for (Xapian::doccount offset = 0; offset < expected->total; ++offset) {
        request.offset = offset;
        request.limit = 1;
        request.facets = false;
        auto page = both->search(request);
        ASSERT_TRUE(page.ok()) << q;
        ASSERT_EQ(page->hits.size(), 1u) << q << " at " << offset;
        paged.insert(page->hits.front().id);
      }
      EXPECT_EQ(paged, expected_ids) << q;
    }
  }
}

TEST_F(BulkIngest, AnotherEditionUnderTheSameSymbolIsNoCopy) {
  write_file(dir_ / "docs" / "report.txt", report_text());
  // A corrected edition: two of the four recommendations reworded.
  std::string edition = report_html();
  edition.replace(edition.find("Convention against Torture"), 26, "Optional Protocol to the Convention");
  edition.replace(edition.find("clean water"), 11, "safe drinking water and sanitation");
  write_file(dir_ / "docs" / "report.html", edition);
  Outcome r = add({dir_ / "docs"});
  EXPECT_EQ(documents(), 2u) << r.out;
  EXPECT_NE(r.out.find("duplicates 0"), std::string::npos) << r.out;
}

// A labels CSV, a manifest and a saved page's scripts beside the documents
// are no documents: not indexed, not failures, but counted and listed.
TEST_F(BulkIngest, DataFilesInAFolderAreSkippedNotFailed) {
  doc("a.txt");
  const fs::path csv = write_file(dir_ / "docs" / "labels.csv", "Text,Issue\nRatify the Convention,International instruments\n");
  write_file(dir_ / "docs" / "manifest.json", "[{\"path\": \"a.txt\", \"state\": \"Ghana\"}]\n");
  write_file(dir_ / "docs" / "page_files" / "app.js", "var x = 1;\n");
  Outcome r = add_reporting({dir_ / "docs"});
  EXPECT_EQ(r.status, kExitOk) << r.err;
  EXPECT_EQ(documents(), 1u);
  EXPECT_NE(r.out.find("failed 0, skipped 3 (not documents: 1 .csv, 1 .js, 1 .json)"), std::string::npos) << r.out;
  auto report = last_report();
  EXPECT_EQ(report["counts"]["skipped"], 3);
  ASSERT_EQ(report["skipped"].size(), 3u);
  EXPECT_EQ(report["skipped"][0], csv.string());

  // Named on its own, a file is tried whatever its name; a later run over
  // the folder with --prune takes it out again.
  Outcome named = add({csv});
  EXPECT_NE(named.out.find("indexed 1 file"), std::string::npos) << named.out;
  EXPECT_EQ(documents(), 2u);
  AddOptions prune;
  prune.prune = true;
  Outcome pruned = add({dir_ / "docs"}, prune);
  EXPECT_NE(pruned.out.find("pruned 1"), std::string::npos) << pruned.out;
  EXPECT_EQ(documents(), 1u);
}

TEST_F(BulkIngest, FailedFilesAreRecordedAndNotRetriedUntilTheyChange) {
  doc("good.txt");
  auto bad = write_file(dir_ / "docs" / "empty.txt", "   \n");
  Outcome first = add({dir_ / "docs"});
  EXPECT_EQ(first.status, kExitSomeFailed);

  AddOptions report_options;
  report_options.report = dir_ / "report.json";
  Outcome second = add({dir_ / "docs"}, report_options);
  EXPECT_EQ(second.status, kExitSomeFailed);
  auto report = nlohmann::json::parse(std::ifstream(dir_ / "report.json"));
  ASSERT_EQ(report["failed"].size(), 1u);
  EXPECT_EQ(report["failed"][0]["status"], "failed_before");
  EXPECT_EQ(report["failed"][0]["reason"], "empty file");
  EXPECT_EQ(report["counts"]["unchanged"], 1);

  AddOptions retry;
  retry.retry_failed = true;
  retry.report = dir_ / "report.json";
  add({dir_ / "docs"}, retry);
  report = nlohmann::json::parse(std::ifstream(dir_ / "report.json"));
  EXPECT_EQ(report["failed"][0]["status"], "failed");

  write_file(bad, "14. Now it has text in it.\n");
  Outcome fixed = add({dir_ / "docs"});
  EXPECT_EQ(fixed.status, kExitOk) << fixed.err;
  EXPECT_EQ(documents(), 2u);
}

// --reindex processes unchanged files again: what they say is read anew
// (here a manifest's State, which an unchanged file would not pick up), and
// each replaces itself.
TEST_F(BulkIngest, ReindexProcessesUnchangedFilesAgain) {
  doc("a.txt");
  doc("b.txt");
  auto state_docs = [&](const char* iso) {
    auto db = core::open_index_for_reading(dir_ / "idx");
    EXPECT_TRUE(db.ok());
    return db->get_termfreq(schema::boolean_term(schema::prefix::kState, iso));
  };
  AddOptions with_manifest;
  with_manifest.manifest = write_file(dir_ / "manifest.csv", "path,state\ndocs/a.txt,France\n");
  ASSERT_EQ(add({dir_ / "docs"}, with_manifest).status, kExitOk);
  const auto units = [&] {
    auto db = core::open_index_for_reading(dir_ / "idx");
    return db.ok() ? db->get_doccount() : 0;
  };
  const Xapian::doccount before = units();
  EXPECT_GT(state_docs("fra"), 0u);

  with_manifest.manifest = write_file(dir_ / "manifest.csv", "path,state\ndocs/a.txt,Ghana\n");
  with_manifest.report = dir_ / "report.json";
  ASSERT_EQ(add({dir_ / "docs"}, with_manifest).status, kExitOk);
  auto report = nlohmann::json::parse(std::ifstream(dir_ / "report.json"));
  EXPECT_EQ(report["counts"]["unchanged"], 2);
  EXPECT_EQ(state_docs("gha"), 0u) << "an unchanged file is not read again";

  with_manifest.reindex = true;
  ASSERT_EQ(add({dir_ / "docs"}, with_manifest).status, kExitOk);
  report = nlohmann::json::parse(std::ifstream(dir_ / "report.json"));
  EXPECT_EQ(report["counts"]["unchanged"], 0);
  EXPECT_EQ(report["counts"]["indexed"], 2);
  EXPECT_GT(state_docs("gha"), 0u);
  EXPECT_EQ(state_docs("fra"), 0u);
  EXPECT_EQ(documents(), 2u);
  EXPECT_EQ(units(), before) << "each file replaced itself";
}

TEST_F(BulkIngest, PruneRemovesDocumentsWhoseFilesAreGone) {
  doc("a.txt");
  auto b = doc("b.txt");
  ASSERT_EQ(add({dir_ / "docs"}).status, kExitOk);
  fs::remove(b);
  add({dir_ / "docs"});
  EXPECT_EQ(documents(), 2u) << "without --prune nothing is removed";
  AddOptions prune;
  prune.prune = true;
  Outcome r = add({dir_ / "docs"}, prune);
  EXPECT_NE(r.out.find("pruned 1"), std::string::npos) << r.out;
  EXPECT_EQ(documents(), 1u);
}

TEST_F(BulkIngest, ReportListsEveryFailureWithItsReason) {
  doc("a.txt");
  write_file(dir_ / "docs" / "blob.txt", std::string("\0\1\2\3binary", 10));
  AddOptions options;
  options.report = dir_ / "report.json";
  add({dir_ / "docs", dir_ / "missing.txt"}, options);
  auto report = nlohmann::json::parse(std::ifstream(dir_ / "report.json"));
  EXPECT_EQ(report["counts"]["indexed"], 1);
  EXPECT_EQ(report["counts"]["failed"], 2);
  std::set<std::string> reasons;
  for (const auto& f : report["failed"]) reasons.insert(f["reason"].get<std::string>());
  EXPECT_TRUE(reasons.count("no such file or directory")) << report.dump(2);
  bool binary = false;
  for (const auto& r : reasons) binary |= r.rfind("not a supported document format", 0) == 0;
  EXPECT_TRUE(binary) << report.dump(2);
}

TEST_F(BulkIngest, TimingsSayWhereTheCpuWent) {
  doc("a.txt");
  doc("b.txt", "Ensure access to safe drinking water and adequate housing for all children.");
  AddOptions options;
  options.report = dir_ / "report.json";
  options.timings = true;
  Outcome o = add({dir_ / "docs"}, options);
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("\nCPU: reading and understanding "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(" tagging "), std::string::npos) << o.out;
  auto cpu = nlohmann::json::parse(std::ifstream(dir_ / "report.json"))["cpu_seconds"];
  for (const char* stage : {"reading", "tagging", "building", "writing"}) EXPECT_GT(cpu[stage].get<double>(), 0) << stage;
  // The stages are parts of the run, measured apart: they cannot add up to
  // more than all of it (give or take the clocks' rounding).
  const double stages = cpu["reading"].get<double>() + cpu["tagging"].get<double>() +
                        cpu["building"].get<double>() + cpu["writing"].get<double>();
  EXPECT_LE(stages, cpu["total"].get<double>() + 0.01) << cpu.dump();
}

TEST_F(BulkIngest, ManifestOverridesDetectedMetadata) {
  doc("letter.txt");
  write_file(dir_ / "manifest.csv",
             "path,symbol,kind,state,date,source_url\n"
             "docs/letter.txt,A/HRC/99/11,upr-wg-report,Viet Nam,2016-03-02,\"https://example.org/a,b\"\n");
  AddOptions options;
  options.manifest = dir_ / "manifest.csv";
  Outcome r = add({dir_ / "docs"}, options);
  ASSERT_EQ(r.status, kExitOk) << r.err;
  auto writer = write::IndexWriter::open(dir_ / "idx");
  ASSERT_TRUE(writer.ok());
  auto records = writer->documents();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].symbol, "A/HRC/99/11");
  EXPECT_EQ(records[0].kind, "upr-wg-report");
  EXPECT_EQ(records[0].state, "VNM");
  EXPECT_EQ(records[0].date, "2016-03-02");
  EXPECT_EQ(records[0].source_url, "https://example.org/a,b");
}

TEST_F(BulkIngest, BrokenManifestIsAFatalErrorNamingItsLine) {
  doc("a.txt");
  write_file(dir_ / "manifest.csv", "path,symbol\ndocs/a.txt,A/HRC/1/1,extra\n");
  AddOptions options;
  options.manifest = dir_ / "manifest.csv";
  Outcome r = add({dir_ / "docs"}, options);
  EXPECT_EQ(r.status, kExitFatal);
  EXPECT_NE(r.err.find((dir_ / "manifest.csv").string() + ":2: 3 fields, the header has 2"), std::string::npos) << r.err;
  write_file(dir_ / "manifest.csv", "path,sybmol\n");
  r = add({dir_ / "docs"}, options);
  EXPECT_NE(r.err.find(":1: unknown column 'sybmol'"), std::string::npos) << r.err;
}

TEST_F(BulkIngest, CompactKeepsEverythingAndShrinksTheIndex) {
  for (int i = 0; i < 60; ++i) doc("doc-" + std::to_string(i) + ".txt", std::string(i % 7, 'x'));
  ASSERT_EQ(add({dir_ / "docs"}).status, kExitOk);
  auto stats = [&] {
    StatsOptions o;
    o.db = {dir_ / "idx"};
    o.json = true;
    std::ostringstream out, err;
    EXPECT_EQ(run_stats(o, out, err), kExitOk) << err.str();
    return out.str();
  };
  auto size = [&] {
    std::uintmax_t total = 0;
    for (const auto& e : fs::directory_iterator(dir_ / "idx")) total += e.is_regular_file() ? e.file_size() : 0;
    return total;
  };
  const std::string before = stats();
  const std::uintmax_t bytes_before = size();
  CompactOptions options;
  options.db = dir_ / "idx";
  std::ostringstream out, err;
  ASSERT_EQ(run_compact(options, out, err), kExitOk) << err.str();
  EXPECT_NE(out.str().find("compacted"), std::string::npos);
  EXPECT_EQ(stats(), before);
  EXPECT_LE(size(), bytes_before);
  // Nothing is left beside the index, and a re-run still finds every file unchanged.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_.path())) ++entries;
  EXPECT_EQ(entries, 2u);  // docs/ and idx/
  Outcome again = add({dir_ / "docs"});
  EXPECT_EQ(again.status, kExitOk);
  EXPECT_NE(again.out.find("indexed 0 files"), std::string::npos) << again.out;

  // While another process writes, compact refuses and changes nothing.
  auto writer = core::open_index_for_writing(dir_ / "idx");
  ASSERT_TRUE(writer.ok());
  const pid_t child = fork();
  if (child == 0) {
    CompactOptions o;
    o.db = dir_ / "idx";
    std::ostringstream o_out, o_err;
    int status = run_compact(o, o_out, o_err);
    _exit(status == kExitFatal && o_err.str().find("being written by another process") != std::string::npos ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// Every term with its wdf and positions, every value, and the data.
std::string describe(const Xapian::Document& d) {
  std::ostringstream out;
  out << d.get_data() << '\n';
  for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
    out << *t << ':' << t.get_wdf();
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out << ',' << *p;
    out << '\n';
  }
  for (auto v = d.values_begin(); v != d.values_end(); ++v) out << '#' << v.get_valueno() << '=' << *v << '\n';
  return out.str();
}

// Workers build the units' Xapian documents and send them as bytes: what
// arrives must be exactly what the writer would have built itself.
TEST(Transport, BuiltUnitsCrossThePipeUnchanged) {
  auto prepared = prepare_document(hrdex::testing::test_data("understand/upr-report-cycle2.txt"), {}, nullptr);
  ASSERT_TRUE(prepared) << prepared.error().message();
  ASSERT_GT(prepared->units.size(), 3u);
  const write::BuiltDocument built = write::build_document(*prepared);
  const std::string bytes = pipeline::serialize(*prepared, {1.5, 0.25, 0});
  pipeline::StageTimes times;
  auto received = pipeline::deserialize(bytes, &times);
  ASSERT_TRUE(received) << received.error().message();
  EXPECT_EQ(times.reading, 1.5);
  EXPECT_EQ(times.tagging, 0.25);
  EXPECT_GT(times.building, 0);  // serialize times its own building
  EXPECT_EQ(core::to_json(received->record), core::to_json(prepared->record));
  ASSERT_EQ(received->units.size(), built.units.size());
  for (std::size_t i = 0; i < built.units.size(); ++i) {
    EXPECT_EQ(describe(received->units[i]), describe(built.units[i])) << "unit " << i + 1;
    EXPECT_GT(received->units[i].termlist_count(), 10u);
  }
  EXPECT_NE(describe(built.units[0]).find(",2\n"), std::string::npos) << "positions were not carried";

  // A cut-off result is refused with a reason, never half-read.
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    auto partial = pipeline::deserialize(std::string_view(bytes).substr(0, cut));
    EXPECT_FALSE(partial) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace hrdex::indexer
