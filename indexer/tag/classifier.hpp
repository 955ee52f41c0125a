// The learned half of the tagger: a supervised multi-label text classifier
// (fastText with its one-vs-all loss) for one taxonomy. Training is a
// function of its examples and settings: one thread and a fixed seed give
// the same model from the same input, so tests can pin it. Thresholds and
// evaluation live elsewhere (training.hpp): this only turns text into a
// probability per tag.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/expected.hpp"

namespace fasttext {
class DenseMatrix;
class FastText;
}

namespace hrdex::indexer::tag {

struct ClassifierSettings {
  int dim = 100;
  int epoch = 25;
  double lr = 0.5;
  int word_ngrams = 1;
  int min_count = 1;
  int seed = 20261203;
  // fastText's threads update the weights without locks, so their
  // interleaving changes the model from run to run; one thread keeps the
  // model a function of its data and settings.
  int threads = 1;
  friend bool operator==(const ClassifierSettings&, const ClassifierSettings&) = default;
};

// Settings of the word vectors a classifier may start from (skipgram over
// the index's own text, so that words the labelled examples never use
// still land near the words they do).
struct WordVectorSettings {
  int dim = 100;
  int epoch = 5;
  int min_count = 3;
  int seed = 20261203;
  int threads = 1;  // as above
};

// One labelled text as the classifier reads it.
struct TrainingExample {
  std::string input;              // classifier_input() of the text
  std::vector<std::string> tags;  // tag ids of one taxonomy
};

class Classifier {
 public:
  // Trains on `examples` (at least one tagged example). `vectors`, when not
  // empty, is a file of word vectors of settings.dim dimensions
  // (train_word_vectors) to start from.
  static core::Expected<Classifier> train(const std::vector<TrainingExample>& examples,
                                         const ClassifierSettings& settings,
                                         const std::filesystem::path& vectors = {});
  // The bytes of to_bytes(); `where` names their file in errors.
  static core::Expected<Classifier> from_bytes(std::string_view bytes, const std::string& where);
  std::string to_bytes() const;

  // Every known tag whose probability for `input` (classifier_input()) is
  // at least `floor`, with that probability, best first (equals by tag). Empty for an input
  // with no known word. Safe to call from several threads.
  std::vector<std::pair<std::string, double>> probabilities(std::string_view input, double floor = 0.0) const;
  // The tags it was trained on, sorted.
  std::vector<std::string> tags() const;

  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept;
  ~Classifier();

 private:
  friend class WordLookup;
  explicit Classifier(std::shared_ptr<fasttext::FastText> model);
  // probabilities() of a line read as these dictionary ids.
  std::vector<std::pair<std::string, double>> probabilities_of(const std::vector<std::int32_t>& words, double floor) const;
  // The dictionary ids of `input`'s words as fastText's getLine gives them.
  std::vector<std::int32_t> word_ids(std::string_view input) const;
  std::shared_ptr<fasttext::FastText> model_;
  // Neither word n-grams nor subwords: a line is only its known words.
  bool plain_words_ = false;
  // What probabilities() reads, taken from the model once (see there).
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>> words_;  // plain words only
  std::int32_t eos_ = -1;
  std::vector<std::string> labels_;  // without fastText's prefix
  std::shared_ptr<const fasttext::DenseMatrix> input_;
  // The output weights by dimension, then label: one pass over them scores
  // every label at once (see probabilities()).
  std::vector<float> output_by_dimension_;
};

// A unit's text is read by one classifier per taxonomy: this looks its
// words up once for them all, in the union of their vocabularies, where
// each word has its id in each of them. The classifiers must outlive it.
class WordLookup {
 public:
  explicit WordLookup(std::vector<const Classifier*> classifiers);
  // The words of `input` (classifier_input()) that some classifier knows;
  // `input` must outlive them.
  class Words {
    friend class WordLookup;
    std::string_view input_;
    std::vector<std::uint32_t> known_;  // places in the union
  };
  Words read(std::string_view input) const;
  // The `classifier`-th classifier's probabilities(), for those words.
  std::vector<std::pair<std::string, double>> probabilities(const Words& words, std::size_t classifier,
                                                            double floor) const;

 private:
  std::vector<const Classifier*> classifiers_;
  std::unordered_map<std::string, std::uint32_t, Classifier::StringHash, std::equal_to<>> places_;
  // ids_[place * classifiers + i]: the word's id for classifier i, or -1.
  std::vector<std::int32_t> ids_;
};

// Skipgram word vectors over `texts` (each one classifier_input() without
// rule features), written to `out` in fastText's .vec format. Returns the
// number of words with a vector; an error when the texts hold too few
// words to learn from.
core::Expected<std::size_t> train_word_vectors(const std::vector<std::string>& texts, const WordVectorSettings& settings,
                                               const std::filesystem::path& out);

// A folder under $TMPDIR, removed with everything in it when the object
// goes: where fastText, which reads and writes files only, does its work.
class ScratchFolder {
 public:
  ScratchFolder();
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace hrdex::indexer::tag
