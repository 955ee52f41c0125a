#include "indexer/pipeline/worker_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <stdexcept>

namespace hrdex::indexer::pipeline {
namespace {

// Messages on the pipes are framed as: 1 status byte, 8-byte length, bytes.
constexpr char kOk = 'o';
constexpr char kFailed = 'f';
constexpr char kTask = 't';

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool read_all(int fd, char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::read(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool send_frame(int fd, char status, const std::string& body) {
  char header[9];
  header[0] = status;
  std::uint64_t size = body.size();
  std::memcpy(header + 1, &size, sizeof size);
  return write_all(fd, header, sizeof header) && write_all(fd, body.data(), body.size());
}

// A complete frame at the front of `buffer`, removed from it; false when the
// buffer does not hold one yet.
bool take_frame(std::string& buffer, char& status, std::string& body) {
  if (buffer.size() < 9) return false;
  std::uint64_t size;
  std::memcpy(&size, buffer.data() + 1, sizeof size);
  if (buffer.size() < 9 + size) return false;
  status = buffer[0];
  body.assign(buffer, 9, size);
  buffer.erase(0, 9 + size);
  return true;
}

[[noreturn]] void worker_main(int tasks, int results, const WorkerPool::Work& work) {
  // The parent handles Ctrl-C; a worker finishes its task or is killed.
  signal(SIGINT, SIG_IGN);
  signal(SIGPIPE, SIG_DFL);
  while (true) {
    char header[9];
    if (!read_all(tasks, header, sizeof header)) _exit(0);
    std::uint64_t size;
    std::memcpy(&size, header + 1, sizeof size);
    std::string input(size, '\0');
    if (!read_all(tasks, input.data(), size)) _exit(0);
    char status = kOk;
    std::string out;
    try {
      out = work(input);
    } catch (const std::exception& e) {
      status = kFailed;
      out = e.what();
    }
    if (!send_frame(results, status, out)) _exit(0);
  }
}

}  // namespace

WorkerPool::WorkerPool(PoolOptions options, Work work) : options_(options), work_(std::move(work)) {
  if (options_.workers < 1) options_.workers = 1;
  // A worker that dies makes the parent's next write to it fail with EPIPE;
  // that is handled as a crash, not a reason to die.
  signal(SIGPIPE, SIG_IGN);
  workers_.resize(static_cast<std::size_t>(options_.workers));
  for (Worker& w : workers_) spawn(w);
}

WorkerPool::~WorkerPool() {
  for (Worker& w : workers_) retire(w, w.busy);
}

void WorkerPool::spawn(Worker& w) {
  int tasks[2], results[2];
  if (pipe2(tasks, O_CLOEXEC) != 0 || pipe2(results, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("cannot create a pipe for a worker: ") + std::strerror(errno));
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("cannot start a worker process: ") + std::strerror(errno));
  if (pid == 0) {
    // A worker dies with its parent: a writer killed with SIGKILL must not
    // leave a worker that hangs in a parsing library running for ever.
    // (The parent may already be gone by the time this runs.)
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(1);
    close(tasks[1]);
    close(results[0]);
    // Other workers' pipe ends, inherited from the parent, must not keep
    // those pipes open after their owner dies.
    for (const Worker& other : workers_) {
      if (&other == &w) continue;
      if (other.to_worker >= 0) close(other.to_worker);
      if (other.from_worker >= 0) close(other.from_worker);
    }
    worker_main(tasks[0], results[1], work_);
  }
  close(tasks[0]);
  close(results[1]);
  w = Worker{};
  w.pid = pid;
  w.to_worker = tasks[1];
  w.from_worker = results[0];
}

std::string WorkerPool::describe_exit(pid_t pid, bool killed) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (killed) return "";
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return std::string("worker crashed (signal ") + std::to_string(sig) + (name ? std::string(" SIG") + name : "") + ")";
  }
  if (WIFEXITED(status)) return "worker exited with status " + std::to_string(WEXITSTATUS(status));
  return "worker stopped unexpectedly";
}

void WorkerPool::retire(Worker& w, bool kill_it) {
  if (w.pid <= 0) return;
  if (w.to_worker >= 0) close(w.to_worker);  // an idle worker sees EOF and exits
  if (kill_it) kill(w.pid, SIGKILL);
  describe_exit(w.pid, true);
  if (w.from_worker >= 0) close(w.from_worker);
  w = Worker{};
}

std::size_t WorkerPool::run(const std::vector<std::string>& inputs, const OnResult& on_result, const ShouldStop& stop) {
  std::deque<std::size_t> pending;
  for (std::size_t i = 0; i < inputs.size(); ++i) pending.push_back(i);
  std::size_t running = 0;
  bool stopping = false;

  // Finished tasks wait here until every idle worker has a new task: the
  // caller's work on a result (writing it) then overlaps the workers' work
  // on the next files instead of leaving them idle.
  std::vector<TaskResult> finished;
  auto finish = [&](Worker& w, TaskResult::Status status, std::string payload, std::string error) {
    TaskResult r;
    r.task = w.task;
    r.status = status;
    r.payload = std::move(payload);
    r.error = std::move(error);
    w.busy = false;
    w.buffer.clear();
    --running;
    finished.push_back(std::move(r));
  };

  std::size_t abandoned = 0;
  while (true) {
    if (!stopping && stop()) {
      stopping = true;
      // Tasks under way are abandoned, not waited for: a stop must be prompt,
      // and an unfinished file is simply done again by the next run.
      for (Worker& w : workers_) {
        if (!w.busy) continue;
        retire(w, true);
        --running;
        ++abandoned;
      }
    }
    // Hand tasks to idle workers.
    for (Worker& w : workers_) {
      if (stopping || pending.empty()) break;
      if (w.busy) continue;
      if (w.pid <= 0) spawn(w);
      std::size_t task = pending.front();
      pending.pop_front();
      w.busy = true;
      w.task = task;
      w.started = std::chrono::steady_clock::now();
      ++running;
      if (!send_frame(w.to_worker, kTask, inputs[task])) {
        std::string why = describe_exit(w.pid, false);
        w.pid = -1;
        close(w.to_worker);
        close(w.from_worker);
        w.to_worker = w.from_worker = -1;
        finish(w, TaskResult::Status::crashed, {}, why);
      }
    }
    for (TaskResult& r : finished) on_result(std::move(r));
    finished.clear();
    if (running == 0 && (stopping || pending.empty())) break;
    if (running == 0) continue;

    std::vector<pollfd> fds;
    std::vector<Worker*> owners;
    auto now = std::chrono::steady_clock::now();
    auto wait = options_.timeout;
    for (Worker& w : workers_) {
      if (!w.busy) continue;
      fds.push_back({w.from_worker, POLLIN, 0});
      owners.push_back(&w);
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(w.started + options_.timeout - now);
      if (left < wait) wait = left;
    }
    // Wake at least every 200 ms to notice a stop request.
    int timeout_ms = static_cast<int>(std::clamp<long long>(wait.count(), 0, 200));
    int ready = poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));

    for (std::size_t i = 0; i < fds.size(); ++i) {
      Worker& w = *owners[i];
      if (ready > 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        char chunk[65536];
        ssize_t n = ::read(w.from_worker, chunk, sizeof chunk);
        if (n > 0) {
          w.buffer.append(chunk, static_cast<std::size_t>(n));
          char status;
          std::string body;
          if (take_frame(w.buffer, status, body)) {
            if (status == kOk) finish(w, TaskResult::Status::ok, std::move(body), {});
            else finish(w, TaskResult::Status::failed, {}, std::move(body));
          }
          continue;
        }
        if (n < 0 && errno == EINTR) continue;
        // EOF: the worker died mid-task.
        std::string why = describe_exit(w.pid, false);
        close(w.to_worker);
        close(w.from_worker);
        w.pid = -1;
        w.to_worker = w.from_worker = -1;
        finish(w, TaskResult::Status::crashed, {}, why);
        continue;
      }
      if (std::chrono::steady_clock::now() - w.started >= options_.timeout) {
        std::size_t task = w.task;
        retire(w, true);
        w.busy = true;  // retire() reset the worker; finish() reports its task
        w.task = task;
        auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options_.timeout).count();
        finish(w, TaskResult::Status::timed_out, {}, "timed out after " + std::to_string(seconds) + " s; worker killed");
      }
    }
  }
  return pending.size() + abandoned;
}

}  // namespace hrdex::indexer::pipeline
