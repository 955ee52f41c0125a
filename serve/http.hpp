// HTTP for the app, from cpp-httplib (Debian's libcpp-httplib): a pool of
// worker threads, timeouts, a bound on the request body, and the app's
// answer for every method and path, httplib's own errors included (a
// malformed request line, a target too long, a body too large).
#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "core/expected.hpp"
#include "serve/app.hpp"

namespace hrdex::serve {

struct ListenAddress {
  std::string host;
  int port = 0;
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:8080", "0.0.0.0:80"; port 0
// picks a free port.
core::Expected<ListenAddress> parse_listen(std::string_view listen);

// Loopback addresses: only this machine can connect.
bool is_loopback(std::string_view host);

class HttpServer {
 public:
  // Binds (but does not yet serve); error when the address is taken or bad.
  static core::Expected<std::unique_ptr<HttpServer>> bind(App& app, const ListenAddress& address);
  ~HttpServer();

  int port() const { return port_; }
  // Serves until stop(); returns false when the server failed.
  bool run();
  // From any thread.
  void stop();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl, int port);
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// hrdex-serve: opens the index, binds, says where it serves, and serves
// until SIGINT or SIGTERM. Exit status 0, or 2 with the error printed.
int serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::serve
