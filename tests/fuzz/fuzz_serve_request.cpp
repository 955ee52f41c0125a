// hrdex-serve's request handling on arbitrary bytes: as a whole HTTP
// request through cpp-httplib's parser into the same target and parameter
// parsing the server runs, and as a request target alone. Each must answer
// or refuse, never crash, hang or leak; and what parses must survive the
// round trip every page link makes (state -> URL -> state), and the escape
// must leave no markup character.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "query/html.hpp"
#include "serve/request.hpp"

namespace {

namespace serve = hrdex::serve;

void check(bool ok) {
  if (!ok) std::abort();
}

void handle_target(std::string_view target) {
  const serve::Limits limits;
  auto t = serve::parse_target(target, limits);
  if (!t) return;
  const std::string escaped = hrdex::query::escape_html(t->path);
  check(escaped.find_first_of("<>\"'") == std::string::npos);
  (void)serve::valid_id(t->path);
  if (auto s = serve::search_state(t->params, limits, 20)) {
    const std::string link = "/?" + serve::query_string(serve::state_params(*s));
    auto again = serve::parse_target(link, limits);
    check(again.ok());
    auto s2 = serve::search_state(again->params, limits, 20);
    check(s2.ok());
    check(serve::state_params(*s2) == serve::state_params(*s));
    check(serve::query_text(*s2) == serve::query_text(*s));
  }
  (void)serve::extract_state(t->params, limits, "json");
}

// A request read from memory; the answer is thrown away.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string_view bytes) : bytes_(bytes) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, bytes_.size() - at_);
    std::copy_n(bytes_.data() + at_, n, ptr);
    at_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override { ip = "127.0.0.1", port = 1; }
  void get_local_ip_and_port(std::string& ip, int& port) const override { ip = "127.0.0.1", port = 2; }
  socket_t socket() const override { return 0; }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

class FuzzServer : public httplib::Server {
 public:
  FuzzServer() {
    set_payload_max_length(64 * 1024);
    Get(".*", [](const httplib::Request& req, httplib::Response& res) {
      handle_target(req.target);
      res.set_content("ok", "text/plain");
    });
  }
  void feed(std::string_view bytes) {
    MemoryStream stream(bytes);
    bool closed = false;
    process_request(stream, true, closed, nullptr);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    static FuzzServer server;
    server.feed(bytes);
  } else {
    handle_target(bytes);
  }
  return 0;
}
