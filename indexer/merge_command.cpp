#include "indexer/merge_command.hpp"

#include <chrono>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "core/index.hpp"
#include "core/schema.hpp"
#include "core/shards.hpp"
#include "indexer/ingest.hpp"
#include "indexer/tag/model.hpp"
#include "indexer/write/format_copies.hpp"
#include "indexer/write/index_writer.hpp"

namespace hrdex::indexer {
namespace fs = std::filesystem;
namespace schema = core::schema;
namespace prefix = core::schema::prefix;

namespace {

int fail(std::ostream& err, const core::Error& e) {
  err << "hrdex-index: error: " << e.message() << '\n';
  return kExitFatal;
}

// The model file's bytes; empty when the shard has none.
std::string model_bytes(const fs::path& dir) {
  std::ifstream in(dir / tag::kModelFile, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The reviews whose report is in one shard and an addendum in another.
std::set<std::string> reviews_across(const std::vector<Xapian::Database>& shards) {
  std::vector<std::set<std::string>> reports, addenda;
  for (const auto& db : shards) {
    reports.push_back(write::reviews_of(db, false));
    addenda.push_back(write::reviews_of(db, true));
  }
  std::set<std::string> out;
  for (std::size_t r = 0; r < shards.size(); ++r)
    for (std::size_t a = 0; a < shards.size(); ++a)
      if (a != r)
        for (const std::string& review : addenda[a])
          if (reports[r].count(review)) out.insert(review);
  return out;
}

// Deletes every copy but the first of each duplicate, in the merged index
// whose documents come shard by shard, in shard order.
std::size_t drop_copies(Xapian::WritableDatabase& db, const std::vector<core::CrossShardDuplicate>& duplicates) {
  std::size_t dropped = 0;
  for (const auto& d : duplicates) {
    const std::string& kept = d.copies.front().document_id;
    for (std::size_t c = 1; c < d.copies.size(); ++c) {
      const std::string& id = d.copies[c].document_id;
      const std::string q = std::string(prefix::kUniqueId) + id, parent = schema::boolean_term(prefix::kParent, id);
      if (id != kept) {
        db.delete_document(q);
        db.delete_document(parent);
      } else {
        // The same file in two shards: the same id twice. The first shard's
        // document and units come first; the rest go.
        const Xapian::doccount units = db.get_termfreq(parent) / static_cast<Xapian::doccount>(d.copies.size());
        std::vector<Xapian::docid> extra;
        auto it = db.postlist_begin(q);
        for (++it; it != db.postlist_end(q); ++it) extra.push_back(*it);
        Xapian::doccount seen = 0;
        for (auto u = db.postlist_begin(parent); u != db.postlist_end(parent); ++u)
          if (++seen > units) extra.push_back(*u);
        for (Xapian::docid did : extra) db.delete_document(did);
      }
      ++dropped;
    }
  }
  return dropped;
}

// Deletes each copy in another format that a merge leaves out, recording
// it as `add` records the copies it leaves out.
std::size_t drop_format_copies(Xapian::WritableDatabase& db, const std::vector<core::CopyAcrossShards>& copies) {
  std::size_t dropped = 0;
  for (const auto& c : copies) {
    const std::string& id = c.left_out.id;
    if (db.get_termfreq(std::string(prefix::kUniqueId) + id) == 0) continue;  // a byte copy, already gone
    db.delete_document(std::string(prefix::kUniqueId) + id);
    db.delete_document(schema::boolean_term(prefix::kParent, id));
    db.set_metadata(std::string(schema::kMetaCopyPrefix) + id,
                    write::copy_metadata(c.left_out.path, c.left_out.size, c.left_out.mtime, c.kept));
    ++dropped;
  }
  return dropped;
}

void print_duplicates(std::ostream& out, const std::vector<core::CrossShardDuplicate>& duplicates,
                      const std::vector<core::ShardSpec>& specs, std::string_view outcome) {
  for (const auto& d : duplicates)
    for (std::size_t c = 1; c < d.copies.size(); ++c)
      out << "duplicate: " << d.copies[c].path << " (shard " << specs[d.copies[c].shard].name()
          << ") has the same content as " << d.copies.front().path << " (shard "
          << specs[d.copies.front().shard].name() << ")" << outcome << '\n';
}

void print_format_copies(std::ostream& out, const std::vector<core::CopyAcrossShards>& copies,
                         const std::vector<core::ShardSpec>& specs, std::string_view outcome) {
  for (const auto& c : copies)
    out << "duplicate: " << c.left_out.path << " (shard " << specs[c.left_out_shard].name()
        << ") is the same document as " << c.kept.path << " (shard " << specs[c.kept_shard].name()
        << ") in another format" << outcome << '\n';
}

}  // namespace

int run_merge(const MergeOptions& options, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (fs::exists(options.db, ec) && !(fs::is_directory(options.db, ec) && fs::is_empty(options.db, ec)))
    return fail(err, core::make_error(options.db.string(), "already exists; merge writes a new index"));
  auto specs = core::shard_specs(options.shards);
  if (!specs) return fail(err, specs.error());
  std::vector<Xapian::Database> shards;
  std::map<std::string, std::string> shard_of;  // "K/N" -> the shard's name
  std::string model;
  for (std::size_t i = 0; i < specs->size(); ++i) {
    const core::ShardSpec& spec = (*specs)[i];
    if (spec.kind != core::ShardSpec::Kind::local)
      return fail(err, core::make_error(spec.name(), "merge reads shards from local folders; copy the shard here, or "
                                                     "merge on the machine that holds it"));
    auto db = core::open_shard(spec, {});
    if (!db) return fail(err, db.error());
    try {
      if (i > 0)
        if (auto s = core::check_same_taxonomies(shards.front(), (*specs)[0].name(), *db, spec.name()); !s)
          return fail(err, s.error());
      const std::string k_of_n = db->get_metadata(std::string(schema::kMetaShard));
      if (!k_of_n.empty() && !shard_of.emplace(k_of_n, spec.name()).second)
        return fail(err, core::make_error(spec.name(), "is shard " + k_of_n + ", as " + shard_of[k_of_n] +
                                                           " is: the same shard twice"));
    } catch (const Xapian::Error& e) {
      return fail(err, core::make_error(spec.name(), "cannot read the shard: " + e.get_description()));
    }
    // Tags come from the taxonomies and the learned model: shards tagged
    // with different models would merge into an index tagged two ways.
    std::string bytes = model_bytes(spec.path);
    if (i == 0) model = std::move(bytes);
    else if (bytes != model)
      return fail(err, core::make_error(spec.name(), std::string(bytes.empty() ? "has no" : "has another") +
                                                         " learned model (" + std::string(tag::kModelFile) + ") than " +
                                                         (*specs)[0].name() + "; run 'hrdex-index learn' the same way "
                                                         "on every shard, or merge shards tagged alike"));
    shards.push_back(std::move(*db));
  }

  std::vector<core::CrossShardDuplicate> duplicates;
  std::vector<core::CopyAcrossShards> format_copies;
  std::set<std::string> reviews;
  Xapian::Database all;
  try {
    duplicates = core::cross_shard_duplicates(shards);
    format_copies = core::format_copies_across(shards);
    reviews = reviews_across(shards);
    for (const auto& db : shards) all.add_database(db);
    // Renumbered in shard order: the first shard's documents first, each
    // shard's in its own order.
    all.compact(options.db.string());
  } catch (const Xapian::Error& e) {
    fs::remove_all(options.db, ec);
    std::string why = e.get_description();
    if (why.find("No space left on device") != std::string::npos) why = "the disk is full (" + why + ")";
    return fail(err, core::make_error(options.db.string(), "merging failed, nothing was written: " + why));
  }

  std::size_t dropped = 0, dropped_formats = 0, joined = 0;
  {
    auto db = core::open_index_for_writing(options.db);
    if (!db) return fail(err, db.error());
    try {
      dropped = drop_copies(*db, duplicates);
      dropped_formats = drop_format_copies(*db, format_copies);
      db->set_metadata(std::string(schema::kMetaShard), "");
      db->commit();
    } catch (const Xapian::Error& e) {
      return fail(err, core::make_error(options.db.string(), "removing copies failed: " + e.get_description()));
    }
  }
  auto writer = write::IndexWriter::open(options.db);
  if (!writer) return fail(err, writer.error());
  {
    auto merged = core::open_index_for_reading(options.db);
    if (!merged) return fail(err, merged.error());
    auto n = writer->join_responses(*merged, reviews);
    if (!n) return fail(err, n.error());
    joined = *n;
  }
  if (auto s = writer->commit(); !s) return fail(err, s.error());
  writer->refresh_columns(err);
  if (!model.empty()) {
    std::ofstream copy(options.db / tag::kModelFile, std::ios::binary);
    copy << model;
    if (!copy) return fail(err, core::make_error((options.db / tag::kModelFile).string(), "cannot write the model"));
  }

  auto merged = core::open_index_for_reading(options.db);
  if (!merged) return fail(err, merged.error());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto level = [&](std::string_view l) { return merged->get_termfreq(schema::boolean_term(prefix::kLevel, l)); };
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f", seconds);
  out << "merged " << shards.size() << " shard" << (shards.size() == 1 ? "" : "s") << " into " << options.db.string()
      << ": " << level(schema::kLevelDocument) << " documents, " << level(schema::kLevelUnit) << " units in " << secs
      << " s; duplicates across shards " << dropped << ", copies in another format across shards "
      << dropped_formats << ", reports joined across shards " << joined << '\n';
  print_duplicates(out, duplicates, *specs, "; the merged index keeps the first");
  print_format_copies(out, format_copies, *specs, "; the merged index keeps the latter");
  return kExitOk;
}

int run_join(const JoinOptions& options, std::ostream& out, std::ostream& err) {
  auto writer = write::IndexWriter::open(options.db);
  if (!writer) return fail(err, writer.error());
  std::vector<fs::path> all{options.db};
  all.insert(all.end(), options.others.begin(), options.others.end());
  auto shards = core::open_shards(all);
  if (!shards) return fail(err, shards.error());
  std::size_t joined = 0;
  try {
    // Only the reviews whose report is here and an addendum elsewhere.
    std::set<std::string> here = write::reviews_of(shards->each.front(), false), reviews;
    for (std::size_t s = 1; s < shards->each.size(); ++s)
      for (const std::string& review : write::reviews_of(shards->each[s], true))
        if (here.count(review)) reviews.insert(review);
    auto n = writer->join_responses(shards->combined, reviews);
    if (!n) return fail(err, n.error());
    joined = *n;
  } catch (const Xapian::Error& e) {
    return fail(err, core::make_error(options.db.string(), "reading the other shards failed: " + e.get_description()));
  }
  if (auto s = writer->commit(); !s) return fail(err, s.error());
  writer->refresh_columns(err);
  out << "joined responses from " << shards->each.size() - 1 << " other shard" << (shards->each.size() == 2 ? "" : "s")
      << " onto " << joined << " report" << (joined == 1 ? "" : "s") << " of " << options.db.string() << '\n';
  return kExitOk;
}

}  // namespace hrdex::indexer
