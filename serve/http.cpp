#include "serve/http.hpp"

#include <httplib.h>
#include <signal.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

namespace hrdex::serve {

// Request bodies: hrdex-serve takes none, so anything past a small bound
// is refused unread.
constexpr std::size_t kLargestBody = 64 * 1024;

struct HttpServer::Impl {
  App& app;
  httplib::Server server;
  std::mutex log_mutex;
  explicit Impl(App& a) : app(a) {}
};

namespace {

void copy_response(const Response& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [name, value] : from.headers) to.set_header(name, value);
  to.set_content(from.body, from.content_type);
}

// httplib answers some requests before any handler runs (400 for a bad
// request line, 414 for a long target, 413 for a large body); those get
// the app's error page or JSON error too, with the same headers.
std::string status_message(int status) {
  switch (status) {
    case 400: return "the request is malformed";
    case 404: return "no such page";
    case 405: return "only GET and HEAD are served: hrdex-serve is read-only";
    case 413: return "the request is too large: hrdex-serve takes no request body";
    case 414: return "the request target is too long";
    case 431: return "the request headers are too large";
    default: return "the request cannot be answered";
  }
}

}  // namespace

core::Expected<ListenAddress> parse_listen(std::string_view listen) {
  ListenAddress a;
  std::string_view port;
  if (!listen.empty() && listen.front() == '[') {
    const auto close = listen.find(']');
    if (close == std::string_view::npos || close + 1 >= listen.size() || listen[close + 1] != ':')
      return core::make_error("--listen", "expected [IPv6]:PORT, as [::1]:8080");
    a.host = std::string(listen.substr(1, close - 1));
    port = listen.substr(close + 2);
  } else {
    const auto colon = listen.rfind(':');
    if (colon == std::string_view::npos) return core::make_error("--listen", "expected HOST:PORT, as 127.0.0.1:8080");
    a.host = std::string(listen.substr(0, colon));
    port = listen.substr(colon + 1);
  }
  if (a.host.empty()) return core::make_error("--listen", "expected HOST:PORT with a host, as 127.0.0.1:8080");
  int p = -1;
  try {
    std::size_t used = 0;
    p = std::stoi(std::string(port), &used);
    if (used != port.size()) p = -1;
  } catch (const std::exception&) {
    p = -1;
  }
  if (p < 0 || p > 65535) return core::make_error("--listen", "the port must be a number from 0 to 65535, not '" + std::string(port) + "'");
  a.port = p;
  return a;
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl, int port) : impl_(std::move(impl)), port_(port) {}
HttpServer::~HttpServer() = default;

core::Expected<std::unique_ptr<HttpServer>> HttpServer::bind(App& app, const ListenAddress& address) {
  auto impl = std::make_unique<Impl>(app);
  httplib::Server& svr = impl->server;
  const ServeOptions& o = app.options();
  std::size_t threads = o.threads;
  // httplib gives each connection a thread for as long as it is kept alive,
  // so threads bound the clients served at once, not just the cores used.
  if (threads == 0) threads = 32;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_read_timeout(o.timeout_seconds, 0);
  svr.set_write_timeout(o.timeout_seconds, 0);
  svr.set_keep_alive_max_count(1000);
  svr.set_keep_alive_timeout(5);
  svr.set_payload_max_length(kLargestBody);
  // httplib's default also sets SO_REUSEPORT, with which a second server
  // would share the port silently instead of being told it is taken.
  // TCP_NODELAY (inherited by accepted sockets): httplib writes the headers
  // and the body apart, and Nagle's algorithm held the body back until the
  // client's delayed ACK, 40 ms on every answer.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  Impl* raw = impl.get();
  auto handler = [raw](const httplib::Request& req, httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    Request r;
    r.method = req.method;
    r.target = req.target;
    const Response answer = raw->app.handle(r);
    copy_response(answer, res);
    if (raw->app.options().access_log) {
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      char line[64];
      std::snprintf(line, sizeof line, " %d %zu %.1fms\n", answer.status, answer.body.size(), ms);
      std::lock_guard lock(raw->log_mutex);
      std::cerr << req.remote_addr << " \"" << req.method << ' ' << req.target << '"' << line;
    }
  };
  // Every path and method goes to the app, which answers 405 for those
  // that would change something.
  svr.Get(".*", handler);
  svr.Post(".*", handler);
  svr.Put(".*", handler);
  svr.Patch(".*", handler);
  svr.Delete(".*", handler);
  svr.Options(".*", handler);
  svr.set_error_handler([raw](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const int status = res.status;
    const bool api = req.target.rfind(raw->app.base() + "/api/", 0) == 0 || req.target.rfind("/api/", 0) == 0;
    Response page;
    page.status = status;
    const std::string message = status_message(status);
    if (api) {
      page.content_type = "application/json";
      page.body = "{\"error\":{\"status\":" + std::to_string(status) + ",\"message\":\"" + message + "\",\"where\":\"request\"}}\n";
    } else {
      PageContext ctx;
      ctx.base = raw->app.base();
      page.content_type = "text/html; charset=utf-8";
      page.body = error_page(ctx, status, message);
    }
    page.headers = security_headers();
    copy_response(page, res);
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content("the server failed on this request\n", "text/plain");
  });
  int port = address.port;
  if (port == 0) {
    port = svr.bind_to_any_port(address.host);
    if (port < 0) return core::make_error("--listen", "cannot listen on " + address.host + " (no free port)");
  } else if (!svr.bind_to_port(address.host, port)) {
    return core::make_error("--listen", "cannot listen on " + address.host + ":" + std::to_string(port) +
                                            " (in use, or not an address of this machine)");
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl), port));
}

bool HttpServer::run() { return impl_->server.listen_after_bind(); }
void HttpServer::stop() { impl_->server.stop(); }

int serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  auto address = parse_listen(options.listen);
  if (!address) return err << "hrdex-serve: error: " << address.error().message() << '\n', 2;
  auto app = App::open(options);
  if (!app) return err << "hrdex-serve: error: " << app.error().message() << '\n', 2;
  // SIGINT and SIGTERM are taken by one thread that stops the server, so
  // requests in progress finish and the workers are joined.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto server = HttpServer::bind(**app, *address);
  if (!server) return err << "hrdex-serve: error: " << server.error().message() << '\n', 2;
  const std::string host = address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
  std::string names;
  for (const auto& db : options.dbs) names += (names.empty() ? "" : ", ") + db.string();
  for (const core::Error& e : (*app)->missing_at_start())
    err << "hrdex-serve: warning: " << e.message() << "; serving without this shard\n";
  out << "hrdex-serve: serving " << names << " (" << (*app)->documents() << " Xapian documents) at http://"
      << host << ':' << (*server)->port() << (*app)->base() << "/\n";
  if (is_loopback(address->host))
    out << "hrdex-serve: listening on loopback only: other machines cannot connect (--listen 0.0.0.0:PORT to let them)\n";
  else
    out << "hrdex-serve: listening on " << address->host << ": other machines can connect\n";
  if (!options.base_url.empty()) out << "hrdex-serve: links carry the base URL " << options.base_url << '\n';
  out.flush();
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    (*server)->stop();
  });
  const bool ok = (*server)->run();
  // run() also returns when listening failed; wake the stopper either way.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  if (!ok) {
    err << "hrdex-serve: error: the server stopped unexpectedly\n";
    return 2;
  }
  out << "hrdex-serve: stopped\n";
  return 0;
}

}  // namespace hrdex::serve
