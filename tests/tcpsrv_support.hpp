// A real xapian-tcpsrv on 127.0.0.1, started and stopped by a test: the
// shards tests of the query library and of hrdex-serve share it.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

namespace hrdex::testing {

namespace fs = std::filesystem;

inline const char* const kTcpsrv = "/usr/bin/xapian-tcpsrv";

inline unsigned free_port() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t n = sizeof a;
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
  close(s);
  return ntohs(a.sin_port);
}

inline bool accepts(unsigned port) {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(s);
  return ok;
}

// One xapian-tcpsrv in a process group of its own: it forks a child per
// connection, and stopping the group ends those too, as a machine that
// goes down would.
class Server {
 public:
  Server(unsigned port, const fs::path& db) : port_(port), db_(db) {}
  ~Server() { stop(); }
  bool start() {
    pid_ = fork();
    if (pid_ == 0) {
      setsid();
      // Its children report every client that goes away; not the test's concern.
      freopen("/dev/null", "w", stdout);
      freopen("/dev/null", "w", stderr);
      const std::string port = std::to_string(port_);
      execl(kTcpsrv, kTcpsrv, "--quiet", "--interface", "127.0.0.1", "--port", port.c_str(), db_.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100; ++i) {
      if (accepts(port_)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void stop() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  unsigned port_;
  fs::path db_;
  pid_t pid_ = 0;
};

}  // namespace hrdex::testing
