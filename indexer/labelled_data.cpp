#include "indexer/labelled_data.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/record.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "indexer/tag/model.hpp"
#include "indexer/tag/unit_tagger.hpp"

namespace hrdex::indexer {
namespace schema = core::schema;
using nlohmann::json;

namespace {

// The tags of `tags` that `taxonomy` still has, sorted and once each.
std::vector<std::string> known(const taxonomy::TaxonomySet& set, const std::string& taxonomy,
                               const std::vector<std::string>& tags) {
  std::set<std::string> out;
  for (const std::string& t : tags)
    if (set.find_ref(taxonomy, t)) out.insert(t);
  return {out.begin(), out.end()};
}

// What a document's units are grouped by, so that no review is both
// trained on and scored: its symbol, which a thematic list takes from the
// review's report and shares with its copies in other formats (OHCHR
// published Egypt's list as .doc and as .docx); else its review; else
// itself.
std::string group_of(const core::DocumentRecord& d) {
  if (!d.symbol.empty()) return d.symbol;
  if (!d.state.empty()) return d.state + "|" + std::to_string(d.session);
  return d.id;
}

}  // namespace

std::map<std::string, std::vector<tag::LabelledText>> labelled_texts(const Xapian::Database& db,
                                                                     const taxonomy::TaxonomySet& set) {
  std::map<std::string, std::vector<tag::LabelledText>> out;
  // The tags of `target` that `source`'s crosswalk names.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> names;
  auto named = [&](const std::string& source, const std::string& target) -> const std::set<std::string>& {
    auto [it, fresh] = names.try_emplace({source, target});
    if (fresh)
      if (const taxonomy::Taxonomy* t = set.find_taxonomy(source))
        for (const auto& from : t->tags)
          for (taxonomy::TagRef to : set.crosswalk(*set.find_ref(source, from.id)))
            if (set.taxonomy(to).id == target) it->second.insert(set.tag(to).id);
    return it->second;
  };
  // Those with their ancestors: what a text labelled in `source` speaks
  // for in `target`.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> reach;
  auto reached = [&](const std::string& source, const std::string& target) -> const std::set<std::string>& {
    auto [it, fresh] = reach.try_emplace({source, target});
    if (!fresh) return it->second;
    const std::set<std::string>& image = named(source, target);
    for (const std::string& id : tag::closure(set, target, {image.begin(), image.end()})) it->second.insert(id);
    return it->second;
  };
  auto add = [&](const std::string& taxonomy, tag::LabelledText text) {
    text.tags = known(set, taxonomy, text.tags);
    if (text.tags.empty() || text.text.empty()) return;
    // Its crosswalked labels in every other taxonomy.
    std::map<std::string, std::vector<std::string>> mapped;
    for (const std::string& t : text.tags)
      for (taxonomy::TagRef to : set.crosswalk(*set.find_ref(taxonomy, t)))
        mapped[set.taxonomy(to).id].push_back(set.tag(to).id);
    for (auto& [target, tags] : mapped) {
      tag::LabelledText copy = text;
      copy.tags = known(set, target, tags);
      copy.source = "crosswalk from " + taxonomy + ": " + text.source;
      copy.covers = reached(taxonomy, target);
      copy.names = named(taxonomy, target);
      out[target].push_back(std::move(copy));
    }
    out[taxonomy].push_back(std::move(text));
  };

  // Rows of labels files.
  std::map<std::string, std::string> file_of;  // source key -> file name
  for (auto it = db.metadata_keys_begin(std::string(schema::kMetaLabelsPrefix));
       it != db.metadata_keys_end(std::string(schema::kMetaLabelsPrefix)); ++it) {
    json meta = json::parse(db.get_metadata(*it), nullptr, false);
    if (meta.is_object())
      file_of[(*it).substr(schema::kMetaLabelsPrefix.size())] = meta.value("name", std::string("labels"));
  }
  const std::string example_term = schema::boolean_term(schema::prefix::kLevel, schema::kLevelExample);
  for (auto it = db.postlist_begin(example_term); it != db.postlist_end(example_term); ++it) {
    json e = json::parse(db.get_document(*it).get_data(), nullptr, false);
    if (!e.is_object()) continue;
    tag::LabelledText text;
    text.text = e.value("text", "");
    text.language = e.value("language", "en");
    text.tags = e.value("tags", std::vector<std::string>{});
    text.group = e.value("group", "");
    text.name = e.value("name", "");
    auto file = file_of.find(e.value("source", ""));
    text.source = file == file_of.end() ? "labels" : file->second;
    add(e.value("taxonomy", ""), std::move(text));
  }

  // People's labels on units.
  std::map<std::string, core::DocumentRecord> documents;
  auto document = [&](const std::string& id) -> const core::DocumentRecord& {
    auto it = documents.find(id);
    if (it != documents.end()) return it->second;
    core::DocumentRecord record;
    const std::string q = std::string(schema::prefix::kUniqueId) + id;
    if (auto p = db.postlist_begin(q); p != db.postlist_end(q))
      if (auto r = core::document_from_json(db.get_document(*p).get_data())) record = std::move(*r);
    record.id = id;
    return documents.emplace(id, std::move(record)).first->second;
  };
  const std::string labelled = std::string(schema::prefix::kLabel);
  std::set<Xapian::docid> seen;
  // In the order of unit ids, not of document ids: `add --jobs N` hands
  // those out as files finish, and fastText learns from its examples in
  // order, so two indexes of the same files would learn different models.
  std::vector<core::UnitRecord> units;
  for (auto term = db.allterms_begin(labelled); term != db.allterms_end(labelled); ++term) {
    for (auto it = db.postlist_begin(*term); it != db.postlist_end(*term); ++it) {
      if (!seen.insert(*it).second) continue;
      auto unit = core::unit_from_json(db.get_document(*it).get_data());
      if (!unit) continue;  // an example: read above
      units.push_back(std::move(*unit));
    }
  }
  std::sort(units.begin(), units.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  // A unit's labels are mapped again with `set`, the taxonomies being
  // learned or evaluated, as tagging maps them: evaluate --taxonomy-dir
  // then reads the index's thematic lists in the vocabulary it is given,
  // not in the one the index was built with.
  std::map<std::string, std::set<std::string>> older;  // taxonomy -> what an older list's themes cover
  // A recommendation the same group already gave, from a copy of its list
  // in another format: learned and scored once.
  std::set<std::tuple<std::string, std::string, std::string>> given;  // taxonomy, group, words
  for (const core::UnitRecord& unit : units) {
    std::map<std::string, std::vector<tag::HumanLabel>> human;
    for (tag::HumanLabel& h : tag::human_labels(set, unit)) human[h.taxonomy].push_back(std::move(h));
    const core::DocumentRecord& d = document(unit.parent);
    for (auto& [taxonomy, labels] : human) {
      tag::LabelledText text;
      text.text = tag::tagging_text(unit);
      text.language = d.language.empty() ? "en" : d.language;
      for (const tag::HumanLabel& h : labels) text.tags.push_back(h.tag);
      text.group = group_of(d);
      if (!given.emplace(taxonomy, text.group, tag::classifier_words(text.text)).second) continue;
      text.name = unit.id;
      text.source = "human labels: " + (d.symbol.empty() ? d.path : d.symbol);
      // Persons given only as old themes ("G1 Members of minorities") speak
      // for the groups that vocabulary had: its silence on women or
      // children says nothing of them.
      if (std::all_of(labels.begin(), labels.end(), [](const tag::HumanLabel& h) { return h.older_theme; })) {
        auto [it, fresh] = older.try_emplace(taxonomy);
        if (fresh)
          for (const std::string& id : tag::closure(set, taxonomy, tag::older_theme_tags(set, taxonomy)))
            it->second.insert(id);
        text.covers = it->second;
        const std::vector<std::string> older_tags = tag::older_theme_tags(set, taxonomy);
        text.names = {older_tags.begin(), older_tags.end()};
      }
      add(taxonomy, std::move(text));
    }
  }
  return out;
}

std::vector<std::string> index_texts(const Xapian::Database& db, std::size_t max_words) {
  const std::string unit_term = schema::boolean_term(schema::prefix::kLevel, schema::kLevelUnit);
  const std::size_t units = db.get_termfreq(unit_term);
  // Xapian's document lengths count the words each unit was indexed with.
  const double average = db.get_avlength();
  const double wanted = average > 0 ? static_cast<double>(max_words) / average : static_cast<double>(units);
  const std::uint64_t step = units == 0 || wanted >= static_cast<double>(units)
                                 ? 1
                                 : static_cast<std::uint64_t>(static_cast<double>(units) / std::max(wanted, 1.0)) + 1;
  // Which units, and in what order, follow from their ids alone, not from
  // the document ids `add --jobs N` handed out (see labelled_texts): a unit
  // is taken when the hash of its id falls in one of `step` buckets, and
  // the texts go to the vectors in the order of the ids.
  std::vector<std::pair<std::string, std::string>> taken;  // unit id, words
  for (auto it = db.postlist_begin(unit_term); it != db.postlist_end(unit_term); ++it) {
    auto unit = core::unit_from_json(db.get_document(*it).get_data());
    if (!unit || std::stoull(core::short_hash(unit->id), nullptr, 16) % step != 0) continue;
    taken.emplace_back(unit->id, tag::classifier_words(unit->text));
  }
  std::sort(taken.begin(), taken.end());
  std::vector<std::string> out;
  out.reserve(taken.size());
  for (auto& [id, words] : taken) out.push_back(std::move(words));
  return out;
}

core::Expected<std::size_t> index_word_vectors(const Xapian::Database& db,
                                               const std::map<std::string, std::vector<tag::LabelledText>>& texts,
                                               std::size_t max_words, int dim, const std::filesystem::path& file) {
  std::vector<std::string> words = index_texts(db, max_words);
  for (const auto& [taxonomy, list] : texts)
    for (const tag::LabelledText& t : list) words.push_back(tag::classifier_words(t.text));
  tag::WordVectorSettings settings;
  settings.dim = dim;
  return tag::train_word_vectors(words, settings, file);
}

}  // namespace hrdex::indexer
