// Timestamps: instants in UTC, as microseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace intent::stdlib {

// Parses an RFC 3339 date-time: "2026-11-28T10:00:00Z",
// "2026-11-28t10:00:00.25+01:00". Fractions beyond microseconds are
// truncated. Returns nullopt for anything else (dates without a time,
// out-of-range fields such as month 13 or February 30).
std::optional<int64_t> ParseTimestamp(std::string_view text);

// RFC 3339 in UTC with a "Z" suffix, fraction only when non-zero.
std::string FormatTimestamp(int64_t micros_since_epoch);

}  // namespace intent::stdlib
