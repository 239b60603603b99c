// Sliding-window call counters for `count()` and `limit` (docs/semantics.md, "Counting and limits").
//
// A limit is enforced exactly under concurrency by reserving a slot while a
// decision is being made and committing it only if the decision is allow:
// N threads racing on `limit 10 per 1d` get exactly 10 allows.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "intent/counter_store.hpp"

namespace intent::runtime {

// The interface is public (include/intent/counter_store.hpp): a gateway
// may plug in a shared store.
using ::intent::CounterStore;

// The default, in-process store. Thread-safe. Memory stays bounded: entries
// older than twice the longest window asked about (behind the latest request
// time of their key) are dropped, and keys with nothing left are erased.
class InProcessCounterStore : public CounterStore {
 public:
  int64_t Count(const std::string& key, int64_t window, int64_t now) override;
  void Record(const std::string& key, int64_t now, int64_t retain) override;
  bool Reserve(const std::string& key, int64_t limit, int64_t window, int64_t now) override;
  void Commit(const std::string& key, int64_t now) override;
  void Release(const std::string& key) override;

  size_t EntryCountForTesting();
  size_t KeyCountForTesting();

 private:
  struct Series {
    std::deque<int64_t> times;  // ascending
    int64_t reserved = 0;
    int64_t longest_window = 0;
    int64_t latest = INT64_MIN;  // the latest request time seen for this key
  };
  void Expire(Series& series, int64_t now);
  static int64_t InWindow(const Series& series, int64_t window, int64_t now);
  void EraseIfEmpty(std::unordered_map<std::string, Series>::iterator it);
  // Every so many operations, drops expired entries of every key and keys
  // left empty, so per-KEY limits over unbounded key values stay bounded.
  void MaybeSweep();

  std::mutex mutex_;
  std::unordered_map<std::string, Series> series_;
  uint64_t operations_since_sweep_ = 0;
};

}  // namespace intent::runtime
