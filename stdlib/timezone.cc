// Time zone lookup. The tz database is read once, lazily, by the library.
#include "stdlib/timezone.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace intent::stdlib {

namespace {

// The zone and link names of the IANA tz database, from its own index
// (tzdata.zi: "Z NAME ..." and "L TARGET NAME"). The OS database is a
// folder of files, and would also accept "localtime" (this machine's
// /etc/localtime), "posixrules" or "posix/..." copies: names that mean
// something different on every machine. "Factory" is a placeholder zone
// for unconfigured machines. Empty when the index cannot be read.
const std::set<std::string, std::less<>>& IanaNames() {
  static const std::set<std::string, std::less<>> names = [] {
    std::set<std::string, std::less<>> out;
    std::ifstream index("/usr/share/zoneinfo/tzdata.zi");
    for (std::string line; std::getline(index, line);) {
      std::istringstream fields(line);
      std::string kind, first, second;
      fields >> kind >> first >> second;
      if (kind == "Z" && !first.empty()) out.insert(first);
      if (kind == "L" && !second.empty()) out.insert(second);
    }
    out.erase("Factory");
    return out;
  }();
  return names;
}

bool IsIanaName(std::string_view name) {
  if (!IanaNames().empty()) return IanaNames().count(name) > 0;
  // Without the index: refuse what is known to be machine-specific.
  return name != "localtime" && name != "posixrules" && name != "Factory" &&
         !name.starts_with("posix/") && !name.starts_with("right/") &&
         name.find("..") == std::string_view::npos && !name.starts_with("/");
}

}  // namespace

Timezone Timezone::Find(std::string_view name) {
  if (name == "UTC") return Utc();
  if (!IsIanaName(name)) return Timezone(nullptr);
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

namespace {

using Micros = std::chrono::duration<int64_t, std::micro>;

const date::time_zone* Zone(const void* zone) { return static_cast<const date::time_zone*>(zone); }

date::local_time<Micros> ToLocal(const void* zone, int64_t micros) {
  return Zone(zone)->to_local(date::sys_time<Micros>{Micros{micros}});
}

}  // namespace

int Timezone::Hour(int64_t micros) const {
  date::local_time<Micros> local = ToLocal(zone_, micros);
  auto since_midnight = local - date::floor<date::days>(local);
  return static_cast<int>(date::floor<std::chrono::hours>(since_midnight).count());
}

std::string_view Timezone::Weekday(int64_t micros) const {
  static constexpr std::string_view kNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                                "thursday", "friday", "saturday"};
  date::weekday day{date::floor<date::days>(ToLocal(zone_, micros))};
  return kNames[day.c_encoding()];
}

int64_t Timezone::StartOfDay(int64_t micros) const {
  // Policies ask for `today` on every call, with nearly the same instant:
  // remember the last local day per thread, [start, end) in UTC.
  struct Day {
    const void* zone = nullptr;
    int64_t start = 0;
    int64_t end = 0;
  };
  thread_local Day last;
  if (last.zone == zone_ && micros >= last.start && micros < last.end) return last.start;
  int64_t start = ComputeStartOfDay(micros);
  // Local days last 23 to 25 hours (a skipped calendar day makes the day
  // before end at the next one's start): 26 hours on is inside the next day.
  constexpr int64_t kHour = int64_t{3'600'000'000};
  int64_t end = ComputeStartOfDay(start + 26 * kHour);
  if (end > micros && ComputeStartOfDay(end - 1) == start) last = {zone_, start, end};
  return start;
}

int64_t Timezone::ComputeStartOfDay(int64_t micros) const {
  date::local_days day = date::floor<date::days>(ToLocal(zone_, micros));
  date::local_info info = Zone(zone_)->get_info(date::local_seconds{day});
  // Midnight skipped by a transition: the day starts at the jump. Otherwise
  // (unique, or ambiguous: the earlier of the two) local midnight with the
  // first offset.
  date::sys_seconds start = info.result == date::local_info::nonexistent
                                ? info.first.end
                                : date::sys_seconds{day.time_since_epoch()} - info.first.offset;
  return std::chrono::duration_cast<Micros>(start.time_since_epoch()).count();
}

std::vector<std::string> TimezoneNames() {
  std::vector<std::string> names;
  try {
    // With the OS database, links (old names such as "US/Eastern") are zones too.
    for (const date::time_zone& zone : date::get_tzdb().zones) {
      if (IsIanaName(zone.name())) names.push_back(zone.name());
    }
  } catch (const std::exception&) {
    return {};
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace intent::stdlib
