// The labelled texts an index holds, per taxonomy, as `learn` trains on them
// and `evaluate` cross-validates them: rows of labels files that learn
// stored (examples), people's labels on units (OHCHR thematic lists), and,
// through crosswalks, the labels of one taxonomy standing for another's.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "indexer/tag/training.hpp"
#include "taxonomy/taxonomy.hpp"

namespace hrdex::indexer {

// Texts by taxonomy id. A text labelled in taxonomy S whose tags map through
// S's crosswalk onto taxonomy T is also a text of T, with the mapped tags and
// source "crosswalk from S: ...". Tags no longer in the taxonomy are
// dropped, and a text left without tags with them.
std::map<std::string, std::vector<tag::LabelledText>> labelled_texts(const Xapian::Database& db,
                                                                     const taxonomy::TaxonomySet& set);

// Unit texts of the index for word vectors (tag::classifier_words), at most
// about `max_words` words, taken evenly across the index so that a large
// index is sampled rather than cut.
std::vector<std::string> index_texts(const Xapian::Database& db, std::size_t max_words);

// Word vectors for the classifiers (tag::train_word_vectors), from
// index_texts() and every labelled text, written to `file`: the number of
// words with a vector.
core::Expected<std::size_t> index_word_vectors(const Xapian::Database& db,
                                               const std::map<std::string, std::vector<tag::LabelledText>>& texts,
                                               std::size_t max_words, int dim, const std::filesystem::path& file);

}  // namespace hrdex::indexer
