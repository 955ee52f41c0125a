#include "indexer/tag/unit_tagger.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/text.hpp"
#include "indexer/tag/training.hpp"

namespace hrdex::indexer::tag {

namespace {

// The tag `printed` names in `taxonomy`: by its UHRI code when it has one
// that the taxonomy knows, else by its label. `code_known` says whether a
// printed code was found.
const taxonomy::Tag* find_printed(const taxonomy::TaxonomySet& set, const std::string& taxonomy, std::string_view printed,
                                  bool* code_known = nullptr) {
  const PrintedLabel p = split_printed_label(printed);
  const taxonomy::Tag* by_code = p.code.empty() ? nullptr : set.find_tag(taxonomy, p.code);
  if (code_known) *code_known = by_code != nullptr;
  if (by_code) return by_code;
  if (const taxonomy::Tag* t = set.find_tag(taxonomy, printed)) return t;
  return p.label.empty() ? nullptr : set.find_tag(taxonomy, p.label);
}

// The human-labelled lists of a unit, each with the taxonomy kind it maps
// onto and the word warnings use for one of its labels.
struct HumanList {
  const std::vector<std::string>& labels;
  taxonomy::TaxonomyKind kind;
  const char* noun;
};
std::vector<HumanList> human_lists(const core::UnitRecord& unit) {
  return {{unit.themes, taxonomy::TaxonomyKind::themes, "theme"},
          {unit.affected_persons, taxonomy::TaxonomyKind::affected_persons, "affected persons"}};
}

// Where one printed label lands.
struct LabelMapping {
  std::vector<std::pair<const taxonomy::Taxonomy*, const taxonomy::Tag*>> tags;
  bool loaded = false;      // a taxonomy of the list's kind is loaded
  bool code_known = false;  // its UHRI code is an alias of some tag
  bool older_theme = false; // a theme that is a group of persons (below)
};

// The tags `label` of a list of `kind` names, in every loaded taxonomy of
// that kind. Before 2019 the UHRI listed groups of persons among its
// themes ("G1 Members of minorities"); since then they are affected
// persons, so a theme no themes taxonomy has is looked for among the
// affected persons, where those old codes and labels are aliases.
LabelMapping map_label(const taxonomy::TaxonomySet& set, taxonomy::TaxonomyKind kind, const std::string& label) {
  LabelMapping out;
  auto look = [&](taxonomy::TaxonomyKind in) {
    for (const taxonomy::Taxonomy& taxonomy : set.taxonomies()) {
      if (taxonomy.kind != in) continue;
      out.loaded = out.loaded || in == kind;
      bool known = false;
      if (const taxonomy::Tag* t = find_printed(set, taxonomy.id, label, &known)) out.tags.emplace_back(&taxonomy, t);
      out.code_known = out.code_known || known;
    }
  };
  look(kind);
  if (out.tags.empty() && kind == taxonomy::TaxonomyKind::themes) {
    look(taxonomy::TaxonomyKind::affected_persons);
    out.older_theme = !out.tags.empty();
  }
  return out;
}

}  // namespace

PrintedLabel split_printed_label(std::string_view printed) {
  PrintedLabel out;
  std::string_view t = core::trim(printed);
  // "A12 Acceptance ...", "D1 Civil & political rights ...": a capital A-H
  // and one or two digits (UHRI's scheme), alone or before the label.
  if (t.size() >= 2 && t[0] >= 'A' && t[0] <= 'H' && t[1] >= '0' && t[1] <= '9') {
    std::size_t end = 2;
    if (end < t.size() && t[end] >= '0' && t[end] <= '9') ++end;
    if (end == t.size() || t[end] == ' ') {
      out.code = std::string(t.substr(0, end));
      out.label = std::string(core::trim(t.substr(end)));
      return out;
    }
  }
  // "2.1. Acceptance ...", "12.4 Death penalty": a matrix's own numbering.
  std::size_t i = 0;
  while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.')) ++i;
  if (i > 0 && i < t.size() && t[i] == ' ' && t[0] != '.') t.remove_prefix(i);
  out.label = std::string(core::trim(t));
  return out;
}

struct UnitTagger::State {
  std::unique_ptr<taxonomy::TaxonomySet> set;
  std::unique_ptr<RuleTagger> rules;
  std::shared_ptr<const TaggerModel> model;
  // Per taxonomy the model decides: the tags its classifier was trained on.
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> trained;
  // Its classifiers, which read a unit's words looked up once for all.
  std::unique_ptr<WordLookup> lookup;
  std::map<std::string, std::size_t, std::less<>> lookup_place;  // by taxonomy
  // Per taxonomy with old group theme codes: those tags and their
  // descendants, which an older list decides through its themes alone.
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> older_decides;
};

std::string tagging_text(const core::UnitRecord& unit) {
  std::string text = unit.text;
  for (const core::SubItem& item : unit.items)
    if (text.find(item.text) == std::string::npos) text += "\n" + item.text;
  return text;
}

UnitTagger::UnitTagger(taxonomy::TaxonomySet set, std::shared_ptr<const TaggerModel> model)
    : state_(std::make_unique<State>()) {
  state_->set = std::make_unique<taxonomy::TaxonomySet>(std::move(set));
  state_->rules = std::make_unique<RuleTagger>(*state_->set);
  state_->model = std::move(model);
  const taxonomy::TaxonomySet& taxonomies = *state_->set;
  for (const taxonomy::Taxonomy& t : taxonomies.taxonomies()) {
    const std::vector<std::string> older = older_theme_tags(taxonomies, t.id);
    if (older.empty()) continue;
    auto& decides = state_->older_decides[t.id];
    for (const taxonomy::Tag& tag : t.tags)
      for (const std::string& up : closure(taxonomies, t.id, {tag.id}))
        if (std::find(older.begin(), older.end(), up) != older.end()) decides.insert(tag.id);
  }
  if (state_->model) {
    std::vector<const Classifier*> classifiers;
    for (const TaxonomyModel& m : state_->model->taxonomies) {
      auto tags = m.classifier.tags();
      state_->trained[m.taxonomy] = {tags.begin(), tags.end()};
      state_->lookup_place[m.taxonomy] = classifiers.size();
      classifiers.push_back(&m.classifier);
    }
    state_->lookup = std::make_unique<WordLookup>(std::move(classifiers));
  }
}

UnitTagger::~UnitTagger() = default;
UnitTagger::UnitTagger(UnitTagger&&) noexcept = default;
UnitTagger& UnitTagger::operator=(UnitTagger&&) noexcept = default;

const taxonomy::TaxonomySet& UnitTagger::taxonomies() const { return *state_->set; }
const RuleTagger& UnitTagger::rules() const { return *state_->rules; }
const TaggerModel* UnitTagger::model() const { return state_->model.get(); }

std::vector<HumanLabel> human_labels(const taxonomy::TaxonomySet& set, const core::UnitRecord& unit) {
  std::vector<HumanLabel> out;
  for (const HumanList& list : human_lists(unit)) {
    for (const std::string& label : list.labels) {
      const LabelMapping mapping = map_label(set, list.kind, label);
      for (const auto& [taxonomy, tag] : mapping.tags) {
        auto same = [&](const HumanLabel& h) { return h.taxonomy == taxonomy->id && h.tag == tag->id; };
        auto it = std::find_if(out.begin(), out.end(), same);
        if (it == out.end())
          out.push_back({taxonomy->id, tag->id, label, mapping.older_theme});
        else
          it->older_theme = it->older_theme && mapping.older_theme;  // also given in its own list
      }
    }
  }
  return out;
}

std::vector<std::string> older_theme_tags(const taxonomy::TaxonomySet& set, const std::string& taxonomy) {
  std::vector<std::string> out;
  const taxonomy::Taxonomy* t = set.find_taxonomy(taxonomy);
  if (!t) return out;
  for (const taxonomy::Tag& tag : t->tags) {
    auto code = [](const std::string& alias) {
      const PrintedLabel p = split_printed_label(alias);
      return !p.code.empty() && p.label.empty();
    };
    if (std::any_of(tag.aliases.begin(), tag.aliases.end(), code)) out.push_back(tag.id);
  }
  return out;
}

std::vector<std::string> UnitTagger::unmapped_labels(const core::UnitRecord& unit) const {
  const taxonomy::TaxonomySet& set = *state_->set;
  std::vector<std::string> out;
  for (const HumanList& list : human_lists(unit)) {
    const bool themes = list.kind == taxonomy::TaxonomyKind::themes;
    for (const std::string& label : list.labels) {
      const LabelMapping mapping = map_label(set, list.kind, label);
      if (!mapping.loaded) break;
      const bool mapped = !mapping.tags.empty();
      const std::string quoted = std::string(list.noun) + " '" + label + "'";
      if (const PrintedLabel p = split_printed_label(label); themes && !p.code.empty() && !mapping.code_known)
        out.push_back("unknown UHRI code '" + p.code + "' of " + quoted + (mapped ? " (mapped by its label)" : ""));
      else if (!mapped)
        out.push_back(quoted);
    }
  }
  return out;
}

std::vector<core::UnitTag> UnitTagger::tag(const core::UnitRecord& unit, const TagContext& context) const {
  const State& s = *state_;
  const taxonomy::TaxonomySet& set = *s.set;
  const std::string text = tagging_text(unit);
  const std::vector<Token> tokens = tokenize(text);
  const std::vector<TagHit> matches = s.rules->matches(text, tokens, context.language);

  // 1. A person's labels: OHCHR's themes and affected persons, looked up in
  // every taxonomy of their kind (by UHRI code, then label).
  // Labels that are all old group themes ("G1 Members of minorities", in
  // a list with no affected persons of its own) decide only the groups
  // that vocabulary had; the classifier and rules decide the others.
  std::vector<TagHit> hits;
  std::map<std::string, bool, std::less<>> only_older;  // by taxonomy people labelled
  for (HumanLabel& h : human_labels(set, unit)) {
    auto [it, fresh] = only_older.try_emplace(h.taxonomy, true);
    it->second = it->second && h.older_theme;
    hits.push_back({std::move(h.taxonomy), std::move(h.tag), std::string(kSourceHuman), 1.0,
                    {"labelled \"" + h.label + "\" by OHCHR"}});
  }

  // What the classifiers read, made when first needed.
  std::string input;
  WordLookup::Words words;
  for (const taxonomy::Taxonomy& taxonomy : set.taxonomies()) {
    const std::set<std::string, std::less<>>* decided = nullptr;  // by people; null: none
    if (auto l = only_older.find(taxonomy.id); l != only_older.end()) {
      auto d = s.older_decides.find(taxonomy.id);
      if (!l->second || d == s.older_decides.end()) continue;  // people decided every tag
      decided = &d->second;
    }
    auto open = [&](std::string_view tag) { return !decided || !decided->count(tag); };
    const TaxonomyModel* m = s.model ? s.model->find(taxonomy.id) : nullptr;
    if (m && !m->reads(context.language)) m = nullptr;
    std::map<std::string, const TagHit*, std::less<>> ruled;
    for (const TagHit& hit : matches)
      if (hit.taxonomy == taxonomy.id && open(hit.tag)) ruled.emplace(hit.tag, &hit);
    if (!m) {
      // 3. Rules decide a taxonomy without a classifier.
      for (const auto& [tag, hit] : ruled) hits.push_back(*hit);
      continue;
    }
    // 2. The classifier decides the tags it knows; rules, the rest.
    if (input.empty()) {
      input = classifier_input(tokens, matches);
      words = s.lookup->read(input);
    }
    const auto& trained = s.trained.at(taxonomy.id);
    for (const auto& [tag, probability] :
         s.lookup->probabilities(words, s.lookup_place.at(taxonomy.id), m->lowest_threshold())) {
      const auto r = ruled.find(tag);
      const double threshold = m->threshold(tag, r != ruled.end());
      if (probability < threshold || !m->decides(tag) || !open(tag)) continue;
      TagHit hit{taxonomy.id, tag, std::string(kSourceLearned), probability, {}};
      if (r != ruled.end()) {
        hit.source = kSourceBoth;
        hit.evidence = r->second->evidence;
      }
      char line[128];
      if (r != ruled.end() && m->threshold(tag, true) != m->threshold(tag, false))
        std::snprintf(line, sizeof line, "classifier %.2f (threshold %.2f with its rule, %.2f without)", probability,
                      threshold, m->threshold(tag, false));
      else
        std::snprintf(line, sizeof line, "classifier %.2f (threshold %.2f)", probability, threshold);
      hit.evidence.emplace_back(line);
      hits.push_back(std::move(hit));
    }
    for (const auto& [tag, hit] : ruled)
      if (!trained.count(tag) || !m->decides(tag)) hits.push_back(*hit);
  }

  // 3b. A tag given by rules or classifier yields to the more specific
  // tags its taxonomy names (yields_to) when one of them is given too.
  drop_yielding(set, hits);

  // 4. What the tags imply.
  hits = with_implications(set, std::move(hits));

  // 5. A government's bodies belong to its State.
  std::vector<core::UnitTag> out;
  out.reserve(hits.size());
  for (TagHit& hit : hits) {
    auto ref = set.find_ref(hit.taxonomy, hit.tag);
    if (!ref) continue;
    const taxonomy::Taxonomy& taxonomy = set.taxonomy(*ref);
    core::UnitTag t;
    t.taxonomy = std::move(hit.taxonomy);
    t.tag = std::move(hit.tag);
    t.kind = std::string(taxonomy::kind_name(taxonomy.kind));
    t.label = set.tag(*ref).label;
    t.source = std::move(hit.source);
    t.score = hit.score;
    t.evidence = std::move(hit.evidence);
    if (!taxonomy.state.empty() && context.state != taxonomy.state) {
      const bool named = context.state.empty() && std::any_of(matches.begin(), matches.end(), [&](const TagHit& m) {
                           return m.named && m.taxonomy == t.taxonomy && m.tag == t.tag;
                         });
      t.other_state = !named;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace hrdex::indexer::tag
