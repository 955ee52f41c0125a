#include "indexer/cli.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cli/program.hpp"
#include "core/shards.hpp"
#include "indexer/add_command.hpp"
#include "indexer/evaluate_command.hpp"
#include "indexer/extract_command.hpp"
#include "indexer/ingest.hpp"
#include "indexer/learn_command.hpp"
#include "indexer/merge_command.hpp"
#include "indexer/pipeline/ocr_threads.hpp"
#include "indexer/retag_command.hpp"

namespace hrdex::indexer {
namespace {

// The man page's words beyond the options (cli/program.hpp).
cli::ProgramInfo program_info() {
  cli::ProgramInfo info;
  info.name = "hrdex-index";
  info.description = {
      "hrdex-index builds and maintains an hrdex index: a Xapian database of UN human-rights documents (UPR "
      "Working Group reports and addenda, OHCHR thematic lists, treaty-body concluding observations, "
      "civil-society letters) split into citable units and tagged by theme, issue, working group, agency and "
      "affected persons.",
      "Files are extracted, understood and tagged in worker processes; one bad file is reported and the run goes "
      "on. Re-running add skips unchanged files. hrdex-query(1) searches the index."};
  info.sections = {{"Exit status",
                    {"0: every file was indexed. 1: the run went on but some files failed; each failure is one line "
                     "on standard error naming the file and the problem. 2: nothing could be done (bad arguments, "
                     "an index that is locked, of another schema version, or not a folder, a missing data folder "
                     "or taxonomy)."}}};
  info.environment = {
      {"HRDEX_ANTIWORD", "The antiword program that reads .doc files (default: antiword, found in PATH)."},
      {"TESSDATA_PREFIX",
       "The folder of Tesseract's language data for OCR of scanned pages (default: /usr/share/tesseract-ocr/5/tessdata, "
       "from tesseract-ocr-eng, -fra, -spa, -rus)."},
      {"OMP_THREAD_LIMIT",
       "Threads Tesseract may use per worker; hrdex-index sets 1 (each worker reads one page at a time) unless it is "
       "set."}};
  info.folder_options = {"--db"};
  info.file_options = {"paths", "--report"};
  info.see_also = {"hrdex-query(1)", "hrdex-serve(1)"};
  return info;
}

}  // namespace

int run_cli(int argc, char** argv) {
  pipeline::limit_ocr_threads(argv);
  CLI::App app{"hrdex-index: ingest UN human-rights documents into an hrdex index", "hrdex-index"};
  app.require_subcommand(1);
  const cli::ProgramInfo info = program_info();
  cli::add_program_options(app, info);

  AddOptions add;
  auto* add_cmd = app.add_subcommand("add", "Index files and folders (recursively); a file added again replaces itself");
  add_cmd->add_option("--db", add.db, "Index folder (created when missing)")->required();
  add_cmd->add_option("paths", add.inputs, "Files and folders to index")->required();
  add_cmd->add_flag("-q,--quiet", add.quiet, "Print only the summary and problems");
  add_cmd->add_flag("--timings", add.timings,
                    "After the summary, the CPU time of each stage: reading and understanding, tagging, building "
                    "index documents, writing");
  add_cmd->add_option("-j,--jobs", add.jobs, "Worker processes (default: one per core)")->check(CLI::Range(1, 256));
  int timeout_seconds = 300;
  add_cmd->add_option("--timeout", timeout_seconds, "Seconds one file may take before its worker is killed")
      ->check(CLI::Range(1, 86400));
  add_cmd->add_flag("--prune", add.prune, "Remove documents whose files under PATHS are gone, or are data files (.csv, .json, ...) skipped in folders");
  add_cmd->add_flag("!--no-ocr", add.ocr,
                    "Leave PDF pages without a text layer unread (default: read them with Tesseract OCR, in the "
                    "manifest's language or the one detected)");
  add_cmd->add_flag("--retry-failed", add.retry_failed, "Retry files that failed before even if unchanged");
  add_cmd->add_flag("--reindex", add.reindex,
                    "Index every file again even if unchanged (after an upgrade of hrdex; implies --retry-failed)");
  int progress = 0;  // +1 --progress, -1 --no-progress, 0 decided by the terminal
  add_cmd->add_flag("--progress,!--no-progress", progress,
                    "Progress bar (default when standard error is a terminal; otherwise a line every 10 s)");
  std::string report_path;
  add_cmd->add_option("--report", report_path, "Write a JSON report of the run to this file");
  std::string manifest_path;
  std::string shard;
  add_cmd->add_option("--shard", shard, "K/N: index only the files whose document id falls in shard K of N");
  add_cmd->add_option("--manifest", manifest_path, "CSV or JSON file of per-file metadata that overrides detection")
      ->check(CLI::ExistingFile);

  // --taxonomy FILE (repeatable) and --taxonomy-dir DIR, on every command
  // that tags.
  auto taxonomy_options = [](CLI::App* cmd, taxonomy::TaxonomySource& source, std::string& dir) {
    cmd->add_option("--taxonomy", source.files, "Taxonomy file (TOML); repeat for several; replaces the default folder")
        ->check(CLI::ExistingFile);
    cmd->add_option("--taxonomy-dir", dir, "Folder of taxonomy files (*.toml)")->check(CLI::ExistingDirectory);
  };
  std::string add_taxonomy_dir;
  taxonomy_options(add_cmd, add.taxonomies, add_taxonomy_dir);

  RetagOptions retag;
  std::string retag_taxonomy_dir;
  auto* retag_cmd = app.add_subcommand("retag", "Tag every unit again with the taxonomies and the learned model (no re-extraction)");
  retag_cmd->add_option("--db", retag.db, "Index folder")->required();
  taxonomy_options(retag_cmd, retag.taxonomies, retag_taxonomy_dir);

  // Training and cross-validation settings, shared by learn and evaluate.
  auto training_options = [](CLI::App* cmd, tag::TrainingOptions& training, bool& word_vectors) {
    cmd->add_option("--folds", training.folds, "Held-out folds (grouped by review) the thresholds are chosen on")
        ->capture_default_str()->check(CLI::Range(2, 20));
    cmd->add_option("--beta", training.beta, "Thresholds maximise F-beta: below 1 weighs precision above recall")
        ->capture_default_str()->check(CLI::Range(0.1, 10.0));
    cmd->add_option("--epochs", training.classifier.epoch, "Training epochs of each classifier")
        ->capture_default_str()->check(CLI::Range(1, 1000));
    cmd->add_flag("!--no-word-vectors", word_vectors, "Start the classifiers from random vectors, not from vectors "
                                                       "learned on the index's text (faster, less accurate)");
  };

  LearnOptions learn;
  std::string learn_taxonomy_dir, learn_labels;
  auto* learn_cmd = app.add_subcommand(
      "learn", "Store people's labels (a CSV such as UPR Info's) and train the classifiers the tagger uses");
  learn_cmd->add_option("--db", learn.db, "Index folder")->required();
  learn_cmd->add_option("--labels", learn_labels,
                        "CSV with a header row; without it, train again from what the index holds")
      ->check(CLI::ExistingFile);
  learn_cmd->add_option("--forget", learn.forget,
                        "Remove the rows of a labels file learned before (its path or file name), then train again");
  learn_cmd->add_option("--taxonomy-id", learn.taxonomy_id, "Taxonomy of the labels (default: the one they name)");
  learn_cmd->add_option("--text-column", learn.columns.text_column, "Column holding the text (default: Text, ...)");
  learn_cmd->add_option("--labels-column", learn.columns.labels_column,
                        "Column holding the comma-separated labels (default: Issue, Labels, Themes, ...)");
  learn_cmd->add_option("--language", learn.language, "ISO 639-1 language of the labels' text")->capture_default_str();
  training_options(learn_cmd, learn.training, learn.word_vectors);
  taxonomy_options(learn_cmd, learn.taxonomies, learn_taxonomy_dir);

  EvaluateOptions evaluate;
  std::string evaluate_taxonomy_dir, evaluate_labels;
  auto* evaluate_cmd = app.add_subcommand(
      "evaluate", "Precision, recall and F1 of the tags against people's labels, cross-validated by review");
  evaluate_cmd->add_option("--db", evaluate.db, "Index folder")->required();
  evaluate_cmd->add_option("--taxonomy", evaluate.taxonomy_id, "Taxonomy to score (default: every one with labels)");
  evaluate_cmd->add_option("--labels", evaluate_labels,
                           "Score the index's own tagger on this labels CSV instead of cross-validating")
      ->check(CLI::ExistingFile);
  evaluate_cmd->add_option("--text-column", evaluate.columns.text_column, "Column holding the text");
  evaluate_cmd->add_option("--labels-column", evaluate.columns.labels_column, "Column holding the labels");
  evaluate_cmd->add_option("--language", evaluate.language, "ISO 639-1 language of the labels' text")
      ->capture_default_str();
  evaluate_cmd->add_option("--cv-folds", evaluate.folds, "Outer cross-validation folds")
      ->capture_default_str()->check(CLI::Range(2, 20));
  evaluate_cmd->add_flag("--per-tag", evaluate.per_tag, "A row per tag: support, precision, recall, F1 (over all labels, then per source of labels)");
  evaluate_cmd->add_option("--predictions", evaluate.predictions,
                           "Write every labelled text's labels and the tags it was given, cross-validated or, with "
                           "--labels, by the index (CSV: taxonomy, source, review, name, text, labelled, given, "
                           "missing, wrong, rules)");
  evaluate_cmd->add_flag("--audit", evaluate.audit,
                         "Count, per tag in the index, the units that carry it with none of its own words");
  training_options(evaluate_cmd, evaluate.training, evaluate.word_vectors);
  evaluate_cmd->add_option("--taxonomy-file", evaluate.taxonomies.files, "Taxonomy file instead of the index's")
      ->check(CLI::ExistingFile);
  evaluate_cmd->add_option("--taxonomy-dir", evaluate_taxonomy_dir, "Folder of taxonomy files instead of the index's")
      ->check(CLI::ExistingDirectory);

  RemoveOptions remove;
  auto* remove_cmd = app.add_subcommand("remove", "Remove files, or every file under a folder, from the index");
  remove_cmd->add_option("--db", remove.db, "Index folder")->required();
  remove_cmd->add_option("paths", remove.inputs, "Files and folders to remove")->required();

  CompactOptions compact;
  auto* compact_cmd = app.add_subcommand("compact", "Rewrite the index with full B-trees (smaller; run after a bulk add)");
  compact_cmd->add_option("--db", compact.db, "Index folder")->required();

  StatsOptions stats;
  auto* stats_cmd = app.add_subcommand("stats", "Count documents and units by kind");
  stats_cmd->add_option("--db", stats.db, "Index folder, or a shard (repeat: shards counted together; a stub file)")
      ->required()
      ->allow_extra_args(false);
  stats_cmd->add_flag("--json", stats.json, "Print JSON");
  stats_cmd->add_option("--timeout", stats.timeout_ms, "Milliseconds a remote shard may take to answer")
      ->capture_default_str()->check(CLI::Range(1u, 3600000u));
  stats_cmd->add_flag("--skip-missing", stats.skip_missing, "Count the shards that answer, naming those that do not");

  MergeOptions merge;
  auto* merge_cmd = app.add_subcommand("merge", "Merge shards into one new index (Xapian compaction; responses joined across shards)");
  merge_cmd->add_option("--db", merge.db, "The new index folder (must not exist)")->required();
  merge_cmd->add_option("shards", merge.shards, "Shard folders (or a stub file of them), in shard order")->required();

  JoinOptions join;
  auto* join_cmd = app.add_subcommand(
      "join", "Join onto one shard's reports the responses of addenda other shards hold");
  join_cmd->add_option("--db", join.db, "The shard to update")->required();
  join_cmd->add_option("shards", join.others, "The other shards (folders, stub files, remote shards)")->required();

  ExtractOptions extract;
  auto* extract_cmd = app.add_subcommand("extract", "Show the text and structure extracted from files (no index)");
  extract_cmd->add_option("paths", extract.inputs, "Files and folders")->required();
  auto* json_flag = extract_cmd->add_flag("--json", extract.json, "JSON Lines, one object per file");
  extract_cmd->add_flag("--summary", extract.summary, "One line per file: format, pages, blocks, words")->excludes(json_flag);
  extract_cmd->add_flag("!--no-ocr", extract.ocr, "Leave PDF pages without a text layer unread (no Tesseract OCR)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitFatal;
  }

  try {
    if (*add_cmd) {
      add.timeout = std::chrono::seconds(timeout_seconds);
      if (progress != 0) add.progress_bar = progress > 0;
      if (!report_path.empty()) add.report = report_path;
      if (!manifest_path.empty()) add.manifest = manifest_path;
      if (!shard.empty()) {
        auto parsed = core::parse_shard_of_n(shard);
        if (!parsed) {
          std::cerr << "hrdex-index: error: " << parsed.error().message() << '\n';
          return kExitFatal;
        }
        add.shard = *parsed;
      }
      if (!add_taxonomy_dir.empty()) add.taxonomies.dir = add_taxonomy_dir;
      return run_add(add, std::cout, std::cerr);
    }
    if (*retag_cmd) {
      if (!retag_taxonomy_dir.empty()) retag.taxonomies.dir = retag_taxonomy_dir;
      return run_retag(retag, std::cout, std::cerr);
    }
    if (*learn_cmd) {
      if (!learn_taxonomy_dir.empty()) learn.taxonomies.dir = learn_taxonomy_dir;
      if (!learn_labels.empty()) learn.labels = learn_labels;
      return run_learn(learn, std::cout, std::cerr);
    }
    if (*evaluate_cmd) {
      if (!evaluate_taxonomy_dir.empty()) evaluate.taxonomies.dir = evaluate_taxonomy_dir;
      if (!evaluate_labels.empty()) evaluate.labels = evaluate_labels;
      return run_evaluate(evaluate, std::cout, std::cerr);
    }
    if (*remove_cmd) return run_remove(remove, std::cout, std::cerr);
    if (*stats_cmd) return run_stats(stats, std::cout, std::cerr);
    if (*compact_cmd) return run_compact(compact, std::cout, std::cerr);
    if (*merge_cmd) return run_merge(merge, std::cout, std::cerr);
    if (*join_cmd) return run_join(join, std::cout, std::cerr);
    if (*extract_cmd) return run_extract(extract, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "hrdex-index: error: " << e.what() << '\n';
    return kExitFatal;
  }
  return kExitFatal;
}

}  // namespace hrdex::indexer
