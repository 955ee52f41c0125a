#include "indexer/tag/tagger.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include <xapian.h>

#include "core/language.hpp"

namespace hrdex::indexer::tag {
namespace {

bool is_apostrophe(unsigned ch) { return ch == '\'' || ch == 0x2019; }

// How a pattern's words meet a unit's tokens.
enum class Mode : std::uint8_t {
  stem,   // stemmed, the default for words, phrases and names
  lower,  // '=' entries: as written but lower-cased
  exact,  // abbreviations: as written, case-sensitive
};

enum class Role : std::uint8_t { evidence, exclude, unless, context };

struct Pattern {
  std::vector<std::string> words;
  Mode mode = Mode::stem;
  Role role = Role::evidence;
  taxonomy::TagRef tag;
  std::uint32_t entry = 0;  // distinct per rule entry, for counting evidence
  // Evidence that counts only where one of the tag's context entries also
  // matched: the words and phrases of rules that have a context. Names and
  // abbreviations are never gated: "Department of Labor" names the agency
  // whatever else the unit says.
  bool gated = false;
  bool name = false;  // one of the tag's names or abbreviations
};

using Index = std::unordered_map<std::string, std::vector<std::uint32_t>>;

struct LanguageRules {
  std::string stemmer;
  Index by_stem;
  Index by_lower;
};

struct Match {
  std::uint32_t pattern;
  std::size_t first, last;  // token range [first, last)
};

// Stems already made, per thread and stemmer: units repeat the same few
// thousand words, and stemming each again is most of what the rules cost.
// Per thread because Snowball stemmers keep state, which keeps matches()
// safe to call from several threads.
class StemCache {
 public:
  explicit StemCache(const std::string& stemmer) : stem_(stemmer) {}
  const std::string& stem(const std::string& word) {
    if (stems_.size() > kLimit) stems_.clear();  // bounds memory on odd input
    auto [it, added] = stems_.try_emplace(word);
    if (added) it->second = stem_(word);
    return it->second;
  }

 private:
  static constexpr std::size_t kLimit = 200000;
  Xapian::Stem stem_;
  std::unordered_map<std::string, std::string> stems_;
};

StemCache& stem_cache(const std::string& stemmer) {
  thread_local std::map<std::string, StemCache, std::less<>> caches;
  auto it = caches.find(stemmer);
  if (it == caches.end()) it = caches.emplace(stemmer, StemCache(stemmer)).first;
  return it->second;
}

std::uint64_t key_of(taxonomy::TagRef ref) { return (std::uint64_t{ref.taxonomy} << 32) | ref.tag; }
taxonomy::TagRef ref_of(std::uint64_t key) {
  return taxonomy::TagRef{static_cast<std::uint32_t>(key >> 32), static_cast<std::uint32_t>(key & 0xffffffffu)};
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  Xapian::Utf8Iterator it(text.data(), text.size());
  Xapian::Utf8Iterator end;
  const char* base = text.data();
  bool after_apostrophe = false;
  while (it != end) {
    unsigned ch = *it;
    if (!Xapian::Unicode::is_wordchar(ch)) {
      after_apostrophe = is_apostrophe(ch);
      ++it;
      continue;
    }
    Token token;
    token.begin = static_cast<std::size_t>(it.raw() - base);
    while (it != end && Xapian::Unicode::is_wordchar(*it)) {
      Xapian::Unicode::append_utf8(token.lower, Xapian::Unicode::tolower(*it));
      ++it;
    }
    token.end = it == end ? text.size() : static_cast<std::size_t>(it.raw() - base);
    token.text = std::string(text.substr(token.begin, token.end - token.begin));
    // Only "women's" and "women’s" (the apostrophe right after a word), not
    // a quoted 's'.
    std::size_t gap = tokens.empty() ? 0 : token.begin - tokens.back().end;
    bool possessive = after_apostrophe && token.lower == "s" && (gap == 1 || gap == 3);
    after_apostrophe = false;
    if (possessive) continue;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

struct RuleTagger::Compiled {
  const taxonomy::TaxonomySet* set = nullptr;
  std::vector<Pattern> patterns;
  std::map<std::string, LanguageRules, std::less<>> languages;
  Index by_exact;  // abbreviations, whatever the language
};

RuleTagger::RuleTagger(const taxonomy::TaxonomySet& set) : compiled_(std::make_unique<Compiled>()) {
  Compiled& c = *compiled_;
  c.set = &set;
  std::uint32_t entry = 0;

  auto add = [&](std::string_view language, std::string_view text, Role role, taxonomy::TagRef ref, bool abbreviation,
                 bool gated = false, bool name = false) {
    Pattern pattern;
    pattern.role = role;
    pattern.gated = gated;
    pattern.name = name;
    pattern.tag = ref;
    pattern.entry = entry++;
    if (abbreviation) {
      pattern.mode = Mode::exact;
    } else if (!text.empty() && text.front() == '=') {
      pattern.mode = Mode::lower;
      text.remove_prefix(1);
    }
    LanguageRules* rules = nullptr;
    Xapian::Stem stem;
    if (pattern.mode != Mode::exact) {
      auto it = c.languages.find(language);
      if (it == c.languages.end()) {
        it = c.languages.emplace(std::string(language), LanguageRules{}).first;
        it->second.stemmer = core::stemmer_name(language);
      }
      rules = &it->second;
      stem = Xapian::Stem(rules->stemmer);
    }
    for (const Token& token : tokenize(text)) {
      switch (pattern.mode) {
        case Mode::stem: pattern.words.push_back(stem(token.lower)); break;
        case Mode::lower: pattern.words.push_back(token.lower); break;
        case Mode::exact: pattern.words.push_back(token.text); break;
      }
    }
    if (pattern.words.empty()) return;
    auto index = static_cast<std::uint32_t>(c.patterns.size());
    switch (pattern.mode) {
      case Mode::stem: rules->by_stem[pattern.words.front()].push_back(index); break;
      case Mode::lower: rules->by_lower[pattern.words.front()].push_back(index); break;
      case Mode::exact: c.by_exact[pattern.words.front()].push_back(index); break;
    }
    c.patterns.push_back(std::move(pattern));
  };

  const auto& taxonomies = set.taxonomies();
  for (std::uint32_t t = 0; t < taxonomies.size(); ++t) {
    for (std::uint32_t i = 0; i < taxonomies[t].tags.size(); ++i) {
      const taxonomy::Tag& tag = taxonomies[t].tags[i];
      taxonomy::TagRef ref{t, i};
      for (const auto& [language, rules] : tag.rules) {
        const bool gated = !rules.context.empty();
        for (const std::string& s : rules.words) add(language, s, Role::evidence, ref, false, gated);
        for (const std::string& s : rules.phrases) add(language, s, Role::evidence, ref, false, gated);
        for (const std::string& s : rules.exclude) add(language, s, Role::exclude, ref, false);
        for (const std::string& s : rules.unless) add(language, s, Role::unless, ref, false);
        for (const std::string& s : rules.context) add(language, s, Role::context, ref, false);
      }
      for (const std::string& s : tag.names) add(taxonomies[t].language, s, Role::evidence, ref, false, false, true);
      for (const std::string& s : tag.abbreviations) add("", s, Role::evidence, ref, true, false, true);
    }
  }
}

RuleTagger::~RuleTagger() = default;
RuleTagger::RuleTagger(RuleTagger&&) noexcept = default;
RuleTagger& RuleTagger::operator=(RuleTagger&&) noexcept = default;

std::vector<TagHit> RuleTagger::tag(std::string_view text, std::string_view language) const {
  std::vector<TagHit> hits = matches(text, language);
  drop_yielding(*compiled_->set, hits);
  return with_implications(*compiled_->set, std::move(hits));
}

std::vector<TagHit> RuleTagger::matches(std::string_view text, std::string_view language) const {
  return matches(text, tokenize(text), language);
}

std::vector<TagHit> RuleTagger::matches(std::string_view text, const std::vector<Token>& tokens,
                                        std::string_view language) const {
  const Compiled& c = *compiled_;
  if (language.empty()) language = core::kDefaultLanguage;
  const LanguageRules* rules = nullptr;
  std::vector<std::string> stems;
  if (auto it = c.languages.find(language); it != c.languages.end()) {
    rules = &it->second;
    StemCache& cache = stem_cache(rules->stemmer);
    stems.reserve(tokens.size());
    for (const Token& token : tokens) stems.push_back(cache.stem(token.lower));
  }

  auto word_at = [&](Mode mode, std::size_t i) -> const std::string& {
    switch (mode) {
      case Mode::stem: return stems[i];
      case Mode::lower: return tokens[i].lower;
      case Mode::exact: break;
    }
    return tokens[i].text;
  };

  std::vector<Match> matches;
  auto try_patterns = [&](const Index& index, const std::string& key, std::size_t i) {
    auto it = index.find(key);
    if (it == index.end()) return;
    for (std::uint32_t p : it->second) {
      const Pattern& pattern = c.patterns[p];
      if (i + pattern.words.size() > tokens.size()) continue;
      bool all = true;
      for (std::size_t k = 1; k < pattern.words.size() && all; ++k)
        all = word_at(pattern.mode, i + k) == pattern.words[k];
      if (all) matches.push_back(Match{p, i, i + pattern.words.size()});
    }
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (rules) {
      try_patterns(rules->by_stem, stems[i], i);
      try_patterns(rules->by_lower, tokens[i].lower, i);
    }
    try_patterns(c.by_exact, tokens[i].text, i);
  }

  std::map<std::uint64_t, std::vector<const Match*>> by_tag;
  for (const Match& match : matches) by_tag[key_of(c.patterns[match.pattern].tag)].push_back(&match);

  struct Found {
    double score = 0;
    std::vector<std::string> evidence;
    bool named = false;
  };
  std::map<std::uint64_t, Found> found;

  for (const auto& [key, list] : by_tag) {
    const taxonomy::Tag& tag = c.set->tag(ref_of(key));
    bool vetoed = false, in_context = false;
    std::vector<const Match*> excluded;
    for (const Match* m : list) {
      Role role = c.patterns[m->pattern].role;
      if (role == Role::unless) vetoed = true;
      if (role == Role::exclude) excluded.push_back(m);
      if (role == Role::context) in_context = true;
    }
    if (vetoed) continue;
    std::vector<std::uint32_t> entries;
    Found hit;
    for (const Match* m : list) {
      const Pattern& pattern = c.patterns[m->pattern];
      if (pattern.role != Role::evidence || (pattern.gated && !in_context)) continue;
      bool covered = std::any_of(excluded.begin(), excluded.end(),
                                 [&](const Match* x) { return x->first <= m->first && m->last <= x->last; });
      if (covered) continue;
      entries.push_back(pattern.entry);
      hit.named = hit.named || pattern.name;
      std::size_t begin = tokens[m->first].begin;
      std::string words(text.substr(begin, tokens[m->last - 1].end - begin));
      if (std::find(hit.evidence.begin(), hit.evidence.end(), words) == hit.evidence.end())
        hit.evidence.push_back(std::move(words));
    }
    std::sort(entries.begin(), entries.end());
    auto distinct = static_cast<int>(std::unique(entries.begin(), entries.end()) - entries.begin());
    if (distinct == 0 || distinct < tag.min_evidence) continue;
    hit.score = 1.0 - std::pow(0.5, distinct);
    found.emplace(key, std::move(hit));
  }

  std::vector<TagHit> hits;
  hits.reserve(found.size());
  for (auto& [key, f] : found) {
    taxonomy::TagRef ref = ref_of(key);
    TagHit hit;
    hit.taxonomy = c.set->taxonomy(ref).id;
    hit.tag = c.set->tag(ref).id;
    hit.score = f.score;
    hit.evidence = std::move(f.evidence);
    hit.named = f.named;
    hits.push_back(std::move(hit));
  }
  std::sort(hits.begin(), hits.end(),
            [](const TagHit& a, const TagHit& b) { return std::tie(a.taxonomy, a.tag) < std::tie(b.taxonomy, b.tag); });
  return hits;
}

int source_rank(std::string_view source) {
  if (source == kSourceHuman) return 0;
  if (source == kSourceBoth) return 1;
  if (source == kSourceRule) return 2;
  return 3;
}

namespace {

// with_implications, with the tags in `blocked` (key_of) never implied.
// Tags are keyed by their place in the set rather than by their names; a
// hit whose tag the set does not know is kept as it is.
std::vector<TagHit> implied_closure(const taxonomy::TaxonomySet& set, const std::vector<TagHit>& hits,
                                    const std::set<std::uint64_t>& blocked) {
  std::map<std::uint64_t, TagHit> merged;
  std::vector<TagHit> unknown;
  // Merges `hit` into `kept`, the same tag: the better source and score,
  // and every piece of evidence once.
  auto merge = [](TagHit& kept, TagHit hit) {
    double score = std::max(kept.score, hit.score);
    if (source_rank(hit.source) < source_rank(kept.source)) std::swap(kept, hit);
    kept.score = score;
    for (std::string& e : hit.evidence)
      if (std::find(kept.evidence.begin(), kept.evidence.end(), e) == kept.evidence.end())
        kept.evidence.push_back(std::move(e));
  };
  // Adds `hit` (tag `ref`), or merges it into the one there. True when new.
  auto put = [&](taxonomy::TagRef ref, const TagHit& hit) {
    auto [it, added] = merged.try_emplace(key_of(ref), hit);
    if (!added) merge(it->second, hit);
    return added;
  };
  struct Step {
    taxonomy::TagRef ref;
    std::string source;
    double score;
  };
  std::vector<Step> queue;
  for (const TagHit& hit : hits) {
    auto ref = set.find_ref(hit.taxonomy, hit.tag);
    if (!ref) {
      auto same = std::find_if(unknown.begin(), unknown.end(),
                               [&](const TagHit& u) { return u.taxonomy == hit.taxonomy && u.tag == hit.tag; });
      if (same == unknown.end())
        unknown.push_back(hit);
      else
        merge(*same, hit);
      continue;
    }
    if (put(*ref, hit)) queue.push_back({*ref, hit.source, hit.score});
  }
  // Breadth first, so each implied tag names the nearest tag that implied it.
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const Step from = queue[q];
    for (const taxonomy::Implication& implication : set.implications(from.ref)) {
      if (blocked.count(key_of(implication.target))) continue;
      // An implied tag is the taxonomy's rule, not a person's label.
      std::string source = from.source == kSourceHuman ? std::string(kSourceRule) : from.source;
      std::string because = implication.because;
      if (from.source != kSourceRule) because += " (" + from.source + ")";
      TagHit implied{set.taxonomy(implication.target).id, set.tag(implication.target).id, source, from.score,
                     {std::move(because)}};
      if (put(implication.target, implied)) queue.push_back({implication.target, std::move(source), from.score});
    }
  }
  std::vector<TagHit> out = std::move(unknown);
  out.reserve(out.size() + merged.size());
  for (auto& [key, hit] : merged) out.push_back(std::move(hit));
  std::sort(out.begin(), out.end(),
            [](const TagHit& a, const TagHit& b) { return std::tie(a.taxonomy, a.tag) < std::tie(b.taxonomy, b.tag); });
  return out;
}

}  // namespace

std::vector<TagHit> with_implications(const taxonomy::TaxonomySet& set, std::vector<TagHit> hits) {
  std::set<std::uint64_t> blocked;
  std::vector<TagHit> out = implied_closure(set, hits, blocked);
  // A tag whose not_with is among the result is reached only by its own
  // words; whatever it alone implied goes with it.
  std::vector<std::optional<taxonomy::TagRef>> refs;
  std::set<std::uint64_t> present;
  for (const TagHit& hit : out) {
    refs.push_back(set.find_ref(hit.taxonomy, hit.tag));
    if (refs.back()) present.insert(key_of(*refs.back()));
  }
  for (const auto& ref : refs) {
    if (!ref) continue;
    for (taxonomy::TagRef other : set.not_with(*ref))
      if (present.count(key_of(other))) blocked.insert(key_of(*ref));
  }
  return blocked.empty() ? out : implied_closure(set, hits, blocked);
}

void drop_yielding(const taxonomy::TaxonomySet& set, std::vector<TagHit>& hits) {
  std::set<std::uint64_t> given;
  for (const TagHit& hit : hits)
    if (auto ref = set.find_ref(hit.taxonomy, hit.tag)) given.insert(key_of(*ref));
  std::erase_if(hits, [&](const TagHit& hit) {
    if (hit.source == kSourceHuman) return false;
    auto ref = set.find_ref(hit.taxonomy, hit.tag);
    if (!ref) return false;
    const auto& stronger = set.yields_to(*ref);
    return std::any_of(stronger.begin(), stronger.end(),
                       [&](taxonomy::TagRef other) { return given.count(key_of(other)) > 0; });
  });
}

}  // namespace hrdex::indexer::tag
