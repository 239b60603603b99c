#include "tests/differential/pools.h"

#include <fmt/format.h>

#include <cctype>
#include <limits>

#include "stdlib/timestamp.h"

namespace intent::difftest {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

const std::vector<std::string>& Words() {
  static const std::vector<std::string> words = {"alpha",
                                                 "beta",
                                                 "Gamma",
                                                 "ALPHA",
                                                 "delta",
                                                 "x",
                                                 "",
                                                 " padded ",
                                                 "\tpadded\n",
                                                 "ünïcödé",
                                                 "ÉTÉ",
                                                 "emoji 😀",
                                                 "quote\"d",
                                                 "back\\slash",
                                                 "100%",
                                                 "a.b*c",
                                                 "label:private",
                                                 "Re: hello",
                                                 "10.20.0.7",
                                                 "192.168.0.1",
                                                 "bot/fix-1",
                                                 ".github/workflows/ci.yml",
                                                 "key.pem",
                                                 "monday",
                                                 "high",
                                                 "red",
                                                 "a@b",
                                                 "secret: 42",
                                                 "call 555-1234"};
  return words;
}

const std::vector<std::string>& Domains() {
  static const std::vector<std::string> domains = {
      "example.com", "example.org",           "corp.example.com", "Example.COM",
      "mail.test",   "xn--bcher-kva.example", "a-b.c-d.net"};
  return domains;
}

const std::vector<std::string>& Locals() {
  static const std::vector<std::string> locals = {"alice",    "Bob",        "ops",    "all",
                                                  "everyone", "first.last", "a+tag",  "o'neil",
                                                  "ÜSER",     "\"x@y\"",    "\"a,b\""};
  return locals;
}

const std::vector<std::string>& Agents() {
  static const std::vector<std::string> agents = {"mail-bot", "ops-bot", "review-bot",
                                                  "Mail-Bot", "agent 7", "ünï-bot"};
  return agents;
}

const std::vector<std::string>& Timezones() {
  static const std::vector<std::string> zones = {
      "UTC",          "Europe/Berlin",       "America/New_York", "America/Santiago",
      "Asia/Kolkata", "Australia/Lord_Howe", "Asia/Kathmandu"};
  return zones;
}

const std::vector<std::string>& Weekdays() {
  static const std::vector<std::string> days = {"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday"};
  return days;
}

const std::vector<std::string>& Instants() {
  static const std::vector<std::string> instants = {
      "2026-01-01T00:00:00Z",         // UTC midnight
      "2026-03-28T23:00:00Z",         // Berlin midnight (CET)
      "2026-03-29T00:59:59Z",         // Berlin: a second before DST starts
      "2026-03-29T01:00:00Z",         // Berlin: DST starts
      "2026-10-25T00:59:59.999999Z",  // Berlin: just before DST ends
      "2026-10-25T01:00:00Z",         // Berlin: DST ends
      "2026-03-08T05:00:00Z",         // New York midnight on its DST day
      "2026-03-08T07:00:00Z",         // New York: DST starts
      "2026-11-01T06:00:00Z",         // New York: DST ends
      "2026-04-05T02:59:59Z",         // Santiago: before DST ends
      "2026-09-06T04:00:00Z",         // Santiago: DST starts at midnight
      "2026-06-14T18:30:00Z",         // Kolkata midnight
      "2026-02-01T18:15:00Z",         // Kathmandu midnight
      "2026-04-04T15:00:00Z",         // Lord Howe: half-hour DST change
      "2026-11-28T10:00:00Z",         // a Saturday
      "2026-11-30T23:59:59+01:00",    // with an offset
      "2028-02-29T12:00:00Z",         // leap day
      "1969-12-31T23:59:59Z",         // before the epoch
      "0001-01-01T00:00:00Z",         // early
      "9999-12-31T23:59:59Z",         // the last second
  };
  return instants;
}

const std::vector<Pattern>& Patterns() {
  static const std::vector<Pattern> patterns = {
      {"^[a-c]+$", {"abc", "cab", "abcd", ""}},
      {"(?i)secret\\s*[:=]", {"my SECRET: x", "secret=1", "secrets"}},
      {"\\d{3}-\\d{4}", {"call 555-1234", "5551234"}},
      {"^.$", {"é", "ab", "😀"}},
      {"(?i)^re:", {"Re: hi", "re:x", "fwd: re:"}},
      {"^$", {"", " "}},
      {"\\p{Greek}+", {"αβγ", "abc"}},
      {"a|b", {"xax", "zzz"}},
      {"^[[:upper:]]", {"Alpha", "alpha"}},
      {"\\.(pem|env)$", {"key.pem", "x.env", "pem"}},
      {"^10\\.20\\.", {"10.20.0.7", "10.2.0.1"}},
      {"[^\\x00-\\x7F]", {"ünï", "ascii"}},
  };
  return patterns;
}

const std::vector<int64_t>& BoundaryInts() {
  // Around zero, hours and minutes, and the points where int arithmetic and
  // days()/hours()/minutes() overflow.
  static const std::vector<int64_t> ints = {
      0,          1,          -1,           2,        3,        5,         7,         10,
      23,         24,         59,           60,       99,       100,       101,       1000,
      1000000,    kMax,       kMin,         kMax - 1, kMin + 1, 1LL << 62, 106751991, 106751992,
      2562047788, 2562047789, 153722867280, 3000000};
  return ints;
}

const std::vector<int64_t>& DurationsMicros() {
  static const std::vector<int64_t> durations = {
      0,    kSecond,  30 * kSecond, kMinute,  15 * kMinute, kHour,           2 * kHour,
      kDay, 7 * kDay, -kHour,       -kSecond, 90 * kMinute, 106751991 * kDay};
  return durations;
}

const std::vector<std::string>& NestedKeys() {
  static const std::vector<std::string> keys = {"send", "read", "delete", "Send", "x", ""};
  return keys;
}

std::vector<int64_t> BaseTimes() {
  std::vector<int64_t> times;
  for (const std::string& instant : Instants()) {
    int64_t micros = ParseInstant(instant);
    if (micros >= ParseInstant("2026-01-01T00:00:00Z") &&
        micros < ParseInstant("2029-01-01T00:00:00Z")) {
      times.push_back(micros);
    }
  }
  return times;
}

int64_t PolicyInstant(Rng& rng, int64_t base) {
  static const std::vector<int64_t> offsets = {
      0, kSecond, -kSecond, kHour, -kHour, 2 * kHour, kDay, -kDay, 3 * kDay, 90 * kMinute};
  if (rng.Chance(20)) return ParseInstant(rng.Pick(Instants()));
  return base + rng.Pick(offsets);
}

std::string InstantText(Rng& rng, int64_t micros) {
  static const std::vector<int> offsets = {60, -300, 330, 345, -180, 630};
  int offset = rng.Chance(25) ? rng.Pick(offsets) : 0;
  int64_t shifted = micros + offset * kMinute;
  bool in_range = shifted >= stdlib::kMinTimestampMicros && shifted <= stdlib::kMaxTimestampMicros;
  return FormatInstant(micros, in_range ? offset : 0);
}

namespace {

// Decodes one UTF-8 sequence starting at text[i] (the generator's own
// strings are valid UTF-8) and advances i past it.
uint32_t DecodeUtf8(const std::string& text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  uint32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) code = (code << 6) | (byte(i + k) & 0x3F);
  i += length;
  return code;
}

}  // namespace

std::string StringLiteral(const std::string& text, Rng& rng) {
  bool escape_unicode = rng.Chance(30);
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t start = i;
      uint32_t code = DecodeUtf8(text, i);
      out += escape_unicode ? fmt::format("\\u{{{:x}}}", code) : text.substr(start, i - start);
      continue;
    }
    ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        out += c < 0x20 || c == 0x7F ? fmt::format("\\u{{{:x}}}", c) : std::string(1, char(c));
    }
  }
  return out + "\"";
}

std::string IntLiteral(int64_t value) {
  if (value == kMin) return "(-9223372036854775807 - 1)";
  if (value < 0) return "-" + std::to_string(-value);
  return std::to_string(value);
}

bool IsAtomicIntLiteral(int64_t value) { return value >= 0 || value == kMin; }

std::string DurationLiteral(int64_t micros) {
  if (micros < 0) return "-" + DurationLiteral(-micros);
  struct Unit {
    int64_t micros;
    char letter;
  };
  for (Unit unit : {Unit{7 * kDay, 'w'}, Unit{kDay, 'd'}, Unit{kHour, 'h'}, Unit{kMinute, 'm'}}) {
    if (micros != 0 && micros % unit.micros == 0) {
      return std::to_string(micros / unit.micros) + unit.letter;
    }
  }
  return std::to_string(micros / kSecond) + "s";
}

std::string FlipCase(std::string text, Rng& rng) {
  for (char& c : text) {
    if (rng.Chance(50))
      c = static_cast<char>(std::isupper(static_cast<unsigned char>(c))
                                ? std::tolower(static_cast<unsigned char>(c))
                                : std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

int64_t ParseInstant(const std::string& text) { return stdlib::ParseTimestamp(text).value(); }

std::string FormatInstant(int64_t micros, int offset_minutes) {
  std::string text = stdlib::FormatTimestamp(micros + offset_minutes * kMinute);
  if (offset_minutes == 0) return text;
  int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  text.pop_back();  // the 'Z'
  return text + fmt::format("{}{:02}:{:02}", offset_minutes < 0 ? '-' : '+', magnitude / 60,
                            magnitude % 60);
}

}  // namespace intent::difftest
