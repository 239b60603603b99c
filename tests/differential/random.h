// A small deterministic random source for the scenario generator. The
// standard distributions and std::shuffle are implementation-defined, so a
// seed would not name the same scenario on every standard library; these
// are defined here, bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace intent::difftest {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  // splitmix64: tiny, fast, and every seed gives a good stream.
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n); n must be positive. The modulo bias is irrelevant here.
  size_t Index(size_t n) { return static_cast<size_t>(Next() % n); }

  // Uniform in [lo, hi], both included.
  int64_t Range(int64_t lo, int64_t hi) {
    uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
    uint64_t offset = span == 0 ? Next() : Next() % span;
    return static_cast<int64_t>(static_cast<uint64_t>(lo) + offset);
  }

  // True with the given probability in percent.
  bool Chance(int percent) { return static_cast<int>(Next() % 100) < percent; }

  template <class T>
  const T& Pick(const std::vector<T>& items) {
    return items[Index(items.size())];
  }

  // Index into `weights`, chosen in proportion to the weights (not all zero).
  size_t Weighted(const std::vector<int>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int roll = static_cast<int>(Next() % static_cast<uint64_t>(total));
    for (size_t i = 0; i < weights.size(); ++i) {
      if (roll < weights[i]) return i;
      roll -= weights[i];
    }
    return weights.size() - 1;
  }

  template <class T>
  void Shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[Index(i)]);
  }

 private:
  uint64_t state_;
};

}  // namespace intent::difftest
