// The values scenarios are made of, shared by policies and requests so that
// conditions go both ways: strings, domains, agents, boundary integers,
// instants around midnights and DST changes, regular expressions with
// strings that do and do not match. Also how to write them as policy
// literals.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/differential/random.h"

namespace intent::difftest {

struct Pattern {
  std::string regex;                 // RE2 syntax, as the pattern itself (not escaped)
  std::vector<std::string> samples;  // some match, some do not
};

const std::vector<std::string>& Words();
const std::vector<std::string>& Domains();
const std::vector<std::string>& Locals();
const std::vector<std::string>& Agents();
const std::vector<std::string>& Timezones();
const std::vector<std::string>& Weekdays();
const std::vector<std::string>& Instants();  // RFC 3339 texts
const std::vector<Pattern>& Patterns();
const std::vector<int64_t>& BoundaryInts();
const std::vector<int64_t>& DurationsMicros();  // whole seconds, some negative

// Constants the policies of a scenario use; requests reuse them.
struct Constants {
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  std::vector<std::string> emails;
  std::vector<int64_t> timestamps;  // microseconds since the epoch
  std::vector<int64_t> durations;   // microseconds
};

// Policy literals. Strings are escaped (sometimes with \u{...} for
// non-ASCII); negative numbers become unary minus, INT64_MIN an expression.
std::string StringLiteral(const std::string& text, Rng& rng);
std::string IntLiteral(int64_t value);
std::string DurationLiteral(int64_t micros);
bool IsAtomicIntLiteral(int64_t value);  // false when IntLiteral() needs parentheses

// RFC 3339 instants, through the project's own parser and formatter.
int64_t ParseInstant(const std::string& text);
std::string FormatInstant(int64_t micros, int offset_minutes = 0);

inline constexpr int64_t kSecond = 1'000'000;
inline constexpr int64_t kMinute = 60 * kSecond;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

}  // namespace intent::difftest
