// hrdex-serve's application: a request (method and target) in, a response
// (status, headers, body) out, with no HTTP library in sight, so tests and
// the fuzz target call it directly and serve/http.cpp only carries bytes.
// Every answer comes from the query library: searching, facets, show,
// similar and extracts are its functions; this module chooses which to
// call and which page or JSON to make of the result.
//
// Requests are answered by --active worker threads in the order they came
// (FifoWorkers); each worker has its own query::Searcher (a Xapian handle
// is used by one thread at a time), which moves to the index's newest
// commit before each request, so pages show what a running `hrdex-index
// add` has committed.
#pragma once

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/expected.hpp"
#include "core/shards.hpp"
#include "query/search.hpp"
#include "query/synonyms.hpp"
#include "serve/fifo_workers.hpp"
#include "serve/pages.hpp"
#include "serve/request.hpp"

namespace hrdex::serve {

struct ServeOptions {
  // The index folder, or shards searched as one (folders, stub database
  // files naming local and remote shards), as hrdex-query's --db.
  std::vector<std::filesystem::path> dbs;
  core::ShardOptions shards;
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  // Where clients reach the server when it runs behind a reverse proxy
  // ("https://example.org/hrdex/"); its path prefixes every link.
  std::string base_url;
  std::size_t threads = 0;  // connection threads, each serving one connection at a time; 0: 32
  // Worker threads answering requests, the others waiting in turn
  // (FifoWorkers); 0: one per core and one more, so that no core idles
  // while the next request is handed over (with one per core, 16% of two
  // cores idled under 16 clients; with one more, 7%).
  unsigned active = 0;
  std::vector<std::string> synonym_files;
  bool no_synonyms = false;
  Limits limits;
  int timeout_seconds = 20;  // to read a request, and to write an answer
  bool access_log = false;
};

struct Request {
  std::string method = "GET";
  std::string target;  // as sent: "/path?query"
};

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
};

// The headers every answer carries: a Content-Security-Policy that allows
// only the server's own script and stylesheet (no inline script, no
// framing), no MIME sniffing, no referrer.
std::vector<std::pair<std::string, std::string>> security_headers();

// "/hrdex" for a base URL of "https://example.org/hrdex/"; "" for none.
// Error when it is no URL or path.
core::Expected<std::string> base_path(std::string_view base_url);

class App {
 public:
  // Opens the index once to check it (exists, is an hrdex index of this
  // schema version) and loads the synonyms.
  static core::Expected<std::unique_ptr<App>> open(const ServeOptions& options);

  // Thread-safe; never throws.
  Response handle(const Request& request);

  const ServeOptions& options() const { return options_; }
  const std::string& base() const { return ctx_.base; }
  // Documents and units in the index when it was opened.
  Xapian::doccount documents() const { return documents_; }
  // The shards left out when it started (ServeOptions::shards.skip_missing).
  const std::vector<core::Error>& missing_at_start() const { return missing_at_start_; }

 private:
  App(ServeOptions options, std::string base, query::SynonymTable synonyms);

  Response route(const Request& request, const Target& target, query::Searcher& searcher);
  Response search_page(const Params& params, query::Searcher& searcher);
  Response unit_page(const std::string& id, query::Searcher& searcher);
  Response source_file(const std::string& id, query::Searcher& searcher);
  Response extract_page(const Params& params, query::Searcher& searcher);
  Response api_search(const Params& params, query::Searcher& searcher);
  Response api_count(const Params& params, query::Searcher& searcher);
  Response api_facets(const Params& params, query::Searcher& searcher);
  Response api_unit(const std::string& id, query::Searcher& searcher);
  Response api_similar(const std::string& id, const Params& params, query::Searcher& searcher);
  Response api_extract(const Params& params, query::Searcher& searcher);

  Response html(int status, std::string body) const;
  Response page_error(int status, std::string_view message) const;
  // {"error": {"status", "message", "where", "column"?}}
  Response json_error(int status, const core::Error& error) const;
  // Worker `worker`'s searcher, opened on first use; null with the reason
  // when the index cannot be opened.
  core::Expected<query::Searcher*> searcher(unsigned worker);

  ServeOptions options_;
  PageContext ctx_;
  query::SynonymTable synonyms_;
  // The --db arguments, for messages about the whole set.
  std::string index_names() const;
  Xapian::doccount documents_ = 0;
  std::vector<core::Error> missing_at_start_;

  // The machine's cores, read once: std::thread::hardware_concurrency()
  // reads a file under /sys on every call.
  const unsigned cores_ = std::max(1u, std::thread::hardware_concurrency());
  // One per worker, each used by that worker alone.
  std::vector<std::unique_ptr<query::Searcher>> searchers_;
  // Declared last, so that its threads stop before what they use is gone.
  // A search is matched on two threads only while no other request is
  // answered or waiting (see handle()).
  FifoWorkers workers_;
};

}  // namespace hrdex::serve
