// Time zone lookup. The tz database is read once, lazily, by the library.
#include "stdlib/timezone.h"

#include <date/tz.h>

#include <algorithm>

namespace intent::stdlib {

Timezone Timezone::Find(std::string_view name) {
  if (name == "UTC") return Utc();
  try {
    return Timezone(date::locate_zone(name));
  } catch (const std::exception&) {
    // Unknown zone, or the database itself is missing: both mean "invalid".
    return Timezone(nullptr);
  }
}

Timezone Timezone::Utc() {
  try {
    static const date::time_zone* utc = date::locate_zone("UTC");
    return Timezone(utc);
  } catch (const std::exception&) {
    return Timezone(nullptr);
  }
}

std::vector<std::string> TimezoneNames() {
  std::vector<std::string> names;
  try {
    // With the OS database, links (old names such as "US/Eastern") are zones too.
    for (const date::time_zone& zone : date::get_tzdb().zones) names.push_back(zone.name());
  } catch (const std::exception&) {
    return {};
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace intent::stdlib
