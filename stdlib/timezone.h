// IANA time zones (via Howard Hinnant's tz library on the OS database), for
// `today`, `hour()`, `weekday()` and `date()` in a policy's timezone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace intent::stdlib {

// An opaque handle to a zone in the tz database; cheap to copy. Thread-safe.
class Timezone {
 public:
  // Returns a zone, or an invalid handle when `name` is not in the database.
  static Timezone Find(std::string_view name);
  static Timezone Utc();
  bool valid() const { return zone_ != nullptr; }

  // Local calendar facts of an instant (microseconds since the epoch, UTC).
  // The handle must be valid.
  int Hour(int64_t micros) const;                  // 0..23
  std::string_view Weekday(int64_t micros) const;  // "monday" .. "sunday"
  // The instant at which the local day containing `micros` began. Where a
  // transition skips midnight, the day begins at the transition.
  int64_t StartOfDay(int64_t micros) const;

 private:
  explicit Timezone(const void* zone) : zone_(zone) {}
  int64_t ComputeStartOfDay(int64_t micros) const;
  const void* zone_;  // const date::time_zone*, kept out of this header
};

// Every zone name in the database, sorted (for "did you mean" suggestions).
std::vector<std::string> TimezoneNames();

}  // namespace intent::stdlib
