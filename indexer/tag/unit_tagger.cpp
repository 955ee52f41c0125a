#include "indexer/tag/unit_tagger.hpp"

#include <unistd.h>

#include <algorithm>
#include <deque>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/record.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

#ifndef HRDEX_TAXONOMY_DIR
#define HRDEX_TAXONOMY_DIR "corpus/taxonomies"
#endif

namespace hrdex::indexer::tag {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kHuman = "human";
constexpr std::string_view kLearned = "learned";
constexpr std::string_view kRule = "rule";
constexpr std::string_view kBoth = "both";

// Which source wins when two give the same tag: a person's label first.
int source_rank(std::string_view source) {
  if (source == kHuman) return 0;
  if (source == kBoth) return 1;
  if (source == kRule) return 2;
  return 3;
}

fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// Neighbours are named in evidence: a unit by its id, a stored example by
// "<labels file>:<line>" (its record's "name").
ExampleReader index_reader(const std::string& taxonomy_id) {
  ExampleReader labels_of = label_term_reader(taxonomy_id);
  return [labels_of](const Xapian::Document& document) {
    ExampleLabels labels = labels_of(document);
    if (labels.name.rfind("example/", 0) == 0) {
      auto j = nlohmann::json::parse(document.get_data(), nullptr, false);
      if (j.is_object() && j.contains("name") && j["name"].is_string()) labels.name = j["name"].get<std::string>();
    }
    return labels;
  };
}

}  // namespace

fs::path default_taxonomy_dir() {
  fs::path beside = executable_dir();
  if (!beside.empty()) {
    fs::path installed = (beside / ".." / "share" / "hrdex" / "taxonomies").lexically_normal();
    std::error_code ec;
    if (fs::is_directory(installed, ec)) return installed;
  }
  return fs::path(HRDEX_TAXONOMY_DIR);
}

core::Expected<TaxonomySet> load_taxonomy_source(TaxonomySource& source) {
  std::vector<fs::path> files;
  if (!source.files.empty()) {
    for (fs::path& f : source.files) f = fs::absolute(f).lexically_normal();
    files = source.files;
  } else {
    if (!source.dir) source.dir = default_taxonomy_dir();
    source.dir = fs::absolute(*source.dir).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(*source.dir, ec)) return core::make_error(source.dir->string(), "no such taxonomy folder");
    files = taxonomy_files(*source.dir);
    if (files.empty()) return core::make_error(source.dir->string(), "no taxonomy files (*.toml) in this folder");
  }
  return load_taxonomies(files);
}

core::Expected<TaxonomySet> load_index_taxonomies(const Xapian::Database& db, TaxonomySource& source) {
  if (source.empty()) source = source_from_json(db.get_metadata(std::string(core::schema::kMetaTaxonomies)));
  return load_taxonomy_source(source);
}

std::string source_fingerprint(const TaxonomySource& source) {
  std::vector<fs::path> files = source.files;
  if (files.empty()) files = taxonomy_files(source.dir ? *source.dir : default_taxonomy_dir());
  std::string print;
  for (const fs::path& f : files) {
    std::error_code ec;
    auto size = fs::file_size(f, ec);
    auto time = fs::last_write_time(f, ec);
    print += f.string() + '|' + std::to_string(ec ? 0 : size) + '|' +
             std::to_string(ec ? 0 : time.time_since_epoch().count()) + '\n';
  }
  return print;
}

std::string source_to_json(const TaxonomySource& source) {
  nlohmann::json j = nlohmann::json::object();
  if (!source.files.empty()) {
    std::vector<std::string> files;
    for (const fs::path& f : source.files) files.push_back(f.string());
    j["files"] = files;
  } else if (source.dir) {
    j["dir"] = source.dir->string();
  }
  return j.dump();
}

TaxonomySource source_from_json(const std::string& text) {
  TaxonomySource source;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return source;
  if (auto it = j.find("files"); it != j.end() && it->is_array())
    for (const auto& f : *it)
      if (f.is_string()) source.files.emplace_back(f.get<std::string>());
  if (auto it = j.find("dir"); it != j.end() && it->is_string()) source.dir = it->get<std::string>();
  return source;
}

std::vector<std::pair<std::string, std::string>> resolve_tag(const TaxonomySet& set, TaxonomyKind kind,
                                                             std::string_view value) {
  std::vector<std::pair<std::string, std::string>> found;
  const std::string wanted = normalize_label(value);
  const std::string lower = core::ascii_lower(core::collapse_spaces(value));
  for (const Taxonomy& taxonomy : set.taxonomies()) {
    if (taxonomy.kind != kind) continue;
    // "us-agencies:epa" names one taxonomy's tag.
    std::string_view local = value;
    if (auto colon = lower.find(':'); colon != std::string::npos) {
      if (lower.substr(0, colon) != taxonomy.id) continue;
      local = value.substr(colon + 1);
    }
    if (const Tag* tag = set.find_tag(taxonomy.id, local)) {
      found.emplace_back(taxonomy.id, tag->id);
      continue;
    }
    for (const Tag& tag : taxonomy.tags) {
      bool named = std::any_of(tag.abbreviations.begin(), tag.abbreviations.end(),
                               [&](const std::string& a) { return core::ascii_lower(a) == lower; }) ||
                   std::any_of(tag.names.begin(), tag.names.end(),
                               [&](const std::string& n) { return normalize_label(n) == wanted; });
      if (named) {
        found.emplace_back(taxonomy.id, tag.id);
        break;
      }
    }
  }
  return found;
}

std::vector<Learner> index_learners(const Xapian::Database& db, const TaxonomySet& set,
                                    const LearnedSettings& settings, const Xapian::Query& exclude) {
  std::vector<Learner> learners;
  for (const Taxonomy& taxonomy : set.taxonomies()) {
    const std::string prefix = label_term(taxonomy.id, "");
    if (db.allterms_begin(prefix) == db.allterms_end(prefix)) continue;
    Xapian::Query labelled(Xapian::Query::OP_WILDCARD, prefix);
    if (!exclude.empty()) labelled = Xapian::Query(Xapian::Query::OP_AND_NOT, labelled, exclude);
    learners.emplace_back(db, taxonomy.id, index_reader(taxonomy.id), settings.learner, labelled);
  }
  return learners;
}

struct UnitTagger::State {
  std::unique_ptr<TaxonomySet> set;
  std::unique_ptr<RuleTagger> rules;
  LearnedSettings settings;
  std::vector<Learner> learners;
  bool index_opened = false;
  std::map<std::pair<std::string, std::string>, TagRef, std::less<>> refs;  // (taxonomy, tag) -> ref
};

UnitTagger::UnitTagger(TaxonomySet set, LearnedSettings settings) : state_(std::make_unique<State>()) {
  state_->set = std::make_unique<TaxonomySet>(std::move(set));
  state_->rules = std::make_unique<RuleTagger>(*state_->set);
  state_->settings = settings;
  const auto& all = state_->set->taxonomies();
  for (std::uint32_t t = 0; t < all.size(); ++t)
    for (std::uint32_t i = 0; i < all[t].tags.size(); ++i) state_->refs.emplace(std::make_pair(all[t].id, all[t].tags[i].id), TagRef{t, i});
}

UnitTagger::~UnitTagger() = default;
UnitTagger::UnitTagger(UnitTagger&&) noexcept = default;
UnitTagger& UnitTagger::operator=(UnitTagger&&) noexcept = default;

const TaxonomySet& UnitTagger::taxonomies() const { return *state_->set; }
const RuleTagger& UnitTagger::rules() const { return *state_->rules; }
const LearnedSettings& UnitTagger::settings() const { return state_->settings; }
void UnitTagger::set_learners(std::vector<Learner> learners) { state_->learners = std::move(learners); }
bool UnitTagger::learning() const { return !state_->learners.empty(); }

void UnitTagger::learn_from_index(const fs::path& db) {
  if (state_->index_opened) return;
  state_->index_opened = true;
  try {
    state_->learners = index_learners(Xapian::Database(db.string()), *state_->set, state_->settings);
  } catch (const Xapian::Error&) {
    // A new index has no revision yet, so nothing to learn from.
  }
}

std::vector<core::UnitTag> UnitTagger::tag(const core::UnitRecord& unit, std::string_view language,
                                           Xapian::docid self) const {
  return tag_with(unit, language, state_->learners, self);
}

std::vector<core::UnitTag> UnitTagger::tag_with(const core::UnitRecord& unit, std::string_view language,
                                                const std::vector<Learner>& learners, Xapian::docid self) const {
  const State& s = *state_;
  const TaxonomySet& set = *s.set;

  // The lettered sub-items are part of what the unit asks for.
  std::string text = unit.text;
  for (const core::SubItem& item : unit.items)
    if (text.find(item.text) == std::string::npos) text += "\n" + item.text;

  // Human labels: OHCHR's themes, looked up in every themes taxonomy.
  std::vector<TagHit> human;
  for (const Taxonomy& taxonomy : set.taxonomies()) {
    if (taxonomy.kind != TaxonomyKind::themes) continue;
    for (const std::string& label : unit.themes) {
      const Tag* t = set.find_tag(taxonomy.id, label);
      if (!t) continue;
      auto same = [&](const TagHit& h) { return h.taxonomy == taxonomy.id && h.tag == t->id; };
      if (std::any_of(human.begin(), human.end(), same)) continue;
      human.push_back({taxonomy.id, t->id, std::string(kHuman), 1.0, {"labelled \"" + label + "\" by OHCHR"}});
    }
  }

  std::vector<TagHit> hits = s.rules->tag(text, language);
  for (const Learner& learner : learners) {
    // A person's labels in a taxonomy leave nothing for the neighbours to add.
    bool labelled = std::any_of(human.begin(), human.end(), [&](const TagHit& h) { return h.taxonomy == learner.taxonomy(); });
    if (labelled) continue;
    hits = combine(hits, learner.candidates(text, language, self), learner.taxonomy(), s.settings.combine);
  }

  std::map<std::pair<std::string, std::string>, TagHit> merged;
  auto put = [&](TagHit hit) {
    auto key = std::make_pair(hit.taxonomy, hit.tag);
    auto [it, added] = merged.emplace(key, hit);
    if (added) return true;
    TagHit& kept = it->second;
    if (source_rank(hit.source) < source_rank(kept.source)) std::swap(kept, hit);
    for (std::string& e : hit.evidence)
      if (std::find(kept.evidence.begin(), kept.evidence.end(), e) == kept.evidence.end()) kept.evidence.push_back(std::move(e));
    return false;
  };
  for (const TagHit& h : human) put(h);
  for (const TagHit& h : hits) put(h);

  // The rule tagger already followed the links of its own tags; human and
  // learned tags reach their parents, working groups and agencies here. An
  // implied tag is the taxonomy's rule, not a person's label, so a human
  // tag implies with source "rule"; a learned one keeps "learned".
  std::deque<std::pair<TagRef, TagHit>> queue;
  for (const auto& [key, hit] : merged) {
    if (hit.source != kHuman && hit.source != kLearned) continue;
    if (auto r = s.refs.find(key); r != s.refs.end()) queue.emplace_back(r->second, hit);
  }
  while (!queue.empty()) {
    auto [ref, from] = std::move(queue.front());
    queue.pop_front();
    for (const Implication& implication : set.implications(ref)) {
      const Taxonomy& taxonomy = set.taxonomy(implication.target);
      TagHit implied{taxonomy.id, set.tag(implication.target).id, from.source == kHuman ? std::string(kRule) : from.source,
                     from.score, {implication.because + " (" + from.source + ")"}};
      if (put(implied)) queue.emplace_back(implication.target, implied);
    }
  }

  std::vector<core::UnitTag> out;
  for (auto& [key, hit] : merged) {
    core::UnitTag t;
    t.taxonomy = hit.taxonomy;
    t.tag = hit.tag;
    t.source = hit.source;
    t.score = hit.score;
    t.evidence = std::move(hit.evidence);
    if (auto r = s.refs.find(key); r != s.refs.end()) {
      t.kind = std::string(kind_name(set.taxonomy(r->second).kind));
      t.label = set.tag(r->second).label;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace hrdex::indexer::tag
