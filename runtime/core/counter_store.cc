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
  // Request times may arrive out of order (clock skew between gateways,
  // replays): expiry follows the latest time seen, and keeps two longest
  // windows, so a request up to one window behind it still counts right.
  series.latest = std::max(series.latest, now);
  int64_t horizon =
      SaturatingSub(SaturatingSub(series.latest, series.longest_window), series.longest_window);
  while (!series.times.empty() && series.times.front() <= horizon) series.times.pop_front();
}

int64_t InProcessCounterStore::InWindow(const Series& series, int64_t window, int64_t now) {
  // Calls in (now - window, now]; later ones (an earlier request time) are not counted.
  auto first =
      std::upper_bound(series.times.begin(), series.times.end(), SaturatingSub(now, window));
  auto last = std::upper_bound(first, series.times.end(), now);
  return static_cast<int64_t>(last - first);
}

void InProcessCounterStore::EraseIfEmpty(std::unordered_map<std::string, Series>::iterator it) {
  if (it->second.times.empty() && it->second.reserved == 0) series_.erase(it);
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
  if (it == series_.end()) return 0;
  Series& series = it->second;
  series.longest_window = std::max(series.longest_window, window);
  Expire(series, now);
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
  auto it = series_.try_emplace(key).first;
  Series& series = it->second;
  series.longest_window = std::max(series.longest_window, window);
  Expire(series, now);
  if (InWindow(series, window, now) + series.reserved >= limit) {
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
