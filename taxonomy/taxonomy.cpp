#include "taxonomy/taxonomy.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/countries.hpp"
#include "core/text.hpp"

namespace hrdex::taxonomy {
namespace {

constexpr std::array<std::pair<TaxonomyKind, std::string_view>, 5> kKindNames{{
    {TaxonomyKind::themes, "themes"},
    {TaxonomyKind::issues, "issues"},
    {TaxonomyKind::working_groups, "working-groups"},
    {TaxonomyKind::agencies, "agencies"},
    {TaxonomyKind::affected_persons, "affected-persons"},
}};

// Built by appending: GCC 12 at -O3 misreads '"'" + std::string(...)' as an overlapping copy (-Wrestrict).
std::string quoted(std::string_view key) {
  std::string q(1, '\'');
  q.append(key).push_back('\'');
  return q;
}

core::Error error_at(std::string_view source, std::uint32_t line, std::string what) {
  return core::make_error(std::string(source) + ":" + std::to_string(line), std::move(what));
}

std::uint32_t line_of(const toml::node& node) { return node.source().begin.line; }

std::string with_hint(std::string message, std::string_view word, const std::vector<std::string>& candidates) {
  std::string hint = closest_match(word, candidates);
  if (!hint.empty()) message += "; did you mean '" + hint + "'?";
  return message;
}

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

bool is_language_key(std::string_view key) {
  return (key.size() == 2 || key.size() == 3) &&
         std::all_of(key.begin(), key.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Reads the keys of one table; each reader returns an error or nothing.
class TableReader {
 public:
  TableReader(std::string_view source, const toml::table& table) : source_(source), table_(table) {}

  std::optional<core::Error> string(std::string_view key, std::string& out) {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    const auto* value = node->as_string();
    if (!value) return error_at(source_, line_of(*node), quoted(key) + " must be a string");
    out = value->get();
    return std::nullopt;
  }

  std::optional<core::Error> link(std::string_view key, Link& out) {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    out.line = static_cast<int>(line_of(*node));
    return string(key, out.id);
  }

  std::optional<core::Error> links(std::string_view key, std::vector<Link>& out) {
    std::vector<std::string> ids;
    std::vector<int> lines;
    if (auto error = strings(key, ids, &lines)) return error;
    for (std::size_t i = 0; i < ids.size(); ++i) out.push_back(Link{ids[i], lines[i]});
    return std::nullopt;
  }

  std::optional<core::Error> strings(std::string_view key, std::vector<std::string>& out,
                                     std::vector<int>* lines = nullptr) {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    const auto* array = node->as_array();
    if (!array) return error_at(source_, line_of(*node), quoted(key) + " must be an array of strings");
    for (const toml::node& element : *array) {
      const auto* value = element.as_string();
      if (!value)
        return error_at(source_, line_of(element), quoted(key) + " must be an array of strings");
      if (core::trim(value->get()).empty())
        return error_at(source_, line_of(element), "empty entry in " + quoted(key));
      out.push_back(value->get());
      if (lines) lines->push_back(static_cast<int>(line_of(element)));
    }
    return std::nullopt;
  }

  std::optional<core::Error> integer(std::string_view key, int& out) {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    const auto* value = node->as_integer();
    if (!value || value->get() < 1 || value->get() > 1000)
      return error_at(source_, line_of(*node), quoted(key) + " must be a whole number from 1 to 1000");
    out = static_cast<int>(value->get());
    return std::nullopt;
  }

  // Unknown keys are errors so that a misspelt key is not silently ignored.
  std::optional<core::Error> only(const std::vector<std::string>& allowed, std::string_view what,
                                  bool allow_languages = false) {
    for (const auto& [key, node] : table_) {
      std::string name(key.str());
      if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
      if (allow_languages && is_language_key(name) && node.is_table()) continue;
      return error_at(source_, key.source().begin.line ? key.source().begin.line : line_of(node),
                      with_hint("unknown key '" + name + "' in " + std::string(what), name, allowed));
    }
    return std::nullopt;
  }

 private:
  std::string_view source_;
  const toml::table& table_;
};

std::optional<core::Error> check_entries(std::string_view source, int line, const MatchRules& rules) {
  for (const std::string& word : rules.words)
    if (core::trim(word).find(' ') != std::string_view::npos)
      return error_at(source, static_cast<std::uint32_t>(line),
                      "word '" + word + "' has several words; list it under 'phrases'");
  return std::nullopt;
}

std::optional<core::Error> read_rules(std::string_view source, const toml::table& table, MatchRules& rules) {
  TableReader reader(source, table);
  if (auto e = reader.strings("words", rules.words)) return e;
  if (auto e = reader.strings("phrases", rules.phrases)) return e;
  if (auto e = reader.strings("exclude", rules.exclude)) return e;
  if (auto e = reader.strings("unless", rules.unless)) return e;
  if (auto e = reader.strings("context", rules.context)) return e;
  if (auto e = check_entries(source, static_cast<int>(line_of(table)), rules)) return e;
  return std::nullopt;
}

bool has_rules(const MatchRules& rules) {
  return !rules.words.empty() || !rules.phrases.empty() || !rules.exclude.empty() || !rules.unless.empty() ||
         !rules.context.empty();
}

std::optional<core::Error> read_tag(const Taxonomy& taxonomy, const toml::table& table, Tag& tag) {
  std::string_view source = taxonomy.source;
  tag.line = static_cast<int>(line_of(table));
  std::vector<std::string> allowed{"id",      "label",   "aliases", "parent",        "min_evidence",
                                   "words",   "phrases", "exclude", "unless",        "abbreviations",
                                   "crosswalk", "context"};
  switch (taxonomy.kind) {
    case TaxonomyKind::themes:
    case TaxonomyKind::issues:
    case TaxonomyKind::affected_persons:
      allowed.insert(allowed.end(), {"working_groups", "yields_to"});
      break;
    case TaxonomyKind::working_groups:
      allowed.insert(allowed.end(), {"themes", "issues", "persons", "lead", "members", "not_with"});
      break;
    case TaxonomyKind::agencies:
      allowed.insert(allowed.end(), {"names", "themes", "issues", "persons", "working_groups", "not_with"});
      break;
  }
  TableReader reader(source, table);
  if (auto e = reader.only(allowed, std::string(kind_name(taxonomy.kind)) + " tag", true)) return e;
  if (auto e = reader.string("id", tag.id)) return e;
  if (tag.id.empty()) return error_at(source, line_of(table), "tag without an 'id'");
  if (!valid_id(tag.id))
    return error_at(source, line_of(*table.get("id")),
                    "tag id '" + tag.id + "' must be lower-case letters, digits, '-', '_' or '.'");
  if (auto e = reader.string("label", tag.label)) return e;
  if (tag.label.empty()) return error_at(source, line_of(table), "tag '" + tag.id + "' has no 'label'");
  if (auto e = reader.strings("aliases", tag.aliases)) return e;
  if (auto e = reader.link("parent", tag.parent)) return e;
  if (auto e = reader.integer("min_evidence", tag.min_evidence)) return e;
  if (auto e = reader.strings("abbreviations", tag.abbreviations)) return e;
  if (auto e = reader.strings("names", tag.names)) return e;
  if (auto e = reader.links("working_groups", tag.working_groups)) return e;
  if (auto e = reader.links("themes", tag.themes)) return e;
  if (auto e = reader.links("issues", tag.issues)) return e;
  if (auto e = reader.links("persons", tag.persons)) return e;
  if (auto e = reader.link("lead", tag.lead)) return e;
  if (auto e = reader.links("members", tag.members)) return e;
  if (auto e = reader.links("crosswalk", tag.crosswalk)) return e;
  if (auto e = reader.links("not_with", tag.not_with)) return e;
  if (auto e = reader.links("yields_to", tag.yields_to)) return e;

  MatchRules own;
  if (auto e = read_rules(source, table, own)) return e;
  if (has_rules(own)) tag.rules[taxonomy.language] = std::move(own);
  for (const auto& [key, node] : table) {
    std::string language(key.str());
    if (!is_language_key(language) || !node.is_table()) continue;
    const toml::table& sub = *node.as_table();
    TableReader sub_reader(source, sub);
    if (auto e = sub_reader.only({"words", "phrases", "exclude", "unless", "context"}, "rules for '" + language + "'"))
      return e;
    MatchRules rules;
    if (auto e = read_rules(source, sub, rules)) return e;
    MatchRules& target = tag.rules[language];
    for (auto [from, to] : {std::pair{&rules.words, &target.words}, std::pair{&rules.phrases, &target.phrases},
                            std::pair{&rules.exclude, &target.exclude}, std::pair{&rules.unless, &target.unless},
                            std::pair{&rules.context, &target.context}})
      to->insert(to->end(), from->begin(), from->end());
  }
  return std::nullopt;
}

}  // namespace

std::string_view kind_name(TaxonomyKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "themes";
}

const std::vector<TaxonomyKind>& all_kinds() {
  static const std::vector<TaxonomyKind> kinds = [] {
    std::vector<TaxonomyKind> out;
    for (const auto& [k, name] : kKindNames) out.push_back(k);
    return out;
  }();
  return kinds;
}

std::string_view kind_singular(TaxonomyKind kind) {
  switch (kind) {
    case TaxonomyKind::themes: return "theme";
    case TaxonomyKind::issues: return "issue";
    case TaxonomyKind::working_groups: return "working group";
    case TaxonomyKind::agencies: return "agency";
    case TaxonomyKind::affected_persons: return "group of persons";
  }
  return "tag";
}

std::string normalize_label(std::string_view label) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < label.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(label[i]);
    // The typographic apostrophe (U+2019) and the ASCII one are both dropped,
    // so "women’s" and "women's" meet.
    if (c == '\'') continue;
    if (c == 0xE2 && i + 2 < label.size() && static_cast<unsigned char>(label[i + 1]) == 0x80 &&
        static_cast<unsigned char>(label[i + 2]) == 0x99) {
      i += 2;
      continue;
    }
    // En and em dashes (U+2013, U+2014) separate as '-' does: "Liberty &
    // security – general" is "Liberty & security - general".
    if (c == 0xE2 && i + 2 < label.size() && static_cast<unsigned char>(label[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(label[i + 2]) == 0x93 || static_cast<unsigned char>(label[i + 2]) == 0x94)) {
      i += 2;
      space = true;
      continue;
    }
    if (c == '&') {
      out += out.empty() ? "and" : " and";
      space = true;
      continue;
    }
    bool word = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!word) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

core::Expected<Taxonomy> parse_taxonomy(std::string_view text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return error_at(source_name, e.source().begin.line, std::string(e.description()));
  }
  Taxonomy taxonomy;
  taxonomy.source = std::string(source_name);
  TableReader top(source_name, root);
  if (auto e = top.only({"taxonomy", "tag"}, "the file")) return *e;

  const toml::table* header = root["taxonomy"].as_table();
  if (!header) return error_at(source_name, 1, "missing [taxonomy] table with id, label and kind");
  TableReader reader(source_name, *header);
  if (auto e = reader.only({"id", "label", "kind", "language", "state"}, "[taxonomy]")) return *e;
  if (auto e = reader.string("id", taxonomy.id)) return *e;
  if (!valid_id(taxonomy.id))
    return error_at(source_name, line_of(*header),
                    taxonomy.id.empty() ? "[taxonomy] has no 'id'"
                                        : "taxonomy id '" + taxonomy.id +
                                              "' must be lower-case letters, digits, '-', '_' or '.'");
  if (auto e = reader.string("label", taxonomy.label)) return *e;
  if (auto e = reader.string("language", taxonomy.language)) return *e;
  std::string kind;
  if (auto e = reader.string("kind", kind)) return *e;
  if (kind.empty()) return error_at(source_name, line_of(*header), "[taxonomy] has no 'kind'");
  std::vector<std::string> kinds;
  bool known = false;
  for (const auto& [k, name] : kKindNames) {
    kinds.emplace_back(name);
    if (name == kind) {
      taxonomy.kind = k;
      known = true;
    }
  }
  if (!known)
    return error_at(source_name, line_of(*header->get("kind")),
                    with_hint("unknown kind '" + kind + "'", kind, kinds) +
                        (closest_match(kind, kinds).empty()
                             ? " (themes, issues, working-groups, agencies or affected-persons)"
                             : ""));

  if (const toml::node* state = header->get("state")) {
    if (taxonomy.kind != TaxonomyKind::agencies && taxonomy.kind != TaxonomyKind::working_groups)
      return error_at(source_name, line_of(*state),
                      "'state' belongs to taxonomies of kind agencies or working-groups: only a government's bodies "
                      "belong to a State");
    std::string given;
    if (auto e = reader.string("state", given)) return *e;
    auto countries = core::CountryTable::shared();
    if (!countries) return countries.error();
    auto country = (*countries)->find(given);
    if (country) taxonomy.state = country->iso3;
    if (taxonomy.state.empty())
      return error_at(source_name, line_of(*state),
                      "unknown State '" + given + "' (an ISO 3166 code such as \"USA\", or a country name)");
  }

  if (const toml::node* tags = root.get("tag")) {
    const toml::array* array = tags->as_array();
    if (!array) return error_at(source_name, line_of(*tags), "'tag' must be an array of tables: [[tag]]");
    std::set<std::string, std::less<>> ids;
    std::map<std::string, std::string, std::less<>> names;  // normalised label/alias -> tag id
    for (const toml::node& node : *array) {
      const toml::table* table = node.as_table();
      if (!table) return error_at(source_name, line_of(node), "'tag' must be an array of tables: [[tag]]");
      Tag tag;
      if (auto e = read_tag(taxonomy, *table, tag)) return *e;
      if (!ids.insert(tag.id).second)
        return error_at(source_name, static_cast<std::uint32_t>(tag.line), "duplicate tag id '" + tag.id + "'");
      std::vector<std::string> keys{tag.id, tag.label};
      keys.insert(keys.end(), tag.aliases.begin(), tag.aliases.end());
      for (const std::string& key : keys) {
        auto [it, inserted] = names.emplace(normalize_label(key), tag.id);
        if (!inserted && it->second != tag.id)
          return error_at(source_name, static_cast<std::uint32_t>(tag.line),
                          "'" + key + "' of tag '" + tag.id + "' already names tag '" + it->second + "'");
      }
      taxonomy.tags.push_back(std::move(tag));
    }
  }
  return taxonomy;
}

core::Expected<Taxonomy> load_taxonomy(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::make_error(path.string(), "cannot read the taxonomy file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_taxonomy(text.str(), path.string());
}

std::vector<std::filesystem::path> taxonomy_files(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

const Taxonomy* TaxonomySet::find_taxonomy(std::string_view id) const {
  for (const Taxonomy& taxonomy : taxonomies_)
    if (taxonomy.id == id) return &taxonomy;
  return nullptr;
}

const Tag* TaxonomySet::find_tag(std::string_view taxonomy_id, std::string_view id_label_or_alias) const {
  for (std::size_t t = 0; t < taxonomies_.size(); ++t) {
    if (taxonomies_[t].id != taxonomy_id) continue;
    auto it = by_label_[t].find(normalize_label(id_label_or_alias));
    if (it != by_label_[t].end()) return &taxonomies_[t].tags[it->second];
    return nullptr;
  }
  return nullptr;
}

std::optional<TagRef> TaxonomySet::find_ref(std::string_view taxonomy_id, std::string_view tag_id) const {
  for (std::uint32_t t = 0; t < taxonomies_.size(); ++t) {
    if (taxonomies_[t].id != taxonomy_id) continue;
    const auto& tags = taxonomies_[t].tags;
    auto it = std::lower_bound(tags.begin(), tags.end(), tag_id, [](const Tag& a, std::string_view b) { return a.id < b; });
    if (it != tags.end() && it->id == tag_id) return TagRef{t, static_cast<std::uint32_t>(it - tags.begin())};
    // Files keep their tags sorted by id, but a set may be built otherwise.
    for (std::uint32_t i = 0; i < tags.size(); ++i)
      if (tags[i].id == tag_id) return TagRef{t, i};
    return std::nullopt;
  }
  return std::nullopt;
}

const std::vector<Implication>& TaxonomySet::implications(TagRef ref) const {
  return implications_[ref.taxonomy][ref.tag];
}

const std::vector<TagRef>& TaxonomySet::crosswalk(TagRef ref) const { return crosswalks_[ref.taxonomy][ref.tag]; }
const std::vector<TagRef>& TaxonomySet::not_with(TagRef ref) const { return not_with_[ref.taxonomy][ref.tag]; }
const std::vector<TagRef>& TaxonomySet::yields_to(TagRef ref) const { return yields_to_[ref.taxonomy][ref.tag]; }

core::Expected<TaxonomySet> TaxonomySet::build(std::vector<Taxonomy> taxonomies) {
  TaxonomySet set;
  set.taxonomies_ = std::move(taxonomies);
  const auto& all = set.taxonomies_;

  for (std::size_t a = 0; a < all.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (all[a].id == all[b].id)
        return core::make_error(all[a].source, "taxonomy id '" + all[a].id + "' is already used by " + all[b].source);

  set.by_label_.resize(all.size());
  set.implications_.resize(all.size());
  set.crosswalks_.resize(all.size());
  set.not_with_.resize(all.size());
  set.yields_to_.resize(all.size());
  std::map<std::string, TagRef, std::less<>> qualified;  // "taxonomy:tag"
  for (std::uint32_t t = 0; t < all.size(); ++t) {
    set.implications_[t].resize(all[t].tags.size());
    set.crosswalks_[t].resize(all[t].tags.size());
    set.not_with_[t].resize(all[t].tags.size());
    set.yields_to_[t].resize(all[t].tags.size());
    for (std::uint32_t i = 0; i < all[t].tags.size(); ++i) {
      const Tag& tag = all[t].tags[i];
      set.by_label_[t].emplace(normalize_label(tag.id), i);
      set.by_label_[t].emplace(normalize_label(tag.label), i);
      for (const std::string& alias : tag.aliases) set.by_label_[t].emplace(normalize_label(alias), i);
      qualified.emplace(all[t].id + ":" + tag.id, TagRef{t, i});
    }
  }

  // Resolves `link` among the taxonomies of `kind`. nullopt with no error:
  // no taxonomy of that kind is loaded.
  auto resolve = [&](const Taxonomy& from, const Link& link, TaxonomyKind kind,
                     std::string_view role) -> core::Expected<std::optional<TagRef>> {
    bool kind_loaded = false;
    std::vector<std::string> candidates;
    std::vector<TagRef> found;
    for (std::uint32_t t = 0; t < all.size(); ++t) {
      if (all[t].kind != kind) continue;
      kind_loaded = true;
      for (std::uint32_t i = 0; i < all[t].tags.size(); ++i) {
        candidates.push_back(all[t].tags[i].id);
        if (all[t].tags[i].id == link.id) found.push_back(TagRef{t, i});
      }
    }
    if (auto it = qualified.find(link.id); it != qualified.end() && all[it->second.taxonomy].kind == kind)
      return std::optional<TagRef>(it->second);
    if (!kind_loaded) return std::optional<TagRef>();
    auto where = static_cast<std::uint32_t>(link.line);
    if (found.size() > 1)
      return error_at(from.source, where,
                      std::string(role) + " '" + link.id + "' is ambiguous; write it as '" +
                          all[found[0].taxonomy].id + ":" + link.id + "' or '" + all[found[1].taxonomy].id + ":" +
                          link.id + "'");
    if (found.empty())
      return error_at(from.source, where, with_hint("unknown " + std::string(role) + " '" + link.id + "'", link.id,
                                                    candidates));
    return std::optional<TagRef>(found[0]);
  };

  for (std::uint32_t t = 0; t < all.size(); ++t) {
    const Taxonomy& taxonomy = all[t];
    for (std::uint32_t i = 0; i < taxonomy.tags.size(); ++i) {
      const Tag& tag = taxonomy.tags[i];
      TagRef self{t, i};
      auto add = [&](TagRef from, TagRef to) {
        std::string because = std::string(kind_singular(all[from.taxonomy].kind)) + " " +
                              all[from.taxonomy].tags[from.tag].id;
        auto& list = set.implications_[from.taxonomy][from.tag];
        for (const Implication& existing : list)
          if (existing.target == to) return;
        list.push_back(Implication{to, std::move(because)});
      };

      if (!tag.parent.id.empty()) {
        std::vector<std::string> siblings;
        std::optional<std::uint32_t> parent;
        for (std::uint32_t j = 0; j < taxonomy.tags.size(); ++j) {
          siblings.push_back(taxonomy.tags[j].id);
          if (taxonomy.tags[j].id == tag.parent.id) parent = j;
        }
        if (!parent)
          return error_at(taxonomy.source, static_cast<std::uint32_t>(tag.parent.line),
                          with_hint("unknown parent '" + tag.parent.id + "'", tag.parent.id, siblings));
        // A cycle would make every tag on it imply all the others.
        std::uint32_t walk = *parent;
        for (std::size_t steps = 0; steps <= taxonomy.tags.size(); ++steps) {
          if (walk == i)
            return error_at(taxonomy.source, static_cast<std::uint32_t>(tag.parent.line),
                            "parent '" + tag.parent.id + "' makes a cycle back to '" + tag.id + "'");
          const Tag& up = taxonomy.tags[walk];
          if (up.parent.id.empty()) break;
          auto next = std::find_if(taxonomy.tags.begin(), taxonomy.tags.end(),
                                   [&](const Tag& x) { return x.id == up.parent.id; });
          if (next == taxonomy.tags.end()) break;  // reported when `up` is checked
          walk = static_cast<std::uint32_t>(next - taxonomy.tags.begin());
        }
        add(self, TagRef{t, *parent});
      }

      for (const Link& link : tag.yields_to) {
        auto where = static_cast<std::uint32_t>(link.line);
        auto ref = set.find_ref(taxonomy.id, link.id);
        if (!ref) {
          std::vector<std::string> others;
          for (const Tag& x : taxonomy.tags) others.push_back(x.id);
          return error_at(taxonomy.source, where,
                          with_hint("unknown tag '" + link.id + "' in yields_to (a tag of this file)", link.id,
                                    others));
        }
        if (*ref == self) return error_at(taxonomy.source, where, "tag '" + tag.id + "' yields to itself");
        set.yields_to_[t][i].push_back(*ref);
      }

      std::vector<Link> lead;
      if (!tag.lead.id.empty()) lead.push_back(tag.lead);
      // A working group implies neither its lead nor its members. Agencies
      // are reached through the themes, issues, groups of persons and
      // working groups they list themselves, or when a unit names them:
      // implying the members made each agency's extract hold all of its
      // groups' work (every unit on women went to Education and to HUD),
      // and implying the lead sent Working Group 3's health and education
      // units to Interior.
      enum class Direction { implies, implied_by, checked_only };
      struct Group {
        const std::vector<Link>* links;
        TaxonomyKind kind;
        const char* role;
        Direction direction;
      };
      const Group groups[] = {
          {&tag.working_groups, TaxonomyKind::working_groups, "working group",
           taxonomy.kind != TaxonomyKind::agencies ? Direction::implies : Direction::implied_by},
          {&tag.themes, TaxonomyKind::themes, "theme", Direction::implied_by},
          {&tag.issues, TaxonomyKind::issues, "issue", Direction::implied_by},
          {&tag.persons, TaxonomyKind::affected_persons, "group of persons", Direction::implied_by},
          {&lead, TaxonomyKind::agencies, "agency", Direction::checked_only},
          {&tag.members, TaxonomyKind::agencies, "agency", Direction::checked_only},
      };
      // A crosswalk names tags of other taxonomies, whatever their kind:
      // "themes:women". Those of a taxonomy not loaded are left out, as
      // links to a kind not loaded are.
      for (const Link& link : tag.crosswalk) {
        auto colon = link.id.find(':');
        if (colon == std::string::npos)
          return error_at(taxonomy.source, static_cast<std::uint32_t>(link.line),
                          "crosswalk entry '" + link.id + "' must name its taxonomy: 'taxonomy:tag'");
        const std::string target_taxonomy = link.id.substr(0, colon), target_tag = link.id.substr(colon + 1);
        if (target_taxonomy == taxonomy.id)
          return error_at(taxonomy.source, static_cast<std::uint32_t>(link.line),
                          "crosswalk entry '" + link.id + "' maps onto its own taxonomy; use 'parent'");
        const Taxonomy* target = set.find_taxonomy(target_taxonomy);
        if (!target) continue;
        auto ref = set.find_ref(target_taxonomy, target_tag);
        if (!ref) {
          std::vector<std::string> candidates;
          for (const Tag& x : target->tags) candidates.push_back(x.id);
          return error_at(taxonomy.source, static_cast<std::uint32_t>(link.line),
                          with_hint("unknown tag '" + target_tag + "' in taxonomy '" + target_taxonomy + "'",
                                    target_tag, candidates));
        }
        set.crosswalks_[t][i].push_back(*ref);
      }

      for (const Link& link : tag.not_with) {
        for (TaxonomyKind kind : {TaxonomyKind::themes, TaxonomyKind::issues}) {
          // "themes:ratification" names its taxonomy; a bare id is looked
          // for among themes, then issues.
          auto colon = link.id.find(':');
          if (colon != std::string::npos) {
            const Taxonomy* target = set.find_taxonomy(link.id.substr(0, colon));
            if (!target || target->kind != kind) continue;
          }
          auto target = resolve(taxonomy, link, kind, "theme or issue");
          if (!target) {
            if (kind == TaxonomyKind::themes && colon == std::string::npos) continue;  // perhaps an issue
            return target.error();
          }
          if (*target) set.not_with_[t][i].push_back(**target);
          break;
        }
      }

      for (const Group& group : groups) {
        for (const Link& link : *group.links) {
          auto target = resolve(taxonomy, link, group.kind, group.role);
          if (!target) return target.error();
          if (!target.value()) continue;
          if (group.direction == Direction::implies)
            add(self, **target);
          else if (group.direction == Direction::implied_by)
            add(**target, self);
        }
      }
    }
  }
  // Two tags yielding to each other would both vanish where both fire.
  for (std::uint32_t t = 0; t < all.size(); ++t)
    for (std::uint32_t i = 0; i < all[t].tags.size(); ++i)
      for (std::size_t k = 0; k < set.yields_to_[t][i].size(); ++k) {
        const TagRef other = set.yields_to_[t][i][k];
        const auto& back = set.yields_to_[other.taxonomy][other.tag];
        if (std::find(back.begin(), back.end(), TagRef{t, i}) != back.end())
          return error_at(all[t].source, static_cast<std::uint32_t>(all[t].tags[i].yields_to[k].line),
                          "tags '" + all[t].tags[i].id + "' and '" + all[t].tags[other.tag].id +
                              "' yield to each other; only one of them can");
      }
  return set;
}

core::Expected<TaxonomySet> load_taxonomies(const std::vector<std::filesystem::path>& paths) {
  std::vector<Taxonomy> taxonomies;
  for (const auto& path : paths) {
    auto taxonomy = load_taxonomy(path);
    if (!taxonomy) return taxonomy.error();
    taxonomies.push_back(std::move(taxonomy).value());
  }
  return TaxonomySet::build(std::move(taxonomies));
}

void add_vocabulary(const TaxonomySet& set, core::TagVocabulary& vocabulary) {
  for (const Taxonomy& taxonomy : set.taxonomies()) {
    core::TagVocabulary::Taxonomy entry;
    entry.kind = std::string(kind_name(taxonomy.kind));
    entry.label = taxonomy.label;
    entry.state = taxonomy.state;
    for (const Tag& tag : taxonomy.tags) entry.tags[tag.id] = {tag.label, tag.aliases, tag.abbreviations, tag.names};
    vocabulary.add(taxonomy.id, std::move(entry));
  }
}

TaxonomySet vocabulary_set(const core::TagVocabulary& vocabulary) {
  std::vector<Taxonomy> taxonomies;
  for (const auto& [id, entry] : vocabulary.taxonomies()) {
    Taxonomy taxonomy;
    taxonomy.id = id;
    taxonomy.label = entry.label;
    taxonomy.state = entry.state;
    bool known = false;
    for (TaxonomyKind kind : all_kinds())
      if (kind_name(kind) == entry.kind) {
        taxonomy.kind = kind;
        known = true;
      }
    if (!known) continue;
    for (const auto& [tag_id, names] : entry.tags) {
      Tag tag;
      tag.id = tag_id;
      tag.label = names.label;
      tag.aliases = names.aliases;
      tag.abbreviations = names.abbreviations;
      tag.names = names.names;
      taxonomy.tags.push_back(std::move(tag));
    }
    taxonomies.push_back(std::move(taxonomy));
  }
  // Without links or parents there is nothing that can fail to resolve.
  auto set = TaxonomySet::build(std::move(taxonomies));
  return set ? std::move(*set) : TaxonomySet();
}

core::Status taxonomy_loaded(const TaxonomySet& set, const std::string& id, const std::string& option) {
  if (set.find_taxonomy(id)) return core::ok_status();
  std::vector<std::string> ids;
  for (const auto& t : set.taxonomies()) ids.push_back(t.id);
  const std::string hint = closest_match(id, ids);
  return core::make_error(option,
                          "no taxonomy '" + id + "' is loaded" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
}

}  // namespace hrdex::taxonomy
