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

 private:
  explicit Timezone(const void* zone) : zone_(zone) {}
  const void* zone_;  // const date::time_zone*, kept out of this header
};

// Every zone name in the database, sorted (for "did you mean" suggestions).
std::vector<std::string> TimezoneNames();

}  // namespace intent::stdlib
