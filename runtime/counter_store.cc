// The in-process counter store.
#include "runtime/counter_store.h"

#include <algorithm>

namespace intent::runtime {

void InProcessCounterStore::Expire(Series& series, int64_t now) {
  // Times at or before now - longest_window can no longer be counted.
  while (!series.times.empty() && series.times.front() <= now - series.longest_window) {
    series.times.pop_front();
  }
}

void InProcessCounterStore::MaybeSweep(int64_t now) {
  constexpr uint64_t kWritesPerSweep = 4096;
  if (++writes_since_sweep_ < kWritesPerSweep) return;
  writes_since_sweep_ = 0;
  for (auto it = series_.begin(); it != series_.end();) {
    Expire(it->second, now);
    if (it->second.times.empty() && it->second.reserved == 0) {
      it = series_.erase(it);
    } else {
      ++it;
    }
  }
}

int64_t InProcessCounterStore::Count(const std::string& key, int64_t window, int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = series_.find(key);
  if (it == series_.end()) return 0;
  Series& series = it->second;
  series.longest_window = std::max(series.longest_window, window);
  Expire(series, now);
  // Calls in (now - window, now]; later ones (a clock moved back) are not counted.
  auto first = std::upper_bound(series.times.begin(), series.times.end(), now - window);
  auto last = std::upper_bound(first, series.times.end(), now);
  return static_cast<int64_t>(last - first);
}

void InProcessCounterStore::Record(const std::string& key, int64_t now, int64_t retain) {
  std::lock_guard lock(mutex_);
  Series& series = series_[key];
  series.longest_window = std::max(series.longest_window, retain);
  series.times.insert(std::upper_bound(series.times.begin(), series.times.end(), now), now);
  MaybeSweep(now);
}

bool InProcessCounterStore::Reserve(const std::string& key, int64_t limit, int64_t window,
                                    int64_t now) {
  std::lock_guard lock(mutex_);
  Series& series = series_[key];
  series.longest_window = std::max(series.longest_window, window);
  Expire(series, now);
  auto first = std::upper_bound(series.times.begin(), series.times.end(), now - window);
  auto last = std::upper_bound(first, series.times.end(), now);
  int64_t taken = static_cast<int64_t>(last - first) + series.reserved;
  if (taken >= limit) return false;
  ++series.reserved;
  return true;
}

void InProcessCounterStore::Commit(const std::string& key, int64_t now) {
  std::lock_guard lock(mutex_);
  Series& series = series_[key];
  if (series.reserved > 0) --series.reserved;
  series.times.insert(std::upper_bound(series.times.begin(), series.times.end(), now), now);
  MaybeSweep(now);
}

void InProcessCounterStore::Release(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = series_.find(key);
  if (it != series_.end() && it->second.reserved > 0) --it->second.reserved;
}

size_t InProcessCounterStore::EntryCountForTesting() {
  std::lock_guard lock(mutex_);
  size_t count = 0;
  for (const auto& [key, series] : series_) count += series.times.size();
  return count;
}

}  // namespace intent::runtime
