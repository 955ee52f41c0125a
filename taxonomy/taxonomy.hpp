// Taxonomies: the tag vocabularies researchers edit without recompiling
// (themes, issues, a State's implementation working groups, its agencies).
// One TOML file per taxonomy; the format is documented at the top of every
// file in corpus/taxonomies/. Parsing checks one file; TaxonomySet::build
// resolves the links between files and reports the first problem as
// "file:line: message".
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/tag_vocabulary.hpp"
#include "core/text.hpp"

namespace hrdex::taxonomy {

// affected_persons: the groups of persons a recommendation concerns (UHRI's
// "affected persons" list: women, children, migrants, ...), a vocabulary of
// its own beside the themes.
enum class TaxonomyKind { themes, issues, working_groups, agencies, affected_persons };

// "themes", "issues", "working-groups", "agencies", "affected-persons": the
// spelling in files.
std::string_view kind_name(TaxonomyKind kind);
// Every kind, in the order above.
const std::vector<TaxonomyKind>& all_kinds();
// "theme", "issue", "working group", "agency", "group of persons": the
// spelling in evidence.
std::string_view kind_singular(TaxonomyKind kind);

// A reference to another tag as written, with its line for error messages.
// `id` is "tag-id" or "taxonomy-id:tag-id" when two loaded taxonomies of the
// same kind share the id.
struct Link {
  std::string id;
  int line = 0;
};

// Match rules in one language. Entries are words or phrases; a phrase matches
// consecutive stemmed tokens. An entry starting with '=' matches the words
// as written (lower-cased, unstemmed), for words whose stem is too broad.
struct MatchRules {
  std::vector<std::string> words;
  std::vector<std::string> phrases;
  // Words covered by an exclusion never count as evidence for this tag
  // ("development" inside "development assistance").
  std::vector<std::string> exclude;
  // Any match vetoes the tag for the unit.
  std::vector<std::string> unless;
  // When given, the tag's evidence counts only in a unit that also matches
  // one of these: "accessibility" is a disability theme only where the unit
  // speaks of disability.
  std::vector<std::string> context;
};

struct Tag {
  std::string id;
  std::string label;
  std::vector<std::string> aliases;
  Link parent;  // empty id: none
  int min_evidence = 1;
  std::map<std::string, MatchRules, std::less<>> rules;  // by ISO 639-1 code
  // Matched as written, case-sensitive, in any language ("EPA", "OP-CAT").
  std::vector<std::string> abbreviations;
  // Agencies: the names under which documents mention them (phrases in the
  // taxonomy's language).
  std::vector<std::string> names;

  // Links. A theme or issue belongs to working groups; a working group has a
  // lead and member agencies and may list its themes, issues and groups of
  // persons; an agency may list the themes, issues, groups of persons and
  // working groups it serves.
  std::vector<Link> working_groups;
  std::vector<Link> themes;
  std::vector<Link> issues;
  // Affected persons ("migrants"): since the UHRI of 2019 groups are no
  // longer themes, so a body that serves a group lists it here.
  std::vector<Link> persons;
  Link lead;
  std::vector<Link> members;
  // Tags of other taxonomies this one stands for ("themes:women"), so that
  // examples labelled in this vocabulary train a classifier of the other.
  std::vector<Link> crosswalk;
  // Agencies and working groups: themes or issues ("themes:ratification")
  // in whose presence the tag is not reached through its links, only by
  // being named: a recommendation to ratify the Convention on the Rights
  // of the Child is the treaty office's, not the children's agency's.
  std::vector<Link> not_with;
  // Themes, issues and groups of persons: tags of the same taxonomy that,
  // given to a unit by rules or classifier, take this tag's place there. A
  // recommendation on violence against women is that theme in OHCHR's
  // lists, not also "Discrimination against women", the theme its word
  // "women" would otherwise bring.
  std::vector<Link> yields_to;

  int line = 0;
};

struct Taxonomy {
  std::string id;
  std::string label;
  TaxonomyKind kind = TaxonomyKind::themes;
  std::string language = "en";  // language of the rules written at tag level
  // Agencies and working groups of one government: ISO 3166 alpha-3. Their
  // tags reach only units about that State, and units of documents about no
  // State that name them.
  std::string state;
  std::string source;           // file name, for messages
  std::vector<Tag> tags;
};

// Parses one taxonomy. `source_name` prefixes every error ("themes.toml:12:
// unknown key 'wrods'; did you mean 'words'?").
core::Expected<Taxonomy> parse_taxonomy(std::string_view text, std::string_view source_name);
core::Expected<Taxonomy> load_taxonomy(const std::filesystem::path& path);

struct TagRef {
  std::uint32_t taxonomy = 0;
  std::uint32_t tag = 0;
  friend bool operator==(const TagRef&, const TagRef&) = default;
  friend auto operator<=>(const TagRef&, const TagRef&) = default;
};

// A tag that another implies, with the words that explain why ("theme
// housing" when a theme implies its working group).
struct Implication {
  TagRef target;
  std::string because;
};

// Several taxonomies with their links resolved.
class TaxonomySet {
 public:
  // Checks parents (known, no cycles) and links (known ids of the right kind,
  // with a "did you mean" hint). Links to a kind of which no taxonomy is
  // loaded are ignored, so the issues taxonomy can be used on its own.
  static core::Expected<TaxonomySet> build(std::vector<Taxonomy> taxonomies);

  const std::vector<Taxonomy>& taxonomies() const { return taxonomies_; }
  const Taxonomy* find_taxonomy(std::string_view id) const;
  const Tag& tag(TagRef ref) const { return taxonomies_[ref.taxonomy].tags[ref.tag]; }
  const Taxonomy& taxonomy(TagRef ref) const { return taxonomies_[ref.taxonomy]; }
  // By id, label or alias, ignoring case, punctuation and "&" versus "and",
  // so "Women's rights", "women’s rights" and "E23" all find their tag.
  const Tag* find_tag(std::string_view taxonomy_id, std::string_view id_label_or_alias) const;
  // By exact ids.
  std::optional<TagRef> find_ref(std::string_view taxonomy_id, std::string_view tag_id) const;
  // The tags `ref` implies directly: its parent, and its links.
  const std::vector<Implication>& implications(TagRef ref) const;
  // The tags of other loaded taxonomies `ref` stands for (its crosswalk).
  const std::vector<TagRef>& crosswalk(TagRef ref) const;
  // The tags in whose presence `ref` is not implied (its not_with).
  const std::vector<TagRef>& not_with(TagRef ref) const;
  // The tags that take `ref`'s place when given beside it (its yields_to).
  const std::vector<TagRef>& yields_to(TagRef ref) const;

 private:
  std::vector<Taxonomy> taxonomies_;
  std::vector<std::vector<std::vector<Implication>>> implications_;  // [taxonomy][tag]
  std::vector<std::vector<std::vector<TagRef>>> crosswalks_;         // [taxonomy][tag]
  std::vector<std::vector<std::vector<TagRef>>> not_with_;           // [taxonomy][tag]
  std::vector<std::vector<std::vector<TagRef>>> yields_to_;          // [taxonomy][tag]
  std::vector<std::map<std::string, std::uint32_t, std::less<>>> by_label_;  // [taxonomy]
};

// Adds each taxonomy's tags with their labels and the other names filters
// take to `vocabulary`, which the index keeps in its metadata
// (core/tag_vocabulary.hpp): records need not repeat labels, and queries
// need not read the taxonomy files.
void add_vocabulary(const TaxonomySet& set, core::TagVocabulary& vocabulary);
// A set with those names only (no rules, no links): enough to resolve
// filter values with resolve_tag().
TaxonomySet vocabulary_set(const core::TagVocabulary& vocabulary);

// Loads and resolves files, e.g. every *.toml of corpus/taxonomies/.
core::Expected<TaxonomySet> load_taxonomies(const std::vector<std::filesystem::path>& paths);
// The *.toml files of a directory, sorted by name.
std::vector<std::filesystem::path> taxonomy_files(const std::filesystem::path& directory);

// Lower-case, '&' read as "and", punctuation and spacing collapsed: the key
// under which labels and aliases are looked up.
std::string normalize_label(std::string_view label);

using core::closest_match;

// "no taxonomy 'x' is loaded; did you mean 'y'?" when `set` has no taxonomy
// `id`; `option` names where the id was given ("--taxonomy-id").
core::Status taxonomy_loaded(const TaxonomySet& set, const std::string& id, const std::string& option);

}  // namespace hrdex::taxonomy
