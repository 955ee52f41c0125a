#include "indexer/tag/unit_tagger.hpp"

#include <algorithm>
#include <deque>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/record.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

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








std::vector<Learner> index_learners(const Xapian::Database& db, const taxonomy::TaxonomySet& set,
                                    const LearnedSettings& settings, const Xapian::Query& exclude) {
  std::vector<Learner> learners;
  for (const taxonomy::Taxonomy& taxonomy : set.taxonomies()) {
    const std::string prefix = label_term(taxonomy.id, "");
    if (db.allterms_begin(prefix) == db.allterms_end(prefix)) continue;
    Xapian::Query labelled(Xapian::Query::OP_WILDCARD, prefix);
    if (!exclude.empty()) labelled = Xapian::Query(Xapian::Query::OP_AND_NOT, labelled, exclude);
    learners.emplace_back(db, taxonomy.id, index_reader(taxonomy.id), settings.learner, labelled);
  }
  return learners;
}

struct UnitTagger::State {
  std::unique_ptr<taxonomy::TaxonomySet> set;
  std::unique_ptr<RuleTagger> rules;
  LearnedSettings settings;
  std::vector<Learner> learners;
  bool index_opened = false;
  std::map<std::pair<std::string, std::string>, taxonomy::TagRef, std::less<>> refs;  // (taxonomy, tag) -> ref
};

UnitTagger::UnitTagger(taxonomy::TaxonomySet set, LearnedSettings settings) : state_(std::make_unique<State>()) {
  state_->set = std::make_unique<taxonomy::TaxonomySet>(std::move(set));
  state_->rules = std::make_unique<RuleTagger>(*state_->set);
  state_->settings = settings;
  const auto& all = state_->set->taxonomies();
  for (std::uint32_t t = 0; t < all.size(); ++t)
    for (std::uint32_t i = 0; i < all[t].tags.size(); ++i) state_->refs.emplace(std::make_pair(all[t].id, all[t].tags[i].id), taxonomy::TagRef{t, i});
}

UnitTagger::~UnitTagger() = default;
UnitTagger::UnitTagger(UnitTagger&&) noexcept = default;
UnitTagger& UnitTagger::operator=(UnitTagger&&) noexcept = default;

const taxonomy::TaxonomySet& UnitTagger::taxonomies() const { return *state_->set; }
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
  const taxonomy::TaxonomySet& set = *s.set;

  // The lettered sub-items are part of what the unit asks for.
  std::string text = unit.text;
  for (const core::SubItem& item : unit.items)
    if (text.find(item.text) == std::string::npos) text += "\n" + item.text;

  // Human labels: OHCHR's themes, looked up in every themes taxonomy.
  std::vector<TagHit> human;
  for (const taxonomy::Taxonomy& taxonomy : set.taxonomies()) {
    if (taxonomy.kind != taxonomy::TaxonomyKind::themes) continue;
    for (const std::string& label : unit.themes) {
      const taxonomy::Tag* t = set.find_tag(taxonomy.id, label);
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
  std::deque<std::pair<taxonomy::TagRef, TagHit>> queue;
  for (const auto& [key, hit] : merged) {
    if (hit.source != kHuman && hit.source != kLearned) continue;
    if (auto r = s.refs.find(key); r != s.refs.end()) queue.emplace_back(r->second, hit);
  }
  while (!queue.empty()) {
    auto [ref, from] = std::move(queue.front());
    queue.pop_front();
    for (const taxonomy::Implication& implication : set.implications(ref)) {
      const taxonomy::Taxonomy& taxonomy = set.taxonomy(implication.target);
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
      t.kind = std::string(taxonomy::kind_name(set.taxonomy(r->second).kind));
      t.label = set.tag(r->second).label;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace hrdex::indexer::tag
