// The in-process counter store against a model that forgets nothing, with
// request times in random order: a limit never lets more than its bound
// into any window of its length, count() never under-counts, and a request
// within one window of the latest time is always answered.
#include "runtime/core/counter_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace intent::runtime {
namespace {

constexpr int64_t kMinute = 60'000'000;

// Every call ever made under one key.
struct Model {
  std::vector<int64_t> times;
  int64_t InWindow(int64_t window, int64_t end) const {
    return std::count_if(times.begin(), times.end(),
                         [&](int64_t t) { return t > end - window && t <= end; });
  }
  // The most calls in any window of length `window` (the busiest ends at a call).
  int64_t Busiest(int64_t window) const {
    int64_t busiest = 0;
    for (int64_t end : times) busiest = std::max(busiest, InWindow(window, end));
    return busiest;
  }
};

TEST(CounterStore, StaleTimesNeverOverAllowAndNeverUnderCount) {
  const int64_t window = 60 * kMinute;  // limit 2 per 1h
  const int64_t limit = 2;
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    std::mt19937_64 rng(seed);
    InProcessCounterStore store;
    Model limited, counted;
    int64_t latest = INT64_MIN;
    for (int step = 0; step < 200; ++step) {
      // Mostly forward in time, sometimes far back or a few windows ahead.
      int64_t base = latest == INT64_MIN ? 600 * kMinute : latest;
      int64_t jump = static_cast<int64_t>(rng() % (8 * 60)) - 5 * 60;
      int64_t now = std::max<int64_t>(0, base + jump * kMinute / 4);
      bool within_one_window = latest == INT64_MIN || now >= latest - window;
      latest = std::max(latest, now);
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " step " << step << " now " << now);
      // A limit: reserve, and commit when granted.
      try {
        if (store.Reserve("limit", limit, window, now)) {
          store.Commit("limit", now);
          limited.times.push_back(now);
          ASSERT_LE(limited.Busiest(window), limit);
        }
      } catch (const CounterTimeError&) {
        ASSERT_FALSE(within_one_window) << "refused a request within one window of the latest";
      }
      // count(): exact whenever answered.
      try {
        ASSERT_EQ(store.Count("count", window, now), counted.InWindow(window, now));
      } catch (const CounterTimeError&) {
        ASSERT_FALSE(within_one_window) << "refused a count within one window of the latest";
      }
      store.Record("count", now, window);
      counted.times.push_back(now);
    }
  }
}

TEST(CounterStore, TheIssuesExampleIsRefusedNotAllowed) {
  // limit 2 per 1h: calls at 10:00 and 10:01, then one stamped 13:00, then
  // 10:03 and 10:04, whose windows hold the first two calls.
  InProcessCounterStore store;
  const int64_t hour = 60 * kMinute, ten = 10 * hour;
  for (int64_t at : {ten, ten + kMinute}) {
    ASSERT_TRUE(store.Reserve("k", 2, hour, at));
    store.Commit("k", at);
  }
  ASSERT_TRUE(store.Reserve("k", 2, hour, 13 * hour));
  store.Commit("k", 13 * hour);
  EXPECT_THROW(store.Reserve("k", 2, hour, ten + 3 * kMinute), CounterTimeError);
  EXPECT_THROW(store.Count("k", hour, ten + 4 * kMinute), CounterTimeError);
  // Within one window of the latest time, still exact.
  EXPECT_EQ(store.Count("k", hour, 13 * hour + kMinute), 1);
}

TEST(CounterStore, ALateCallCannotOverfillALaterWindow) {
  // Calls at 10:30 and 10:40 fill every window holding both; a call
  // stamped 10:05 would make three in (10:05, 11:05].
  InProcessCounterStore store;
  const int64_t hour = 60 * kMinute, ten = 10 * hour;
  for (int64_t at : {ten + 30 * kMinute, ten + 40 * kMinute}) {
    ASSERT_TRUE(store.Reserve("k", 2, hour, at));
    store.Commit("k", at);
  }
  EXPECT_FALSE(store.Reserve("k", 2, hour, ten + 5 * kMinute));
  EXPECT_FALSE(store.Reserve("k", 2, hour, ten - 19 * kMinute));  // 9:41, with 10:30 and 10:40
  // At 9:40 no window of an hour holds it and both later calls.
  EXPECT_TRUE(store.Reserve("k", 2, hour, ten - 20 * kMinute));
}

}  // namespace
}  // namespace intent::runtime
