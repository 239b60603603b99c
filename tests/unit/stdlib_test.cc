// Standard library: value parsing (email, timestamp, duration) and the
// functions of docs/language.md §8, including time zones and day boundaries.
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stdlib/duration.h"
#include "stdlib/email.h"
#include "stdlib/json_number.h"
#include "stdlib/strings.h"
#include "stdlib/timestamp.h"
#include "stdlib/timezone.h"

namespace intent::stdlib {
namespace {

int64_t At(const char* rfc3339) {
  std::optional<int64_t> micros = ParseTimestamp(rfc3339);
  EXPECT_TRUE(micros.has_value()) << rfc3339;
  return micros.value_or(0);
}

TEST(Email, SplitsAfterTheLocalPartAndLowercasesTheDomain) {
  auto email = ParseEmail("Some.One@Example.COM");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->local, "Some.One");
  EXPECT_EQ(email->domain, "example.com");
  // A quoted '@' or ',' stays in the local part; the domain follows the quotes.
  auto quoted = ParseEmail("\"a@b\"@c.org");
  ASSERT_TRUE(quoted);
  EXPECT_EQ(quoted->local, "\"a@b\"");
  EXPECT_EQ(quoted->domain, "c.org");
  auto comma = ParseEmail("\"x@evil.com,y\"@Example.com");
  ASSERT_TRUE(comma);
  EXPECT_EQ(comma->domain, "example.com");
  EXPECT_EQ(EmailAt("\"a@b\"@c.org"), 5u);
}

TEST(Email, ExactlyOneMailbox) {
  // Each of these is read by a mail server as an outside recipient, or as
  // something other than one address: none may pass as mail to example.com.
  for (const char* bad :
       {"x@evil.com>,<y@example.com", "x@evil.com,y@example.com", "x@evil.com;y@example.com",
        "x@evil.com y@example.com", "Bob <b@example.com>", "<b@example.com>", "a@b@example.com",
        "a@[192.0.2.1]", "a@-example.com", "a@example-.com", "a.@example.com", ".a@example.com",
        "a..b@example.com", "\"unclosed@example.com", "\"a\"b@example.com", "a(comment)@x.com",
        "a@example.com\n", "\"a\nb\"@x.com"}) {
    EXPECT_FALSE(ParseEmail(bad)) << bad;
    EXPECT_FALSE(ExplainInvalidEmail(bad).empty()) << bad;
  }
  EXPECT_EQ(ExplainInvalidEmail("x@evil.com,y@example.com"),
            "it names more than one address: ',' and ';' separate recipients");
  EXPECT_EQ(ExplainInvalidEmail("Bob <b@example.com>"),
            "it has a display name or brackets: write the bare address, like a@example.com");
  EXPECT_EQ(ExplainInvalidEmail("<b@example.com>"),
            "it has a display name or brackets: write the bare address, like a@example.com");
  for (const char* good : {"a@example.com", "first.last+tag@example.co.uk", "o'neil@x.io",
                           "user@xn--bcher-kva.example", "\"john doe\"@example.com",
                           "\"a\\\"b\"@x.com", "ünïcode@example.com", "a@localhost"}) {
    EXPECT_TRUE(ParseEmail(good)) << good << ": " << ExplainInvalidEmail(good);
  }
  EXPECT_FALSE(ParseEmail(std::string(65, 'a') + "@x.com"));
  EXPECT_TRUE(ParseEmail(std::string(64, 'a') + "@x.com"));
  EXPECT_FALSE(ParseEmail("a@" + std::string(64, 'b') + ".com"));
}

TEST(Email, RejectsWhatIsNotAnAddress) {
  for (const char* bad : {"", "nobody", "@x.com", "a@", "a@x..com", "a@x.com.", "a b@x.com",
                          "a@exa mple.com", "a@x_y.com"}) {
    EXPECT_FALSE(ParseEmail(bad)) << bad;
    EXPECT_FALSE(ExplainInvalidEmail(bad).empty()) << bad;
  }
}

TEST(Email, EmailAtAgreesWithTheExplanation) {
  // Every string of up to 5 characters over an alphabet that hits each rule.
  const std::string alphabet = "aZ9@.- _\x7f";
  std::vector<std::string> texts = {""};
  for (size_t begin = 0, length = 0; length < 5; ++length) {
    size_t end = texts.size();
    for (size_t i = begin; i < end; ++i) {
      for (char c : alphabet) texts.push_back(texts[i] + c);
    }
    begin = end;
  }
  for (const std::string& text : texts) {
    std::optional<size_t> at = EmailAt(text);
    ASSERT_EQ(at.has_value(), ExplainInvalidEmail(text).empty()) << text;
    if (at) {
      EXPECT_EQ(*at, text.rfind('@')) << text;
    }
  }
}

TEST(Timestamp, ParsesRfc3339) {
  EXPECT_EQ(At("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(At("1970-01-01T00:00:01.5Z"), 1'500'000);
  EXPECT_EQ(At("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(At("1969-12-31T23:59:59Z"), -1'000'000);
  EXPECT_EQ(At("2026-11-28t10:00:00z"), At("2026-11-28T10:00:00Z"));
  EXPECT_EQ(At("2024-02-29T00:00:00Z") + kMicrosPerDay, At("2024-03-01T00:00:00Z"));
}

TEST(Timestamp, RejectsMalformedOrImpossibleDates) {
  for (const char* bad :
       {"2026-11-28", "2026-11-28T10:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-11-28T24:00:00Z", "2026-11-28T10:00:60Z", "2026-11-28T10:00:00.Z",
        "2026-11-28T10:00:00+1:00", "x", "2026-11-28T10:00:00Zjunk", "2026-11-28T10:00:00+01:0",
        "2026-11-28T10:00:00+01", "2026-11-28T10:00:00+", "2026-11-28T10:00:0Z",
        "2026-1-28T10:00:00Z", "+026-11-28T10:00:00Z", "2026-11-28T10:00:00+24:00"}) {
    EXPECT_FALSE(ParseTimestamp(bad)) << bad;
  }
}

TEST(Timestamp, RoundTripsEveryYear) {
  // The first and last day of each year, and 29 February where there is one.
  for (int year = 0; year <= 9999; ++year) {
    char text[32];
    bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    for (const char* day : {"01-01", "12-31", "02-29"}) {
      std::snprintf(text, sizeof text, "%04d-%sT23:59:58Z", year, day);
      std::optional<int64_t> micros = ParseTimestamp(text);
      if (std::string(day) == "02-29" && !leap) {
        EXPECT_FALSE(micros) << text;
        continue;
      }
      ASSERT_TRUE(micros) << text;
      EXPECT_EQ(FormatTimestamp(*micros), text);
    }
  }
}

TEST(Timestamp, TheInstantMustBeInRangeOnceTheOffsetApplies) {
  // The integer form is checked on the instant; so is the text form.
  bool out_of_range = false;
  EXPECT_FALSE(ParseTimestamp("9999-12-31T23:59:59-05:00", &out_of_range));
  EXPECT_TRUE(out_of_range);
  EXPECT_FALSE(ParseTimestamp("0000-01-01T00:00:00+01:00", &out_of_range));
  EXPECT_TRUE(out_of_range);
  // The edges themselves, and offsets that stay inside.
  EXPECT_EQ(ParseTimestamp("9999-12-31T23:59:59.999999Z", &out_of_range), kMaxTimestampMicros);
  EXPECT_FALSE(out_of_range);
  EXPECT_EQ(ParseTimestamp("0000-01-01T00:00:00Z"), kMinTimestampMicros);
  EXPECT_EQ(ParseTimestamp("0000-01-01T00:00:00-01:00"), kMinTimestampMicros + 3600LL * 1'000'000);
  EXPECT_EQ(ParseTimestamp("9999-12-31T23:59:59+05:00"),
            kMaxTimestampMicros + 1 - 1'000'000 - 5LL * 3600 * 1'000'000);
  // Malformed text is not "out of range".
  EXPECT_FALSE(ParseTimestamp("2026-13-01T00:00:00Z", &out_of_range));
  EXPECT_FALSE(out_of_range);
}

TEST(Timestamp, FormatsInUtc) {
  EXPECT_EQ(FormatTimestamp(At("2026-11-28T10:00:00+02:00")), "2026-11-28T08:00:00Z");
  EXPECT_EQ(FormatTimestamp(1'500'000), "1970-01-01T00:00:01.500000Z");
}

TEST(Duration, UnitsAndOverflow) {
  EXPECT_EQ(DurationFromUnits(2, 'h'), 2 * kMicrosPerHour);
  EXPECT_EQ(DurationFromUnits(1, 'w'), 7 * kMicrosPerDay);
  EXPECT_FALSE(DurationFromUnits(1, 'y'));
  EXPECT_FALSE(DurationFromUnits(INT64_MAX / 1000, 's'));
  EXPECT_EQ(FormatDuration(90 * kMicrosPerMinute), "90m");
  EXPECT_EQ(FormatDuration(kMicrosPerWeek), "1w");
  EXPECT_EQ(FormatDuration(1500), "1500us");
}

TEST(Strings, CaseTrimAndSize) {
  EXPECT_EQ(Lower("MiXeD Ünïcode"), "mixed Ünïcode");
  EXPECT_EQ(Upper("abc-é"), "ABC-é");
  EXPECT_EQ(Trim(" \t hello world \n"), "hello world");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(CodePointCount("héllo"), 5);
  EXPECT_EQ(CodePointCount(""), 0);
}

TEST(Timezone, UnknownZonesAreInvalid) {
  EXPECT_FALSE(Timezone::Find("Europe/Berln").valid());
  EXPECT_TRUE(Timezone::Find("Europe/Berlin").valid());
  EXPECT_TRUE(Timezone::Utc().valid());
}

TEST(Timezone, HourWeekdayAndStartOfDayFollowTheLocalCalendar) {
  Timezone berlin = Timezone::Find("Europe/Berlin");
  // 23:30 UTC on Saturday is 00:30 on Sunday in Berlin (winter, UTC+1).
  int64_t instant = At("2026-11-28T23:30:00Z");
  EXPECT_EQ(berlin.Hour(instant), 0);
  EXPECT_EQ(berlin.Weekday(instant), "sunday");
  EXPECT_EQ(berlin.StartOfDay(instant), At("2026-11-28T23:00:00Z"));
  Timezone utc = Timezone::Utc();
  EXPECT_EQ(utc.Hour(instant), 23);
  EXPECT_EQ(utc.Weekday(instant), "saturday");
  EXPECT_EQ(utc.StartOfDay(instant), At("2026-11-28T00:00:00Z"));
  // Before the epoch, days still start at local midnight.
  EXPECT_EQ(utc.StartOfDay(At("1969-12-31T12:00:00Z")), At("1969-12-31T00:00:00Z"));
}

TEST(Timezone, DaylightSavingDaysAreNot24Hours) {
  Timezone berlin = Timezone::Find("Europe/Berlin");
  // 2026-03-29: clocks go from 02:00 to 03:00; the day is 23 hours long.
  int64_t start = berlin.StartOfDay(At("2026-03-29T12:00:00Z"));
  int64_t next = berlin.StartOfDay(At("2026-03-30T12:00:00Z"));
  EXPECT_EQ(start, At("2026-03-28T23:00:00Z"));
  EXPECT_EQ(next - start, 23 * kMicrosPerHour);
  EXPECT_EQ(berlin.Hour(At("2026-03-29T01:30:00Z")), 3);
}

TEST(Timezone, MidnightThatDoesNotExist) {
  // America/Havana skipped midnight on 2026-03-08 (00:00 -> 01:00).
  Timezone havana = Timezone::Find("America/Havana");
  ASSERT_TRUE(havana.valid());
  int64_t start = havana.StartOfDay(At("2026-03-08T12:00:00Z"));
  EXPECT_EQ(havana.Hour(start), 1);
  EXPECT_EQ(havana.Weekday(start), "sunday");
}

}  // namespace
}  // namespace intent::stdlib

TEST(JsonInteger, AnySpellingOfAnIntegerIsOne) {
  using intent::stdlib::JsonInteger;
  auto read = [](std::string_view token) {
    int64_t out = -42;
    JsonInteger kind = intent::stdlib::ParseJsonInteger(token, out);
    return std::pair(kind, kind == JsonInteger::kInteger ? out : -42);
  };
  EXPECT_EQ(read("1"), std::pair(JsonInteger::kInteger, int64_t{1}));
  EXPECT_EQ(read("1.0"), std::pair(JsonInteger::kInteger, int64_t{1}));
  EXPECT_EQ(read("10E-1"), std::pair(JsonInteger::kInteger, int64_t{1}));
  EXPECT_EQ(read("1e0 \n"), std::pair(JsonInteger::kInteger, int64_t{1}));
  EXPECT_EQ(read("-0.000e5"), std::pair(JsonInteger::kInteger, int64_t{0}));
  EXPECT_EQ(read("-9223372036854775808"), std::pair(JsonInteger::kInteger, INT64_MIN));
  EXPECT_EQ(read("0.5").first, JsonInteger::kFraction);
  EXPECT_EQ(read("1e-1").first, JsonInteger::kFraction);
  EXPECT_EQ(read("9223372036854775808").first, JsonInteger::kOutOfRange);
  EXPECT_EQ(read("1e19").first, JsonInteger::kOutOfRange);
  EXPECT_EQ(read("1e999999999999").first, JsonInteger::kOutOfRange);
  EXPECT_EQ(read("01").first, JsonInteger::kInvalid);
  EXPECT_EQ(read("1.").first, JsonInteger::kInvalid);
  EXPECT_EQ(read("+1").first, JsonInteger::kInvalid);
  EXPECT_EQ(read("").first, JsonInteger::kInvalid);
  EXPECT_EQ(read("1e").first, JsonInteger::kInvalid);
}
