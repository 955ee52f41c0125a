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

// Where a tag comes from: a person's label (OHCHR's thematic lists), the
// taxonomy's rules, the learned classifier, or rules and classifier agreeing.
inline constexpr std::string_view kSourceHuman = "human";
inline constexpr std::string_view kSourceRule = "rule";
inline constexpr std::string_view kSourceLearned = "learned";
inline constexpr std::string_view kSourceBoth = "both";
// Which source a tag keeps when two give it: a person's label first.
int source_rank(std::string_view source);

struct TagHit {
  std::string taxonomy;         // taxonomy id, e.g. "themes"
  std::string tag;              // tag id, e.g. "housing"
  std::string source = "rule";  // kSource*
  double score = 0;             // in (0, 1]; grows with the evidence
  // The unit's own words that matched ("adequate housing"), or for an
  // implied tag what implied it ("theme housing").
  std::vector<std::string> evidence;
  // A rule match whose evidence includes one of the tag's names or
  // abbreviations, not only its words: a document about no State that
  // names a government's agency reaches it, one that uses its words does not.
  bool named = false;
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

  // The tags whose own words, phrases, names or abbreviations are in a unit
  // in `language` (ISO 639-1; rules written for other languages are not
  // applied, abbreviations always are), each with the words as evidence.
  // Sorted by taxonomy then tag id. Safe to call from several threads.
  std::vector<TagHit> matches(std::string_view text, std::string_view language) const;
  // The same, on `text` already split by tokenize().
  std::vector<TagHit> matches(std::string_view text, const std::vector<Token>& tokens,
                              std::string_view language) const;
  // matches() and every tag they imply (with_implications).
  std::vector<TagHit> tag(std::string_view text, std::string_view language) const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
};

// `hits` and the tags they imply (parents; theme or issue -> working group
// -> lead agency; agency -> department), breadth first. An implied tag
// names what implied it ("theme housing", "theme housing (learned)"),
// takes its score, and its source (a person's label implies by the
// taxonomy's rule). A tag reached twice keeps the better source, the higher
// score and all the evidence. Sorted by taxonomy then tag id.
std::vector<TagHit> with_implications(const taxonomy::TaxonomySet& set, std::vector<TagHit> hits);

// Removes from `hits` each tag not labelled by a person (source other than
// human) one of whose yields_to tags is also in `hits`: "Discrimination
// against women" where "Violence against women" is given. Only tags given
// directly count, so call it before with_implications.
void drop_yielding(const taxonomy::TaxonomySet& set, std::vector<TagHit>& hits);

}  // namespace hrdex::indexer::tag
