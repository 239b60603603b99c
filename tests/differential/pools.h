// The values scenarios are made of, shared by policies and requests so that
// conditions go both ways: strings, domains, agents, boundary integers,
// instants around midnights and DST changes, regular expressions with
// strings that do and do not match. Also how to write them as policy
// literals.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/differential/random.h"
#include "tests/differential/schema_model.h"

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
// Keys of the maps inside data values (Member.limits): plain words.
const std::vector<std::string>& NestedKeys();
// Instants of Instants() a scenario can be built around (2026 to 2028).
std::vector<int64_t> BaseTimes();
// An instant for a policy constant: mostly near `base`, else from Instants().
int64_t PolicyInstant(Rng& rng, int64_t base);

struct ConstantSet {
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  std::vector<std::string> emails;
  std::vector<int64_t> timestamps;  // microseconds since the epoch
  std::vector<int64_t> durations;   // microseconds
};

// What the policies of a scenario use, for requests to reuse: constants,
// all of them and by the name of the field they were compared with
// (`doc.size >= 4` files 4 under "size", so that requests fill `size` with
// values near 4 more often than chance would), the operations rules target
// and the agents policies apply to.
struct Constants {
  int64_t base_time = 0;  // policy instants and the request clock are near it
  ConstantSet all;
  std::map<std::string, ConstantSet> by_field;
  std::vector<const Operation*> targets;  // each rule's operations
  std::vector<std::string> agents;
  // The keys of each map data document, by its name (strings, emails as
  // written in the data file, or ints); policies look them up and file
  // them under the fields they use as keys.
  std::map<std::string, ConstantSet> data_keys;

  template <class T>
  void Add(std::vector<T> ConstantSet::*kind, const T& value, const std::string& field) {
    (all.*kind).push_back(value);
    if (!field.empty()) (by_field[field].*kind).push_back(value);
  }
};

// Policy literals. Strings are escaped (sometimes with \u{...} for
// non-ASCII); negative numbers become unary minus, INT64_MIN an expression.
std::string StringLiteral(const std::string& text, Rng& rng);
std::string IntLiteral(int64_t value);
std::string DurationLiteral(int64_t micros);
bool IsAtomicIntLiteral(int64_t value);  // false when IntLiteral() needs parentheses

// Each ASCII letter's case flipped with even odds.
std::string FlipCase(std::string text, Rng& rng);

// RFC 3339 instants, through the project's own parser and formatter.
int64_t ParseInstant(const std::string& text);
std::string FormatInstant(int64_t micros, int offset_minutes = 0);
// RFC 3339 in UTC, or with an offset when the result stays in range.
std::string InstantText(Rng& rng, int64_t micros);

inline constexpr int64_t kSecond = 1'000'000;
inline constexpr int64_t kMinute = 60 * kSecond;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

}  // namespace intent::difftest
