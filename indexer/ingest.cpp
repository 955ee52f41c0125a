#include "indexer/ingest.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/countries.hpp"
#include "core/index.hpp"
#include "core/language.hpp"
#include "core/schema.hpp"
#include "core/shards.hpp"
#include "core/text.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/language.hpp"
#include "indexer/tag/unit_tagger.hpp"
#include "indexer/write/format_copies.hpp"
#include "taxonomy/source.hpp"
#include "indexer/understand/title.hpp"
#include "indexer/understand/understand.hpp"

namespace hrdex::indexer {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kProgram = "hrdex-index";

void report(std::ostream& err, std::string_view severity, const core::Error& e) {
  err << kProgram << ": " << severity << ": " << e.message() << '\n';
}

std::int64_t mtime_seconds(const fs::path& p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) return 0;
  auto sys = std::chrono::file_clock::to_sys(t);
  return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}

bool hidden(const fs::path& p) {
  std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

fs::path canonical_or_absolute(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

}  // namespace

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool not_a_document(const fs::path& file) {
  // Images stay out of this list: a scanned page saved as an image is a
  // document hrdex cannot read, and says so.
  static const std::set<std::string, std::less<>> extensions = {
      ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".yaml", ".yml", ".toml", ".xlsx", ".xls", ".ods",
      ".sqlite", ".db", ".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".ico",
      ".svg", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".exe", ".dll", ".so", ".o"};
  return extensions.count(core::ascii_lower(file.extension().string())) > 0;
}

FileList collect_files(const std::vector<fs::path>& inputs) {
  FileList list;
  for (const fs::path& input : inputs) {
    std::error_code ec;
    auto status = fs::status(input, ec);
    if (ec || !fs::exists(status)) {
      list.errors.push_back(core::make_error(input.string(), "no such file or directory"));
      continue;
    }
    if (!fs::is_directory(status)) {
      list.files.push_back(input);
      continue;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      list.errors.push_back(core::make_error(input.string(), "cannot read folder: " + ec.message()));
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        list.errors.push_back(core::make_error(input.string(), "cannot read folder: " + ec.message()));
        break;
      }
      if (hidden(it->path())) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      if (not_a_document(it->path()))
        list.skipped.push_back(it->path());
      else
        found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    std::sort(list.skipped.begin(), list.skipped.end());
    list.files.insert(list.files.end(), found.begin(), found.end());
  }
  return list;
}

// Manifest values replace what detection found, on the document and on the
// copies of document fields its units carry.
void apply_overrides(write::PreparedDocument& doc, const DocumentOverrides& o, const core::CountryTable& countries) {
  core::DocumentRecord& r = doc.record;
  if (!o.symbol.empty()) {
    r.symbol = o.symbol;
    if (std::find(r.symbols.begin(), r.symbols.end(), o.symbol) == r.symbols.end()) r.symbols.insert(r.symbols.begin(), o.symbol);
    for (auto& u : doc.units) u.symbol = o.symbol;
  }
  if (!o.state.empty()) {
    if (auto c = countries.find(o.state)) {
      r.state = c->iso3;
      r.state_name = c->name;
    } else {
      r.warnings.push_back("manifest: unknown State '" + o.state + "' ignored");
    }
  }
  if (!o.date.empty()) r.date = o.date;
  if (!o.source_url.empty()) r.source_url = o.source_url;
}

// A label people gave (a thematic list's theme or affected persons) that
// maps onto no tag is kept on its unit as printed, and named in a warning
// with the recommendations that carry it, so a taxonomy can learn it.
std::vector<std::string> unmapped_label_warnings(const std::vector<core::UnitRecord>& units,
                                                 const tag::UnitTagger& tagger) {
  std::vector<std::pair<std::string, std::vector<std::string>>> unmapped;  // in order met
  for (const auto& u : units) {
    for (std::string& what : tagger.unmapped_labels(u)) {
      auto it = std::find_if(unmapped.begin(), unmapped.end(), [&](const auto& e) { return e.first == what; });
      if (it == unmapped.end()) it = unmapped.insert(unmapped.end(), {std::move(what), {}});
      it->second.push_back(u.number.empty() ? "unit " + std::to_string(u.ordinal) : u.number);
    }
  }
  std::vector<std::string> warnings;
  for (const auto& [what, where] : unmapped) {
    std::string list;
    for (std::size_t i = 0; i < where.size() && i < 5; ++i) list += (i ? ", " : "") + where[i];
    if (where.size() > 5) list += " and " + std::to_string(where.size() - 5) + " more";
    const bool code = what.rfind("unknown UHRI code", 0) == 0;
    warnings.push_back(
        "thematic list: recommendation" + std::string(where.size() == 1 ? " " : "s ") + list + ": " + what +
        (code ? "; add the code" : " maps to no tag; add the label") + " to a tag's aliases in the " +
        (what.find("affected persons") != std::string::npos && !code ? "affected-persons" : "themes") + " taxonomy");
  }
  return warnings;
}

core::Expected<write::PreparedDocument> prepare_document(const fs::path& file, const DocumentOverrides& overrides,
                                                         const tag::UnitTagger* tagger, bool ocr) {
  auto bytes = extract::read_file_bytes(file);
  if (!bytes) return bytes.error();
  auto extracted = extract::extract_loaded(file, *bytes, extract::OcrOptions{ocr, overrides.language});
  if (!extracted) return extracted.error();
  if (!overrides.language.empty()) extracted->meta.language = overrides.language;
  if (!overrides.title.empty()) extracted->meta.title = overrides.title;

  auto countries = core::CountryTable::shared();
  if (!countries) return countries.error();

  const fs::path canonical = canonical_or_absolute(file);
  const std::string kind = overrides.kind.empty() ? understand::classify(*extracted, canonical) : overrides.kind;
  understand::Understanding found = understand::understand(*extracted, kind, **countries);
  const understand::DocumentInfo& info = found.info;

  write::PreparedDocument doc;
  core::DocumentRecord& r = doc.record;
  r.id = write::document_id_for_path(canonical);
  r.path = canonical.string();
  std::error_code ec;
  r.size = fs::file_size(file, ec);
  r.mtime = mtime_seconds(file);
  r.format = std::string(extract::format_name(extracted->format));
  r.kind = info.kind;
  r.symbol = info.symbols.empty() ? std::string() : info.symbols.front();
  r.symbols = info.symbols;
  r.title = overrides.title.empty() ? understand::document_title(*extracted, info) : overrides.title;
  r.language = extracted->meta.language.empty() ? std::string(core::kDefaultLanguage) : extracted->meta.language;
  // The date printed on the document beats the file's creation date.
  r.date = info.date.empty() ? extracted->meta.created : info.date;
  r.page_count = extracted->meta.page_count;
  r.indexed_at = utc_now();
  r.warnings = extracted->warnings;
  r.warnings.insert(r.warnings.end(), found.warnings.begin(), found.warnings.end());
  r.content_hash = core::content_hash(*bytes);
  r.state = info.state;
  r.state_name = info.state_name;
  r.session = info.session;
  r.cycle = info.cycle;
  r.body = info.body;
  r.report_cycle = info.report_cycle;
  r.answers = info.answers;
  r.review = info.review;
  r.responses = std::move(found.responses);
  r.addressee = std::move(found.addressee);
  r.signatories = std::move(found.signatories);
  r.followup_paragraphs = std::move(found.followup_paragraphs);
  r.next_report_date = std::move(found.next_report_date);
  r.mandate = info.mandate;

  int ordinal = 0;
  for (auto& u : found.units) {
    u.ordinal = ++ordinal;
    u.id = r.id + "-" + std::to_string(ordinal);
    u.parent = r.id;
    doc.units.push_back(std::move(u));
  }
  r.unit_count = ordinal;
  r.ocr_pages = extracted->meta.ocr_pages;
  for (auto& u : doc.units)
    u.ocr = std::find(r.ocr_pages.begin(), r.ocr_pages.end(), u.page) != r.ocr_pages.end();
  apply_overrides(doc, overrides, **countries);
  // A language Xapian cannot stem is indexed as written: searches then
  // find only the forms typed. Chinese, Japanese and Korean need no
  // stemmer (their text is indexed in character n-grams).
  if (core::stemmer_name(r.language) == "none" && r.language != "zh" && r.language != "ja" && r.language != "ko")
    r.warnings.push_back("no stemmer for language '" + r.language + "' (" + extract::language_name(r.language) +
                         "): its words are indexed and searched as written");
  // After the overrides: a manifest's language decides the stemmer.
  if (tagger) tag_document(doc, *tagger);
  return doc;
}

void tag_document(write::PreparedDocument& doc, const tag::UnitTagger& tagger) {
  const core::DocumentRecord& r = doc.record;
  for (auto& u : doc.units) u.tags = tagger.tag(u, tag::TagContext{r.language, r.state});
  for (std::string& w : unmapped_label_warnings(doc.units, tagger)) doc.record.warnings.push_back(std::move(w));
}

int run_remove(const RemoveOptions& options, std::ostream& out, std::ostream& err) {
  auto writer = write::IndexWriter::open(options.db);
  if (!writer) {
    report(err, "error", writer.error());
    return kExitFatal;
  }
  std::size_t removed = 0, missing = 0;
  std::vector<core::DocumentRecord> all;  // read once, only when a folder is named
  bool have_all = false;
  for (const fs::path& input : options.inputs) {
    const fs::path canonical = canonical_or_absolute(input);
    auto gone = writer->remove(write::document_id_for_path(canonical));
    if (!gone) {
      report(err, "error", gone.error());
      return kExitFatal;
    }
    if (*gone) {
      ++removed;
      continue;
    }
    // Not a file the index holds: perhaps a folder, whose documents all go.
    if (!have_all) {
      all = writer->documents();
      have_all = true;
    }
    std::string folder = canonical.string();
    if (folder.empty() || folder.back() != '/') folder += '/';
    std::size_t in_folder = 0;
    for (const auto& r : all) {
      if (r.path.compare(0, folder.size(), folder) != 0) continue;
      auto done = writer->remove(r.id);
      if (!done) {
        report(err, "error", done.error());
        return kExitFatal;
      }
      if (*done) ++in_folder;
    }
    if (in_folder == 0) {
      report(err, "error", core::make_error(input.string(), "not in the index"));
      ++missing;
    }
    removed += in_folder;
  }
  if (auto s = writer->commit(); !s) {
    report(err, "error", s.error());
    return kExitFatal;
  }
  writer->refresh_columns(err);
  out << "removed " << removed << " document" << (removed == 1 ? "" : "s") << '\n';
  return missing ? kExitSomeFailed : kExitOk;
}

namespace {

// Exact counts per value of one boolean prefix, within one level.
std::map<std::string, Xapian::doccount> count_by(const Xapian::Database& db, std::string_view level,
                                                 std::string_view field_prefix) {
  std::map<std::string, Xapian::doccount> counts;
  Xapian::Enquire enquire(db);
  const Xapian::Query level_query(core::schema::boolean_term(core::schema::prefix::kLevel, level));
  const std::string p(field_prefix);
  for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
    std::string value = (*t).substr(p.size());
    // Single-letter prefixes share their letter with longer X prefixes only
    // when the value starts with a capital, which hrdex never writes.
    if (!value.empty() && value[0] >= 'A' && value[0] <= 'Z') continue;
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, level_query, Xapian::Query(*t)));
    Xapian::MSet m = enquire.get_mset(0, 0, db.get_doccount());
    if (m.get_matches_estimated() > 0) counts[value] = m.get_matches_estimated();
  }
  return counts;
}

}  // namespace

namespace {

// The recorded taxonomies (schema kMetaWrittenBy) with what their files
// hold now: "edited since" when the hash differs, "file gone" when missing.
nlohmann::json written_by(const Xapian::Database& db) {
  auto j = nlohmann::json::parse(db.get_metadata(std::string(core::schema::kMetaWrittenBy)), nullptr, false);
  if (!j.is_object()) return nlohmann::json();
  if (auto t = j.find("taxonomies"); t != j.end() && t->is_array()) {
    for (auto& taxonomy : *t) {
      if (!taxonomy.is_object() || !taxonomy.contains("file") || !taxonomy["file"].is_string()) continue;
      std::ifstream in(taxonomy["file"].get<std::string>(), std::ios::binary);
      if (!in) {
        taxonomy["now"] = "file gone";
        continue;
      }
      std::ostringstream bytes;
      bytes << in.rdbuf();
      taxonomy["now"] = core::short_hash(bytes.str()) == taxonomy.value("hash", "") ? "unchanged" : "edited since";
    }
  }
  return j;
}

}  // namespace

int run_stats(const StatsOptions& options, std::ostream& out, std::ostream& err) {
  auto shards = core::open_shards(options.db, core::ShardOptions{options.timeout_ms, options.skip_missing});
  if (!shards) {
    report(err, "error", shards.error());
    return kExitFatal;
  }
  for (const core::Error& e : shards->missing) report(err, "warning", core::make_error(e.where, e.what + "; counted without it"));
  namespace schema = core::schema;
  const Xapian::Database& db = shards->combined;
  std::string name;
  for (const auto& spec : shards->specs) name += (name.empty() ? "" : ", ") + spec.name();
  const std::string level_document = schema::boolean_term(schema::prefix::kLevel, schema::kLevelDocument);
  const std::string level_unit = schema::boolean_term(schema::prefix::kLevel, schema::kLevelUnit);
  try {
    auto docs = db.get_termfreq(level_document);
    auto units = db.get_termfreq(level_unit);
    auto docs_by_kind = count_by(db, schema::kLevelDocument, schema::prefix::kDocKind);
    auto docs_by_format = count_by(db, schema::kLevelDocument, schema::prefix::kFormat);
    auto units_by_kind = count_by(db, schema::kLevelUnit, schema::prefix::kUnitKind);
    auto units_by_doc_kind = count_by(db, schema::kLevelUnit, schema::prefix::kDocKind);
    // A set of shards: each shard's share, and files found in more than one.
    nlohmann::json per_shard = nlohmann::json::array();
    std::vector<core::CrossShardDuplicate> duplicates;
    std::vector<core::CopyAcrossShards> format_copies;
    if (shards->each.size() > 1 || !shards->missing.empty()) {
      for (std::size_t i = 0; i < shards->each.size(); ++i)
        per_shard.push_back({{"shard", shards->specs[i].name()},
                             {"k_of_n", shards->each[i].get_metadata(std::string(schema::kMetaShard))},
                             {"documents", shards->each[i].get_termfreq(level_document)},
                             {"units", shards->each[i].get_termfreq(level_unit)}});
      duplicates = core::cross_shard_duplicates(shards->each);
      format_copies = core::format_copies_across(shards->each);
    }
    nlohmann::json missing = nlohmann::json::array();
    for (const core::Error& e : shards->missing) missing.push_back(e.message());
    const std::string created_by = db.get_metadata(std::string(schema::kMetaCreatedBy));
    const nlohmann::json writer = written_by(db);
    if (options.json) {
      nlohmann::json j = {{"index", name},
                          {"schema_version", schema::kSchemaVersion},
                          {"created_by", created_by},
                          {"written_by", writer},
                          {"documents", docs},
                          {"units", units},
                          {"documents_by_kind", docs_by_kind},
                          {"documents_by_format", docs_by_format},
                          {"units_by_kind", units_by_kind},
                          {"units_by_document_kind", units_by_doc_kind}};
      if (!per_shard.empty()) {
        j["shards"] = per_shard;
        j["missing_shards"] = missing;
        nlohmann::json dups = nlohmann::json::array();
        for (const auto& d : duplicates) {
          nlohmann::json copies = nlohmann::json::array();
          for (const auto& c : d.copies) copies.push_back({{"shard", shards->specs[c.shard].name()}, {"path", c.path}});
          dups.push_back({{"content_hash", d.content_hash}, {"copies", copies}});
        }
        j["duplicates_across_shards"] = dups;
        nlohmann::json formats = nlohmann::json::array();
        for (const auto& c : format_copies)
          formats.push_back({{"symbol", c.kept.symbol},
                             {"kept", {{"shard", shards->specs[c.kept_shard].name()}, {"path", c.kept.path}}},
                             {"left_out", {{"shard", shards->specs[c.left_out_shard].name()}, {"path", c.left_out.path}}}});
        j["format_copies_across_shards"] = formats;
      }
      out << j.dump(2) << '\n';
      return kExitOk;
    }
    auto table = [&](std::string_view title, const std::map<std::string, Xapian::doccount>& counts) {
      out << "  " << title << ":\n";
      for (const auto& [k, n] : counts) out << "    " << k << std::string(k.size() < 24 ? 24 - k.size() : 1, ' ') << n << '\n';
    };
    out << "index " << name << " (schema " << schema::kSchemaVersion << ")\n";
    out << "created by " << (created_by.empty() ? "an unknown version" : created_by) << "; last written by "
        << (writer.is_object() ? "hrdex " + writer.value("hrdex", "?") : "a version that did not record itself") << '\n';
    if (writer.is_object() && writer.contains("taxonomies") && writer["taxonomies"].is_array()) {
      out << "  taxonomies:\n";
      for (const auto& t : writer["taxonomies"]) {
        const std::string id = t.value("id", "?"), now = t.value("now", "");
        out << "    " << id << std::string(id.size() < 24 ? 24 - id.size() : 1, ' ') << t.value("hash", "?") << "  "
            << t.value("file", "?") << (now.empty() || now == "unchanged" ? "" : " (" + now + ")") << '\n';
      }
    }
    for (const auto& s : per_shard)
      out << "  shard " << s["shard"].get<std::string>()
          << (s["k_of_n"].get<std::string>().empty() ? "" : " (" + s["k_of_n"].get<std::string>() + ")") << ": "
          << s["documents"] << " documents, " << s["units"] << " units\n";
    for (const auto& m : missing) out << "  missing: " << m.get<std::string>() << '\n';
    if (!per_shard.empty()) {
      std::size_t copies = 0;
      for (const auto& d : duplicates) copies += d.copies.size() - 1;
      out << "  duplicates across shards: " << copies << '\n';
      for (const auto& d : duplicates)
        for (std::size_t c = 1; c < d.copies.size(); ++c)
          out << "    " << d.copies[c].path << " (" << shards->specs[d.copies[c].shard].name() << ") = "
              << d.copies.front().path << " (" << shards->specs[d.copies.front().shard].name() << ")\n";
      out << "  copies in another format across shards: " << format_copies.size() << '\n';
      for (const auto& c : format_copies)
        out << "    " << c.left_out.path << " (" << shards->specs[c.left_out_shard].name() << ") ~ " << c.kept.path
            << " (" << shards->specs[c.kept_shard].name() << "), " << c.kept.symbol << '\n';
    }
    out << "documents: " << docs << '\n';
    table("by kind", docs_by_kind);
    table("by format", docs_by_format);
    out << "units: " << units << '\n';
    table("by unit kind", units_by_kind);
    table("by document kind", units_by_doc_kind);
  } catch (const Xapian::Error& e) {
    report(err, "error", core::make_error(name, "reading the index failed: " + e.get_description()));
    return kExitFatal;
  }
  return kExitOk;
}

namespace {

std::uintmax_t folder_size(const fs::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  return total;
}

}  // namespace

int run_compact(const CompactOptions& options, std::ostream& out, std::ostream& err) {
  // Opening for writing checks the schema and takes the lock, so no ingest
  // can run while the copy is made.
  auto db = core::open_index_for_writing(options.db);
  if (!db) {
    report(err, "error", db.error());
    return kExitFatal;
  }
  const fs::path dir = fs::absolute(options.db).lexically_normal();
  std::string suffix = std::to_string(getpid());
  suffix.insert(0, 1, '.');  // not "." + ...: GCC 12 -O3 warns falsely (-Wrestrict) on that
  const fs::path copy = dir.string() + ".compacting" + suffix;
  const fs::path old = dir.string() + ".old" + suffix;
  const std::uintmax_t before = folder_size(dir);
  std::error_code ec;
  try {
    db->compact(copy.string(), Xapian::DBCOMPACT_NO_RENUMBER);
  } catch (const Xapian::Error& e) {
    fs::remove_all(copy, ec);
    std::string why = e.get_description();
    if (why.find("No space left on device") != std::string::npos) why = "the disk is full (" + why + ")";
    report(err, "error", core::make_error(dir.string(), "compacting failed; the index is unchanged: " + why));
    return kExitFatal;
  }
  // Two renames: readers opening the index between them get a clear "not
  // an hrdex index"; the lock is on the old files until the end.
  fs::rename(dir, old, ec);
  if (ec) {
    fs::remove_all(copy, ec);
    report(err, "error", core::make_error(dir.string(), "cannot swap in the compacted copy: " + ec.message()));
    return kExitFatal;
  }
  fs::rename(copy, dir, ec);
  if (ec) {
    std::error_code back;
    fs::rename(old, dir, back);
    report(err, "error", core::make_error(dir.string(), "cannot swap in the compacted copy: " + ec.message()));
    return kExitFatal;
  }
  db->close();
  fs::remove_all(old, ec);
  // The copy is a new database (its own UUID), so the old columns are stale.
  if (auto compacted = core::open_index_for_reading(dir); compacted) write::refresh_columns(*compacted, dir, err);
  const std::uintmax_t after = folder_size(dir);
  out << "compacted " << dir.string() << ": " << before / (1024 * 1024) << " MiB -> " << after / (1024 * 1024)
      << " MiB\n";
  return kExitOk;
}

}  // namespace hrdex::indexer
