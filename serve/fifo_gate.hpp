// At most N requests are answered at once, and the others wait their turn
// in the order they came.
//
// Why: httplib gives every kept-alive connection its own thread, so with
// 16 clients 16 searches share two cores and each takes 8 times its own
// time; a slow search (a phrase over a large index) then holds every
// other request back as long as it runs, and its own latency grows with
// the number of clients. Answered first come first served on as many
// threads as cores, a request waits for the ones queued before it and then
// runs at full speed: the mean latency stays what the throughput allows
// (Little's law), the tail shortens, and fewer threads switch in and out
// of the same caches.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>

namespace hrdex::serve {

class FifoGate {
 public:
  explicit FifoGate(unsigned slots) : free_(slots == 0 ? 1 : slots) {}
  FifoGate(const FifoGate&) = delete;
  FifoGate& operator=(const FifoGate&) = delete;

  // Held while a request is answered; leaving its scope frees the slot.
  class Pass {
   public:
    explicit Pass(FifoGate& gate) : gate_(gate) { gate_.enter(); }
    ~Pass() { gate_.leave(); }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    FifoGate& gate_;
  };

  // Requests that hold a pass or wait for one.
  unsigned waiting_or_active() const {
    std::lock_guard lock(mutex_);
    return present_;
  }

 private:
  // A request waiting its turn; leave() hands it the slot and wakes it
  // alone, so a slot freed wakes one thread, not every waiting one.
  struct Waiter {
    std::condition_variable turn;
    bool admitted = false;
  };

  void enter() {
    std::unique_lock lock(mutex_);
    ++present_;
    if (free_ > 0 && queue_.empty()) {
      --free_;
      return;
    }
    Waiter me;
    queue_.push_back(&me);
    me.turn.wait(lock, [&] { return me.admitted; });
  }
  void leave() {
    std::lock_guard lock(mutex_);
    --present_;
    if (queue_.empty()) {
      ++free_;
      return;
    }
    // Woken under the lock: the waiter's condition variable lives on its
    // stack and is gone once it sees `admitted`.
    Waiter* next = queue_.front();
    queue_.pop_front();
    next->admitted = true;
    next->turn.notify_one();
  }

  mutable std::mutex mutex_;
  std::deque<Waiter*> queue_;  // first come, first admitted
  unsigned present_ = 0;       // holding a pass or waiting for one
  unsigned free_;
};

}  // namespace hrdex::serve
