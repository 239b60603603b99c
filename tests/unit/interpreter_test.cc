// The reference interpreter: decision semantics (docs/semantics.md), operators and
// functions (docs/language.md §7, §8), fail-closed errors, limits and counting.
#include "runtime/interp/interpreter.h"

#include <gtest/gtest.h>

#include "runtime/bind/bind_json.h"
#include "stdlib/timestamp.h"
#include "tests/unit/failing_count_store.h"
#include "tests/unit/test_support.h"

namespace intent::runtime {
namespace {

// A message request for the test schema ("mail"). `overrides` holds
// "field": value pairs (JSON text) that replace or add message fields.
std::string MessageRequest(const std::string& operation, const std::string& overrides,
                           const std::string& principal = "bot",
                           const std::string& time = "2026-11-28T10:00:00Z") {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"id", "\"m1\""},
      {"sender", "\"Boss@Example.COM\""},
      {"to", "[\"a@example.com\", \"b@other.org\"]"},
      {"unread", "true"},
      {"received", "\"2026-11-28T08:00:00Z\""},
      {"labels", "[\"inbox\"]"},
      {"size", "1200"},
      {"attachments", "[{\"name\": \"a.pdf\", \"size\": 10}]"},
      {"priority", "\"high\""}};
  // Parse `"key": value, ...` at top-level commas.
  size_t depth = 0, start = 0;
  bool in_string = false;
  for (size_t i = 0; i <= overrides.size(); ++i) {
    char c = i < overrides.size() ? overrides[i] : ',';
    if (c == '"' && (i == 0 || overrides[i - 1] != '\\')) in_string = !in_string;
    if (in_string) continue;
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    if (c != ',' || depth != 0) continue;
    std::string item = overrides.substr(start, i - start);
    start = i + 1;
    size_t colon = item.find(':');
    if (colon == std::string::npos) continue;
    std::string key = item.substr(item.find('"') + 1);
    key = key.substr(0, key.find('"'));
    std::string value = item.substr(colon + 1);
    bool replaced = false;
    for (auto& field : fields) {
      if (field.first == key) {
        field.second = value;
        replaced = true;
      }
    }
    if (!replaced) fields.emplace_back(key, value);
  }
  std::string message;
  for (const auto& [key, value] : fields) {
    message += (message.empty() ? "" : ", ") + ("\"" + key + "\": " + value);
  }
  return R"({"principal": ")" + principal + R"(", "operation": "mail.messages.)" + operation +
         R"(", "input": {"message": {)" + message +
         R"(}}, "context": {"user_present": true, "time": ")" + time + R"("}})";
}

class InterpreterTest : public ::testing::Test {
 protected:
  void Load(const std::string& policy) {
    result_ = test_support::CheckPolicy(policy);
    ASSERT_TRUE(result_->diagnostics.all().empty()) << result_->FirstMessage();
    interpreter_ = std::make_unique<Interpreter>(
        std::vector<const check::CheckedModule*>{&result_->checked}, store_);
  }
  Decision Decide(const std::string& json) {
    BindResult bound = BindRequestJson(json, result_->schemas);
    if (!bound.request) {
      ADD_FAILURE() << "request does not bind: " << bound.error->ToString() << "\n" << json;
      return Decision{Effect::kDeny, {}, {}, {"unbound"}, std::nullopt, std::nullopt, std::nullopt};
    }
    return interpreter_->Decide(*bound.request, 0);
  }
  std::string Effect(const std::string& json) { return Spelling(Decide(json).effect); }

  std::unique_ptr<test_support::CheckResult> result_;
  InProcessCounterStore store_;
  std::unique_ptr<Interpreter> interpreter_;
};

TEST_F(InterpreterTest, MostRestrictiveEffectWins) {
  Load(R"(policy "p" for mail
@id("r-allow") allow read because "fine"
@id("r-ask") ask read when message.size > 1000 because "big"
@id("r-forbid") forbid read when message.size > 5000 because "huge"
)");
  Decision big = Decide(MessageRequest("get", "\"size\": 2000"));
  EXPECT_EQ(big.effect, Effect::kAsk);
  EXPECT_EQ(big.rules, std::vector<std::string>{"r-ask"});
  EXPECT_EQ(big.reasons, std::vector<std::string>{"big"});
  EXPECT_EQ(Effect(MessageRequest("get", "\"size\": 9000")), "deny");
  Decision small = Decide(MessageRequest("get", "\"size\": 10"));
  EXPECT_EQ(small.effect, Effect::kAllow);
  EXPECT_EQ(small.rules, std::vector<std::string>{"r-allow"});
}

TEST_F(InterpreterTest, DefaultsAndScoping) {
  Load(R"(policy "p" for mail
  applies to agent "bot"
  default ask
allow read when message.size < 100
)");
  Decision fallback = Decide(MessageRequest("get", ""));
  EXPECT_EQ(fallback.effect, Effect::kAsk);  // the policy's default
  EXPECT_TRUE(fallback.rules.empty());
  // Another agent: no policy applies, so deny.
  EXPECT_EQ(Effect(MessageRequest("get", "\"size\": 1", "other")), "deny");
  EXPECT_EQ(Effect(MessageRequest("get", "\"size\": 1")), "allow");
}

TEST_F(InterpreterTest, FailsClosed) {
  Load(R"(policy "p" for mail
  default ask
@id("a") allow read when message.to[5].local == "x"
@id("f") forbid delete when message.to[5].local == "x"
)");
  Decision allow_error = Decide(MessageRequest("get", ""));
  EXPECT_EQ(allow_error.effect, Effect::kAsk);  // not matched: the default
  ASSERT_EQ(allow_error.errors.size(), 1u);
  EXPECT_EQ(allow_error.errors[0], "a: 'when' at line 3: index 5 is out of range for a list of 2");
  Decision forbid_error = Decide(MessageRequest("delete", ""));
  EXPECT_EQ(forbid_error.effect, Effect::kDeny);  // matched
  EXPECT_EQ(forbid_error.rules, std::vector<std::string>{"f"});
}

TEST_F(InterpreterTest, IntegerOverflowIsAnError) {
  Load(R"(policy "p" for mail
@id("f") forbid read when message.size + 9223372036854775807 > 0
)");
  Decision decision = Decide(MessageRequest("get", ""));
  EXPECT_EQ(decision.effect, Effect::kDeny);
  EXPECT_EQ(decision.errors, std::vector<std::string>{"f: 'when' at line 2: integer overflow"});
}

struct ConditionCase {
  const char* condition;
  bool expected;
};

class ConditionTest : public InterpreterTest,
                      public ::testing::WithParamInterface<ConditionCase> {};

TEST_P(ConditionTest, Evaluates) {
  Load(std::string("policy \"p\" for mail\n  timezone \"Europe/Berlin\"\nallow read when ") +
       GetParam().condition + "\n");
  Decision decision = Decide(MessageRequest("get", "\"labels\": []"));
  EXPECT_TRUE(decision.errors.empty()) << decision.errors.front();
  EXPECT_EQ(decision.effect == Effect::kAllow, GetParam().expected) << GetParam().condition;
}

INSTANTIATE_TEST_SUITE_P(
    Operators, ConditionTest,
    ::testing::Values(
        // Local parts compare exactly; domains ignoring case (docs/language.md §7.5).
        ConditionCase{"message.sender == \"Boss@EXAMPLE.com\"", true},
        ConditionCase{"message.sender == \"boss@example.com\"", false},
        ConditionCase{"message.sender.domain == \"example.com\"", true},
        ConditionCase{"message.sender.local == \"Boss\"", true},
        ConditionCase{"all r in message.to: r.domain in [\"example.com\", \"other.org\"]", true},
        ConditionCase{"any r in message.to: r.domain == \"other.org\"", true},
        ConditionCase{"none r in message.to: r.local == \"a\"", false},
        ConditionCase{"all l in message.labels: false", true},
        ConditionCase{"any l in message.labels: true", false},
        ConditionCase{"none l in message.labels: true", true},
        ConditionCase{"not has message.subject", true},
        ConditionCase{"has message.subject and message.subject == \"x\"", false},
        ConditionCase{"message.priority == \"high\" and message.priority != \"low\"", true},
        ConditionCase{"message.id matches \"^m[0-9]$\"", true},
        ConditionCase{"message.id matches \"x\"", false},
        ConditionCase{"message.id starts_with \"m\" and message.id ends_with \"1\"", true},
        ConditionCase{"\"inbox\" in message.labels", false},
        // Constant lists are looked up in hash sets; lists that depend on
        // the request are scanned.
        ConditionCase{"message.sender in [\"x@y.com\", \"Boss@EXAMPLE.COM\"]", true},
        ConditionCase{"message.size in [1, 2, 1200] and 3 not in [1, 2]", true},
        ConditionCase{"[\"low\", \"high\"] contains message.priority", true},
        ConditionCase{"today in [now, date(now)] and now in [now]", true},
        ConditionCase{"message.size - 200 == 1000 and -message.size < 0", true},
        ConditionCase{"message.received + 2h == context.time", true},
        ConditionCase{"now - message.received == hours(2)", true},
        ConditionCase{"message.received >= today and today == date(now)", true},
        ConditionCase{"today == \"2026-11-27T23:00:00Z\"", true},  // Berlin is UTC+1
        ConditionCase{"hour(now) == 11 and weekday(now) == \"saturday\"", true},
        ConditionCase{
            "lower(\"AbC\") == \"abc\" and upper(\"x\") == \"X\" and trim(\" y \") == \"y\"", true},
        ConditionCase{"size(\"héllo\") == 5 and size(message.to) == 2", true},
        ConditionCase{"days(1) == 24h and minutes(90) > 1h", true},
        ConditionCase{"principal == \"bot\" and context.user_present", true},
        ConditionCase{"message.attachments[0].size == 10 and "
                      "all a in message.attachments: not has a.kind",
                      true}));

TEST_F(InterpreterTest, LimitsCountAllowedCallsInASlidingWindow) {
  Load(R"(policy "p" for mail
@id("t") allow delete limit 2 per 1h
)");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T10:00:00Z")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T10:10:00Z")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T10:20:00Z")), "deny");
  // Per principal: another agent has its own window.
  EXPECT_EQ(Effect(MessageRequest("delete", "", "other", "2026-11-28T10:20:00Z")), "allow");
  // A call at t counts while now - 1h < t: at 11:00 exactly the first one left.
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T11:00:00Z")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T11:05:00Z")), "deny");
}

TEST_F(InterpreterTest, LimitPerKey) {
  Load(R"(policy "p" for mail
allow delete limit 1 per 1d per message.sender.domain
)");
  EXPECT_EQ(Effect(MessageRequest("delete", "")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "")), "deny");
  EXPECT_EQ(Effect(MessageRequest("delete", "\"sender\": \"x@elsewhere.net\"")), "allow");
}

TEST_F(InterpreterTest, CountSeesAllowedCallsOfTheSamePrincipal) {
  Load(R"(policy "p" for mail
allow delete
@id("many") ask delete when count(delete on messages within 1h) >= 2
)");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T10:00:00Z")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T10:01:00Z")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T10:02:00Z")), "ask");
  // An ask is not an allow: it is not counted. Another principal starts at 0.
  EXPECT_EQ(Effect(MessageRequest("delete", "", "other", "2026-11-28T10:02:00Z")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T11:00:30Z")), "allow");
}

TEST(CounterStore, DropsExpiredEntries) {
  InProcessCounterStore store;
  for (int i = 0; i < 10000; ++i) store.Record("k" + std::to_string(i % 100), i, 10);
  // Sweeps keep only what the 10-unit window can still count.
  EXPECT_LE(store.EntryCountForTesting(), 4096u + 100u);
  EXPECT_EQ(store.Count("k99", 10, 9999), 1);
  EXPECT_EQ(store.Count("k99", 10, 10100), 0);
}

}  // namespace
}  // namespace intent::runtime

namespace intent::runtime {
namespace {

TEST_F(InterpreterTest, ExplainsEveryApplicableRule) {
  Load(R"(policy "p" for mail
@id("big") ask read when message.size > 5000
@id("mine") allow read unless message.sender.domain == "example.com"
@id("few") allow read limit 1 per 1h
@id("other") forbid delete
)");
  BindResult bound = BindRequestJson(MessageRequest("get", ""), result_->schemas);
  ASSERT_TRUE(bound.request);
  Explanation first;
  EXPECT_EQ(interpreter_->Decide(*bound.request, 0, &first).effect, Effect::kAllow);
  ASSERT_EQ(first.rules.size(), 3u);  // 'other' does not target reads
  EXPECT_EQ(first.rules[0].rule, "big");
  EXPECT_EQ(first.rules[0].outcome, "not matched");
  EXPECT_EQ(first.rules[0].detail, "'when' at line 2 is false");
  EXPECT_EQ(first.rules[1].detail, "'unless' at line 3 is true");
  EXPECT_EQ(first.rules[2].outcome, "matched");
  EXPECT_EQ(first.rules[2].detail, "limit 1 per 1h for 'bot': 0 used");
  Explanation second;
  EXPECT_EQ(interpreter_->Decide(*bound.request, 0, &second).effect, Effect::kDeny);
  EXPECT_EQ(second.rules[2].outcome, "limit reached");
  EXPECT_EQ(second.rules[2].detail, "limit 1 per 1h for 'bot': 1 used");
  EXPECT_EQ(second.fallback, "deny: no rule matched; the most restrictive default applies");
}

}  // namespace
}  // namespace intent::runtime

namespace intent::runtime {
namespace {

TEST_F(InterpreterTest, LimitsHoldWhenRequestTimesArriveOutOfOrder) {
  Load(R"(policy "p" for mail
allow delete limit 2 per 1h
)");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T10:00:00Z")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T10:01:00Z")), "allow");
  // A later request (another gateway's clock) must not erase the history
  // that earlier-timed requests still count.
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T11:30:00Z")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "", "bot", "2026-11-28T10:02:00Z")), "deny");
}

TEST_F(InterpreterTest, RulesOnOneLineHaveTheirOwnLimits) {
  Load(
      "policy \"p\" for mail\n"
      "allow delete when message.size == 1 limit 1 per 1d  allow delete when message.size == 2 "
      "limit 1 per 1d\n");
  EXPECT_EQ(Effect(MessageRequest("delete", "\"size\": 1")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "\"size\": 2")), "allow");
  EXPECT_EQ(Effect(MessageRequest("delete", "\"size\": 2")), "deny");
}

TEST_F(InterpreterTest, TimestampArithmeticBeyondTheCalendarIsAnError) {
  Load(R"(policy "p" for mail
@id("far") ask read when hour(message.received + 5000000d) > 0
)");
  Decision decision = Decide(MessageRequest("get", ""));
  EXPECT_EQ(decision.effect, Effect::kAsk);  // fail closed
  EXPECT_EQ(decision.errors,
            std::vector<std::string>{"far: 'when' at line 2: timestamp out of range"});
}

TEST(CounterStoreKeys, KeysWithNothingLeftAreErased) {
  InProcessCounterStore store;
  for (int i = 0; i < 1000; ++i) {
    std::string key = "k" + std::to_string(i);
    ASSERT_TRUE(store.Reserve(key, 5, 100, 0));
    store.Release(key);  // the decision was not allow
  }
  EXPECT_EQ(store.KeyCountForTesting(), 0u);
}

}  // namespace
}  // namespace intent::runtime

namespace intent::runtime {
namespace {

using test_support::FailingCountStore;

TEST(InterpreterReservations, AreGivenBackWhenADecisionIsInterrupted) {
  auto result = test_support::CheckPolicy(R"(policy "p" for mail
@id("one") allow delete limit 1 per 1d
@id("busy") ask delete when count(delete on messages within 1h) > 100
)");
  ASSERT_TRUE(result->diagnostics.all().empty()) << result->FirstMessage();
  FailingCountStore store;
  Interpreter interpreter({&result->checked}, store);
  BindResult bound = BindRequestJson(MessageRequest("delete", ""), result->schemas);
  ASSERT_TRUE(bound.request);
  EXPECT_THROW(interpreter.Decide(*bound.request, 0), std::runtime_error);
  // The slot 'one' reserved before the failure is free again.
  EXPECT_EQ(store.inner.KeyCountForTesting(), 0u);
}

}  // namespace
}  // namespace intent::runtime
