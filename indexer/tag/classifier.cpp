#include "indexer/tag/classifier.hpp"

#include <fasttext/fasttext.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace hrdex::indexer::tag {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kLabelPrefix = "__label__";

// fastText reports bad input by throwing std::invalid_argument (and a few
// other standard exceptions); each becomes an error value here.
template <typename Work>
core::Status guarded(const std::string& where, Work&& work) {
  try {
    work();
    return core::ok_status();
  } catch (const std::exception& e) {
    return core::make_error(where, std::string("fastText: ") + e.what());
  }
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// FastText::loadModel(std::istream&) expects the stream past the file's
// magic number and version, which only the protected checkModel reads.
class ModelLoader : public fasttext::FastText {
 public:
  void load(std::istream& in) {
    if (!checkModel(in)) throw std::invalid_argument("not a fastText model of a version this fastText reads");
    loadModel(in);
  }
};

fasttext::Args base_args(int dim, int epoch, int min_count, int seed, int threads) {
  fasttext::Args args;
  args.dim = dim;
  args.epoch = epoch;
  args.minCount = min_count;
  args.seed = seed;
  args.thread = threads;
  args.verbose = 0;
  return args;
}

}  // namespace

ScratchFolder::ScratchFolder() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/hrdex-train-XXXXXX";
  if (!mkdtemp(pattern.data())) throw std::system_error(errno, std::generic_category(), "creating " + pattern);
  path_ = pattern;
}

ScratchFolder::~ScratchFolder() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Classifier::Classifier(std::shared_ptr<fasttext::FastText> model) : model_(std::move(model)) {
  const fasttext::Args args = model_->getArgs();
  plain_words_ = args.wordNgrams <= 1 && args.maxn <= 0;
  auto dictionary = model_->getDictionary();
  eos_ = dictionary->getId(fasttext::Dictionary::EOS);
  if (plain_words_) {
    words_.reserve(static_cast<std::size_t>(dictionary->nwords()));
    for (std::int32_t i = 0; i < dictionary->nwords(); ++i) words_.emplace(dictionary->getWord(i), i);
  }
  input_ = model_->getInputMatrix();
  const auto output = model_->getOutputMatrix();
  output_by_dimension_.resize(static_cast<std::size_t>(output->rows() * output->cols()));
  for (std::int64_t label = 0; label < output->rows(); ++label)
    for (std::int64_t j = 0; j < output->cols(); ++j)
      output_by_dimension_[static_cast<std::size_t>(j * output->rows() + label)] = output->at(label, j);
  labels_.reserve(static_cast<std::size_t>(dictionary->nlabels()));
  for (std::int32_t i = 0; i < dictionary->nlabels(); ++i)
    labels_.push_back(dictionary->getLabel(i).substr(kLabelPrefix.size()));
}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

core::Expected<Classifier> Classifier::train(const std::vector<TrainingExample>& examples,
                                             const ClassifierSettings& settings, const fs::path& vectors) {
  ScratchFolder scratch;
  const fs::path input = scratch.path() / "train.txt";
  std::size_t tagged = 0;
  {
    std::ofstream out(input, std::ios::binary);
    for (const TrainingExample& e : examples) {
      if (e.tags.empty() || e.input.empty()) continue;
      for (const std::string& t : e.tags) out << kLabelPrefix << t << ' ';
      out << e.input << '\n';
      ++tagged;
    }
    if (!out) return core::make_error(input.string(), "cannot write the training file");
  }
  if (tagged == 0) return core::make_error("training", "no labelled example to learn from");

  fasttext::Args args = base_args(settings.dim, settings.epoch, settings.min_count, settings.seed, settings.threads);
  args.input = input.string();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::ova;
  args.lr = settings.lr;
  args.wordNgrams = settings.word_ngrams;
  args.minn = 0;
  args.maxn = 0;
  // Buckets hold word n-grams (and subwords, not used); without n-grams
  // they would only make the model large.
  args.bucket = settings.word_ngrams > 1 ? 200000 : 0;
  args.label = std::string(kLabelPrefix);
  if (!vectors.empty()) args.pretrainedVectors = vectors.string();

  auto model = std::make_shared<fasttext::FastText>();
  if (auto s = guarded("training", [&] { model->train(args); }); !s) return s.error();
  return Classifier(std::move(model));
}

std::string Classifier::to_bytes() const {
  ScratchFolder scratch;
  const fs::path file = scratch.path() / "model.bin";
  model_->saveModel(file.string());
  return read_all(file);
}

core::Expected<Classifier> Classifier::from_bytes(std::string_view bytes, const std::string& where) {
  auto model = std::make_shared<ModelLoader>();
  std::istringstream in{std::string(bytes)};
  if (auto s = guarded(where, [&] { model->load(in); }); !s) return s.error();
  if (model->getArgs().model != fasttext::model_name::sup)
    return core::make_error(where, "not a supervised fastText model");
  // probabilities() computes the one-vs-all loss's output from the weights.
  if (model->getArgs().loss != fasttext::loss_name::ova || model->isQuant())
    return core::make_error(where, "not a one-vs-all fastText model with full weights, as hrdex writes");
  return Classifier(std::move(model));
}

std::vector<std::int32_t> Classifier::word_ids(std::string_view input) const {
  auto dictionary = model_->getDictionary();
  std::vector<std::int32_t> words;
  if (!plain_words_) {
    // Word n-grams and subwords are hashed inside fastText's own reader.
    // The line end is a word to fastText ("</s>"), present in every line it
    // was trained on: without it the average of the input vectors differs.
    std::istringstream in{std::string(input) + '\n'};
    std::vector<std::int32_t> labels;
    dictionary->getLine(in, words, labels);
    return words;
  }
  // Without them a line is its known words and the line end, which is what
  // getLine makes of it; classifier_input() separates words by one space.
  words.reserve(input.size() / 6 + 1);
  std::size_t begin = 0;
  while (begin < input.size()) {
    std::size_t end = input.find(' ', begin);
    if (end == std::string_view::npos) end = input.size();
    if (end > begin)
      if (auto w = words_.find(input.substr(begin, end - begin)); w != words_.end()) words.push_back(w->second);
    begin = end + 1;
  }
  if (eos_ >= 0) words.push_back(eos_);
  return words;
}

namespace {

// fastText's sigmoid, which reads a table of 513 values over [-8, 8] and
// gives 0 and 1 outside it (loss.cc), as the probability it then reports:
// log(p + 1e-5) in single precision, which probabilities() exponentiates.
// The same arithmetic gives the same figures as FastText::predict to the
// bit, so thresholds calibrated through either path hold for both.
class OutputTable {
 public:
  OutputTable() {
    sigmoid_[0] = 0.0f;
    for (int i = 0; i <= kSize; ++i) {
      const fasttext::real x = fasttext::real(i * 2 * kMax) / kSize - kMax;
      sigmoid_[i + 1] = static_cast<fasttext::real>(1.0 / (1.0 + std::exp(-x)));
    }
    sigmoid_[kSize + 2] = 1.0f;
    for (std::size_t i = 0; i < sigmoid_.size(); ++i) {
      const auto log_probability = static_cast<fasttext::real>(std::log(sigmoid_[i] + 1e-5));
      // fastText adds 1e-5 before the logarithm, so a certainty reads 1.00001.
      probability_[i] = std::min(1.0, static_cast<double>(std::exp(log_probability)));
    }
  }
  // The table's entry for a score.
  std::size_t entry(fasttext::real x) const {
    if (x < -kMax) return 0;
    if (x > kMax) return kSize + 2;
    return static_cast<std::size_t>(static_cast<std::int64_t>((x + kMax) * kSize / kMax / 2)) + 1;
  }
  fasttext::real sigmoid(std::size_t entry) const { return sigmoid_[entry]; }
  double probability(std::size_t entry) const { return probability_[entry]; }

 private:
  static constexpr std::int64_t kSize = 512, kMax = 8;
  std::array<fasttext::real, kSize + 3> sigmoid_{};
  std::array<double, kSize + 3> probability_{};
};

}  // namespace

std::vector<std::pair<std::string, double>> Classifier::probabilities(std::string_view input, double floor) const {
  return probabilities_of(word_ids(input), floor);
}

std::vector<std::pair<std::string, double>> Classifier::probabilities_of(const std::vector<std::int32_t>& words,
                                                                        double floor) const {
  std::vector<std::pair<std::string, double>> out;
  // Only the line end known: the text has no word the model has seen.
  if (std::all_of(words.begin(), words.end(), [&](std::int32_t w) { return w == eos_; })) return out;
  // What FastText::predict does for the one-vs-all loss: the mean of the
  // words' input vectors, a dot product with each label's weights, a
  // sigmoid. Each sum is added up in fastText's order, so the figures are
  // its own, but every label's sum advances together over one dimension at
  // a time, which the processor does several at once; and without fastText's
  // per-call allocations, heap and label strings.
  static const OutputTable table;
  const fasttext::DenseMatrix& in = *input_;
  const std::size_t dim = static_cast<std::size_t>(in.cols());
  std::vector<fasttext::real> hidden(dim, 0.0f);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i + 1 < words.size()) {
      // The next word's row is elsewhere in memory: ask for it now.
      const char* next = reinterpret_cast<const char*>(in.data() + static_cast<std::size_t>(words[i + 1]) * dim);
      for (std::size_t byte = 0; byte < dim * sizeof(fasttext::real); byte += 64) __builtin_prefetch(next + byte);
    }
    const fasttext::real* row = in.data() + static_cast<std::size_t>(words[i]) * dim;
    for (std::size_t j = 0; j < dim; ++j) hidden[j] += row[j];
  }
  const auto scale = static_cast<fasttext::real>(1.0 / words.size());
  for (fasttext::real& h : hidden) h *= scale;
  const std::size_t labels = labels_.size();
  std::vector<fasttext::real> score(labels, 0.0f);
  for (std::size_t j = 0; j < dim; ++j) {
    const fasttext::real h = hidden[j];
    const fasttext::real* weights = output_by_dimension_.data() + j * labels;
    for (std::size_t label = 0; label < labels; ++label) score[label] += weights[label] * h;
  }
  const auto least = static_cast<fasttext::real>(floor);
  for (std::size_t label = 0; label < labels; ++label) {
    if (std::isnan(score[label])) continue;
    const std::size_t entry = table.entry(score[label]);
    if (table.sigmoid(entry) < least) continue;
    out.emplace_back(labels_[label], table.probability(entry));
  }
  // Equal probabilities (a saturated sigmoid gives many) by tag, so that
  // they come out the same every time.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

WordLookup::WordLookup(std::vector<const Classifier*> classifiers) : classifiers_(std::move(classifiers)) {
  const std::size_t n = classifiers_.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (!classifiers_[i]->plain_words_) continue;
    for (const auto& [word, id] : classifiers_[i]->words_) {
      auto [it, added] = places_.try_emplace(word, static_cast<std::uint32_t>(places_.size()));
      if (added) ids_.resize(ids_.size() + n, -1);
      ids_[it->second * n + i] = id;
    }
  }
}

WordLookup::Words WordLookup::read(std::string_view input) const {
  Words words;
  words.input_ = input;
  words.known_.reserve(input.size() / 6 + 1);
  std::size_t begin = 0;
  while (begin < input.size()) {
    std::size_t end = input.find(' ', begin);
    if (end == std::string_view::npos) end = input.size();
    if (end > begin)
      if (auto w = places_.find(input.substr(begin, end - begin)); w != places_.end()) words.known_.push_back(w->second);
    begin = end + 1;
  }
  return words;
}

std::vector<std::pair<std::string, double>> WordLookup::probabilities(const Words& words, std::size_t classifier,
                                                                      double floor) const {
  const Classifier& c = *classifiers_.at(classifier);
  if (!c.plain_words_) return c.probabilities(words.input_, floor);
  // What Classifier::word_ids() gives: the known words, then the line end.
  std::vector<std::int32_t> ids;
  ids.reserve(words.known_.size() + 1);
  const std::size_t n = classifiers_.size();
  for (std::uint32_t place : words.known_)
    if (const std::int32_t id = ids_[place * n + classifier]; id >= 0) ids.push_back(id);
  if (c.eos_ >= 0) ids.push_back(c.eos_);
  return c.probabilities_of(ids, floor);
}

std::vector<std::string> Classifier::tags() const {
  std::set<std::string> sorted;
  auto dictionary = model_->getDictionary();
  for (std::int32_t i = 0; i < dictionary->nlabels(); ++i)
    sorted.insert(dictionary->getLabel(i).substr(kLabelPrefix.size()));
  return {sorted.begin(), sorted.end()};
}

core::Expected<std::size_t> train_word_vectors(const std::vector<std::string>& texts, const WordVectorSettings& settings,
                                               const fs::path& out) {
  ScratchFolder scratch;
  const fs::path input = scratch.path() / "text.txt";
  {
    std::ofstream file(input, std::ios::binary);
    for (const std::string& t : texts)
      if (!t.empty()) file << t << '\n';
    if (!file) return core::make_error(input.string(), "cannot write the text for word vectors");
  }
  fasttext::Args args = base_args(settings.dim, settings.epoch, settings.min_count, settings.seed, settings.threads);
  args.input = input.string();
  args.model = fasttext::model_name::sg;
  args.loss = fasttext::loss_name::ns;
  args.minn = 0;
  args.maxn = 0;
  args.bucket = 0;
  auto model = std::make_shared<fasttext::FastText>();
  if (auto s = guarded("word vectors", [&] { model->train(args); }); !s) return s.error();
  if (auto s = guarded(out.string(), [&] { model->saveVectors(out.string()); }); !s) return s.error();
  return static_cast<std::size_t>(model->getDictionary()->nwords());
}

}  // namespace hrdex::indexer::tag
