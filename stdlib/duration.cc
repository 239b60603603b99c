// Duration units and formatting.
#include "stdlib/duration.h"

namespace intent::stdlib {

std::optional<int64_t> MicrosPerUnit(char unit) {
  switch (unit) {
    case 's': return kMicrosPerSecond;
    case 'm': return kMicrosPerMinute;
    case 'h': return kMicrosPerHour;
    case 'd': return kMicrosPerDay;
    case 'w': return kMicrosPerWeek;
    default: return std::nullopt;
  }
}

std::optional<int64_t> DurationFromUnits(int64_t amount, char unit) {
  std::optional<int64_t> scale = MicrosPerUnit(unit);
  int64_t result;
  if (!scale || __builtin_mul_overflow(amount, *scale, &result)) return std::nullopt;
  return result;
}

std::string FormatDuration(int64_t microseconds) {
  for (char unit : {'w', 'd', 'h', 'm', 's'}) {
    int64_t scale = *MicrosPerUnit(unit);
    if (microseconds != 0 && microseconds % scale == 0) {
      return std::to_string(microseconds / scale) + unit;
    }
  }
  if (microseconds == 0) return "0s";
  return std::to_string(microseconds) + "us";
}

}  // namespace intent::stdlib
