// Tests for the request binder (runtime/bind/bind_json.h): a full request bound
// value by value, and one test per way a request can be rejected, each
// checking the exact error text. Every request is bound both ways
// (BindRequestJson and BindRequestSlots), which must agree (bind_fixture.h).
#include "runtime/bind/bind_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/bind_fixture.h"

namespace intent::runtime::bind_test {
namespace {

const Record& RecordOf(const Value& value) { return *value.As<RecordPtr>(); }
const List& ListOf(const Value& value) { return *value.As<ListPtr>(); }

TEST_F(BindJsonTest, BindsAFullRequest) {
  BoundRequest request =
      Bound(SendRequest("", R"({"user_present": true, "time": "2026-11-28T10:00:00Z"})"));
  EXPECT_EQ(request.principal, "mail-bot");
  ASSERT_NE(request.schema, nullptr);
  EXPECT_EQ(request.schema->name, "mail");
  ASSERT_NE(request.operation, nullptr);
  EXPECT_EQ(request.operation->id, "mail.messages.send");
  EXPECT_EQ(request.input.type, &request.operation->input);
  ASSERT_EQ(request.input.fields.size(), 1u);

  const Record& message = RecordOf(request.input.fields[0]);
  ASSERT_NE(message.type, nullptr);
  EXPECT_EQ(message.type->name, "Message");
  ASSERT_EQ(message.fields.size(), 11u);  // declaration order: id, sender, to, subject, ...
  EXPECT_EQ(message.fields[0].As<std::string>(), "m1");
  EXPECT_EQ(message.fields[1].As<Email>(), (Email{"Alice", "example.com"}));
  const List& to = ListOf(message.fields[2]);
  ASSERT_EQ(to.size(), 2u);
  EXPECT_EQ(to[0].As<Email>(), (Email{"a", "example.org"}));
  EXPECT_EQ(to[1].As<Email>(), (Email{"b", "corp.example"}));
  EXPECT_TRUE(message.fields[3].Is<Absent>());  // subject
  EXPECT_EQ(message.fields[4].As<bool>(), false);
  EXPECT_EQ(message.fields[5].As<Timestamp>().micros, int64_t{1795852800} * 1'000'000);
  const List& labels = ListOf(message.fields[6]);
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[1].As<std::string>(), "work");
  EXPECT_EQ(message.fields[7].As<int64_t>(), 1200);
  const List& attachments = ListOf(message.fields[8]);
  ASSERT_EQ(attachments.size(), 2u);
  const Record& first = RecordOf(attachments[0]);
  EXPECT_EQ(first.type->name, "Attachment");
  ASSERT_EQ(first.fields.size(), 3u);
  EXPECT_EQ(first.fields[0].As<std::string>(), "a.pdf");
  EXPECT_EQ(first.fields[1].As<int64_t>(), 10);
  EXPECT_EQ(first.fields[2].As<std::string>(), "pdf");
  EXPECT_TRUE(RecordOf(attachments[1]).fields[2].Is<Absent>());  // kind
  const EnumValue& priority = message.fields[9].As<EnumValue>();
  ASSERT_NE(priority.type, nullptr);
  EXPECT_EQ(priority.type->name, "Priority");
  EXPECT_EQ(priority.index, 2u);
  EXPECT_TRUE(message.fields[10].Is<Absent>());  // meta

  EXPECT_EQ(request.context.type, &request.schema->context);
  ASSERT_EQ(request.context.fields.size(), 2u);
  EXPECT_EQ(request.context.fields[0].As<bool>(), true);
  EXPECT_TRUE(request.context.fields[1].Is<Absent>());  // session
  ASSERT_TRUE(request.time.has_value());
  EXPECT_EQ(request.time->micros, int64_t{1795860000} * 1'000'000);
}

TEST_F(BindJsonTest, BindsOptionalValuesGivenAndNull) {
  BoundRequest request =
      Bound(SendRequest(R"(, "subject": null, "meta": {"thread": "t1", "origin": null})",
                        R"({"user_present": false, "session": "s9", "time": 1795860000})"));
  const Record& message = RecordOf(request.input.fields[0]);
  EXPECT_TRUE(message.fields[3].Is<Absent>());
  const Record& meta = RecordOf(message.fields[10]);
  EXPECT_EQ(meta.fields[0].As<std::string>(), "t1");
  EXPECT_TRUE(meta.fields[1].Is<Absent>());
  EXPECT_EQ(request.context.fields[0].As<bool>(), false);
  EXPECT_EQ(request.context.fields[1].As<std::string>(), "s9");
  ASSERT_TRUE(request.time.has_value());
  EXPECT_EQ(request.time->micros, int64_t{1795860000} * 1'000'000);
}

TEST_F(BindJsonTest, TimeIsOptional) {
  EXPECT_FALSE(Bound(SendRequest()).time.has_value());
  EXPECT_FALSE(Bound(SendRequest("", R"({"user_present": true, "time": null})")).time.has_value());
}

TEST_F(BindJsonTest, MembersInAnyOrder) {
  // Input and context before the operation that gives them their types.
  BoundRequest request = Bound(
      R"({"context": {"user_present": true}, "input": {"draft": {"body": "hello"}},
          "operation": "mail.drafts.create", "principal": "p"})");
  ASSERT_NE(request.operation, nullptr);
  EXPECT_EQ(request.operation->id, "mail.drafts.create");
  EXPECT_EQ(RecordOf(request.input.fields[0]).fields[0].As<std::string>(), "hello");
  EXPECT_EQ(request.context.fields[0].As<bool>(), true);
  EXPECT_EQ(ErrorOf(R"({"input": {"draft": {"body": 1}}, "principal": "p",
                        "operation": "mail.drafts.create", "context": {"user_present": true}})"),
            "input.draft.body: expected string");
}

TEST_F(BindJsonTest, BindsDurationsAndIntegerTimestamps) {
  BoundRequest request = Bound(
      R"({"principal": "p", "operation": "jobs.jobs.schedule", "input": {"every": "15m",
          "at": -86400, "timeout": 90, "level": "low", "grid": [[1, 2], [], [-3]]}})");
  ASSERT_EQ(request.input.fields.size(), 5u);
  EXPECT_EQ(request.input.fields[0].As<Duration>().micros, int64_t{15} * 60 * 1'000'000);
  EXPECT_EQ(request.input.fields[1].As<Timestamp>().micros, int64_t{-86400} * 1'000'000);
  EXPECT_EQ(request.input.fields[2].As<Duration>().micros, int64_t{90} * 1'000'000);
  EXPECT_EQ(request.input.fields[3].As<EnumValue>().index, 0u);
  const List& grid = ListOf(request.input.fields[4]);
  ASSERT_EQ(grid.size(), 3u);
  EXPECT_EQ(ListOf(grid[0]).size(), 2u);
  EXPECT_EQ(ListOf(grid[1]).size(), 0u);
  EXPECT_EQ(ListOf(grid[2])[0].As<int64_t>(), -3);
  // No context declared: an empty record of the schema's context type.
  EXPECT_EQ(request.context.type, &request.schema->context);
  EXPECT_TRUE(request.context.fields.empty());

  for (auto [text, micros] : std::vector<std::pair<std::string, int64_t>>{{"30s", 30'000'000},
                                                                          {"2h", 7'200'000'000},
                                                                          {"1d", 86'400'000'000},
                                                                          {"1w", 604'800'000'000},
                                                                          {"-5s", -5'000'000}}) {
    BoundRequest bound = Bound(R"({"principal": "p", "operation": "jobs.jobs.schedule",
        "input": {"every": ")" +
                               text + R"(", "at": "2026-01-01T00:00:00Z"}})");
    if (bound.input.fields.empty()) continue;
    EXPECT_EQ(bound.input.fields[0].As<Duration>().micros, micros) << text;
  }
}

TEST_F(BindJsonTest, RejectsBadDurationsAndTimestamps) {
  auto schedule = [](const std::string& every, const std::string& at) {
    return R"({"principal": "p", "operation": "jobs.jobs.schedule", "input": {"every": )" + every +
           R"(, "at": )" + at + "}}";
  };
  const std::string at = R"("2026-01-01T00:00:00Z")";
  EXPECT_EQ(ErrorOf(schedule(R"("15")", at)), "input.every: expected duration");
  EXPECT_EQ(ErrorOf(schedule(R"("15x")", at)), "input.every: expected duration");
  EXPECT_EQ(ErrorOf(schedule(R"("1h30m")", at)), "input.every: expected duration");
  EXPECT_EQ(ErrorOf(schedule(R"("s")", at)), "input.every: expected duration");
  EXPECT_EQ(ErrorOf(schedule("1.5", at)), "input.every: expected duration");
  EXPECT_EQ(ErrorOf(schedule("true", at)), "input.every: expected duration");
  EXPECT_EQ(ErrorOf(schedule(R"("99999999999999999999s")", at)),
            "input.every: expected duration (out of range)");
  EXPECT_EQ(ErrorOf(schedule(R"("9999999999999w")", at)),
            "input.every: expected duration (out of range)");
  EXPECT_EQ(ErrorOf(schedule("9223372036854775807", at)),
            "input.every: expected duration (out of range)");
  EXPECT_EQ(ErrorOf(schedule(R"("1s")", R"("2026-01-01")")), "input.at: expected timestamp");
  EXPECT_EQ(ErrorOf(schedule(R"("1s")", "1.5")), "input.at: expected timestamp");
  EXPECT_EQ(ErrorOf(schedule(R"("1s")", "[]")), "input.at: expected timestamp");
  // Seconds that overflow when counted in microseconds.
  EXPECT_EQ(ErrorOf(schedule(R"("1s")", "9223372036854775807")),
            "input.at: expected timestamp (out of range: years 0000 to 9999)");
  // Fits in 64 bits as microseconds, but far outside the calendar: later
  // window and time zone arithmetic must never see it.
  EXPECT_EQ(ErrorOf(schedule(R"("1s")", "-9223372036854")),
            "input.at: expected timestamp (out of range: years 0000 to 9999)");
  EXPECT_EQ(ErrorOf(schedule(R"("1s")", "253402300800")),
            "input.at: expected timestamp (out of range: years 0000 to 9999)");
  EXPECT_EQ(ErrorOf(schedule(R"("1s")", "253402300799")), "<bound>");
  EXPECT_EQ(ErrorOf(schedule(R"("1s")", "18446744073709551616")),
            "input.at: expected timestamp (out of range)");
  EXPECT_EQ(ErrorOf(schedule(R"("1s")", "null")), "input.at: expected timestamp, found null");
  EXPECT_EQ(ErrorOf(SendRequest("", R"({"user_present": true, "time": "noon"})")),
            "context.time: expected timestamp");
}

TEST_F(BindJsonTest, OperationWithoutInput) {
  BoundRequest request = Bound(R"({"principal": "p", "operation": "jobs.jobs.ping"})");
  ASSERT_NE(request.operation, nullptr);
  EXPECT_TRUE(request.input.fields.empty());
  EXPECT_EQ(request.input.type, &request.operation->input);
  Bound(R"({"principal": "p", "operation": "jobs.jobs.ping", "input": null})");
  Bound(R"({"principal": "p", "operation": "jobs.jobs.ping", "input": {"extra": [1]}})");
}

TEST_F(BindJsonTest, IgnoresUnknownInputAndContextFields) {
  BoundRequest request = Bound(
      SendRequest(R"(, "threadId": "t", "payload": {"parts": [{"x": null}, 1e400, -0.5, true]})",
                  R"({"user_present": true, "client_ip": "10.0.0.1"})"));
  const Record& message = RecordOf(request.input.fields[0]);
  ASSERT_EQ(message.fields.size(), 11u);
  EXPECT_EQ(message.fields[0].As<std::string>(), "m1");
  EXPECT_EQ(Bound(R"({"principal": "p", "operation": "mail.drafts.create",
                      "input": {"draft": {"body": "b"}, "userId": "me"},
                      "context": {"user_present": true}})")
                .input.fields.size(),
            1u);
}

TEST_F(BindJsonTest, EscapedKeysAndStrings) {
  BoundRequest request =
      Bound(WithMessage(R"({"\u0069d": "a\"b\\\u00e9\ud83d\ude00", "sender": "x@y.z", "to": [],
          "unread": true, "received": 0, "labels": [], "size": 0, "attachments": [],
          "priority": "low"})"));
  EXPECT_EQ(RecordOf(request.input.fields[0]).fields[0].As<std::string>(),
            "a\"b\\\xc3\xa9\xf0\x9f\x98\x80");
}

// A message whose labels are `count` strings, the last one "y".
std::string MessageWithLabels(size_t count) {
  std::string labels = "[" + Repeat("\"x\",", count - 1) + "\"y\"]";
  return R"({"id": "m", "sender": "a@b.c", "to": [], "unread": true, "received": 0, "labels": )" +
         labels + R"(, "size": 0, "attachments": [], "priority": "low"})";
}

TEST_F(BindJsonTest, HundredThousandElementList) {
  std::string json = WithMessage(MessageWithLabels(100'000));
  ASSERT_LT(json.size(), BindOptions{}.max_bytes);
  BindOptions options;
  options.max_list_length = 100'000;
  BoundRequest request = Bound(json, options);
  const List& bound = ListOf(RecordOf(request.input.fields[0]).fields[6]);
  ASSERT_EQ(bound.size(), 100'000u);
  EXPECT_EQ(bound.back().As<std::string>(), "y");
}

// Lists are at most 10,000 elements by default (docs/semantics.md): the
// checker's cost estimates count on it.
TEST_F(BindJsonTest, ListLengthLimit) {
  EXPECT_EQ(ErrorOf(WithMessage(MessageWithLabels(kMaxListLength))), "<bound>");
  EXPECT_EQ(ErrorOf(WithMessage(MessageWithLabels(kMaxListLength + 1))),
            "input.message.labels: a list of more than 10000 elements (the limit is 10000)");
  // The limit is an option.
  BindOptions short_lists;
  short_lists.max_list_length = 2;
  EXPECT_EQ(ErrorOf(WithMessage(MessageWithLabels(3)), short_lists),
            "input.message.labels: a list of more than 2 elements (the limit is 2)");
}

// ---- Errors: one per way a request can be wrong. ----

TEST_F(BindJsonTest, ErrorWrongValueTypes) {
  EXPECT_EQ(ErrorOf(SendRequest("", R"({"user_present": "yes"})")),
            "context.user_present: expected bool");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"id": 7})")), "input.message.id: expected string");
  EXPECT_EQ(ErrorOf(WithMessage("[]")), "input.message: expected Message");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"to": "a@b.c"})")), "input.message.to: expected list<email>");
  EXPECT_EQ(ErrorOf(R"({"principal": 1, "operation": "jobs.jobs.ping"})"),
            "principal: expected string");
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": ["jobs.jobs.ping"]})"),
            "operation: expected string");
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": "mail.drafts.create", "input": []})"),
            "input: expected object");
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": "jobs.jobs.ping", "context": 1})"),
            "context: expected object");
}

TEST_F(BindJsonTest, ErrorBadEmailInList) {
  EXPECT_EQ(
      ErrorOf(WithMessage(R"({"id": "m", "sender": "a@b.c", "to": ["x@y.z", "not-an-email"]})")),
      "input.message.to[1]: expected email");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"id": "m", "sender": "a@", "to": []})")),
            "input.message.sender: expected email");
  // The index counts elements, whatever an inner list left half bound.
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": "jobs.jobs.schedule",
                        "input": {"every": "1s", "at": 0, "grid": [[1, 2], [3, 4, "x"]]}})"),
            "input.grid[1][2]: expected int");
}

TEST_F(BindJsonTest, ErrorBadEnum) {
  EXPECT_EQ(ErrorOf(SendRequest().replace(SendRequest().find("\"high\""), 6, "\"urgent\"")),
            "input.message.priority: expected one of 'low', 'normal', 'high'");
  EXPECT_EQ(ErrorOf(SendRequest().replace(SendRequest().find("\"high\""), 6, "2")),
            "input.message.priority: expected one of 'low', 'normal', 'high'");
}

TEST_F(BindJsonTest, ErrorNullForRequiredField) {
  EXPECT_EQ(ErrorOf(WithMessage(R"({"id": null})")),
            "input.message.id: expected string, found null");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"id": "m", "sender": "a@b.c", "to": [null]})")),
            "input.message.to[0]: expected email, found null");
  EXPECT_EQ(ErrorOf(R"({"principal": null, "operation": "jobs.jobs.ping"})"),
            "principal: expected string, found null");
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": "mail.drafts.create", "input": null})"),
            "input: expected object, found null");
}

TEST_F(BindJsonTest, ErrorUnknownOperation) {
  auto with_operation = [](const std::string& operation) {
    return R"({"principal": "p", "operation": ")" + operation + R"("})";
  };
  EXPECT_EQ(ErrorOf(with_operation("mail.messages.sned")),
            "operation: unknown operation 'mail.messages.sned'");
  EXPECT_EQ(ErrorOf(with_operation("gmail.messages.send")),
            "operation: unknown operation 'gmail.messages.send'");
  // The full id only: RESOURCE.OP and longer ids name nothing.
  EXPECT_EQ(ErrorOf(with_operation("messages.send")),
            "operation: unknown operation 'messages.send'");
  EXPECT_EQ(ErrorOf(with_operation("mail.messages.send.x")),
            "operation: unknown operation 'mail.messages.send.x'");
  EXPECT_EQ(ErrorOf(with_operation("")), "operation: unknown operation ''");
  // Long or control-character text is cut and escaped in the message.
  EXPECT_EQ(ErrorOf(with_operation("a\\n" + std::string(100, 'b'))),
            "operation: unknown operation 'a\\u000a" + std::string(62, 'b') + "...'");
}

TEST_F(BindJsonTest, ErrorMissingMembersAndFields) {
  EXPECT_EQ(ErrorOf(R"({"operation": "jobs.jobs.ping"})"), "principal: missing required field");
  EXPECT_EQ(ErrorOf(R"({"principal": "p"})"), "operation: missing required field");
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": "mail.drafts.create",
                        "context": {"user_present": true}})"),
            "input: missing required field");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"sender": "a@b.c"})")),
            "input.message.id: missing required field");
  EXPECT_EQ(ErrorOf(WithMessage(kMessageStart + R"(, "meta": {}})")),
            "input.message.meta.thread: missing required field");
  // A missing context is an empty one: its required fields are missing.
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": "mail.drafts.create",
                        "input": {"draft": {"body": ""}}})"),
            "context.user_present: missing required field");
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": "mail.drafts.create",
                        "input": {"draft": {"body": ""}}, "context": null})"),
            "context.user_present: missing required field");
  EXPECT_EQ(ErrorOf(SendRequest("", R"({"session": "s"})")),
            "context.user_present: missing required field");
}

TEST_F(BindJsonTest, ErrorIntegers) {
  auto with_size = [](const std::string& size) {
    std::string json = SendRequest();
    return json.replace(json.find("1200"), 4, size);
  };
  EXPECT_EQ(ErrorOf(with_size("1.5")), "input.message.size: expected int");
  EXPECT_EQ(ErrorOf(with_size("1e-3")), "input.message.size: expected int");
  EXPECT_EQ(ErrorOf(with_size("1.0000000000000000001")), "input.message.size: expected int");
  EXPECT_EQ(ErrorOf(with_size("\"12\"")), "input.message.size: expected int");
  EXPECT_EQ(ErrorOf(with_size("18446744073709551616")),
            "input.message.size: expected int (out of range)");
  EXPECT_EQ(ErrorOf(with_size("9223372036854775808")),
            "input.message.size: expected int (out of range)");
  EXPECT_EQ(ErrorOf(with_size("-9223372036854775809")),
            "input.message.size: expected int (out of range)");
  EXPECT_EQ(ErrorOf(with_size(std::string(400, '9'))),
            "input.message.size: expected int (out of range)");
  EXPECT_EQ(ErrorOf(with_size("01")), "input.message.size: malformed JSON (invalid number)");
  EXPECT_EQ(ErrorOf(with_size("-")), "input.message.size: malformed JSON (invalid number)");
  EXPECT_EQ(ErrorOf(with_size("1.")), "input.message.size: malformed JSON (invalid number)");
  EXPECT_EQ(ErrorOf(with_size("9.223372036854775808e18")),
            "input.message.size: expected int (out of range)");
  // JSON has one number type: any spelling of an integer is one.
  auto size_of = [&](const std::string& size) {
    return RecordOf(Bound(with_size(size)).input.fields[0]).fields[7].As<int64_t>();
  };
  EXPECT_EQ(size_of("1e3"), 1000);
  EXPECT_EQ(size_of("1.0"), 1);
  EXPECT_EQ(size_of("-0.0"), 0);
  EXPECT_EQ(size_of("12.50e1"), 125);
  EXPECT_EQ(size_of("9007199254740993.0"), 9007199254740993);
  EXPECT_EQ(size_of("9.223372036854775807E18"), INT64_MAX);
  BoundRequest extreme = Bound(with_size("-9223372036854775808"));
  EXPECT_EQ(RecordOf(extreme.input.fields[0]).fields[7].As<int64_t>(), INT64_MIN);
}

TEST_F(BindJsonTest, ErrorDuplicateKeys) {
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "principal": "q", "operation": "jobs.jobs.ping"})"),
            "duplicate key 'principal'");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"id": "a", "id": "b"})")), "input.message: duplicate key 'id'");
  // An escaped spelling of the same key is the same key.
  EXPECT_EQ(ErrorOf(WithMessage(R"({"id": "a", "\u0069d": "b"})")),
            "input.message: duplicate key 'id'");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"extra": 1, "extra": 2})")),
            "input.message: duplicate key 'extra'");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"extra": {"a": 1, "a": 1}})")),
            "input.message.extra: duplicate key 'a'");
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": "mail.drafts.create",
                        "input": {"draft": {"body": ""}, "draft": {"body": ""}}})"),
            "input: duplicate key 'draft'");
  EXPECT_EQ(ErrorOf(SendRequest("", R"({"user_present": true, "user_present": false})")),
            "context: duplicate key 'user_present'");
  EXPECT_EQ(ErrorOf(SendRequest("", R"({"user_present": true, "time": 1, "time": 2})")),
            "context: duplicate key 'time'");
}

TEST_F(BindJsonTest, ErrorUnknownTopLevelMember) {
  EXPECT_EQ(ErrorOf(R"({"principal": "p", "operation": "jobs.jobs.ping", "inputs": {}})"),
            "unknown member 'inputs'");
  EXPECT_EQ(ErrorOf(R"({"a\nb": 1})"), "unknown member 'a\\u000ab'");
}

TEST_F(BindJsonTest, ErrorNotAnObject) {
  EXPECT_EQ(ErrorOf("[]"), "expected a JSON object");
  EXPECT_EQ(ErrorOf(R"([{"principal": "p"}])"), "expected a JSON object");
  EXPECT_EQ(ErrorOf("42"), "expected a JSON object");
  EXPECT_EQ(ErrorOf("\"request\""), "expected a JSON object");
  EXPECT_EQ(ErrorOf("null"), "expected a JSON object");
}

TEST_F(BindJsonTest, ErrorMalformedJson) {
  EXPECT_EQ(ErrorOf(""), "request is empty");
  EXPECT_EQ(ErrorOf("  \n"), "request is empty");
  EXPECT_EQ(ErrorOf("{"), "malformed JSON (unclosed object or array)");
  EXPECT_EQ(ErrorOf(R"({"principal": "p")"), "malformed JSON (unclosed object or array)");
  EXPECT_EQ(ErrorOf(R"({"principal": "p)"), "malformed JSON (unclosed string)");
  EXPECT_EQ(ErrorOf(R"({"principal": "p",})"), "malformed JSON");
  EXPECT_EQ(ErrorOf(R"({"principal" "p"})"), "malformed JSON");
  EXPECT_EQ(ErrorOf(R"({"principal": "p"} {})"),
            "malformed JSON (content after the request object)");
  EXPECT_EQ(ErrorOf(R"({"principal": "p"}})"), "malformed JSON (content after the request object)");
  // simdjson's stage 1 calls these unclosed; the request object is complete.
  EXPECT_EQ(ErrorOf(R"({"principal": "p"} x)"),
            "malformed JSON (content after the request object)");
  EXPECT_EQ(ErrorOf(R"({"principal": "p"} 1)"),
            "malformed JSON (content after the request object)");
  EXPECT_EQ(ErrorOf(R"({"principal": "p"} ])"),
            "malformed JSON (content after the request object)");
  EXPECT_EQ(ErrorOf(R"({"principal": "p\"}"} x)"),
            "malformed JSON (content after the request object)");
  // A brace inside a string closes nothing.
  EXPECT_EQ(ErrorOf(R"({"principal": "p}" x)"), "malformed JSON (unclosed object or array)");
  EXPECT_EQ(ErrorOf("{\"principal\": \"a\tb\"}"),
            "malformed JSON (unescaped control character in a string)");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"id": "\ud800"})")),
            "input.message.id: malformed JSON (invalid escape in a string)");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"id": "\x"})")),
            "input.message.id: malformed JSON (invalid escape in a string)");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"unread": tru})")),
            "input.message.unread: malformed JSON (invalid literal)");
  // Inside ignored members too: they are walked, not skipped blindly.
  EXPECT_EQ(ErrorOf(WithMessage(R"({"extra": [1 2]})")), "input.message.extra: malformed JSON");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"extra": [1,]})")), "input.message.extra[1]: malformed JSON");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"extra": {"a": 1]})")), "input.message.extra: malformed JSON");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"extra": [nul]})")),
            "input.message.extra[0]: malformed JSON (invalid literal)");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"extra": [1.e5]})")),
            "input.message.extra[0]: malformed JSON (invalid number)");
  EXPECT_EQ(ErrorOf(WithMessage(R"({"extra": "\q"})")),
            "input.message.extra: malformed JSON (invalid escape in a string)");
}

TEST_F(BindJsonTest, ErrorUnbalancedDoesNotDependOnEarlierRequests) {
  // Ends in '}' but the root object is not closed. A '}' left past the end
  // by a longer earlier request once changed the error On-Demand reports.
  const std::string unbalanced =
      R"({"principal": "p", "operation": "jobs.jobs.ping", "input": {"a": {}})";
  const std::string error = ErrorOf(unbalanced);
  EXPECT_EQ(error, "malformed JSON");
  ErrorOf(unbalanced + "}" + std::string(100, ' '));
  EXPECT_EQ(ErrorOf(unbalanced), error);
}

TEST_F(BindJsonTest, ErrorInvalidUtf8) {
  EXPECT_EQ(ErrorOf(WithMessage("{\"id\": \"caf\xc3\"}")), "request is not valid UTF-8");
  EXPECT_EQ(ErrorOf(WithMessage("{\"extra\": \"\xff\xfe\"}")), "request is not valid UTF-8");
  // An overlong encoding of '/'.
  EXPECT_EQ(ErrorOf(WithMessage("{\"id\": \"\xc0\xaf\"}")), "request is not valid UTF-8");
}

TEST_F(BindJsonTest, ErrorTooLarge) {
  std::string json = SendRequest();
  BindOptions options;
  options.max_bytes = 100;
  EXPECT_EQ(ErrorOf(json, options),
            "request is " + std::to_string(json.size()) + " bytes; the limit is 100");
  options.max_bytes = json.size();
  EXPECT_EQ(ErrorOf(json, options), "<bound>");
  // Over the default limit of 1 MiB.
  std::string big = WithMessage(R"({"extra": ")" + std::string(1 << 20, 'x') + R"("})");
  EXPECT_EQ(ErrorOf(big),
            "request is " + std::to_string(big.size()) + " bytes; the limit is 1048576");
}

TEST_F(BindJsonTest, ErrorNestedTooDeep) {
  const size_t kDeep = 10'000;
  std::string arrays = Repeat("[", kDeep) + Repeat("]", kDeep);
  EXPECT_EQ(ErrorOf(WithMessage(R"({"extra": )" + arrays + "}")), "nested deeper than 64 levels");
  std::string objects = Repeat(R"({"a": )", kDeep) + "1" + Repeat("}", kDeep);
  EXPECT_EQ(ErrorOf(SendRequest("", R"({"user_present": true, "x": )" + objects + "}")),
            "nested deeper than 64 levels");
  // Deep where the schema wants a scalar fails on the type at once.
  EXPECT_EQ(ErrorOf(WithMessage(R"({"id": )" + arrays + "}")), "input.message.id: expected string");
  // Skipped in a first pass (before the operation is known), then walked.
  EXPECT_EQ(ErrorOf(R"({"input": {"message": )" + arrays +
                    R"(}, "principal": "p", "operation": "mail.messages.send"})"),
            "input.message: expected Message");
  EXPECT_EQ(ErrorOf(R"({"input": {"x": )" + arrays +
                    R"(}, "principal": "p", "operation": "mail.messages.send"})"),
            "nested deeper than 64 levels");
  // The whole request as deep nesting.
  EXPECT_EQ(ErrorOf(arrays), "expected a JSON object");
  EXPECT_EQ(ErrorOf(Repeat("{\"principal\": ", kDeep) + Repeat("}", kDeep)),
            "principal: expected string");

  // Exactly at the limit is fine: request, input, message, extra and 60 more.
  std::string at_limit = Repeat("[", 61) + Repeat("]", 61);
  EXPECT_EQ(ErrorOf(SendRequest(R"(, "extra": )" + at_limit)), "<bound>");
  std::string over = Repeat("[", 62) + Repeat("]", 62);
  EXPECT_EQ(ErrorOf(SendRequest(R"(, "extra": )" + over)), "nested deeper than 64 levels");
  BindOptions shallow;
  shallow.max_depth = 3;
  EXPECT_EQ(ErrorOf(SendRequest(), shallow), "nested deeper than 3 levels");
}

}  // namespace
}  // namespace intent::runtime::bind_test
