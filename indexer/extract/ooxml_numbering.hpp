// Word list numbering (word/numbering.xml) as Word displays it. UN documents
// number their paragraphs with list numbering rather than typed numbers, so
// "92.1" exists only as an abstractNum level with lvlText "%1.%2", a start
// value and counters that Word keeps while laying the document out; this
// replays those counters in document order.
#pragma once

#include <libxml/tree.h>

#include <array>
#include <map>
#include <string>

namespace hrdex::indexer::extract::ooxml {

inline constexpr int kLevels = 9;

struct Level {
  bool defined = false;
  long start = 1;
  std::string format = "decimal";  // w:numFmt
  std::string text;                // w:lvlText, "%1.%2"
  int restart_after = -1;          // w:lvlRestart: -1 default (any higher level), 0 never, n after level n
  bool legal = false;              // w:isLgl: higher levels shown as decimal
  std::string paragraph_style;     // w:pStyle: the style that selects this level
};

class Numbering {
 public:
  // Reads numbering.xml; a null tree leaves every paragraph unnumbered.
  // `num_style_links` maps a numbering style id to the numId in its numPr,
  // for abstractNums that only point at a list style (w:numStyleLink).
  void load(const xmlDoc* numbering, const std::map<std::string, std::string>& num_style_links);

  // The level of `num_id` that a paragraph in `style_id` takes when its
  // numPr gives no ilvl; -1 when no level names that style.
  int level_for_style(const std::string& num_id, const std::string& style_id) const;

  // Advances the counters for one numbered paragraph and returns its number
  // as displayed ("92.1", "(a)", "•"); empty when the list or level is
  // unknown or formatted as "none".
  std::string next(const std::string& num_id, int ilvl);

 private:
  struct Abstract {
    std::array<Level, kLevels> levels;
    std::string style_link;
  };
  struct Num {
    std::string abstract_id;
    std::map<int, long> start_overrides;
    std::map<int, Level> level_overrides;
  };
  struct Counters {
    std::array<long, kLevels> value{};
    std::array<bool, kLevels> started{};
  };

  const Abstract* abstract_for(const Num& num) const;
  Level level_of(const Num& num, const Abstract& abstract, int ilvl) const;

  std::map<std::string, Abstract> abstracts_;
  std::map<std::string, Num> nums_;
  std::map<std::string, Counters> counters_;  // by abstractNum id: nums sharing one continue its list
  std::map<std::string, bool> overrides_applied_;
  std::map<std::string, std::string> num_style_links_;
};

// One counter value in a Word number format: 3 -> "3", "c", "C", "iii", "III".
std::string format_counter(long value, const std::string& format);

}  // namespace hrdex::indexer::extract::ooxml
