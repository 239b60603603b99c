// Starts threads together and waits for all of them: what every
// concurrency test does.
#pragma once

#include <thread>
#include <vector>

namespace intent::test_support {

// Runs `body(t)` on `threads` threads at once, t = 0 .. threads - 1.
template <typename Body>
void RunThreads(int threads, Body body) {
  std::vector<std::thread> running;
  running.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) running.emplace_back(body, t);
  for (std::thread& thread : running) thread.join();
}

}  // namespace intent::test_support
