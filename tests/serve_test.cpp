// hrdex-serve: request parsing and its limits, the one escape, and every
// endpoint and error over HTTP, against a real index of the bundled corpus
// served by the real server on a loopback port.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/index.hpp"
#include "core/schema.hpp"
#include "indexer/add_command.hpp"
#include "query/extract_command.hpp"
#include "query/extract_writers.hpp"
#include "query/fields.hpp"
#include "query/html.hpp"
#include "serve/app.hpp"
#include "serve/http.hpp"
#include "serve/pages.hpp"
#include "serve/request.hpp"
#include "test_support.hpp"

namespace hrdex::serve {
namespace {
namespace fs = std::filesystem;
using hrdex::testing::TempDir;
using nlohmann::json;

// --- Request parsing ------------------------------------------------------

TEST(ServeRequest, SplitsAndDecodesTheTarget) {
  auto t = parse_target("/units/ab-1?q=right+to%20housing&f=theme%3Ahousing&f=state:USA&empty=", Limits{});
  ASSERT_TRUE(t.ok()) << t.error().message();
  EXPECT_EQ(t->path, "/units/ab-1");
  ASSERT_EQ(t->params.size(), 4u);
  EXPECT_EQ(t->params[0], (std::pair<std::string, std::string>{"q", "right to housing"}));
  EXPECT_EQ(t->params[1].second, "theme:housing");
  EXPECT_EQ(t->params[2].second, "state:USA");
  EXPECT_EQ(t->params[3].second, "");
  auto utf8 = parse_target("/?q=%C3%A9galit%C3%A9", Limits{});
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ(utf8->params[0].second, "\xC3\xA9galit\xC3\xA9");
}

// The error's message, or "ok".
template <typename T>
std::string message_of(const core::Expected<T>& result) {
  return result.ok() ? std::string("ok") : result.error().message();
}

TEST(ServeRequest, MalformedTargetsAreErrorsThatSayWhy) {
  const Limits limits;
  auto message = [&](std::string_view target) { return message_of(parse_target(target, limits)); };
  EXPECT_EQ(message("?q=x"), "request: the request target must start with '/'");
  EXPECT_EQ(message("/?q=%zz"), "q: malformed %-escape in the request");
  EXPECT_EQ(message("/?q=%4"), "q: malformed %-escape in the request");
  EXPECT_EQ(message("/?q=%FF%FE"), "q: the request is not UTF-8");
  EXPECT_EQ(message("/?q=a%00b"), "q: control characters are not allowed in the request");
  EXPECT_EQ(message("/static/..%2F..%2Fetc%2Fpasswd"), "path: '..' is not allowed in a path");
  EXPECT_EQ(message("/static/../../etc/passwd"), "path: '..' is not allowed in a path");
  std::string many = "/?";
  for (int i = 0; i < 41; ++i) many += "q=" + std::to_string(i) + "&";
  EXPECT_EQ(message(many), "request: more than 40 parameters");
  EXPECT_EQ(message("/?q=" + std::string(2001, 'a')), "q: longer than 2000 bytes");
  EXPECT_EQ(message("/" + std::string(8200, 'a')), "request: the request target is longer than 8192 bytes");
}

TEST(ServeRequest, SearchParametersAreCheckedAndRoundTrip) {
  const Limits limits;
  auto parse = [&](std::string_view target) {
    auto t = parse_target(target, limits);
    EXPECT_TRUE(t.ok());
    return search_state(t->params, limits, 20);
  };
  auto s = parse("/?q=housing&f=theme:housing&f=state:USA&sort=-date&collapse=1&offset=40&limit=50");
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(s->sort, query::SortOrder::date_descending);
  EXPECT_TRUE(s->collapse);
  EXPECT_EQ(s->offset, 40u);
  EXPECT_EQ(s->limit, 50u);
  EXPECT_EQ(query_text(*s), "housing theme:\"housing\" state:\"USA\"");
  // The URL a page links to gives the same state back.
  auto again = parse("/?" + query_string(state_params(*s)));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(state_params(*again), state_params(*s));

  auto error = [&](std::string_view target) { return message_of(parse(target)); };
  EXPECT_EQ(error("/?sort=newest"), "sort: relevance, date or -date, not 'newest'");
  EXPECT_EQ(error("/?collapse=maybe"), "collapse: 1 or 0 (true or false), not 'maybe'");
  EXPECT_EQ(error("/?limit=101"), "limit: at most 100, got 101");
  EXPECT_EQ(error("/?offset=-1"), "offset: expected a whole number, got '-1'");
  EXPECT_EQ(error("/?offset=99999"), "offset: at most 10000, got 99999");
  EXPECT_EQ(error("/?f=colour:red"),
            "f: a filter is field:value with a field of theme, wg, agency, issue, kind, unit, body, state, by, year, "
            "response, persons; got 'colour:red'");
  EXPECT_EQ(error("/?qq=housing"),
            "qq: unknown parameter; this page takes q, f, offset, limit, sort, collapse, collapse_languages, documents, "
            "all_states, facets, fields");
  EXPECT_EQ(error("/?q=" + std::string(1001, 'a')), "q: the query is longer than 1000 bytes");
}

// Found by fuzz_serve_request: quotes around a space were removed after the
// spaces were collapsed, leaving "theme: x", which its own link read back
// as "theme:x".
TEST(ServeRequest, AFilterOfQuotesAroundASpaceReadsBackFromItsLink) {
  const Limits limits;
  auto t = parse_target("/?q=housing&f=theme%3A%22%22%20%22x%22", limits);
  ASSERT_TRUE(t.ok());
  auto s = search_state(t->params, limits, 20);
  ASSERT_TRUE(s.ok()) << s.error().message();
  ASSERT_EQ(s->filters, std::vector<std::string>{"theme:x"});
  auto again = parse_target("/?" + query_string(state_params(*s)), limits);
  ASSERT_TRUE(again.ok());
  auto s2 = search_state(again->params, limits, 20);
  ASSERT_TRUE(s2.ok());
  EXPECT_EQ(state_params(*s2), state_params(*s));
  EXPECT_EQ(query_text(*s2), "housing theme:\"x\"");
}

TEST(ServeRequest, ExtractParameters) {
  const Limits limits;
  Params p = {{"agency", "EPA"}, {"format", "md"}, {"download", "1"}};
  auto e = extract_state(p, limits, "json");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->format, "markdown");
  EXPECT_TRUE(e->download);
  EXPECT_TRUE(e->any());
  auto bad = extract_state({{"format", "pdf"}}, limits, "json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(), "format: markdown, html, csv, json or docx, not 'pdf'");
}

TEST(ServeRequest, IdsAreCheckedBeforeAnyLookup) {
  EXPECT_TRUE(valid_id("3f2a9c01b2d4e5f6-12"));
  EXPECT_FALSE(valid_id(""));
  EXPECT_FALSE(valid_id("../etc/passwd"));
  EXPECT_FALSE(valid_id("a b"));
  EXPECT_FALSE(valid_id(std::string(129, 'a')));
}

TEST(ServeRequest, BaseUrlsAndListenAddresses) {
  EXPECT_EQ(*base_path("https://example.org/hrdex/"), "/hrdex");
  EXPECT_EQ(*base_path("/a/b"), "/a/b");
  EXPECT_EQ(*base_path("http://example.org"), "");
  EXPECT_EQ(*base_path(""), "");
  EXPECT_FALSE(base_path("ftp://example.org/x").ok());
  EXPECT_FALSE(base_path("hrdex").ok());
  EXPECT_FALSE(base_path("/a\"onload=x").ok());
  auto a = parse_listen("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto v6 = parse_listen("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(parse_listen("8080").error().message(), "--listen: expected HOST:PORT, as 127.0.0.1:8080");
  EXPECT_EQ(parse_listen("localhost:http").error().message(), "--listen: the port must be a number from 0 to 65535, not 'http'");
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_FALSE(is_loopback("0.0.0.0"));
}

// --- The one escape -------------------------------------------------------

TEST(ServeEscape, EveryMarkupCharacterBecomesAnEntity) {
  EXPECT_EQ(query::escape_html("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  // Xapian's snippet is decoded and escaped again; only the matches become markup.
  EXPECT_EQ(snippet_html("a &lt;script&gt; <b>housing</b> &amp; &quot;x&quot;"),
            "a &lt;script&gt; <mark>housing</mark> &amp; &quot;x&quot;");
}

// --- Over HTTP ------------------------------------------------------------

// Serves `db` on a loopback port for the life of the object.
class Running {
 public:
  explicit Running(ServeOptions options) {
    options.listen = "127.0.0.1:0";
    options.threads = 4;
    auto app = App::open(options);
    if (!app) throw std::runtime_error(app.error().message());
    app_ = std::move(*app);
    auto server = HttpServer::bind(*app_, *parse_listen(options.listen));
    if (!server) throw std::runtime_error(server.error().message());
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    // Wait until it answers.
    for (int i = 0; i < 200 && !client_->Get("/static/icon.svg"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~Running() {
    server_->stop();
    thread_.join();
  }
  httplib::Client& client() { return *client_; }
  int port() const { return server_->port(); }

 private:
  std::unique_ptr<App> app_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

fs::path corpus() { return hrdex::testing::project_corpus(); }

void build_index(const fs::path& db, const std::vector<fs::path>& inputs) {
  indexer::AddOptions options;
  options.db = db;
  options.inputs = inputs;
  options.jobs = 2;
  options.quiet = true;
  std::ostringstream out, err;
  ASSERT_EQ(indexer::run_add(options, out, err), 0) << err.str();
}

class ServeHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    fs::copy(hrdex::testing::test_data("serve/xss-report.txt"), dir_->path() / "xss-report.txt");
    build_index(dir_->path() / "idx", {corpus(), hrdex::testing::test_data("query"), dir_->path() / "xss-report.txt"});
    ServeOptions o;
    o.dbs = {dir_->path() / "idx"};
    running_ = new Running(o);
  }
  static void TearDownTestSuite() {
    delete running_;
    delete dir_;
  }
  httplib::Result get(const std::string& target) {
    auto r = running_->client().Get(target);
    EXPECT_TRUE(r) << target << ": " << httplib::to_string(r.error());
    return r;
  }
  json get_json(const std::string& target, int status = 200) {
    auto r = get(target);
    if (!r) return json();
    EXPECT_EQ(r->status, status) << target << "\n" << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << target;
    return json::parse(r->body);
  }
  // The first unit id of the hits of `q`.
  std::string first_id(const std::string& q) {
    auto j = get_json("/api/search?limit=1&fields=id&q=" + percent_encode(q));
    return j["hits"].empty() ? "" : j["hits"][0]["id"].get<std::string>();
  }
  static TempDir* dir_;
  static Running* running_;
};
TempDir* ServeHttp::dir_ = nullptr;
Running* ServeHttp::running_ = nullptr;

TEST_F(ServeHttp, SearchPageHasHitsFacetsAndItsStateInLinks) {
  auto r = get("/?q=pollution");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string& page = r->body;
  EXPECT_NE(page.find("class=\"hit\""), std::string::npos);
  EXPECT_NE(page.find("<mark>pollution</mark>"), std::string::npos);
  EXPECT_NE(page.find("data-facet=\"theme\""), std::string::npos);
  EXPECT_NE(page.find("data-facet=\"by\""), std::string::npos);
  // The total matches the API's count.
  const auto total = get_json("/api/count?q=pollution")["total"].get<int>();
  EXPECT_NE(page.find("data-total=\"" + std::to_string(total) + "\""), std::string::npos);
  // A facet link keeps the query and adds its filter.
  EXPECT_NE(page.find("href=\"/?q=pollution&amp;f=by%3ANOR\""), std::string::npos) << page;
  EXPECT_NE(page.find("src=\"/static/hrdex.js\""), std::string::npos);
  EXPECT_EQ(page.find("<script>"), std::string::npos) << "no inline script";
}

TEST_F(ServeHttp, ClickingAFacetFiltersAndClickingAgainRemovesIt) {
  const int all = get_json("/api/count?q=pollution")["total"];
  auto filtered = get("/?q=pollution&f=by:NOR");
  ASSERT_TRUE(filtered);
  const int by_nor = get_json("/api/count?q=pollution&f=by:NOR")["total"];
  EXPECT_LT(by_nor, all);
  EXPECT_GT(by_nor, 0);
  EXPECT_NE(filtered->body.find("data-total=\"" + std::to_string(by_nor) + "\""), std::string::npos);
  EXPECT_NE(filtered->body.find("class=\"selected\""), std::string::npos);
  // The selected value's link is the page without the filter.
  EXPECT_NE(filtered->body.find("<li class=\"selected\"><a href=\"/?q=pollution\""), std::string::npos);
}

TEST_F(ServeHttp, PagingSortAndCollapse) {
  auto all = get_json("/api/search?q=unit:recommendation&limit=100&fields=id");
  ASSERT_GT(all["total"].get<int>(), 4);
  auto second = get_json("/api/search?q=unit:recommendation&limit=2&offset=2&fields=id");
  ASSERT_EQ(second["hits"].size(), 2u);
  EXPECT_EQ(second["hits"][0]["id"], all["hits"][2]["id"]);
  auto page = get("/?q=unit:recommendation&limit=10&offset=0");
  EXPECT_NE(page->body.find("rel=\"next\""), std::string::npos);
  auto newest = get_json("/api/search?q=unit:recommendation&sort=-date&limit=100&fields=date");
  for (std::size_t i = 1; i < newest["hits"].size(); ++i)
    EXPECT_GE(newest["hits"][i - 1]["date"].get<std::string>(), newest["hits"][i]["date"].get<std::string>());
  auto collapsed = get_json("/api/search?q=unit:recommendation&collapse=1&limit=100&fields=document_id");
  std::set<std::string> docs;
  for (const auto& h : collapsed["hits"]) EXPECT_TRUE(docs.insert(h["document_id"]).second);
  EXPECT_LT(collapsed["total"].get<int>(), all["total"].get<int>());
}

TEST_F(ServeHttp, DidYouMean) {
  auto r = get("/?q=polution");
  EXPECT_NE(r->body.find("Did you mean <a href=\"/?q=pollution\">pollution</a>"), std::string::npos);
  auto j = get_json("/api/search?q=polution");
  EXPECT_EQ(j["total"], 0);
  EXPECT_EQ(j["suggestion"], "pollution");
  auto held = get_json("/api/search?q=pollution%20response:maybe");
  ASSERT_EQ(held["notes"].size(), 1u);
  EXPECT_EQ(held["notes"][0].get<std::string>().rfind("the index holds no response 'maybe'; it holds ", 0), 0u) << held;
  EXPECT_NE(get("/?q=pollution%20response:maybe")->body.find("the index holds no response &#39;maybe&#39;"),
            std::string::npos);
}

TEST_F(ServeHttp, ABrokenQueryIsA400WithItsColumn) {
  auto page = get("/?q=housing%20thme:water");
  EXPECT_EQ(page->status, 400);
  EXPECT_NE(page->body.find("unknown field &#39;thme:&#39;; did you mean &#39;theme:&#39;?"), std::string::npos);
  auto j = get_json("/api/search?q=housing%20thme:water", 400);
  EXPECT_EQ(j["error"]["column"], 9);
  EXPECT_EQ(j["error"]["where"], "query:9");
  EXPECT_NE(j["error"]["message"].get<std::string>().find("  housing thme:water\n          ^"), std::string::npos);
  auto quote = get_json("/api/count?q=%22unbalanced", 400);
  EXPECT_EQ(quote["error"]["status"], 400);
  EXPECT_GT(quote["error"]["column"].get<int>(), 0);
  auto empty = get_json("/api/search?q=", 400);
  EXPECT_FALSE(empty["error"]["message"].get<std::string>().empty());
  auto bad_param = get_json("/api/search?q=x&sort=up", 400);
  EXPECT_EQ(bad_param["error"]["message"], "sort: relevance, date or -date, not 'up'");
  auto bad_fields = get_json("/api/search?q=x&fields=id,colour", 400);
  EXPECT_NE(bad_fields["error"]["message"].get<std::string>().find("unknown field 'colour'"), std::string::npos);
}

TEST_F(ServeHttp, ApiSearchCarriesTheCommandLinesFields) {
  auto j = get_json("/api/search?q=pollution&facets=1&limit=3");
  ASSERT_FALSE(j["hits"].empty());
  std::vector<std::string> keys;
  for (auto it = j["hits"][0].begin(); it != j["hits"][0].end(); ++it) keys.push_back(it.key());
  std::vector<std::string> names;
  for (const auto& f : query::hit_fields()) names.emplace_back(f.name);
  std::sort(keys.begin(), keys.end());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(keys, names);
  EXPECT_TRUE(j["facets"].contains("theme"));
  EXPECT_EQ(j["limit"], 3);
  auto picked = nlohmann::ordered_json::parse(get("/api/search?q=pollution&fields=symbol,number&limit=1")->body);
  EXPECT_EQ(picked["hits"][0].size(), 2u);
  EXPECT_EQ(picked["hits"][0].begin().key(), "symbol") << "in the order asked for";
}

TEST_F(ServeHttp, FacetsOverEverythingAndOverAQuery) {
  auto all = get_json("/api/facets");
  auto units = get_json("/api/count?q=unit:recommendation OR unit:paragraph OR unit:concern");
  EXPECT_GT(all["total"].get<int>(), 0);
  int sum = 0;
  for (const auto& v : all["facets"]["unit"]) sum += v["count"].get<int>();
  EXPECT_EQ(sum, all["total"].get<int>());
  auto recs = get_json("/api/facets?q=unit:recommendation");
  EXPECT_EQ(recs["facets"]["unit"].size(), 1u);
  EXPECT_EQ(recs["facets"]["unit"][0]["count"], recs["total"]);
  (void)units;
  // The sidebar has every facet the command line counts, affected persons among them.
  EXPECT_FALSE(all["facets"]["persons"].empty());
  auto page = get("/");
  ASSERT_TRUE(page);
  for (const auto& [name, values] : all["facets"].items())
    if (!values.empty()) {
      EXPECT_NE(page->body.find("data-facet=\"" + name + "\""), std::string::npos) << name;
    }
  // A persons facet value filters like any other.
  const std::string persons = all["facets"]["persons"][0]["value"];
  const int n = all["facets"]["persons"][0]["count"];
  EXPECT_EQ(get_json("/api/count?f=persons:" + percent_encode(persons))["total"], n);
}

TEST_F(ServeHttp, UnitPageShowsTagsWithWhySimilarAndTheSource) {
  const std::string id = first_id("disproportionate exposure pollution");
  ASSERT_FALSE(id.empty());
  auto r = get("/units/" + id);
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("class=\"unit-text\""), std::string::npos);
  EXPECT_NE(r->body.find("because: "), std::string::npos) << "show --why evidence";
  EXPECT_NE(r->body.find("Similar recommendations"), std::string::npos);
  EXPECT_NE(r->body.find("class=\"hits similar\""), std::string::npos);
  // The same recommendation in the other fixture report comes first.
  auto similar = get_json("/api/units/" + id + "/similar?limit=1&fields=text");
  ASSERT_EQ(similar["hits"].size(), 1u);
  EXPECT_NE(similar["hits"][0]["text"].get<std::string>().find("pollution"), std::string::npos);

  auto unit = get_json("/api/units/" + id);
  ASSERT_TRUE(unit.contains("unit"));
  ASSERT_TRUE(unit.contains("document"));
  EXPECT_FALSE(unit["unit"]["tags"][0]["evidence"].empty());
  const std::string doc = unit["document"]["id"];
  const std::string path = unit["document"]["path"];
  const std::string link = "/documents/" + doc + "/source";
  EXPECT_NE(r->body.find("href=\"" + link + "\""), std::string::npos);
  auto source = get(link);
  ASSERT_EQ(source->status, 200);
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(source->body, bytes);
  EXPECT_EQ(source->get_header_value("Content-Disposition").rfind("attachment; filename=\"", 0), 0u);
  EXPECT_EQ(source->get_header_value("Content-Security-Policy"), "sandbox; default-src 'none'");

  auto document = get("/units/" + doc);
  EXPECT_EQ(document->status, 200);
  EXPECT_NE(document->body.find("href=\"/units/" + id + "\""), std::string::npos);
}

TEST_F(ServeHttp, UnknownIdsAre404s) {
  EXPECT_EQ(get("/units/0000000000000000-1")->status, 404);
  EXPECT_EQ(get("/units/no%20such")->status, 404);
  auto j = get_json("/api/units/0000000000000000-1", 404);
  EXPECT_EQ(j["error"]["where"], "0000000000000000-1");
  get_json("/api/units/0000000000000000-1/similar", 404);
  EXPECT_EQ(get("/documents/0000000000000000/source")->status, 404);
  // A unit id names no file.
  const std::string id = first_id("pollution");
  EXPECT_EQ(get("/documents/" + id + "/source")->status, 404);
  EXPECT_EQ(get("/no/such/page")->status, 404);
  get_json("/api/nothing", 404);
}

TEST_F(ServeHttp, NoClientPathReachesTheFileSystem) {
  for (std::string target : {"/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
                             "/documents/..%2F..%2F..%2Fetc%2Fpasswd/source", "/documents/%2Fetc%2Fpasswd/source",
                             "/static/%2Fetc%2Fpasswd", "/units/..%2f..%2fetc%2fpasswd", "/etc/passwd",
                             "//etc/passwd", "/static/"}) {
    auto r = get(target);
    ASSERT_TRUE(r) << target;
    EXPECT_TRUE(r->status == 400 || r->status == 404) << target << " gave " << r->status;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << target;
  }
}

TEST_F(ServeHttp, EveryAnswerCarriesTheSecurityHeaders) {
  for (std::string target : {"/", "/?q=pollution", "/units/nothing", "/api/search?q=x", "/static/hrdex.css",
                             "/api/openapi.json", "/extract", "/help/syntax", "/?q=%22"}) {
    auto r = get(target);
    ASSERT_TRUE(r);
    const std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << target;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << target;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << target;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << target;
  }
  // No listing of any folder.
  EXPECT_EQ(get("/static/")->status, 404);
  EXPECT_EQ(get("/static")->status, 404);
}

TEST_F(ServeHttp, MarkupInDocumentsIsShownAsText) {
  auto search = get("/?q=hostile%20markup");
  ASSERT_EQ(search->status, 200);
  const std::string& page = search->body;
  EXPECT_NE(page.find("class=\"hit\""), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos) << page;
  const std::string id = first_id("defenders publish");
  ASSERT_FALSE(id.empty());
  auto unit = get("/units/" + id);
  EXPECT_NE(unit->body.find("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(unit->body.find("<script>alert"), std::string::npos);
  auto extract = get("/extract?q=detention");
  EXPECT_EQ(extract->status, 200);
  EXPECT_EQ(extract->body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(extract->body.find("<img"), std::string::npos);
  EXPECT_NE(extract->body.find("&lt;script&gt;"), std::string::npos);
  // The query is escaped as well.
  auto q = get("/?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E");
  EXPECT_EQ(q->body.find("<img"), std::string::npos);
}

TEST_F(ServeHttp, ExtractPageAndDownloadsAreTheCommandLinesBytes) {
  auto page = get("/extract");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<select name=\"agency\">"), std::string::npos);
  EXPECT_NE(page->body.find(">Environmental Protection Agency"), std::string::npos);
  auto made = get("/extract?agency=epa");
  ASSERT_EQ(made->status, 200);
  EXPECT_NE(made->body.find("<svg"), std::string::npos);
  EXPECT_NE(made->body.find("data-format=\"csv\""), std::string::npos);
  EXPECT_NE(made->body.find("data-format=\"docx\""), std::string::npos);

  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  auto searcher = query::Searcher::open(dir_->path() / "idx");
  ASSERT_TRUE(searcher.ok());
  auto synonyms = query::load_synonym_files({}, false);
  searcher->set_synonyms(*synonyms);
  for (std::string format : {"markdown", "html", "csv", "json", "docx"}) {
    auto r = get("/api/extract?agency=epa&format=" + format + "&download=1");
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->get_header_value("Content-Disposition").find("recommendations-epa."), std::string::npos);
    query::ExtractOptions o;
    o.dbs = {dir_->path() / "idx"};
    o.agency = "epa";
    o.format = format;
    o.command_line = "hrdex-query extract --db " + o.dbs.front().string() + " --agency epa --format " + format;
    auto e = query::make_extract(*searcher, o);
    ASSERT_TRUE(e.ok());
    std::ostringstream expected;
    query::write_extract(*e, format, expected);
    EXPECT_EQ(r->body, expected.str()) << format;
  }
  unsetenv("SOURCE_DATE_EPOCH");
  get_json("/api/extract", 400);
  get_json("/api/extract?agency=epa&format=pdf", 400);
}

TEST_F(ServeHttp, OpenApiDescribesEveryEndpoint) {
  auto j = get_json("/api/openapi.json");
  EXPECT_EQ(j["openapi"], "3.0.3");
  for (std::string path : {"/api/search", "/api/count", "/api/units/{id}", "/api/units/{id}/similar", "/api/extract",
                           "/api/facets", "/api/openapi.json"})
    EXPECT_TRUE(j["paths"].contains(path)) << path;
  const auto& hit = j["components"]["schemas"]["Hit"]["properties"];
  for (const auto& f : query::hit_fields()) EXPECT_TRUE(hit.contains(std::string(f.name))) << f.name;
  EXPECT_EQ(hit["page"]["type"], "integer");
  EXPECT_EQ(hit["persons"]["items"]["$ref"], "#/components/schemas/Tag");
  EXPECT_EQ(hit["recommending_states"]["items"]["type"], "string");
}

TEST_F(ServeHttp, LimitsOnQueriesParametersAndRequests) {
  EXPECT_EQ(get("/?q=" + std::string(1001, 'a'))->status, 400);
  get_json("/api/search?q=" + std::string(1001, 'a'), 400);
  std::string many = "/api/search?q=x";
  for (int i = 0; i < 45; ++i) many += "&f=theme:t" + std::to_string(i);
  get_json(many, 400);
  EXPECT_EQ(get("/?q=" + std::string(9000, 'a'))->status, 414);
  get_json("/api/search?limit=1000&q=x", 400);
  // Nothing is written: other methods are refused, a body too large unread.
  auto post = running_->client().Post("/api/search", "q=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  auto big = running_->client().Post("/", std::string(100 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  auto head = running_->client().Head("/?q=pollution");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
}

// Bytes straight to the socket: what no client library would send.
std::string raw_request(int port, const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "no connection";
  (void)!write(fd, bytes.data(), bytes.size());
  shutdown(fd, SHUT_WR);
  std::string answer;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) answer.append(buf, static_cast<std::size_t>(n));
  close(fd);
  return answer;
}

TEST_F(ServeHttp, MalformedRequestsGetAnErrorNotACrash) {
  for (std::string bytes : {std::string("GARBAGE\r\n\r\n"), std::string("GET\r\n\r\n"),
                            std::string("GET /?q=%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
                            std::string("GET /?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n"),
                            std::string("GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n"),
                            "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(20000, 'a') + "\r\n\r\n"}) {
    const std::string answer = raw_request(running_->port(), bytes);
    EXPECT_TRUE(answer.rfind("HTTP/1.1 400", 0) == 0 || answer.rfind("HTTP/1.1 404", 0) == 0 || answer.empty())
        << bytes.substr(0, 40) << " -> " << answer.substr(0, 80);
    EXPECT_EQ(answer.find("HTTP/1.1 500"), std::string::npos);
  }
  // And it still serves.
  EXPECT_EQ(get("/?q=pollution")->status, 200);
}

// An index of one short note in dir/idx, and the options that serve it.
ServeOptions one_note_index(TempDir& dir) {
  hrdex::testing::write_file(dir / "docs" / "a.txt", "A note on adequate housing for homeless persons.\n");
  build_index(dir / "idx", {dir / "docs"});
  ServeOptions o;
  o.dbs = {dir / "idx"};
  return o;
}

// A report printed in the six UN languages: each hit names the other
// versions, and collapse_languages keeps one, on the API and on the page.
TEST(ServeIndex, LanguageVersionsAreNamedAndCollapse) {
  TempDir dir;
  build_index(dir / "idx", {hrdex::testing::test_data("languages"), hrdex::testing::test_data("understand/upr-report-cycle2.txt")});
  ServeOptions o;
  o.dbs = {dir / "idx"};
  auto app = App::open(o);
  ASSERT_TRUE(app.ok()) << app.error().message();
  auto get = [&](const std::string& target) {
    Request r;
    r.target = target;
    return (*app)->handle(r);
  };
  const std::string q = "/api/search?q=by%3AFRA%20by%3ALTU%20kind%3Aupr-wg-report&fields=language,other_languages";
  const Response all = get(q);
  ASSERT_EQ(all.status, 200) << all.body;
  const json a = json::parse(all.body);
  EXPECT_EQ(a["total"].get<int>(), 6);
  for (const auto& h : a["hits"]) EXPECT_EQ(h["other_languages"].size(), 5u) << h.dump();
  const Response one = get(q + "&collapse_languages=1");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(json::parse(one.body)["total"].get<int>(), 1);
  const Response page = get("/?q=by%3AFRA%20by%3ALTU%20kind%3Aupr-wg-report&collapse_languages=1");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"collapse_languages\" value=\"1\" data-autosubmit checked"), std::string::npos);
  EXPECT_EQ(get("/api/search?q=x&collapse_languages=maybe").status, 400);
}

TEST(ServeIndex, ShowsWhatAWriterCommitsWhileServing) {
  TempDir dir;
  ServeOptions o = one_note_index(dir);
  Running server(o);
  auto count = [&](const std::string& q) {
    auto r = server.client().Get("/api/count?q=" + q);
    return r ? json::parse(r->body)["total"].get<int>() : -1;
  };
  EXPECT_EQ(count("desalination"), 0);
  hrdex::testing::write_file(dir / "docs" / "b.txt", "A note on desalination plants and the right to water.\n");
  build_index(dir / "idx", {dir / "docs"});
  EXPECT_GT(count("desalination"), 0);
}

TEST(ServeIndex, ALockedIndexIsServedAndADeletedOneIsA503) {
  TempDir dir;
  ServeOptions o = one_note_index(dir);
  Running server(o);
  {
    // A writer holds the lock, as hrdex-index add does while it runs.
    auto writer = core::open_index_for_writing(dir / "idx");
    ASSERT_TRUE(writer.ok()) << writer.error().message();
    auto r = server.client().Get("/?q=housing");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  fs::remove_all(dir / "idx");
  auto page = server.client().Get("/?q=housing");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 503);
  EXPECT_NE(page->body.find("the index is gone"), std::string::npos);
  auto api = server.client().Get("/api/search?q=housing");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 503);
  EXPECT_NE(json::parse(api->body)["error"]["message"].get<std::string>().find("the index is gone"), std::string::npos);
}

TEST(ServeIndex, AnIndexOfAnotherSchemaOrNoneIsRefusedAtStart) {
  TempDir dir;
  ServeOptions o;
  o.dbs = {dir / "missing"};
  auto missing = App::open(o);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("no index here"), std::string::npos);
  {
    Xapian::WritableDatabase db((dir / "old").string(), Xapian::DB_CREATE_OR_OPEN);
    db.set_metadata(std::string(core::schema::kMetaSchemaVersion), "1");
    db.commit();
  }
  o.dbs = {dir / "old"};
  auto old = App::open(o);
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.error().message().find("written with hrdex schema version 1"), std::string::npos);
}

TEST(ServeIndex, BaseUrlPrefixesEveryLinkAndRequestsMayCarryIt) {
  TempDir dir;
  ServeOptions o = one_note_index(dir);
  o.base_url = "https://example.org/hrdex/";
  Running server(o);
  auto page = server.client().Get("/hrdex/?q=housing");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("href=\"/hrdex/static/hrdex.css\""), std::string::npos);
  EXPECT_NE(page->body.find("href=\"/hrdex/units/"), std::string::npos);
  EXPECT_NE(page->body.find("action=\"/hrdex/\""), std::string::npos);
  // A proxy that strips the prefix works too.
  auto stripped = server.client().Get("/?q=housing");
  ASSERT_TRUE(stripped);
  EXPECT_EQ(stripped->status, 200);
  auto api = server.client().Get("/hrdex/api/openapi.json");
  ASSERT_TRUE(api);
  EXPECT_EQ(json::parse(api->body)["servers"][0]["url"], "/hrdex");
}

}  // namespace
}  // namespace hrdex::serve
