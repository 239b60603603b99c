// Timestamps: instants in UTC, as microseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace intent::stdlib {

// The instants the language represents: years 0000 to 9999, as RFC 3339
// writes them. Requests and arithmetic outside this range are errors, so
// time zone and window computations never overflow.
inline constexpr int64_t kMinTimestampMicros = -62167219200LL * 1'000'000;      // 0000-01-01
inline constexpr int64_t kMaxTimestampMicros = 253402300800LL * 1'000'000 - 1;  // 9999-12-31
inline bool InTimestampRange(int64_t micros) {
  return micros >= kMinTimestampMicros && micros <= kMaxTimestampMicros;
}

// Parses an RFC 3339 date-time: "2026-11-28T10:00:00Z",
// "2026-11-28t10:00:00.25+01:00". Fractions beyond microseconds are
// truncated. Returns nullopt for anything else (dates without a time,
// out-of-range fields such as month 13 or February 30), and for an instant
// outside the years 0000 to 9999 once its offset is applied
// ("9999-12-31T23:59:59-05:00" is in the year 10000, UTC), as the integer
// form of timestamps is checked; `out_of_range`, if given, tells that case.
std::optional<int64_t> ParseTimestamp(std::string_view text, bool* out_of_range = nullptr);

// RFC 3339 in UTC with a "Z" suffix, fraction only when non-zero.
std::string FormatTimestamp(int64_t micros_since_epoch);

}  // namespace intent::stdlib
