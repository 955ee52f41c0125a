#include "core/shards.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <set>

#include "core/index.hpp"
#include "core/record.hpp"
#include "core/schema.hpp"
#include "core/tag_vocabulary.hpp"
#include "core/text.hpp"

namespace hrdex::core {
namespace fs = std::filesystem;

namespace {

bool parse_unsigned(std::string_view s, unsigned& out) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// "HOST:PORT" (the host may be empty, as Xapian allows: localhost).
Expected<ShardSpec> tcp_spec(std::string_view address, const std::string& origin) {
  const auto colon = address.rfind(':');
  ShardSpec spec;
  spec.kind = ShardSpec::Kind::tcp;
  spec.origin = origin;
  if (colon == std::string_view::npos || !parse_unsigned(address.substr(colon + 1), spec.port) || spec.port == 0 ||
      spec.port > 65535)
    return make_error(origin, "remote shard '" + std::string(address) +
                                  "' is not HOST:PORT (Xapian's stub format: remote 127.0.0.1:7001)");
  spec.host = std::string(address.substr(0, colon));
  if (spec.host.empty()) spec.host = "localhost";
  return spec;
}

// One line of a stub file; nullopt-like empty kind for blank lines is
// handled by the caller.
Expected<ShardSpec> stub_line(std::string_view line, const fs::path& stub, const std::string& origin) {
  const auto space = line.find_first_of(" \t");
  const std::string_view type = line.substr(0, space);
  const std::string_view rest = space == std::string_view::npos ? std::string_view() : trim(line.substr(space + 1));
  auto local = [&](std::string_view path) -> Expected<ShardSpec> {
    ShardSpec spec;
    spec.origin = origin;
    spec.path = fs::path(std::string(path));
    if (spec.path.is_relative()) spec.path = stub.parent_path() / spec.path;
    return spec;
  };
  if (type == "auto" || type == "glass") {
    if (rest.empty()) return make_error(origin, "'" + std::string(type) + "' needs an index folder");
    return local(rest);
  }
  if (type == "remote") {
    if (rest.empty()) return make_error(origin, "'remote' needs HOST:PORT or :PROGRAM ARGS");
    if (rest.front() == ':') {
      const std::string_view command = trim(rest.substr(1));
      const auto gap = command.find_first_of(" \t");
      ShardSpec spec;
      spec.kind = ShardSpec::Kind::program;
      spec.origin = origin;
      spec.program = std::string(command.substr(0, gap));
      if (gap != std::string_view::npos) spec.args = std::string(trim(command.substr(gap + 1)));
      if (spec.program.empty()) return make_error(origin, "'remote :' needs a program");
      return spec;
    }
    return tcp_spec(rest, origin);
  }
  if (type == "chert" || type == "inmemory")
    return make_error(origin, "'" + std::string(type) + "' databases cannot hold an hrdex index");
  // A bare path, as Xapian also reads one.
  if (space == std::string_view::npos) return local(type);
  return make_error(origin, "unknown line type '" + std::string(type) + "' (expected auto, glass or remote)");
}

}  // namespace

Expected<ShardOfN> parse_shard_of_n(const std::string& text) {
  const auto slash = text.find('/');
  ShardOfN s;
  if (slash == std::string::npos || !parse_unsigned(std::string_view(text).substr(0, slash), s.k) ||
      !parse_unsigned(std::string_view(text).substr(slash + 1), s.n))
    return make_error("--shard", "'" + text + "' is not K/N (shard K of N, as --shard 2/4)");
  if (s.n == 0) return make_error("--shard", "'" + text + "': N must be at least 1");
  if (s.k == 0 || s.k > s.n)
    return make_error("--shard", "'" + text + "': K must be between 1 and N (" + std::to_string(s.n) + ")");
  return s;
}

bool in_shard(const std::string& document_id, const ShardOfN& shard) {
  std::uint64_t value = 0;
  const std::string_view hex = std::string_view(document_id).substr(0, 16);
  std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
  return value % shard.n == shard.k - 1;
}

std::string ShardSpec::name() const {
  switch (kind) {
    case Kind::local:
      return path.string();
    case Kind::tcp:
      return "remote " + host + ":" + std::to_string(port);
    case Kind::program:
      return "remote :" + program + (args.empty() ? "" : " " + args);
  }
  return {};
}

Expected<std::vector<ShardSpec>> shard_specs(const std::vector<fs::path>& dbs) {
  std::vector<ShardSpec> specs;
  for (const fs::path& db : dbs) {
    std::error_code ec;
    if (!fs::is_regular_file(db, ec)) {
      ShardSpec spec;
      spec.path = db;
      specs.push_back(std::move(spec));
      continue;
    }
    std::ifstream in(db);
    if (!in) return make_error(db.string(), "cannot read the stub database file");
    std::string line;
    int number = 0;
    const std::size_t before = specs.size();
    while (std::getline(in, line)) {
      ++number;
      const std::string_view text = trim(line);
      if (text.empty() || text.front() == '#') continue;
      auto spec = stub_line(text, db, db.string() + ":" + std::to_string(number));
      if (!spec) return spec.error();
      specs.push_back(std::move(*spec));
    }
    if (specs.size() == before) return make_error(db.string(), "stub database file names no shard");
  }
  if (specs.empty()) return make_error("--db", "no index named");
  return specs;
}

Expected<Xapian::Database> open_shard(const ShardSpec& spec, const ShardOptions& options) {
  const std::string where = spec.origin.empty() ? spec.name() : spec.origin + ": shard " + spec.name();
  if (spec.kind == ShardSpec::Kind::local) {
    auto db = open_index_for_reading(spec.path);
    if (!db && !spec.origin.empty()) return make_error(spec.origin, db.error().message());
    return db;
  }
  try {
    Xapian::Database db = spec.kind == ShardSpec::Kind::tcp
                              ? Xapian::Remote::open(spec.host, spec.port, options.timeout_ms, options.timeout_ms)
                              : Xapian::Remote::open(spec.program, spec.args, options.timeout_ms);
    if (auto s = check_schema_version(db, spec.name()); !s)
      return make_error(spec.origin, s.error().message());
    return db;
  } catch (const Xapian::NetworkTimeoutError& e) {
    return make_error(where, "no answer within " + std::to_string(options.timeout_ms) + " ms (" + e.get_msg() + ")");
  } catch (const Xapian::NetworkError& e) {
    std::string why = e.get_description();
    if (why.find("refused") != std::string::npos)
      why = "nothing is listening there (is xapian-tcpsrv running?): " + why;
    else if (why.find("version") != std::string::npos)
      why = "the server speaks another version of Xapian's remote protocol (this hrdex uses Xapian " +
            std::string(Xapian::version_string()) + "): " + why;
    return make_error(where, "cannot open the remote shard: " + why);
  } catch (const Xapian::Error& e) {
    return make_error(where, "cannot open the remote shard: " + e.get_description());
  }
}

Status check_same_taxonomies(const Xapian::Database& a, const std::string& a_name, const Xapian::Database& b,
                             const std::string& b_name) {
  const std::string key(schema::kMetaTagVocabulary);
  const std::string va = a.get_metadata(key), vb = b.get_metadata(key);
  if (va == vb) return ok_status();
  const TagVocabulary ta = TagVocabulary::from_json(va), tb = TagVocabulary::from_json(vb);
  // Which taxonomies differ, to say so.
  std::set<std::string> ids;
  for (const auto& [id, t] : ta.taxonomies()) ids.insert(id);
  for (const auto& [id, t] : tb.taxonomies()) ids.insert(id);
  std::string differ;
  for (const std::string& id : ids) {
    auto one = [&](const TagVocabulary& v) {
      TagVocabulary single;
      if (auto it = v.taxonomies().find(id); it != v.taxonomies().end()) single.add(id, it->second);
      return single.to_json();
    };
    if (one(ta) != one(tb)) differ += (differ.empty() ? "" : ", ") + id;
  }
  return make_error(b_name, "tagged with other taxonomies than " + a_name + " (" +
                                (differ.empty() ? std::string("the vocabularies differ") : "differing: " + differ) +
                                "); retag one with the other's taxonomies (hrdex-index retag --db ... --taxonomy-dir ...)");
}

Expected<Shards> open_shards(const std::vector<fs::path>& dbs, const ShardOptions& options) {
  auto specs = shard_specs(dbs);
  if (!specs) return specs.error();
  Shards shards;
  for (const ShardSpec& spec : *specs) {
    auto db = open_shard(spec, options);
    if (!db) {
      if (!options.skip_missing) return db.error();
      shards.missing.push_back(db.error());
      continue;
    }
    if (!shards.each.empty()) {
      try {
        if (auto s = check_same_taxonomies(shards.each.front(), shards.specs.front().name(), *db, spec.name()); !s)
          return s.error();
      } catch (const Xapian::Error& e) {
        return make_error(spec.name(), "cannot read the shard: " + e.get_description());
      }
    }
    shards.combined.add_database(*db);
    shards.specs.push_back(spec);
    shards.each.push_back(std::move(*db));
  }
  if (shards.each.empty())
    return make_error(shards.missing.front().where, "no shard could be opened: " + shards.missing.front().what);
  return shards;
}

std::vector<CrossShardDuplicate> cross_shard_duplicates(const std::vector<Xapian::Database>& shards) {
  const std::string p(schema::prefix::kContentHash);
  std::map<std::string, std::vector<std::size_t>> seen;  // hash -> shards holding it
  for (std::size_t s = 0; s < shards.size(); ++s)
    for (auto t = shards[s].allterms_begin(p); t != shards[s].allterms_end(p); ++t)
      seen[(*t).substr(p.size())].push_back(s);
  std::vector<CrossShardDuplicate> out;
  for (const auto& [hash, in] : seen) {
    if (in.size() < 2) continue;
    CrossShardDuplicate d{hash, {}};
    const std::string term = p + hash;
    for (std::size_t s : in)
      for (auto it = shards[s].postlist_begin(term); it != shards[s].postlist_end(term); ++it)
        if (auto record = document_from_json(shards[s].get_document(*it).get_data()))
          d.copies.push_back({s, record->id, record->path});
    if (d.copies.size() > 1) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace hrdex::core
