#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace qicase {

// Runs fn(i) for i in [0, n) on up to `threads` threads; each index exactly once. Results are
// written by index, so output order never depends on scheduling. Few items: no threads at all.
template <class Fn>
void parallel_for(std::size_t n, unsigned threads, Fn&& fn)
{
  constexpr std::size_t k_min_per_thread = 16;
  const std::size_t workers =
    std::min<std::size_t>(threads == 0 ? 1 : threads, (n + k_min_per_thread - 1) / k_min_per_thread);
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) {
      fn(i);
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      fn(i);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (std::size_t t = 1; t < workers; ++t) {
    pool.emplace_back(work);
  }
  work();
  for (auto& thread : pool) {
    thread.join();
  }
}

} // namespace qicase
