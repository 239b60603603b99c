// Durations and timestamps are counted in microseconds (int64): enough range
// (±292,000 years) for any date a policy names, and finer than any clock
// a gateway reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace intent::stdlib {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;
inline constexpr int64_t kMicrosPerWeek = 7 * kMicrosPerDay;

// Microseconds per unit letter (s, m, h, d, w); nullopt for other letters.
std::optional<int64_t> MicrosPerUnit(char unit);

// `amount` units in microseconds; nullopt on overflow or unknown unit.
std::optional<int64_t> DurationFromUnits(int64_t amount, char unit);

// The shortest exact spelling in the language's units: "1d", "90m", "-5s",
// or "1500000us" when no unit divides it.
std::string FormatDuration(int64_t microseconds);

}  // namespace intent::stdlib
