#include "golden/thread_pool.h"

#include <chrono>

namespace meridian {

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { worker(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_.store(true);
  }
  start_cv_.notify_all();
  for (auto& t : workers_) t.join();
}


namespace {
// How long a thread spins before it sleeps on a condition variable. A tick's phases are a few
// hundred microseconds apart; waking a sleeping thread costs tens of microseconds (a futex round
// trip, more in a VM), twice per tick. Spinning this long costs nothing when the pool is busy and
// little when it idles between runs.
constexpr auto kSpin = std::chrono::microseconds(200);

template <class Ready>
bool spin_until(const Ready& ready) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (int i = 0;; ++i) {
    if (ready()) return true;
    if ((i & 63) == 63 && std::chrono::steady_clock::now() > until) return false;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}
}  // namespace

void ThreadPool::parallel_for(int n, const std::function<void(int, int, int)>& fn) {
  const int parts = threads();
  if (parts == 1) {
    fn(0, n, 0);
    return;
  }
  job_ = &fn;
  n_ = n;
  running_.store(parts - 1);
  generation_.fetch_add(1);  // publishes job_ and n_ to workers that see the new generation
  if (sleepers_.load() > 0) {
    std::lock_guard<std::mutex> lock(mu_);
    start_cv_.notify_all();
  }
  int b, e;
  chunk(n, parts, 0, b, e);
  fn(b, e, 0);
  if (!spin_until([this] { return running_.load() == 0; })) {
    std::unique_lock<std::mutex> lock(mu_);
    main_sleeping_ = true;
    done_cv_.wait(lock, [this] { return running_.load() == 0; });
    main_sleeping_ = false;
  }
  job_ = nullptr;
}

void ThreadPool::worker(int index) {
  uint64_t seen = 0;
  for (;;) {
    auto started = [&] { return stop_.load() || generation_.load() != seen; };
    if (!spin_until(started)) {
      std::unique_lock<std::mutex> lock(mu_);
      sleepers_.fetch_add(1);
      start_cv_.wait(lock, started);
      sleepers_.fetch_sub(1);
    }
    if (stop_.load()) return;
    seen = generation_.load();
    int b, e;
    chunk(n_, threads(), index, b, e);
    (*job_)(b, e, index);
    if (running_.fetch_sub(1) == 1) {
      std::lock_guard<std::mutex> lock(mu_);  // pairs with the main thread's check under mu_
      if (main_sleeping_) done_cv_.notify_one();
    }
  }
}

}  // namespace meridian
