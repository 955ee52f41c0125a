// The rule tagger: words, phrases and abbreviations from the taxonomy files,
// matched on a unit's stemmed tokens, then the tags those imply (parents,
// theme -> working group -> agencies). Every tag carries its evidence so a
// researcher can see why a unit was tagged.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "taxonomy/taxonomy.hpp"

namespace hrdex::indexer::tag {

struct TagHit {
  std::string taxonomy;         // taxonomy id, e.g. "themes"
  std::string tag;              // tag id, e.g. "housing"
  std::string source = "rule";  // "rule" here; "human" and "learned" elsewhere
  double score = 0;             // in (0, 1]; grows with the evidence
  // The unit's own words that matched ("adequate housing"), or for an
  // implied tag what implied it ("theme housing").
  std::vector<std::string> evidence;
};

// One token of a unit: the text as written and where it sits.
struct Token {
  std::string text;   // as written
  std::string lower;  // Unicode lower case
  std::size_t begin = 0, end = 0;  // byte offsets in the unit text
};

// Splits on anything that is not a letter, digit or mark (Unicode-aware).
// Apostrophes split too, and an English possessive "s" after one is dropped,
// so "women's rights" and the rule "women's rights" both read women, rights.
std::vector<Token> tokenize(std::string_view text);

class RuleTagger {
 public:
  // Compiles every rule once (stemmed per language); `set` must outlive the
  // tagger.
  explicit RuleTagger(const taxonomy::TaxonomySet& set);
  ~RuleTagger();
  RuleTagger(RuleTagger&&) noexcept;
  RuleTagger& operator=(RuleTagger&&) noexcept;

  // Tags of every loaded taxonomy for a unit in `language` (ISO 639-1; rules
  // written for other languages are not applied, abbreviations always are).
  // Sorted by taxonomy then tag id. Safe to call from several threads.
  std::vector<TagHit> tag(std::string_view text, std::string_view language) const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace hrdex::indexer::tag
