// A fixed pool of worker threads running static, contiguous chunks of an index range. Chunks
// depend only on the thread count, and callers write only to per-index state, so results never
// depend on scheduling.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace meridian {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }
  // Calls fn(begin, end, thread_index) on `threads()` contiguous chunks of [0, n); blocks.
  void parallel_for(int n, const std::function<void(int, int, int)>& fn);
  // The chunk [begin, end) of [0, n) that part `index` of `parts` gets in parallel_for.
  static void chunk(int n, int parts, int index, int& begin, int& end) {
    begin = static_cast<int>(static_cast<int64_t>(n) * index / parts);
    end = static_cast<int>(static_cast<int64_t>(n) * (index + 1) / parts);
  }

 private:
  void worker(int index);

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable start_cv_, done_cv_;
  // Set before generation_ is bumped; workers read them after seeing the new generation.
  const std::function<void(int, int, int)>* job_ = nullptr;
  int n_ = 0;
  // Sequentially consistent atomics: a thread about to sleep re-checks them under mu_ after
  // announcing itself, so a wake-up is never lost while nobody pays for a futex when all spin.
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> running_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
  bool main_sleeping_ = false;  // guarded by mu_
};

}  // namespace meridian
