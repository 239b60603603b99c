// RFC 3339 parsing and formatting on top of Howard Hinnant's date library.
#include "stdlib/timestamp.h"

#include <date/date.h>

#include <chrono>

#include "stdlib/duration.h"

namespace intent::stdlib {
namespace {

// Two ASCII digits at text[pos] and text[pos + 1], which the caller has
// checked are in bounds. Fixed-width fields: request binding parses a
// timestamp or two per request, so this stays small enough to inline.
bool TwoDigits(std::string_view text, size_t pos, int& value) {
  char tens = text[pos];
  char ones = text[pos + 1];
  if (tens < '0' || tens > '9' || ones < '0' || ones > '9') return false;
  value = (tens - '0') * 10 + (ones - '0');
  return true;
}

}  // namespace

std::optional<int64_t> ParseTimestamp(std::string_view text, bool* out_of_range) {
  if (out_of_range != nullptr) *out_of_range = false;
  int century, year_of_century, month, day, hour, minute, second;
  if (text.size() < 19 || !TwoDigits(text, 0, century) || !TwoDigits(text, 2, year_of_century) ||
      text[4] != '-' || !TwoDigits(text, 5, month) || text[7] != '-' || !TwoDigits(text, 8, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !TwoDigits(text, 11, hour) ||
      text[13] != ':' || !TwoDigits(text, 14, minute) || text[16] != ':' ||
      !TwoDigits(text, 17, second)) {
    return std::nullopt;
  }
  int year = century * 100 + year_of_century;
  // Leap seconds (:60) are not representable as instants here; reject them.
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                           date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;

  size_t pos = 19;
  int64_t fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) fraction = fraction * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (size_t i = digits; i < 6; ++i) fraction *= 10;
  }
  int64_t offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int offset_hour, offset_minute;
    if (pos + 6 > text.size() || !TwoDigits(text, pos + 1, offset_hour) || text[pos + 3] != ':' ||
        !TwoDigits(text, pos + 4, offset_minute) || offset_hour > 23 || offset_minute > 59) {
      return std::nullopt;
    }
    offset_minutes = (text[pos] == '-' ? -1 : 1) * (int64_t{offset_hour} * 60 + offset_minute);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  int64_t days = date::sys_days(ymd).time_since_epoch().count();
  int64_t instant = days * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
                    second * kMicrosPerSecond + fraction - offset_minutes * kMicrosPerMinute;
  if (!InTimestampRange(instant)) {
    if (out_of_range != nullptr) *out_of_range = true;
    return std::nullopt;
  }
  return instant;
}

std::string FormatTimestamp(int64_t micros_since_epoch) {
  using Micros = std::chrono::duration<int64_t, std::micro>;
  date::sys_time<Micros> instant{Micros{micros_since_epoch}};
  if (micros_since_epoch % kMicrosPerSecond == 0) {
    return date::format("%FT%TZ", date::floor<std::chrono::seconds>(instant));
  }
  return date::format("%FT%TZ", instant);
}

}  // namespace intent::stdlib
