#include "query/extract.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"

namespace hrdex::query {
namespace {

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string w;
  for (char c : text) {
    if (c == ' ') {
      if (!w.empty()) words.push_back(std::move(w));
      w.clear();
    } else {
      w.push_back(c);
    }
  }
  if (!w.empty()) words.push_back(std::move(w));
  return words;
}

std::unordered_set<std::string> trigrams(std::string_view comparable) {
  auto words = words_of(comparable);
  std::unordered_set<std::string> grams;
  if (words.size() < 3) {
    std::string all;
    for (const auto& w : words) all += w + ' ';
    if (!all.empty()) grams.insert(all);
    return grams;
  }
  for (std::size_t i = 0; i + 2 < words.size(); ++i) grams.insert(words[i] + ' ' + words[i + 1] + ' ' + words[i + 2]);
  return grams;
}

double jaccard(const std::unordered_set<std::string>& a, const std::unordered_set<std::string>& b) {
  if (a.empty() && b.empty()) return 1.0;
  const auto& small = a.size() < b.size() ? a : b;
  const auto& large = a.size() < b.size() ? b : a;
  std::size_t shared = 0;
  for (const auto& g : small) shared += large.count(g);
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

// The same for two sets of trigram ids, each sorted.
double jaccard_sorted(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++shared;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

// Removes trailing "(France) (Iran (Islamic Republic of))" groups: the same
// recommendation made by two States must compare equal.
std::string_view strip_trailing_parentheses(std::string_view t) {
  while (true) {
    std::string_view s = core::trim(t);
    while (!s.empty() && (s.back() == ';' || s.back() == '.' || s.back() == ',')) s = core::trim(s.substr(0, s.size() - 1));
    if (s.empty() || s.back() != ')') return s;
    int depth = 0;
    std::size_t i = s.size();
    while (i > 0) {
      --i;
      if (s[i] == ')') ++depth;
      if (s[i] == '(' && --depth == 0) break;
    }
    if (depth != 0) return s;
    t = s.substr(0, i);
  }
}

}  // namespace

std::string comparable_text(std::string_view text) {
  std::string_view body = strip_trailing_parentheses(text);
  std::string out;
  out.reserve(body.size());
  bool space = false;
  for (unsigned char c : body) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c - 'A' + 'a');
      word = true;
    }
    if (word) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(c));
    } else {
      space = true;
    }
  }
  return out;
}

double similarity(std::string_view a, std::string_view b) { return jaccard(trigrams(a), trigrams(b)); }

std::string body_name(std::string_view body) {
  std::string b(body);
  std::transform(b.begin(), b.end(), b.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return b;
}

std::string made_by(const ExtractSource& s) {
  std::string out;
  for (const std::string& state : s.recommending_states) out += (out.empty() ? "" : ", ") + state;
  if (!out.empty()) return out;
  if (!s.body.empty()) return body_name(s.body);
  if (!s.mandate.empty()) return s.mandate;
  return s.doc_kind.rfind("upr", 0) == 0 ? "UPR" : s.doc_kind;
}

Extract build_extract(std::vector<ExtractItem> items) {
  Extract extract;
  extract.units = items.size();
  for (const auto& item : items) {
    const auto& s = item.source;
    if (item.themes.empty()) ++extract.counts.by_theme["(no theme)"];
    for (const auto& t : item.themes) ++extract.counts.by_theme[t];
    ++extract.counts.by_body[!s.body.empty() ? body_name(s.body)
                             : !s.mandate.empty()          ? s.mandate
                             : s.doc_kind.rfind("upr", 0) == 0 ? "UPR"
                                                               : s.doc_kind];
    ++extract.counts.by_response[s.response.empty() ? "(no response)" : s.response];
    ++extract.counts.by_year[s.date.size() >= 4 ? s.date.substr(0, 4) : "(no date)"];
  }

  // Each item's trigrams, computed once whatever the number of groups it is
  // placed in, as sorted ids (each distinct trigram numbered once), so that
  // comparing two items is a merge of two short integer arrays and no
  // string is hashed again. Merge candidates come from prefix filtering:
  // with the trigrams of every item in one order, rarest first, two sets
  // whose Jaccard similarity reaches t share a trigram among the first
  // n - ceil(t n) + 1 of each. Only those are indexed, so common trigrams
  // ("the state party") no longer make every entry a candidate, and the
  // result is the same as comparing every pair.
  std::unordered_map<std::string, std::uint32_t> trigram_ids;
  std::vector<std::vector<std::uint32_t>> grams;
  grams.reserve(items.size());
  for (const auto& item : items) {
    std::vector<std::uint32_t> ids;
    for (const std::string& gram : trigrams(comparable_text(item.text)))
      ids.push_back(trigram_ids.try_emplace(gram, static_cast<std::uint32_t>(trigram_ids.size())).first->second);
    std::sort(ids.begin(), ids.end());
    grams.push_back(std::move(ids));
  }
  std::vector<std::uint32_t> frequency(trigram_ids.size(), 0);
  for (const auto& ids : grams)
    for (std::uint32_t id : ids) ++frequency[id];
  std::vector<std::vector<std::uint32_t>> prefixes;
  prefixes.reserve(items.size());
  for (const auto& ids : grams) {
    std::vector<std::uint32_t> ordered = ids;
    std::sort(ordered.begin(), ordered.end(), [&](std::uint32_t a, std::uint32_t b) {
      return frequency[a] != frequency[b] ? frequency[a] < frequency[b] : a < b;
    });
    const auto n = static_cast<double>(ordered.size());
    const auto keep = static_cast<std::size_t>(n - std::ceil(kSameRecommendation * n - 1e-9) + 1);
    ordered.resize(std::min(ordered.size(), keep));
    prefixes.push_back(std::move(ordered));
  }

  // Groups in order of first appearance, so the most relevant lead.
  std::vector<ExtractGroup> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> group_index;
  // Per group: the item each entry started from, and prefix trigram -> entries.
  std::vector<std::vector<std::size_t>> entry_item;
  std::vector<std::unordered_map<std::uint32_t, std::vector<std::size_t>>> gram_entries;

  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ExtractItem& item = items[i];
    std::vector<std::pair<std::string, std::string>> placements = item.placements;
    if (placements.empty()) {
      std::vector<std::string> wgs = item.working_groups.empty() ? std::vector<std::string>{"(no working group)"} : item.working_groups;
      std::vector<std::string> themes = item.themes.empty() ? std::vector<std::string>{"(no theme)"} : item.themes;
      for (const auto& wg : wgs)
        for (const auto& theme : themes) placements.emplace_back(wg, theme);
    }
    for (const auto& [wg, theme] : placements) {
      auto [it, added] = group_index.emplace(std::make_pair(wg, theme), groups.size());
      if (added) {
        groups.push_back({wg, theme, {}});
        entry_item.emplace_back();
        gram_entries.emplace_back();
      }
      std::size_t g = it->second;
      ExtractGroup& group = groups[g];
      std::size_t best = group.entries.size();
      double best_score = 0;
      candidates.clear();
      for (const auto& gram : prefixes[i])
        if (auto f = gram_entries[g].find(gram); f != gram_entries[g].end())
          candidates.insert(candidates.end(), f->second.begin(), f->second.end());
      // In entry order: of equal scores, the earliest entry wins.
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      for (std::size_t e : candidates) {
        double score = jaccard_sorted(grams[i], grams[entry_item[g][e]]);
        if (score >= kSameRecommendation && score > best_score) {
          best = e;
          best_score = score;
        }
      }
      if (best < group.entries.size()) {
        group.entries[best].sources.push_back(item.source);
        continue;
      }
      group.entries.push_back({item.text, {item.source}});
      entry_item[g].push_back(i);
      for (const auto& gram : prefixes[i]) gram_entries[g][gram].push_back(group.entries.size() - 1);
    }
  }
  // Groups sorted by working group then theme, the "(no ...)" ones last.
  std::stable_sort(groups.begin(), groups.end(), [](const ExtractGroup& a, const ExtractGroup& b) {
    auto key = [](const std::string& s) { return std::make_pair(s.rfind("(no ", 0) == 0, s); };
    return std::make_pair(key(a.working_group), key(a.theme)) < std::make_pair(key(b.working_group), key(b.theme));
  });
  extract.groups = std::move(groups);
  return extract;
}

}  // namespace hrdex::query
