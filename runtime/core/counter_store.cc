// The in-process counter store.
#include "runtime/core/counter_store.h"

#include <algorithm>

namespace intent::runtime {

namespace {

// a - b without overflow (times and windows come from requests and policies).
int64_t SaturatingSub(int64_t a, int64_t b) {
  int64_t result;
  if (!__builtin_sub_overflow(a, b, &result)) return result;
  return b > 0 ? INT64_MIN : INT64_MAX;
}

}  // namespace

void InProcessCounterStore::Expire(Series& series, int64_t now) {
  // (latest_ is updated by every caller of Expire, under the mutex.)
  // Request times may arrive out of order (clock skew between gateways,
  // replays): expiry follows the latest time seen, and keeps two longest
  // windows, so a request up to one window behind it still counts right.
  series.latest = std::max(series.latest, now);
  latest_ = std::max(latest_, now);
  int64_t horizon =
      SaturatingSub(SaturatingSub(series.latest, series.longest_window), series.longest_window);
  bool dropped = false;
  while (!series.times.empty() && series.times.front() <= horizon) {
    series.times.pop_front();
    dropped = true;
  }
  // Every call after dropped_through is still kept.
  if (dropped) series.dropped_through = std::max(series.dropped_through, horizon);
}

void InProcessCounterStore::RequireHistory(const Series& series, int64_t window, int64_t now) {
  // Exact only if every call in (now - window, now] is still kept.
  if (SaturatingSub(now, window) >= series.dropped_through) return;
  TooOld();
}

void InProcessCounterStore::RequireHistoryOfUnknownKey(int64_t window, int64_t now) const {
  // A forgotten key had no call left after its own latest time, which was
  // more than two of its windows (each at least `window`: the engine asks a
  // key with its longest window or shorter ones) behind latest_. So a
  // window that starts at or after latest_ - window holds none of its
  // calls: exact. Further back, a forgotten call might be in it.
  if (latest_ == INT64_MIN || now >= SaturatingSub(latest_, window)) return;
  TooOld();
}

void InProcessCounterStore::TooOld() {
  throw CounterTimeError(
      "context.time is too far behind the latest request counted for this rule: the calls in "
      "its window are no longer kept, so it cannot be counted exactly");
}

int64_t InProcessCounterStore::BusiestWindowHolding(const Series& series, int64_t window,
                                                    int64_t now) {
  // A window (x - window, x] holds `now` for x in [now, now + window). Its
  // count only rises as x passes a call, so the busiest such window ends
  // at `now` or at a call after it.
  int64_t busiest = InWindow(series, window, now);
  int64_t end = now > INT64_MAX - window ? INT64_MAX : now + window;
  for (auto it = std::upper_bound(series.times.begin(), series.times.end(), now);
       it != series.times.end() && *it < end; ++it) {
    busiest = std::max(busiest, InWindow(series, window, *it));
  }
  return busiest;
}

int64_t InProcessCounterStore::InWindow(const Series& series, int64_t window, int64_t now) {
  // Calls in (now - window, now]; later ones (an earlier request time) are not counted.
  auto first =
      std::upper_bound(series.times.begin(), series.times.end(), SaturatingSub(now, window));
  auto last = std::upper_bound(first, series.times.end(), now);
  return static_cast<int64_t>(last - first);
}

void InProcessCounterStore::EraseIfEmpty(std::unordered_map<std::string, Series>::iterator it) {
  const Series& series = it->second;
  if (!series.times.empty() || series.reserved != 0) return;
  // A key that dropped calls is kept (empty) while requests near its latest
  // time may still ask about them: RequireHistory needs its dropped_through.
  // Once it is two of its windows behind every key's latest time,
  // RequireHistoryOfUnknownKey answers for it.
  if (series.dropped_through != INT64_MIN &&
      series.latest >
          SaturatingSub(SaturatingSub(latest_, series.longest_window), series.longest_window)) {
    return;
  }
  series_.erase(it);
}

void InProcessCounterStore::MaybeSweep() {
  // Counted in operations, not only writes: keys created by reservations
  // that were all given back must go too.
  constexpr uint64_t kOperationsPerSweep = 4096;
  if (++operations_since_sweep_ < kOperationsPerSweep) return;
  operations_since_sweep_ = 0;
  for (auto it = series_.begin(); it != series_.end();) {
    Expire(it->second, it->second.latest);
    auto next = std::next(it);
    EraseIfEmpty(it);
    it = next;
  }
}

int64_t InProcessCounterStore::Count(const std::string& key, int64_t window, int64_t now) {
  std::lock_guard lock(mutex_);
  MaybeSweep();
  auto it = series_.find(key);
  if (it == series_.end()) {
    RequireHistoryOfUnknownKey(window, now);
    return 0;
  }
  Series& series = it->second;
  series.longest_window = std::max(series.longest_window, window);
  Expire(series, now);
  RequireHistory(series, window, now);
  int64_t count = InWindow(series, window, now);
  EraseIfEmpty(it);
  return count;
}

void InProcessCounterStore::Record(const std::string& key, int64_t now, int64_t retain) {
  std::lock_guard lock(mutex_);
  MaybeSweep();
  Series& series = series_[key];
  series.longest_window = std::max(series.longest_window, retain);
  Expire(series, now);
  series.times.insert(std::upper_bound(series.times.begin(), series.times.end(), now), now);
}

bool InProcessCounterStore::Reserve(const std::string& key, int64_t limit, int64_t window,
                                    int64_t now) {
  std::lock_guard lock(mutex_);
  MaybeSweep();
  auto [it, created] = series_.try_emplace(key);
  if (created) {
    try {
      RequireHistoryOfUnknownKey(window, now);
    } catch (...) {
      series_.erase(it);
      throw;
    }
  }
  Series& series = it->second;
  series.longest_window = std::max(series.longest_window, window);
  Expire(series, now);
  RequireHistory(series, window, now);
  if (BusiestWindowHolding(series, window, now) + series.reserved >= limit) {
    EraseIfEmpty(it);
    return false;
  }
  ++series.reserved;
  return true;
}

void InProcessCounterStore::Commit(const std::string& key, int64_t now) {
  std::lock_guard lock(mutex_);
  Series& series = series_[key];
  if (series.reserved > 0) --series.reserved;
  series.times.insert(std::upper_bound(series.times.begin(), series.times.end(), now), now);
}

void InProcessCounterStore::Release(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = series_.find(key);
  if (it == series_.end()) return;
  if (it->second.reserved > 0) --it->second.reserved;
  EraseIfEmpty(it);
}

size_t InProcessCounterStore::KeyCountForTesting() {
  std::lock_guard lock(mutex_);
  return series_.size();
}

size_t InProcessCounterStore::EntryCountForTesting() {
  std::lock_guard lock(mutex_);
  size_t count = 0;
  for (const auto& [key, series] : series_) count += series.times.size();
  return count;
}

}  // namespace intent::runtime
