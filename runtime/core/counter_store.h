// Sliding-window call counters for `count()` and `limit` (docs/semantics.md, "Counting and
// limits").
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
// time of their key) are dropped, and keys with nothing left are erased. A
// request whose window reaches before what was dropped is refused
// (CounterTimeError) rather than counted short.
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
    // Every call at or before this time has been dropped: a window that
    // reaches back to it can no longer be counted exactly.
    int64_t dropped_through = INT64_MIN;
  };
  // Throws CounterTimeError when (now - window, now] is not all kept.
  static void RequireHistory(const Series& series, int64_t window, int64_t now);
  [[noreturn]] static void TooOld();
  // The most calls in any window of length `window` that holds `now`.
  static int64_t BusiestWindowHolding(const Series& series, int64_t window, int64_t now);
  void Expire(Series& series, int64_t now);
  static int64_t InWindow(const Series& series, int64_t window, int64_t now);
  void EraseIfEmpty(std::unordered_map<std::string, Series>::iterator it);
  // Every so many operations, drops expired entries of every key and keys
  // left empty, so per-KEY limits over unbounded key values stay bounded.
  void MaybeSweep();

  // A key with nothing left is forgotten; a request for a key not (or no
  // longer) known is exact only if no call of it could have been dropped:
  // see RequireHistoryOfUnknownKey.
  void RequireHistoryOfUnknownKey(int64_t window, int64_t now) const;

  std::mutex mutex_;
  std::unordered_map<std::string, Series> series_;
  int64_t latest_ = INT64_MIN;  // the latest request time of any key
  uint64_t operations_since_sweep_ = 0;
};

}  // namespace intent::runtime
