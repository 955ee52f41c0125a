// `hrdex-index learn`: stores the rows of a labels file in the index (as
// documents of level "example"), then trains a classifier for every
// taxonomy the index holds people's labels for (those rows, the human
// labels of thematic lists, and crosswalked labels), chooses each tag's
// threshold on held-out folds grouped by review, and writes the model
// beside the index (indexer/tag/model.hpp). Without --labels it trains
// again from what the index holds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "indexer/tag/labels_csv.hpp"
#include "indexer/tag/training.hpp"
#include "taxonomy/source.hpp"
#include "taxonomy/taxonomy.hpp"

namespace hrdex::indexer {

struct LearnOptions {
  std::filesystem::path db;
  std::optional<std::filesystem::path> labels;
  // Labels files (the path or file name they were learned under) whose rows
  // leave the index before training.
  std::vector<std::string> forget;
  std::string taxonomy_id;  // empty: the taxonomy most of the labels name
  tag::LabelsCsvOptions columns;
  std::string language = "en";  // of the labels' text
  taxonomy::TaxonomySource taxonomies;  // empty: the index's own
  tag::TrainingOptions training;
  bool word_vectors = true;
  std::size_t vector_words = 3000000;  // at most, of the index's text
  std::size_t min_examples = 20;  // a taxonomy with fewer gets no classifier
};

int run_learn(const LearnOptions& options, std::ostream& out, std::ostream& err);

// What learn and evaluate share.
namespace labels {
// Identifies a labels file by its bytes, so a file learned again under any
// path replaces its earlier rows (and an edited file, those of its path).
core::Expected<std::string> source_key(const std::filesystem::path& file);
// Rows of one group never share a fold with others: a State's review (UPR
// Info's "To" and "Session") when the file has them, else the row alone.
std::string group_of(const tag::LabelledUnit& unit);
// The taxonomy `rows`' labels belong to: `given`, else the loaded taxonomy
// in which most of the distinct labels are a tag's id, label or alias.
core::Expected<std::string> taxonomy_of(const taxonomy::TaxonomySet& set, const std::string& given,
                                        const tag::LabelsCsv& rows, const std::string& file);
// Labels mapped onto tag ids. Each label that names no tag is reported once
// as "file:line: label 'X' names no tag of T; did you mean 'Y'? (N rows)".
struct Mapped {
  std::vector<std::vector<std::string>> tags;  // per row; empty: no known label
  std::vector<std::string> unknown;            // the reports
};
Mapped map_labels(const taxonomy::TaxonomySet& set, const std::string& taxonomy, const tag::LabelsCsv& rows,
                  const std::string& file);
}  // namespace labels

}  // namespace hrdex::indexer
