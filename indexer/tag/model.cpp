#include "indexer/tag/model.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace hrdex::indexer::tag {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kMagic = "hrdex-model ";
constexpr std::string_view kChecksumLine = "checksum ";

json settings_json(const ClassifierSettings& s) {
  return {{"dim", s.dim},   {"epoch", s.epoch}, {"lr", s.lr},          {"word_ngrams", s.word_ngrams},
          {"min_count", s.min_count}, {"seed", s.seed}, {"threads", s.threads}};
}

ClassifierSettings settings_from(const json& j) {
  ClassifierSettings s;
  s.dim = j.value("dim", s.dim);
  s.epoch = j.value("epoch", s.epoch);
  s.lr = j.value("lr", s.lr);
  s.word_ngrams = j.value("word_ngrams", s.word_ngrams);
  s.min_count = j.value("min_count", s.min_count);
  s.seed = j.value("seed", s.seed);
  s.threads = j.value("threads", s.threads);
  return s;
}

std::string again(const fs::path& file) {
  return "; run 'hrdex-index learn --db " + file.parent_path().string() +
         "' to train it again, or delete the file to tag by rules alone";
}

}  // namespace

namespace {

std::string words_of(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& token : tokens) {
    if (!out.empty()) out += ' ';
    out += token.lower;
  }
  return out;
}

}  // namespace

std::string classifier_words(std::string_view text) { return words_of(tokenize(text)); }

std::string classifier_input(const std::vector<Token>& tokens, const std::vector<TagHit>& rule_matches) {
  std::string out = words_of(tokens);
  for (const TagHit& hit : rule_matches) out.append(" rule:").append(hit.taxonomy).append(":").append(hit.tag);
  return out;
}

std::string classifier_input(std::string_view text, const std::vector<TagHit>& rule_matches) {
  return classifier_input(tokenize(text), rule_matches);
}

double TaxonomyModel::threshold(std::string_view tag) const {
  auto it = thresholds.find(tag);
  return it == thresholds.end() ? default_threshold : it->second;
}

double TaxonomyModel::threshold(std::string_view tag, bool rule_fired) const {
  if (rule_fired)
    if (auto it = thresholds_with_rule.find(tag); it != thresholds_with_rule.end()) return it->second;
  return threshold(tag);
}

double TaxonomyModel::lowest_threshold() const {
  double lowest = default_threshold;
  for (const auto& [tag, t] : thresholds) lowest = std::min(lowest, t);
  for (const auto& [tag, t] : thresholds_with_rule) lowest = std::min(lowest, t);
  return lowest;
}

bool TaxonomyModel::decides(std::string_view tag) const { return !rule_tags.count(tag); }

bool TaxonomyModel::reads(std::string_view language) const {
  return std::find(languages.begin(), languages.end(), language) != languages.end();
}

const TaxonomyModel* TaggerModel::find(std::string_view taxonomy) const {
  for (const TaxonomyModel& m : taxonomies)
    if (m.taxonomy == taxonomy) return &m;
  return nullptr;
}

core::Status write_model(const TaggerModel& model, const fs::path& file) {
  json header = {{"format", kModelFormat}, {"created_by", model.created_by}, {"created_at", model.created_at}};
  json taxonomies = json::array();
  std::string blobs;
  for (const TaxonomyModel& m : model.taxonomies) {
    std::string bytes = m.classifier.to_bytes();
    json thresholds = json::object(), with_rule = json::object();
    for (const auto& [tag, t] : m.thresholds) thresholds[tag] = t;
    for (const auto& [tag, t] : m.thresholds_with_rule) with_rule[tag] = t;
    taxonomies.push_back({{"taxonomy", m.taxonomy},
                          {"bytes", bytes.size()},
                          {"checksum", core::content_hash(bytes)},
                          {"tags", m.classifier.tags()},
                          {"thresholds", thresholds},
                          {"thresholds_with_rule", with_rule},
                          {"default_threshold", m.default_threshold},
                          {"rule_tags", m.rule_tags},
                          {"languages", m.languages},
                          {"settings", settings_json(m.settings)},
                          {"examples", m.examples},
                          {"word_vectors", m.word_vectors},
                          {"held_out",
                           {{"folds", m.held_out.folds},
                            {"units", m.held_out.units},
                            {"micro_precision", m.held_out.micro_precision},
                            {"micro_recall", m.held_out.micro_recall},
                            {"micro_f1", m.held_out.micro_f1}}}});
    blobs += bytes;
  }
  header["taxonomies"] = std::move(taxonomies);
  const std::string description = header.dump(1);
  std::string body = std::string(kMagic) + std::to_string(kModelFormat) + "\n" + std::to_string(description.size()) +
                     "\n" + description + "\n" + blobs;
  body += std::string(kChecksumLine) + core::content_hash(body) + "\n";

  const fs::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    out.flush();
    if (!out) return core::make_error(temporary.string(), "cannot write the model (disk full?)");
  }
  std::error_code ec;
  fs::rename(temporary, file, ec);
  if (ec) return core::make_error(file.string(), "cannot replace the model: " + ec.message());
  return core::ok_status();
}

core::Expected<TaggerModel> read_model(const fs::path& file) {
  const std::string where = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::make_error(where, "cannot read the model file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();

  if (bytes.compare(0, kMagic.size(), kMagic) != 0)
    return core::make_error(where, "not an hrdex model file" + again(file));
  std::size_t eol = bytes.find('\n');
  int format = 0;
  try {
    format = std::stoi(bytes.substr(kMagic.size(), eol - kMagic.size()));
  } catch (const std::exception&) {
    return core::make_error(where, "not an hrdex model file" + again(file));
  }
  if (format != kModelFormat)
    return core::make_error(where, "model format " + std::to_string(format) + ", but this hrdex reads format " +
                                       std::to_string(kModelFormat) + again(file));

  // The checksum line closes the file; anything cut short loses it.
  const std::size_t tail = bytes.rfind(kChecksumLine);
  if (tail == std::string::npos || bytes.size() < 2 || bytes.back() != '\n')
    return core::make_error(where, "the model file is truncated (no checksum line at its end)" + again(file));
  const std::string stored = bytes.substr(tail + kChecksumLine.size(), bytes.size() - 1 - tail - kChecksumLine.size());
  if (stored != core::content_hash(std::string_view(bytes).substr(0, tail)))
    return core::make_error(where, "the model file is damaged (its checksum does not match)" + again(file));

  std::size_t at = eol + 1;
  std::size_t eol2 = bytes.find('\n', at);
  std::size_t length = 0;
  try {
    length = std::stoul(bytes.substr(at, eol2 - at));
  } catch (const std::exception&) {
    return core::make_error(where, "the model's description is unreadable" + again(file));
  }
  at = eol2 + 1;
  if (at + length + 1 > tail) return core::make_error(where, "the model's description is cut short" + again(file));
  json header = json::parse(bytes.substr(at, length), nullptr, false);
  if (!header.is_object() || !header.contains("taxonomies") || !header["taxonomies"].is_array())
    return core::make_error(where, "the model's description is unreadable" + again(file));
  at += length + 1;

  TaggerModel model;
  model.created_by = header.value("created_by", "");
  model.created_at = header.value("created_at", "");
  for (const json& t : header["taxonomies"]) {
    const std::size_t size = t.value("bytes", std::size_t{0});
    if (at + size > tail) return core::make_error(where, "the model is cut short" + again(file));
    std::string_view blob = std::string_view(bytes).substr(at, size);
    at += size;
    const std::string taxonomy = t.value("taxonomy", "");
    if (core::content_hash(blob) != t.value("checksum", ""))
      return core::make_error(where, "the classifier of '" + taxonomy + "' is damaged" + again(file));
    auto classifier = Classifier::from_bytes(blob, where + " (" + taxonomy + ")");
    if (!classifier) return classifier.error();
    TaxonomyModel m{taxonomy, std::move(*classifier), {}, 0.5, {}, {}, {}, {}, 0, {}, {}};
    for (auto [key, into] : {std::pair{"thresholds", &m.thresholds}, std::pair{"thresholds_with_rule", &m.thresholds_with_rule}})
      if (t.contains(key) && t[key].is_object())
        for (const auto& [tag, value] : t[key].items())
          if (value.is_number()) (*into)[tag] = value.get<double>();
    m.default_threshold = t.value("default_threshold", 0.5);
    for (const std::string& tag : t.value("rule_tags", std::vector<std::string>{})) m.rule_tags.insert(tag);
    m.languages = t.value("languages", std::vector<std::string>{});
    if (t.contains("settings")) m.settings = settings_from(t["settings"]);
    m.examples = t.value("examples", std::map<std::string, std::size_t>{});
    m.word_vectors = t.value("word_vectors", std::size_t{0});
    if (t.contains("held_out") && t["held_out"].is_object()) {
      const json& h = t["held_out"];
      m.held_out = {h.value("folds", 0), h.value("units", std::size_t{0}), h.value("micro_precision", 0.0),
                    h.value("micro_recall", 0.0), h.value("micro_f1", 0.0)};
    }
    model.taxonomies.push_back(std::move(m));
  }
  if (at != tail) return core::make_error(where, "the model holds more than its description says" + again(file));
  return model;
}

core::Expected<std::shared_ptr<const TaggerModel>> read_index_model(const fs::path& index_dir) {
  const fs::path file = index_dir / kModelFile;
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::shared_ptr<const TaggerModel>();
  auto model = read_model(file);
  if (!model) return model.error();
  return std::shared_ptr<const TaggerModel>(std::make_shared<TaggerModel>(std::move(*model)));
}

}  // namespace hrdex::indexer::tag
