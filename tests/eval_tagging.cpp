// Prints the tagging figures of issue 5 from the shared corpus: UPR Info's
// issues cross-validated by State review (rules, learned, combined), and
// OHCHR's themes on the Slovenia cycle-3 thematic list. Run through
// scripts/eval-tagging.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "indexer/extract/extract.hpp"
#include "indexer/tag/crossval.hpp"
#include "indexer/tag/evaluation.hpp"
#include "indexer/tag/labels_csv.hpp"
#include "indexer/tag/tagger.hpp"

namespace fs = std::filesystem;
namespace tag = hrdex::indexer::tag;
namespace taxonomy = hrdex::taxonomy;

namespace {

struct Args {
  fs::path corpus;
  fs::path taxonomies;
  bool per_tag = false;
  int folds = 5;
  std::string only;  // "upr-info" or "slovenia"
};

std::string figures(const char* name, const tag::Evaluation& e) {
  char line[256];
  std::snprintf(line, sizeof line, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", name, e.micro_precision,
                e.micro_recall, e.micro_f1, e.macro_precision, e.macro_recall, e.macro_f1);
  return line;
}

void print_report(const tag::CrossValidationReport& r, bool per_tag) {
  std::cout << "| tagger | micro P | micro R | micro F1 | macro P | macro R | macro F1 |\n"
               "|---|---:|---:|---:|---:|---:|---:|\n"
            << figures("rules", r.rules) << figures("learned", r.learned) << figures("combined", r.combined) << "\n";
  std::cout << "| fold | train | test | learned k / sharpness / threshold | combined k / sharpness / alone / "
               "rule support | rules F1 | learned F1 | combined F1 |\n|---:|---:|---:|---|---|---:|---:|---:|\n";
  int i = 0;
  for (const tag::FoldReport& f : r.folds) {
    char line[320];
    std::snprintf(line, sizeof line, "| %d | %zu | %zu | %zu / %.1f / %.2f | %zu / %.1f / %.2f / %.2f | %.3f | %.3f | %.3f |\n",
                  i++, f.train, f.test, f.learner.neighbours, f.learner.sharpness, f.learner.threshold,
                  f.combined_learner.neighbours, f.combined_learner.sharpness, f.combine.learned_alone,
                  f.combine.rule_support, f.rules_micro_f1, f.learned_micro_f1, f.combined_micro_f1);
    std::cout << line;
  }
  std::cout << "\n";
  if (per_tag) {
    std::cout << "### rules\n" << tag::format_evaluation(r.rules) << "\n### learned\n"
              << tag::format_evaluation(r.learned) << "\n### combined\n" << tag::format_evaluation(r.combined) << "\n";
  }
  if (!r.unmapped.empty())
    std::cout << r.unmapped.size() << " labels found no tag, first: " << r.unmapped.front() << "\n\n";
}

int upr_info(const Args& args, const taxonomy::TaxonomySet& set, const tag::RuleTagger& rules) {
  fs::path csv = args.corpus / "labels/upr-info-sessions-1-5.csv";
  auto units = tag::load_labels_csv(csv);
  if (!units) {
    std::cerr << "eval-tagging: " << units.error().message() << "\n";
    return 1;
  }
  std::vector<std::string> groups;
  for (const tag::LabelledUnit& u : *units) groups.push_back(u.fields.at("To") + "|" + u.fields.at("Session"));
  tag::CrossValidationOptions options;
  options.folds = args.folds;
  auto start = std::chrono::steady_clock::now();
  tag::CrossValidationReport report = tag::cross_validate(set, rules, "upr-info-issues", *units, groups, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "## upr-info-issues on " << csv.filename().string() << ": " << units->size() << " recommendations, "
            << options.folds << "-fold cross-validation by State review (seed " << options.seed
            << "), settings tuned by " << options.inner_folds << "-fold cross-validation inside the training folds ("
            << seconds << " s)\n\n";
  print_report(report, args.per_tag);
  return 0;
}

// The Slovenia thematic list: a table whose rows hold a recommendation
// ("121.1 Ratify ... (France);Source of Position: A/HRC/...") and, in the
// third column, its themes ("- Acceptance of international norms -
// Enforced disappearances SDGs: ... Affected persons: ...").
struct ThematicRow {
  std::string number, text;
  std::vector<std::string> themes;
};

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

// Theme labels may themselves hold " - " ("Economic, social & cultural
// rights - general measures of implementation"), so pieces are joined
// back whenever the longer label is a known tag.
std::vector<std::string> split_themes(std::string cell, const taxonomy::TaxonomySet& set) {
  for (const char* end : {"SDGs:", "Affected persons:"})
    if (auto at = cell.find(end); at != std::string::npos) cell.resize(at);
  cell = trim(cell);
  if (cell.rfind("- ", 0) == 0) cell.erase(0, 2);
  std::vector<std::string> pieces;
  for (std::size_t from = 0;;) {
    std::size_t at = cell.find(" - ", from);
    pieces.push_back(trim(cell.substr(from, at == std::string::npos ? std::string::npos : at - from)));
    if (at == std::string::npos) break;
    from = at + 3;
  }
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < pieces.size();) {
    std::size_t take = 1;
    std::string joined = pieces[i];
    for (std::size_t j = i + 1; j < pieces.size(); ++j) {
      joined += " - " + pieces[j];
      if (set.find_tag("themes", joined)) take = j - i + 1;
    }
    std::string label = pieces[i];
    for (std::size_t j = i + 1; j < i + take; ++j) label += " - " + pieces[j];
    if (!label.empty()) labels.push_back(label);
    i += take;
  }
  return labels;
}

// The labels plus every ancestor of their tags. OHCHR labels the specific
// theme ("Rights of persons with disabilities: accessibility") while the
// tagger also gives what it implies (its parent), which a flat comparison
// counts as a false positive.
std::vector<std::string> with_ancestors(const taxonomy::TaxonomySet& set, const std::vector<std::string>& labels) {
  std::vector<std::string> out = labels;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const taxonomy::Tag* t = set.find_tag("themes", out[i]);
    if (t && !t->parent.id.empty() && std::find(out.begin(), out.end(), t->parent.id) == out.end())
      out.push_back(t->parent.id);
  }
  return out;
}

tag::Evaluation rules_alone(const taxonomy::TaxonomySet& set, const tag::RuleTagger& rules,
                            const std::vector<tag::LabelledUnit>& units, std::map<std::string, int>& unmapped) {
  std::vector<std::set<std::string>> gold, predicted;
  for (const tag::LabelledUnit& u : units) {
    std::set<std::string> g, p;
    for (const std::string& label : u.labels) {
      if (const taxonomy::Tag* t = set.find_tag("themes", label))
        g.insert(t->id);
      else
        ++unmapped[label];
    }
    for (const tag::TagHit& hit : rules.tag(u.text, "en"))
      if (hit.taxonomy == "themes") p.insert(hit.tag);
    gold.push_back(std::move(g));
    predicted.push_back(std::move(p));
  }
  return tag::evaluate(gold, predicted);
}

int slovenia(const Args& args, const taxonomy::TaxonomySet& set, const tag::RuleTagger& rules) {
  fs::path docx = args.corpus / "slovenia/cycle3/UPR34_Slovenia_Thematic_list_of_Recommendations.docx";
  auto doc = hrdex::indexer::extract::extract_file(docx);
  if (!doc) {
    std::cerr << "eval-tagging: " << doc.error().message() << "\n";
    return 1;
  }
  std::vector<tag::LabelledUnit> units;
  std::set<std::string> seen;
  for (const auto& block : doc->blocks) {
    if (block.kind != hrdex::indexer::extract::BlockKind::table_row || block.cells.size() < 3) continue;
    std::string first = trim(block.cells[0]);
    std::size_t space = first.find(' ');
    if (space == std::string::npos || first.empty() || !std::isdigit(static_cast<unsigned char>(first[0]))) continue;
    std::string number = first.substr(0, space);
    // A recommendation with several themes is listed under each of them.
    if (!seen.insert(number).second) continue;
    std::string text = first.substr(space + 1);
    if (auto at = text.find("Source of Position"); at != std::string::npos) text.resize(at);
    tag::LabelledUnit unit;
    unit.text = trim(text);
    unit.labels = split_themes(block.cells[2], set);
    unit.fields["Number"] = number;
    unit.line = static_cast<int>(units.size()) + 1;
    units.push_back(std::move(unit));
  }
  std::cout << "## themes on " << docx.filename().string() << ": " << units.size() << " recommendations\n\n";

  // Rules alone, on every row: nothing here was learned from this list.
  std::map<std::string, int> unmapped, ignored;
  tag::Evaluation flat = rules_alone(set, rules, units, unmapped);
  std::vector<tag::LabelledUnit> expanded = units;
  for (tag::LabelledUnit& u : expanded) u.labels = with_ancestors(set, u.labels);
  tag::Evaluation hierarchical = rules_alone(set, rules, expanded, ignored);
  std::cout << "Rules alone (\"+ancestors\": OHCHR's labels completed with their parent themes, which the tagger "
               "implies):\n\n| tagger | micro P | micro R | micro F1 | macro P | macro R | macro F1 |\n"
               "|---|---:|---:|---:|---:|---:|---:|\n"
            << figures("rules", flat) << figures("rules, +ancestors", hierarchical) << "\n";
  if (args.per_tag) std::cout << tag::format_evaluation(flat) << "\n";
  for (const auto& [label, count] : unmapped) std::cout << "theme label with no tag: '" << label << "' x" << count << "\n";

  // Learned and combined: each recommendation its own group (the list has
  // one State; near-identical recommendations from different States can
  // still share a label, which flatters the learner a little).
  std::vector<std::string> groups;
  for (const tag::LabelledUnit& u : units) groups.push_back(u.fields.at("Number"));
  tag::CrossValidationOptions options;
  options.folds = args.folds;
  tag::CrossValidationReport report = tag::cross_validate(set, rules, "themes", units, groups, options);
  std::cout << "\nCross-validated (" << options.folds << " folds, one group per recommendation):\n\n";
  print_report(report, args.per_tag);
  report = tag::cross_validate(set, rules, "themes", expanded, groups, options);
  std::cout << "Cross-validated, +ancestors:\n\n";
  print_report(report, false);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--corpus" && i + 1 < argc)
      args.corpus = argv[++i];
    else if (a == "--taxonomies" && i + 1 < argc)
      args.taxonomies = argv[++i];
    else if (a == "--folds" && i + 1 < argc)
      args.folds = std::stoi(argv[++i]);
    else if (a == "--only" && i + 1 < argc)
      args.only = argv[++i];
    else if (a == "--per-tag")
      args.per_tag = true;
    else {
      std::cerr << "usage: hrdex_eval_tagging --corpus DIR --taxonomies DIR [--folds N] [--per-tag] [--only upr-info|slovenia]\n";
      return 2;
    }
  }
  if (args.corpus.empty() || !fs::is_directory(args.corpus)) {
    std::cout << "eval-tagging: no corpus at '" << args.corpus.string() << "' (skipped)\n";
    return 0;
  }
  auto set = taxonomy::load_taxonomies(taxonomy::taxonomy_files(args.taxonomies));
  if (!set) {
    std::cerr << "eval-tagging: " << set.error().message() << "\n";
    return 1;
  }
  tag::RuleTagger rules(*set);
  int status = 0;
  if (args.only.empty() || args.only == "upr-info") status |= upr_info(args, *set, rules);
  if (args.only.empty() || args.only == "slovenia") status |= slovenia(args, *set, rules);
  return status;
}
