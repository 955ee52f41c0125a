#include "serve/app.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/index.hpp"
#include "core/record.hpp"
#include "core/schema.hpp"
#include "core/tag_vocabulary.hpp"
#include "core/text.hpp"
#include "query/extract_command.hpp"
#include "query/extract_writers.hpp"
#include "query/fields.hpp"
#include "query/html.hpp"
#include "query/json_fields.hpp"
#include "query/json_text.hpp"
#include "query/show.hpp"
#include "query/similar.hpp"
#include "serve/assets.hpp"
#include "serve/openapi.hpp"

namespace hrdex::serve {
namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJson = "application/json";

// Pages list at most this many units of a document.
constexpr int kDocumentUnitsListed = 300;
// Source files larger than this are not sent (none of the formats hrdex
// reads comes near it).
constexpr std::uintmax_t kLargestSource = 512u << 20;

Response json_response(int status, std::string json_text) {
  Response r;
  r.status = status;
  r.content_type = kJson;
  r.body = std::move(json_text);
  r.body += '\n';
  return r;
}

Response json_response(int status, const nlohmann::ordered_json& j) { return json_response(status, query::dump_json(j)); }

// The column of a query error ("query:9"), or 0.
int error_column(const core::Error& e) {
  if (e.where.rfind("query:", 0) != 0) return 0;
  try {
    return std::stoi(e.where.substr(6));
  } catch (const std::exception&) {
    return 0;
  }
}

query::SearchRequest to_request(const SearchState& s, bool facets) {
  query::SearchRequest r;
  r.query = query_text(s);
  r.offset = s.offset;
  r.limit = s.limit;
  r.sort = s.sort;
  r.collapse = s.collapse;
  r.collapse_languages = s.collapse_languages;
  r.documents = s.documents;
  r.all_states = s.all_states;
  r.facets = facets;
  return r;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// The answer of a search, similar or facets request, as JSON text.
std::string result_json(const query::SearchResult& result, const query::SearchRequest& request,
                        const std::vector<query::HitField>& fields) {
  std::string out = "{";
  query::append_member(out, "query", request.query, true);
  query::append_member(out, "total", result.total);
  query::append_member(out, "offset", request.offset);
  query::append_member(out, "limit", request.limit);
  out += ",\"hits\":[";
  for (std::size_t i = 0; i < result.hits.size(); ++i) {
    if (i) out += ',';
    out += query::hit_json(result.hits[i], fields);
  }
  out += ']';
  if (request.facets) out += ",\"facets\":" + query::facets_json(result.facets);
  if (!result.suggestion.empty()) query::append_member(out, "suggestion", result.suggestion);
  if (!result.notes.empty()) query::append_member(out, "notes", result.notes);
  out += '}';
  return out;
}

std::string content_type_of(std::string_view format) {
  if (format == "pdf") return "application/pdf";
  if (format == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (format == "odt") return "application/vnd.oasis.opendocument.text";
  if (format == "doc") return "application/msword";
  if (format == "html") return "text/html";
  if (format == "markdown") return "text/markdown";
  if (format == "text") return "text/plain";
  return "application/octet-stream";
}

// Content-Disposition for a download named `name`: an ASCII fallback and
// the UTF-8 name (RFC 6266).
std::string attachment(std::string_view name) {
  std::string ascii;
  for (unsigned char c : name)
    ascii.push_back(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' ? static_cast<char>(c) : '_');
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percent_encode(name);
}

// A file name made of an extract's selectors: "recommendations-epa.md".
std::string extract_file_name(const ExtractState& s) {
  std::string slug = "recommendations";
  for (const std::string* part : {&s.agency, &s.wg, &s.theme, &s.state, &s.q}) {
    if (part->empty()) continue;
    slug += '-';
    for (char c : core::ascii_lower(*part)) {
      const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (keep) slug += c;
      else if (slug.back() != '-') slug += '-';
    }
    while (slug.back() == '-') slug.pop_back();
  }
  if (slug.size() > 80) slug.resize(80);
  const std::string& f = s.format;
  return slug + (f == "markdown" ? ".md" : f == "html" ? ".html" : f == "csv" ? ".csv" : f == "docx" ? ".docx" : ".json");
}

std::string extract_content_type(std::string_view format) {
  if (format == "markdown") return "text/markdown; charset=utf-8";
  if (format == "html") return "text/html; charset=utf-8";
  if (format == "csv") return "text/csv; charset=utf-8";
  if (format == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  return std::string(kJson);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> security_headers() {
  return {
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  };
}

core::Expected<std::string> base_path(std::string_view url) {
  if (url.empty()) return std::string();
  std::string_view path = url;
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    const std::string_view s = url.substr(0, scheme);
    if (s != "http" && s != "https") return core::make_error("--base-url", "an http:// or https:// URL, or a path such as /hrdex");
    const auto slash = url.find('/', scheme + 3);
    path = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
  }
  if (path.empty() || path.front() != '/') return core::make_error("--base-url", "a path must start with '/', as /hrdex");
  for (unsigned char c : path)
    if (c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '?' || c == '#' || c == '\\' || c >= 0x7f)
      return core::make_error("--base-url", "the path may hold letters, digits and - _ . / only");
  std::string p(path);
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p;
}

core::Expected<std::unique_ptr<App>> App::open(const ServeOptions& options) {
  auto base = base_path(options.base_url);
  if (!base) return base.error();
  auto synonyms = query::load_synonym_files(options.synonym_files, options.no_synonyms);
  if (!synonyms) return synonyms.error();
  if (options.dbs.empty()) return core::make_error("--db", "no index given");
  auto shards = core::open_shards(options.dbs, options.shards);
  if (!shards) return shards.error();
  std::unique_ptr<App> app(new App(options, *base, std::move(*synonyms)));
  app->documents_ = shards->combined.get_doccount();
  app->missing_at_start_ = shards->missing;
  return app;
}

App::App(ServeOptions options, std::string base, query::SynonymTable synonyms)
    : options_(std::move(options)),
      synonyms_(std::move(synonyms)),
      searchers_(options_.active != 0 ? options_.active : cores_ + 1),
      workers_(static_cast<unsigned>(searchers_.size())) {
  ctx_.base = std::move(base);
  for (const auto& db : options_.dbs) {
    std::string name = db.filename().string();
    if (name.empty()) name = db.parent_path().filename().string();
    ctx_.index_name += (ctx_.index_name.empty() ? "" : " + ") + name;
  }
}

core::Expected<query::Searcher*> App::searcher(unsigned worker) {
  if (searchers_[worker]) return searchers_[worker].get();
  auto s = query::Searcher::open(options_.dbs, options_.shards);
  std::error_code ec;
  for (const auto& db : options_.dbs)
    if (!s && !std::filesystem::exists(db, ec))
      return core::make_error(db.string(), "the index is gone (deleted or moved since hrdex-serve started)");
  if (!s) return s.error();
  s->set_synonyms(synonyms_);
  searchers_[worker] = std::make_unique<query::Searcher>(std::move(*s));
  return searchers_[worker].get();
}

Response App::html(int status, std::string body) const {
  Response r;
  r.status = status;
  r.content_type = kHtml;
  r.body = std::move(body);
  return r;
}

Response App::page_error(int status, std::string_view message) const { return html(status, error_page(ctx_, status, message)); }

Response App::json_error(int status, const core::Error& e) const {
  nlohmann::ordered_json err = {{"status", status}, {"message", e.message()}, {"where", e.where}};
  if (int column = error_column(e); column > 0) err["column"] = column;
  return json_response(status, {{"error", std::move(err)}});
}

std::string App::index_names() const {
  std::string names;
  for (const auto& db : options_.dbs) names += (names.empty() ? "" : ", ") + db.string();
  return names;
}

namespace {

// An answer from some of the shards says so: pages in a banner, JSON in
// "missing_shards", every answer in a header. Never silently partial.
void name_missing_shards(Response& response, const std::vector<core::Error>& missing) {
  if (missing.empty()) return;
  std::string header;
  for (const core::Error& e : missing) header += (header.empty() ? "" : "; ") + e.where;
  response.headers.emplace_back("X-Hrdex-Missing-Shards", header);
  if (response.content_type == kJson && !response.body.empty() && response.body.front() == '{') {
    auto j = nlohmann::ordered_json::parse(response.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const core::Error& e : missing) list.push_back({{"shard", e.where}, {"message", e.message()}});
    j["missing_shards"] = std::move(list);
    response.body = query::dump_json(j) + "\n";
  } else if (response.content_type == kHtml) {
    const auto main = response.body.find("<main>");
    if (main == std::string::npos) return;
    std::string banner = "<p class=\"error\" role=\"alert\">Answered without ";
    banner += missing.size() == 1 ? "a shard" : std::to_string(missing.size()) + " shards";
    banner += ": the counts and hits below are partial.";
    for (const core::Error& e : missing) banner += "<br>" + query::escape_html(e.message());
    banner += "</p>";
    response.body.insert(main + 6, banner);
  }
}

}  // namespace

Response App::handle(const Request& request) {
  const bool api_request = request.target.rfind(ctx_.base + "/api/", 0) == 0 || request.target.rfind("/api/", 0) == 0;
  auto fail = [&](int status, const core::Error& e) { return api_request ? json_error(status, e) : page_error(status, e.message()); };
  Response response;
  if (request.method != "GET" && request.method != "HEAD") {
    response = fail(405, core::make_error(request.method, "only GET and HEAD are served: hrdex-serve is read-only"));
    response.headers.emplace_back("Allow", "GET, HEAD");
  } else if (auto target = parse_target(request.target, options_.limits); !target) {
    const bool too_long = request.target.size() > options_.limits.max_target;
    response = fail(too_long ? 414 : 400, target.error());
  } else {
    // Behind a proxy that passes the prefix on, links and requests both carry it.
    if (!ctx_.base.empty() && (target->path == ctx_.base || target->path.rfind(ctx_.base + "/", 0) == 0))
      target->path = target->path == ctx_.base ? "/" : target->path.substr(ctx_.base.size());
    workers_.run([&](unsigned worker) {
      auto s = searcher(worker);
      if (!s) {
        response = fail(503, s.error());
      } else {
        // Matching one search on two threads saves its time only while the
        // cores are free; when other requests are in flight the second
        // thread takes a core from them, and halving the work costs more in
        // all (each half opens its postings and skips to its range).
        const bool cores_free = 2 * workers_.waiting_or_active() <= cores_;
        (*s)->set_parallel_min_documents(cores_free ? query::Searcher::kParallelMinDocuments
                                                    : std::numeric_limits<Xapian::doccount>::max());
        try {
          auto fresh = (*s)->refresh();
          if (!fresh) response = fail(503, fresh.error());
          else response = route(request, *target, **s);
          name_missing_shards(response, (*s)->missing_shards());
        } catch (const Xapian::DatabaseModifiedError& e) {
          // A commit overtook this request's read; the next one reads the new revision.
          auto again = (*s)->refresh();
          response = again ? route(request, *target, **s) : fail(503, again.error());
        } catch (const Xapian::Error& e) {
          response = fail(503, core::make_error(index_names(), "cannot read the index: " + e.get_description()));
        } catch (const std::exception& e) {
          std::cerr << "hrdex-serve: error: " << request.method << ' ' << request.target << ": " << e.what() << '\n';
          response = fail(500, core::make_error("", "the server failed on this request; it has been logged"));
        }
      }
    });
  }
  for (auto& h : security_headers())
    if (std::none_of(response.headers.begin(), response.headers.end(), [&](const auto& x) { return x.first == h.first; }))
      response.headers.push_back(std::move(h));
  return response;
}

Response App::route(const Request& request, const Target& target, query::Searcher& searcher) {
  const std::string& path = target.path;
  const auto segments = core::split(path.substr(1), '/');
  auto is = [&](std::initializer_list<std::string_view> want) {
    if (segments.size() != want.size()) return false;
    std::size_t i = 0;
    for (auto w : want) {
      if (w != "*" && segments[i] != w) return false;
      ++i;
    }
    return true;
  };
  if (path == "/") return search_page(target.params, searcher);
  if (is({"units", "*"})) return unit_page(segments[1], searcher);
  if (is({"documents", "*", "source"})) return source_file(segments[1], searcher);
  if (path == "/extract") return extract_page(target.params, searcher);
  if (path == "/help/syntax") return html(200, syntax_page(ctx_));
  if (is({"static", "*"}) || path == "/favicon.ico") {
    const Asset* a = find_asset(path == "/favicon.ico" ? "icon.svg" : segments[1]);
    if (!a) return page_error(404, "no such file: " + path);
    Response r;
    r.content_type = a->content_type;
    r.body = a->body;
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return r;
  }
  if (path == "/api/search") return api_search(target.params, searcher);
  if (path == "/api/count") return api_count(target.params, searcher);
  if (path == "/api/facets") return api_facets(target.params, searcher);
  if (path == "/api/extract") return api_extract(target.params, searcher);
  if (is({"api", "units", "*"})) return api_unit(segments[2], searcher);
  if (is({"api", "units", "*", "similar"})) return api_similar(segments[2], target.params, searcher);
  if (path == "/api/openapi.json") {
    Response r;
    r.content_type = kJson;
    r.body = openapi_document(ctx_.base);
    return r;
  }
  (void)request;
  const core::Error e = core::make_error(path, "no such page");
  return path.rfind("/api/", 0) == 0 ? json_error(404, e) : page_error(404, e.message());
}

Response App::search_page(const Params& params, query::Searcher& searcher) {
  SearchView view;
  auto state = search_state(params, options_.limits, 20);
  if (!state) {
    view.error = state.error().message();
    return html(400, serve::search_page(ctx_, view));
  }
  view.state = *state;
  query::SearchRequest request = to_request(view.state, true);
  core::Expected<query::SearchResult> result = core::make_error("", "");
  if (blank(request.query)) {
    // Nothing asked yet: the facets over every unit, to start from.
    view.browsing = true;
    request.limit = 0;
    request.offset = 0;
    result = searcher.run_reopening(Xapian::Query::MatchAll, request, true);
  } else {
    result = searcher.search(request);
  }
  if (!result) {
    view.error = result.error().message();
    return html(400, serve::search_page(ctx_, view));
  }
  view.result = &*result;
  return html(200, serve::search_page(ctx_, view));
}

Response App::unit_page(const std::string& id, query::Searcher& searcher) {
  if (!valid_id(id)) return page_error(404, id + ": no unit or document with this id");
  auto shown = query::load_shown(searcher.database(), id);
  if (!shown) return page_error(404, shown.error().message());
  UnitView view;
  view.shown = &*shown;
  std::optional<query::SearchResult> similar;
  if (shown->unit) {
    query::SimilarRequest sim;
    sim.id = id;
    query::SearchRequest request;
    request.query = "similar to " + id;
    request.limit = 10;
    if (auto r = query::find_similar(searcher, sim, request)) similar = std::move(*r);
    view.similar = similar ? &*similar : nullptr;
  } else if (shown->document) {
    const core::DocumentRecord& d = *shown->document;
    for (int i = 1; i <= std::min(d.unit_count, kDocumentUnitsListed); ++i) {
      auto data = query::stored_record(searcher.database(), d.id + "-" + std::to_string(i));
      if (!data) continue;
      if (auto u = core::unit_from_json(*data)) {
        query::Shown s;
        s.unit = std::move(*u);
        view.document_units.push_back(std::move(s));
      }
    }
    view.more_units = d.unit_count > kDocumentUnitsListed;
  }
  std::error_code ec;
  view.source_available = shown->document && std::filesystem::is_regular_file(shown->document->path, ec);
  return html(200, serve::unit_page(ctx_, view));
}

Response App::source_file(const std::string& id, query::Searcher& searcher) {
  // The client names a document id; the path is the index's own record of
  // where that document's file was, never anything the client sent.
  std::optional<std::string> data = valid_id(id) ? query::stored_record(searcher.database(), id) : std::nullopt;
  if (!data || core::record_level(*data) != core::schema::kLevelDocument)
    return page_error(404, id + ": no document with this id in the index");
  auto d = core::document_from_json(*data);
  if (!d) return page_error(404, d.error().message());
  std::error_code ec;
  const auto size = std::filesystem::file_size(d->path, ec);
  if (ec || !std::filesystem::is_regular_file(d->path, ec))
    return page_error(404, "the source file of " + id + " is no longer where it was indexed");
  if (size > kLargestSource) return page_error(404, "the source file of " + id + " is too large to send");
  std::ifstream in(d->path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return page_error(404, "the source file of " + id + " cannot be read");
  // Only the file that was indexed: one changed since is not what the
  // index describes.
  if (!d->content_hash.empty() && core::content_hash(bytes) != d->content_hash)
    return page_error(409, "the source file of " + id + " has changed since it was indexed; run hrdex-index add again");
  Response r;
  r.content_type = content_type_of(d->format);
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", attachment(std::filesystem::path(d->path).filename().string()));
  // A document's own HTML must never run as a page of this site.
  r.headers.emplace_back("Content-Security-Policy", "sandbox; default-src 'none'");
  return r;
}

namespace {

query::ExtractOptions extract_options(const ExtractState& s, const ServeOptions& serve) {
  query::ExtractOptions o;
  o.dbs = serve.dbs;  // the extract's header names them, as hrdex-query extract does
  o.agency = s.agency;
  o.wg = s.wg;
  o.theme = s.theme;
  o.state = s.state;
  o.all_states = s.all_states;
  if (!s.q.empty()) o.words.push_back(s.q);
  o.format = s.format;
  // The command line that writes the same bytes, as the extract's
  // "reproduce" line gives it.
  std::vector<std::string> argv = {"hrdex-query", "extract"};
  for (const auto& db : serve.dbs) argv.insert(argv.end(), {"--db", db.string()});
  if (serve.shards.skip_missing) argv.push_back("--skip-missing");
  for (const auto& [flag, value] : {std::pair<const char*, const std::string*>{"--agency", &s.agency},
                                    {"--wg", &s.wg}, {"--theme", &s.theme}, {"--state", &s.state}})
    if (!value->empty()) argv.insert(argv.end(), {flag, *value});
  if (s.all_states) argv.push_back("--all-states");
  if (serve.no_synonyms) argv.push_back("--no-synonyms");
  else
    for (const auto& f : serve.synonym_files) argv.insert(argv.end(), {"--synonyms", f});
  argv.insert(argv.end(), {"--format", s.format});
  if (!s.q.empty()) {
    if (s.q.front() == '-') argv.push_back("--");
    argv.push_back(s.q);
  }
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  o.command_line = query::shell_command_line(static_cast<int>(args.size()), args.data());
  return o;
}

std::vector<Choice> choices(const core::TagVocabulary& vocabulary, std::string_view kind) {
  std::vector<Choice> out;
  for (const auto& [taxonomy_id, taxonomy] : vocabulary.taxonomies()) {
    if (taxonomy.kind != kind) continue;
    for (const auto& [id, tag] : taxonomy.tags) out.push_back({id, tag.label.empty() ? id : tag.label});
  }
  std::sort(out.begin(), out.end(), [](const Choice& a, const Choice& b) { return a.label < b.label; });
  out.erase(std::unique(out.begin(), out.end(), [](const Choice& a, const Choice& b) { return a.id == b.id; }), out.end());
  return out;
}

}  // namespace

Response App::extract_page(const Params& params, query::Searcher& searcher) {
  ExtractView view;
  auto state = extract_state(params, options_.limits, "markdown");
  const core::TagVocabulary vocabulary = core::TagVocabulary::of_index(searcher.database());
  view.agencies = choices(vocabulary, "agencies");
  view.working_groups = choices(vocabulary, "working-groups");
  view.themes = choices(vocabulary, "themes");
  if (!state) {
    view.error = state.error().message();
    return html(400, serve::extract_page(ctx_, view));
  }
  view.state = *state;
  if (!state->any()) return html(200, serve::extract_page(ctx_, view));
  auto extract = query::make_extract(searcher, extract_options(*state, options_));
  if (!extract) {
    view.error = extract.error().message();
    return html(400, serve::extract_page(ctx_, view));
  }
  view.extract = &*extract;
  return html(200, serve::extract_page(ctx_, view));
}

Response App::api_search(const Params& params, query::Searcher& searcher) {
  auto state = search_state(params, options_.limits, 10);
  if (!state) return json_error(400, state.error());
  auto fields = query::select_fields(state->fields);
  if (!fields) return json_error(400, fields.error());
  const query::SearchRequest request = to_request(*state, state->facets);
  auto result = searcher.search(request);
  if (!result) return json_error(400, result.error());
  return json_response(200, result_json(*result, request, *fields));
}

Response App::api_count(const Params& params, query::Searcher& searcher) {
  if (auto s = check_param_names(params, {"q", "f", "documents", "all_states"}); !s) return json_error(400, s.error());
  auto state = search_state(params, options_.limits, 10);
  if (!state) return json_error(400, state.error());
  const std::string q = query_text(*state);
  if (!state->all_states) {
    auto n = searcher.count(q, state->documents);
    if (!n) return json_error(400, n.error());
    return json_response(200, {{"query", q}, {"total", *n}});
  }
  query::SearchRequest request = to_request(*state, false);
  request.limit = 0;
  request.offset = 0;
  request.snippets = false;
  auto result = searcher.search(request);
  if (!result) return json_error(400, result.error());
  return json_response(200, {{"query", q}, {"total", result->total}});
}

Response App::api_facets(const Params& params, query::Searcher& searcher) {
  if (auto s = check_param_names(params, {"q", "f", "documents", "collapse", "all_states"}); !s) return json_error(400, s.error());
  auto state = search_state(params, options_.limits, 10);
  if (!state) return json_error(400, state.error());
  query::SearchRequest request = to_request(*state, true);
  request.limit = 0;
  request.offset = 0;
  // No query: the facets of every unit (or document).
  auto result = blank(request.query) ? searcher.run_reopening(Xapian::Query::MatchAll, request, true)
                                     : searcher.search(request);
  if (!result) return json_error(400, result.error());
  std::string out = "{";
  query::append_member(out, "query", request.query, true);
  query::append_member(out, "total", result->total);
  out += ",\"facets\":" + query::facets_json(result->facets) + "}";
  return json_response(200, std::move(out));
}

Response App::api_unit(const std::string& id, query::Searcher& searcher) {
  if (!valid_id(id)) return json_error(404, core::make_error(id, "no unit or document with this id in the index"));
  query::ShowOptions show;
  show.db = options_.dbs.front();
  show.id = id;
  show.why = true;
  show.json = true;
  auto text = query::render_show(searcher.database(), show);
  if (!text) return json_error(404, text.error());
  Response r;
  r.content_type = kJson;
  r.body = std::move(*text);
  return r;
}

Response App::api_similar(const std::string& id, const Params& params, query::Searcher& searcher) {
  if (!valid_id(id)) return json_error(404, core::make_error(id, "no unit or document with this id in the index"));
  auto state = search_state(params, options_.limits, 10);
  if (!state) return json_error(400, state.error());
  auto fields = query::select_fields(state->fields);
  if (!fields) return json_error(400, fields.error());
  query::SimilarRequest sim;
  sim.id = id;
  sim.filters = query_text(*state);
  query::SearchRequest request = to_request(*state, state->facets);
  request.query = "similar to " + id + (sim.filters.empty() ? "" : " " + sim.filters);
  auto result = query::find_similar(searcher, sim, request);
  if (!result) {
    const bool unknown = result.error().where == id;
    return json_error(unknown ? 404 : 400, result.error());
  }
  return json_response(200, result_json(*result, request, *fields));
}

Response App::api_extract(const Params& params, query::Searcher& searcher) {
  auto state = extract_state(params, options_.limits, "json");
  if (!state) return json_error(400, state.error());
  auto extract = query::make_extract(searcher, extract_options(*state, options_));
  if (!extract) return json_error(400, extract.error());
  std::ostringstream out;
  if (!query::write_extract(*extract, state->format, out))
    return json_error(500, core::make_error("extract", "the " + state->format + " file could not be written"));
  Response r;
  r.content_type = extract_content_type(state->format);
  r.body = out.str();
  if (state->download) r.headers.emplace_back("Content-Disposition", attachment(extract_file_name(*state)));
  // The HTML extract is a file of its own with inline styles; it may show
  // them, and nothing else.
  if (state->format == "html")
    r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  return r;
}

}  // namespace hrdex::serve
