#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace qicase {

// Runs fn(i) for i in [0, n) on up to `threads` threads; each index exactly once. Results are
// written by index, so output order never depends on scheduling. Few items: no threads at all.
template <class Fn> void parallel_for(std::size_t n, unsigned threads, Fn&& fn)
{
  constexpr std::size_t k_min_per_thread = 16;
  const std::size_t workers = std::min<std::size_t>(threads == 0 ? 1 : threads,
                                                    (n + k_min_per_thread - 1) / k_min_per_thread);
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) {
      fn(i);
    }
    return;
  }
  // Handed out in runs of neighbouring indexes: files next to each other are often related (a
  // notice and the QCAR that answers it, side by side in their folder), and one thread taking
  // both reads the notice once where two threads at once would have one wait for the other.
  const std::size_t chunk = std::clamp<std::size_t>(n / (workers * 8), 1, 16);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t first = next.fetch_add(chunk); first < n; first = next.fetch_add(chunk)) {
      const std::size_t last = std::min(n, first + chunk);
      for (std::size_t i = first; i < last; ++i) {
        fn(i);
      }
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
