// Type checker tests: accepted policies, each diagnostic with its span and
// message, guards, literal conversion and the side tables.
#include "compiler/check/checker.h"

#include <gtest/gtest.h>

#include "tests/unit/test_support.h"

namespace intent {
namespace {

using test_support::CheckRules;

struct AcceptCase {
  const char* rules;
};

class AcceptTest : public ::testing::TestWithParam<AcceptCase> {};

TEST_P(AcceptTest, HasNoDiagnostics) {
  auto result = CheckRules(GetParam().rules);
  EXPECT_TRUE(result->diagnostics.all().empty())
      << GetParam().rules << "\n  -> " << result->FirstMessage();
}

INSTANTIATE_TEST_SUITE_P(
    Valid, AcceptTest,
    ::testing::Values(
        AcceptCase{"allow read on messages when message.unread and message.received >= today"},
        AcceptCase{
            "allow send on messages, drafts when all r in message.to: r.domain in [\"a.com\"]"},
        AcceptCase{"allow read when has message.subject and message.subject contains \"x\""},
        AcceptCase{"allow read when not has message.subject or size(message.subject) < 3"},
        AcceptCase{"allow read when has message.meta.origin and message.meta.origin == "
                   "message.meta.thread"},
        AcceptCase{"allow read when has message.subject\nallow read unless message.size > 3"},
        AcceptCase{"ask read when has message.subject unless message.subject starts_with \"re:\""},
        AcceptCase{
            "allow read when any a in message.attachments: has a.kind and a.kind == \"pdf\""},
        AcceptCase{"allow read when message.sender == \"boss@example.com\""},
        AcceptCase{
            "let bosses = [\"a@x.com\", \"b@y.org\"]\nallow read when message.sender in bosses"},
        AcceptCase{"allow read when message.priority == \"high\" or message.priority in [\"low\"]"},
        AcceptCase{"allow read when message.received > \"2026-01-01T00:00:00Z\""},
        AcceptCase{"allow read when now - message.received < 2h + minutes(30)"},
        AcceptCase{
            "allow read when hour(now) >= 9 and weekday(now) not in [\"saturday\", \"sunday\"]"},
        AcceptCase{"allow read when date(now) == today and days(1) > hours(23)"},
        AcceptCase{
            "allow read when lower(trim(message.id)) == upper(\"x\") and size(message.to) > 0"},
        AcceptCase{"allow read when message.labels contains \"inbox\" and message.id matches "
                   "\"^m[0-9]+$\""},
        AcceptCase{"allow read when context.user_present and context.time > message.received"},
        AcceptCase{"allow read when has context.session and context.session != \"\""},
        AcceptCase{"ask delete on messages when count(delete on messages within 1h) >= 5"},
        AcceptCase{"allow delete limit 10 per 1d per message.sender.domain"},
        AcceptCase{"allow anything when principal == \"bot\""},
        AcceptCase{"allow create on drafts when size(draft.body) < 1000"},
        AcceptCase{"allow read when message.to[0].local == \"me\" and -message.size < 0"},
        AcceptCase{"let n = 3 + 4\nlet m = n - 1\nallow read when message.size > m"},
        AcceptCase{"let pattern = \"(?i)secret\"\nallow read when message.id matches pattern"},
        AcceptCase{"allow read when message.size in [] or true"}));

struct RejectCase {
  const char* rules;
  const char* code;
  const char* span;     // the text under the first diagnostic
  const char* message;  // a substring of its message
};

class RejectTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(RejectTest, ReportsTheDiagnostic) {
  const RejectCase& c = GetParam();
  auto result = CheckRules(c.rules);
  ASSERT_FALSE(result->diagnostics.all().empty()) << c.rules;
  EXPECT_EQ(result->Codes().front(), c.code) << c.rules << "\n  -> " << result->FirstMessage();
  EXPECT_EQ(result->FirstSpanText(), c.span) << c.rules;
  EXPECT_NE(result->FirstMessage().find(c.message), std::string::npos)
      << c.rules << "\n  -> " << result->FirstMessage();
}

INSTANTIATE_TEST_SUITE_P(
    Errors, RejectTest,
    ::testing::Values(
        RejectCase{"allow read when messag.unread", "E0201", "messag", "did you mean 'message'?"},
        RejectCase{"allow read when lowr(message.id) == \"x\"", "E0202", "lowr",
                   "did you mean 'lower'?"},
        RejectCase{"allow read when message.sendr.domain == \"x\"", "E0203", "sendr",
                   "type 'Message' has no field 'sendr'; did you mean 'sender'?"},
        RejectCase{"allow read when message.sender.domian == \"x\"", "E0203", "domian",
                   "did you mean 'domain'?"},
        RejectCase{"allow read when message.size + \"a\" > 1", "E0204", "message.size + \"a\"",
                   "'+' does not apply"},
        RejectCase{"allow read when message.sender == message.id", "E0204",
                   "message.sender == message.id", "cannot compare an 'email' with a 'string'"},
        RejectCase{"allow read when message.size", "E0205", "message.size", "it must be a bool"},
        RejectCase{"allow read when size(message.to, 1) > 0", "E0206", "size(message.to, 1)",
                   "takes 1 argument"},
        RejectCase{"allow read when hour(message.size) > 1", "E0207", "message.size",
                   "takes a timestamp"},
        RejectCase{"allow read when message.size in [1, \"a\"]", "E0208", "\"a\"", "list elements"},
        RejectCase{"allow read when message.subject == \"x\"", "E0209", "message.subject",
                   "optional"},
        RejectCase{"allow read when has message.subject or message.subject == \"x\"", "E0209",
                   "message.subject", "optional"},
        RejectCase{"allow read when message.meta.thread == \"x\"", "E0209", "message.meta",
                   "optional"},
        RejectCase{"let x = 1\nallow read when has x", "E0210", "x", "'has' needs a path"},
        RejectCase{"let x = message.size\nallow read when x > 1", "E0211", "message",
                   "must be a constant"},
        RejectCase{"let x = now\nallow read when x > now", "E0211", "now", "must be a constant"},
        RejectCase{"let a = b\nlet b = a\nallow read when a == 1", "E0212", "a",
                   "refers to itself"},
        RejectCase{"let a = 1\nlet a = 2\nallow read when a == 1", "E0213", "a", "already defined"},
        RejectCase{"allow read when all now in message.to: true", "E0214", "now", "built-in name"},
        RejectCase{"let today = 1\nallow read", "E0214", "today", "built-in name"},
        RejectCase{"allow read when all x in message.size: true", "E0215", "message.size",
                   "needs a list"},
        RejectCase{"allow read limit 1 per 1d per message.to", "E0216", "message.to",
                   "single value"},
        RejectCase{"allow read when message.id matches message.id", "E0217", "message.id",
                   "string literal"},
        RejectCase{"allow read when message.to == message.to", "E0218", "==", "cannot be compared"},
        RejectCase{"allow read when true < false", "E0218", "<", "does not order"},
        RejectCase{"allow read when message.to in [message.to]", "E0218", "in",
                   "lists and records are not comparable"},
        RejectCase{"allow read when any r in message.to: any r in message.to: true", "E0219", "r",
                   "hides another name"},
        RejectCase{"allow create, send on drafts when draft.body == \"x\"", "E0306", "draft",
                   "not an input of 'mail.drafts.send'"},
        RejectCase{"allow snd on messages", "E0302", "snd", "did you mean 'send'?"},
        RejectCase{"allow read on mesages", "E0303", "mesages", "did you mean 'messages'?"},
        RejectCase{"allow operation messages.sned", "E0304", "messages.sned",
                   "did you mean 'messages.send'?"},
        RejectCase{"allow delete on drafts", "E0305", "delete",
                   "resource 'drafts' has no operation"},
        RejectCase{"allow read when message.sender == \"nobody\"", "E0401", "\"nobody\"",
                   "not an email"},
        RejectCase{"allow read when message.received > \"2026-02-30T00:00:00Z\"", "E0402",
                   "\"2026-02-30T00:00:00Z\"", "RFC 3339"},
        RejectCase{"allow read limit 1 per 0s", "E0403", "0s", "zero length"},
        RejectCase{"allow read when message.id matches \"a(b\"", "E0404", "\"a(b\"", "missing )"},
        RejectCase{"allow read when message.priority == \"hihg\"", "E0406", "\"hihg\"",
                   "did you mean 'high'?"},
        RejectCase{"allow read limit 0 per 1d", "E0407", "0", "never allow"},
        RejectCase{"allow read limit 1 per 1d limit 2 per 1d", "E0502", "limit 2 per 1d",
                   "more than one 'limit'"},
        RejectCase{"@id() allow read", "E0504", "@id()", "takes one non-empty string"},
        RejectCase{"let unused = 1\nallow read", "W0001", "unused", "never used"},
        RejectCase{"allow read when has message.id", "W0002", "has message.id", "always true"},
        RejectCase{"@idd(\"x\") allow read", "W0003", "@idd(\"x\")", "did you mean '@id'?"},
        RejectCase{"allow read when context.sesion == \"x\"", "E0203", "sesion",
                   "did you mean 'session'?"},
        RejectCase{"allow read when context.session == \"x\"", "E0209", "context.session",
                   "optional"}));

TEST(Checker, ReportsUnknownSchemaAndTimezone) {
  auto result = test_support::CheckPolicy(
      "policy \"p\" for gmial\n  timezone \"Europe/Berln\"\nallow read\n");
  std::vector<std::string> expected = {"E0301", "E0405"};
  EXPECT_EQ(result->Codes(), expected);
  EXPECT_NE(result->diagnostics.all()[1].message.find("did you mean 'Europe/Berlin'?"),
            std::string::npos);
}

TEST(Checker, EmptyNamesAreReported) {
  auto result = test_support::CheckPolicy(
      "policy \"\" for mail\n applies to agent \"\", agent \"bot\"\nallow read\n");
  std::vector<std::string> expected = {"E0505", "E0505"};
  EXPECT_EQ(result->Codes(), expected);
  EXPECT_EQ(result->checked.agents, std::vector<std::string>{"bot"});
}

TEST(Checker, DuplicateHeaderItemsAndAgents) {
  auto result = test_support::CheckPolicy(
      "policy \"p\" for mail\n applies to agent \"a\", agent \"a\"\n default ask\n default deny\n"
      " timezone \"UTC\"\n timezone \"UTC\"\nallow read\n");
  std::vector<std::string> expected = {"W0004", "E0503", "E0503"};
  EXPECT_EQ(result->Codes(), expected);
  EXPECT_EQ(result->checked.default_effect, ast::DefaultEffect::kAsk);
  EXPECT_EQ(result->checked.agents, std::vector<std::string>{"a"});
}

TEST(Checker, ThreeIndependentErrorsAreAllReported) {
  auto result = CheckRules(
      "allow read when message.sendr == \"x\"\n"
      "allow snd on messages\n"
      "allow read when message.size == (1 +\n");
  std::vector<std::string> expected = {"E0203", "E0302", "E0101"};
  EXPECT_EQ(result->Codes(), expected);
}

TEST(Checker, RecordsTypesResolutionsAndConversions) {
  auto result = CheckRules(
      "let bosses = [\"a@x.com\"]\n"
      "@id(\"r1\") allow send on messages, drafts when message.sender in bosses and "
      "message.id matches \"^m\"");
  ASSERT_TRUE(result->diagnostics.all().empty()) << result->FirstMessage();
  const check::CheckedModule& checked = result->checked;
  ASSERT_EQ(checked.rules.size(), 1u);
  EXPECT_EQ(checked.rules[0].id, "r1");
  ASSERT_EQ(checked.rules[0].operations.size(), 2u);
  EXPECT_EQ(checked.rules[0].operations[0]->id, "mail.messages.send");
  EXPECT_EQ(checked.rules[0].operations[1]->id, "mail.drafts.send");

  const auto& condition = static_cast<const ast::Binary&>(*result->module->rules[0].when[0]);
  const auto& membership = static_cast<const ast::Binary&>(*condition.lhs);
  EXPECT_EQ(checked.TypeOf(*membership.lhs)->ToString(), "email");
  // The let of strings is converted to a list of emails at its use.
  EXPECT_EQ(checked.TypeOf(*membership.rhs)->ToString(), "list<email>");
  EXPECT_EQ(checked.conversions.count(membership.rhs->id), 1u);
  EXPECT_EQ(checked.names.at(membership.rhs->id).kind, check::NameKind::kLet);
  EXPECT_EQ(checked.regexes.count(condition.rhs->id), 1u);
}

TEST(Checker, RuleIdsDefaultToFileAndLine) {
  auto result = CheckRules("allow read\n\nforbid delete");
  ASSERT_EQ(result->checked.rules.size(), 2u);
  EXPECT_EQ(result->checked.rules[0].id, "test.intent:2");
  EXPECT_EQ(result->checked.rules[1].id, "test.intent:4");
}

TEST(Checker, DuplicateIdsAcrossTheBundle) {
  auto a = CheckRules("@id(\"x\") allow read");
  auto b = CheckRules("@id(\"x\") forbid delete");
  DiagnosticBag diagnostics;
  check::CheckBundle({&a->checked, &b->checked}, diagnostics);
  ASSERT_EQ(diagnostics.all().size(), 1u);
  EXPECT_EQ(diagnostics.all()[0].kind, DiagKind::kDuplicateId);
}

}  // namespace
}  // namespace intent
