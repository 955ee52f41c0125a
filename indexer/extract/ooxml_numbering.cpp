#include "indexer/extract/ooxml_numbering.hpp"

#include <cstdlib>

#include "indexer/extract/office_xml.hpp"

namespace hrdex::indexer::extract::ooxml {
namespace {

using office::attr;
using office::child;
using office::is;

long to_long(const std::string& s, long fallback) {
  if (s.empty()) return fallback;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (end == s.c_str()) return fallback;
  // Counters beyond this are corrupt input, and would overflow when advanced.
  if (v < -1000000 || v > 1000000) return fallback;
  return v;
}

bool on(const xmlNode* flag) {
  if (!flag) return false;
  std::string v = attr(flag, "val");
  return v.empty() || (v != "0" && v != "false" && v != "off");
}

void read_level(const xmlNode* lvl, Level& level) {
  level.defined = true;
  for (const xmlNode* c = lvl->children; c; c = c->next) {
    if (is(c, "start")) level.start = to_long(attr(c, "val"), 1);
    else if (is(c, "numFmt")) level.format = attr(c, "val");
    else if (is(c, "lvlText")) level.text = attr(c, "val");
    else if (is(c, "lvlRestart")) level.restart_after = static_cast<int>(to_long(attr(c, "val"), -1));
    else if (is(c, "isLgl")) level.legal = on(c);
    else if (is(c, "pStyle")) level.paragraph_style = attr(c, "val");
  }
}

int level_index(const xmlNode* node) {
  long i = to_long(attr(node, "ilvl"), -1);
  return i >= 0 && i < kLevels ? static_cast<int>(i) : -1;
}

std::string letters(long value, char first) {
  // Word goes a..z, then aa..zz, then aaa..: the letter repeats.
  long n = value - 1;
  std::string out(static_cast<std::size_t>(n / 26 + 1), static_cast<char>(first + n % 26));
  return out;
}

std::string roman(long value, bool upper) {
  static const std::pair<int, const char*> kNumerals[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                          {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                                                          {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                                                          {1, "i"}};
  std::string out;
  for (const auto& [n, s] : kNumerals)
    while (value >= n) {
      out += s;
      value -= n;
    }
  if (upper)
    for (char& c : out) c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// Bullets are drawn from symbol fonts through private-use code points
// (U+F0B7 in Symbol is a round bullet, "o" in Courier New a hollow one), which
// mean nothing as text; anything else (a dash) is kept as typed.
std::string bullet_of(const std::string& lvl_text) {
  if (lvl_text.empty()) return "•";
  unsigned char c = static_cast<unsigned char>(lvl_text[0]);
  bool private_use = c == 0xEF && lvl_text.size() >= 3;  // U+F000..U+FFFF
  bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (private_use || letter) return "•";
  return lvl_text;
}

}  // namespace

std::string format_counter(long value, const std::string& format) {
  if (format == "none") return {};
  if (value > 0) {
    if (format == "lowerLetter") return letters(value, 'a');
    if (format == "upperLetter") return letters(value, 'A');
    if (value < 4000 && format == "lowerRoman") return roman(value, false);
    if (value < 4000 && format == "upperRoman") return roman(value, true);
  }
  if (format == "decimalZero" && value >= 0 && value < 10) return std::string("0").append(std::to_string(value));
  if (format == "ordinal") {
    long tens = value % 100;
    const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                         : value % 10 == 1          ? "st"
                         : value % 10 == 2          ? "nd"
                         : value % 10 == 3          ? "rd"
                                                    : "th";
    return std::to_string(value) + suffix;
  }
  return std::to_string(value);
}

void Numbering::load(const xmlDoc* numbering, const std::map<std::string, std::string>& num_style_links) {
  num_style_links_ = num_style_links;
  if (!numbering) return;
  const xmlNode* root = xmlDocGetRootElement(numbering);
  for (const xmlNode* n = root ? root->children : nullptr; n; n = n->next) {
    if (is(n, "abstractNum")) {
      Abstract& a = abstracts_[attr(n, "abstractNumId")];
      for (const xmlNode* c = n->children; c; c = c->next) {
        if (is(c, "lvl")) {
          int i = level_index(c);
          if (i >= 0) read_level(c, a.levels[static_cast<std::size_t>(i)]);
        } else if (is(c, "numStyleLink")) {
          a.style_link = attr(c, "val");
        }
      }
    } else if (is(n, "num")) {
      Num& num = nums_[attr(n, "numId")];
      num.abstract_id = attr(child(n, "abstractNumId"), "val");
      for (const xmlNode* o = n->children; o; o = o->next) {
        if (!is(o, "lvlOverride")) continue;
        int i = level_index(o);
        if (i < 0) continue;
        if (const xmlNode* s = child(o, "startOverride")) num.start_overrides[i] = to_long(attr(s, "val"), 1);
        if (const xmlNode* l = child(o, "lvl")) read_level(l, num.level_overrides[i]);
      }
    }
  }
}

const Numbering::Abstract* Numbering::abstract_for(const Num& num) const {
  auto it = abstracts_.find(num.abstract_id);
  if (it == abstracts_.end()) return nullptr;
  // A list that only links to a numbering style takes its levels from the
  // abstractNum behind that style's own numId; follow a few links at most.
  for (int hops = 0; hops < 4 && !it->second.style_link.empty(); ++hops) {
    auto link = num_style_links_.find(it->second.style_link);
    if (link == num_style_links_.end()) break;
    auto target = nums_.find(link->second);
    if (target == nums_.end()) break;
    auto next = abstracts_.find(target->second.abstract_id);
    if (next == abstracts_.end() || next == it) break;
    it = next;
  }
  return &it->second;
}

Level Numbering::level_of(const Num& num, const Abstract& abstract, int ilvl) const {
  auto o = num.level_overrides.find(ilvl);
  if (o != num.level_overrides.end() && o->second.defined) return o->second;
  return abstract.levels[static_cast<std::size_t>(ilvl)];
}

int Numbering::level_for_style(const std::string& num_id, const std::string& style_id) const {
  auto n = nums_.find(num_id);
  if (n == nums_.end()) return -1;
  const Abstract* a = abstract_for(n->second);
  if (!a) return -1;
  for (int i = 0; i < kLevels; ++i)
    if (a->levels[static_cast<std::size_t>(i)].paragraph_style == style_id) return i;
  return -1;
}

std::string Numbering::next(const std::string& num_id, int ilvl) {
  if (ilvl < 0 || ilvl >= kLevels) return {};
  auto n = nums_.find(num_id);
  if (n == nums_.end()) return {};
  const Num& num = n->second;
  const Abstract* abstract = abstract_for(num);
  if (!abstract) return {};
  Level level = level_of(num, *abstract, ilvl);
  if (!level.defined) return {};

  // Counters live with the abstract list, which every num pointing at it
  // continues; a startOverride restarts the list when its num first appears.
  const std::string key = num.abstract_id;
  Counters& counters = counters_[key];
  if (!overrides_applied_[num_id]) {
    overrides_applied_[num_id] = true;
    for (const auto& [i, start] : num.start_overrides) {
      counters.value[static_cast<std::size_t>(i)] = start;
      counters.started[static_cast<std::size_t>(i)] = false;
    }
  }
  const auto u = static_cast<std::size_t>(ilvl);
  auto override_start = num.start_overrides.find(ilvl);
  if (!counters.started[u]) {
    counters.value[u] = override_start != num.start_overrides.end() ? override_start->second : level.start;
    counters.started[u] = true;
  } else if (counters.value[u] < 1000000) {
    ++counters.value[u];
  }
  for (int deeper = ilvl + 1; deeper < kLevels; ++deeper) {
    int after = level_of(num, *abstract, deeper).restart_after;
    if (after == 0) continue;
    if (after < 0 || ilvl <= after - 1) counters.started[static_cast<std::size_t>(deeper)] = false;
  }

  if (level.format == "bullet") return bullet_of(level.text);
  std::string out;
  const std::string& t = level.text;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '%' && i + 1 < t.size() && t[i + 1] >= '1' && t[i + 1] <= '9') {
      int k = t[i + 1] - '1';
      ++i;
      auto uk = static_cast<std::size_t>(k);
      Level shown = level_of(num, *abstract, k);
      long value = (k == ilvl || counters.started[uk]) ? counters.value[uk] : shown.start;
      if (k != ilvl && !counters.started[uk]) {
        auto o = num.start_overrides.find(k);
        if (o != num.start_overrides.end()) value = o->second;
      }
      out += format_counter(value, (level.legal && k != ilvl) ? "decimal" : shown.format);
    } else {
      out += t[i];
    }
  }
  return out;
}

}  // namespace hrdex::indexer::extract::ooxml
