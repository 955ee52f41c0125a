// Per-agency recommendation extracts: the recommendations relevant to an
// agency (or working group, theme, State), grouped by working group and
// theme, with near-identical recommendations merged into one entry that
// lists all their sources. What an agency's staff reads, so it must be exact
// about where every recommendation comes from.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "query/search.hpp"

namespace hrdex::query {

// Where one recommendation was made: enough to cite it and to know the answer.
struct ExtractSource {
  std::string unit_id;
  std::string symbol;
  std::string number;
  int page = 0;
  std::string doc_kind;
  std::string body;                              // treaty body, when a treaty body made it
  std::string mandate;                           // special procedure, when one made it
  std::string state;                             // State under review
  std::vector<std::string> recommending_states;  // ISO alpha-3
  std::string response;                          // supported / noted
  std::string response_text;
  std::string date;                              // YYYY-MM-DD
  std::string source_path;
};

// One recommendation, or several near-identical ones.
struct ExtractEntry {
  std::string text;  // the text of the first (most relevant) source
  std::vector<ExtractSource> sources;
};

struct ExtractGroup {
  std::string working_group;  // label, or "(no working group)"
  std::string theme;          // label, or "(no theme)"
  std::vector<ExtractEntry> entries;
};

struct ExtractCounts {
  std::map<std::string, std::size_t> by_theme, by_body, by_response, by_year;
};

struct Extract {
  std::string title;          // "Recommendations for EPA"
  std::string reproduce;      // the hrdex-query command line that produced it
  std::string query;          // the query as run, filters included
  std::vector<std::string> indexes;  // index folders (or shards) searched
  std::string generated_at;   // UTC
  std::size_t units = 0;      // recommendations before merging
  std::vector<ExtractGroup> groups;
  ExtractCounts counts;       // over units, not entries
};

// What the builder needs of a hit, with its tags as labels. Kept apart from
// Hit so extracts can be tested without an index.
struct ExtractItem {
  ExtractSource source;
  std::string text;
  std::vector<std::string> themes;          // labels
  std::vector<std::string> working_groups;  // labels
  // (working group, theme) pairs the item is filed under; when empty, every
  // working group is paired with every theme.
  std::vector<std::pair<std::string, std::string>> placements;
};

// Groups items by working group and theme (an item with two themes appears
// under both), merges near-identical texts within a group, and counts.
// Items keep their order (relevance) within each group.
Extract build_extract(std::vector<ExtractItem> items);

// Text reduced for comparison: lower case, no recommending States in
// trailing parentheses, no punctuation, single spaces.
std::string comparable_text(std::string_view text);

// A treaty body as people write it: "cerd" -> "CERD".
std::string body_name(std::string_view body);

// Who made a recommendation, for people: the recommending States' codes, a
// treaty body ("CERD"), a special procedure's mandate ("Special Rapporteur
// on the right to food"), or "UPR" for a Working Group recommendation that
// names no State.
std::string made_by(const ExtractSource& source);

// Word-trigram Jaccard similarity of two comparable texts, 0..1.
double similarity(std::string_view a, std::string_view b);

// Two recommendations this similar are one entry.
inline constexpr double kSameRecommendation = 0.8;

}  // namespace hrdex::query
