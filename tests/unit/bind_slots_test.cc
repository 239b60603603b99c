// Tests for binding into slots (BindRequestSlots): the layout native code
// reads, that it owns its strings, and that a reused SlotRequest stops
// allocating; and that both entry points agree on mutated requests.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "runtime/bind/bind_json.h"
#include "runtime/core/slots.h"
#include "tests/unit/allocation_counter.h"
#include "tests/unit/bind_fixture.h"

namespace intent::runtime::bind_test {
namespace {

using BindSlotsTest = BindJsonTest;

TEST_F(BindSlotsTest, BindsIntoSlots) {
  SlotRequest slots;
  ASSERT_EQ(BindRequestSlots(SendRequest("", R"({"user_present": true, "time": 1795860000})"),
                             schemas_, slots),
            std::nullopt);
  EXPECT_EQ(slots.principal, "mail-bot");
  ASSERT_NE(slots.operation, nullptr);
  EXPECT_EQ(slots.operation->id, "mail.messages.send");
  EXPECT_EQ(slots.schema->name, "mail");
  const Slot* message = ItemsOf(slots.input[0]);
  EXPECT_EQ(TextOf(message[0]), "m1");
  EXPECT_EQ(TextOf(message[1]), "Alice@example.com");  // the domain lower-cased
  EXPECT_EQ(EmailAtOf(message[1]), 5u);
  ASSERT_EQ(LengthOf(message[2]), 2u);
  EXPECT_EQ(TextOf(ItemsOf(message[2])[1]), "b@corp.example");
  EXPECT_TRUE(IsAbsent(message[3]));  // subject
  EXPECT_EQ(message[4].word, 0u);     // unread
  EXPECT_FALSE(IsAbsent(message[4]));
  EXPECT_EQ(static_cast<int64_t>(message[5].word), int64_t{1795852800} * 1'000'000);
  EXPECT_EQ(message[7].word, 1200u);
  const Slot& attachments = message[8];
  ASSERT_EQ(LengthOf(attachments), 2u);
  EXPECT_EQ(TextOf(ItemsOf(ItemsOf(attachments)[0])[0]), "a.pdf");
  EXPECT_TRUE(IsAbsent(ItemsOf(ItemsOf(attachments)[1])[2]));  // kind
  EXPECT_EQ(message[9].word, 2u);                              // priority: high
  EXPECT_TRUE(IsAbsent(message[10]));                          // meta
  EXPECT_EQ(slots.context[0].word, 1u);
  EXPECT_TRUE(IsAbsent(slots.context[1]));
  EXPECT_EQ(slots.time, int64_t{1795860000} * 1'000'000);

  // The slots do not point into the JSON text or the parser: binding other
  // requests leaves them as they were.
  BoundRequest before = FromSlots(slots);
  Bound(WithMessage(R"({"id": "zz", "sender": "q@q.q", "to": [], "unread": true, "received": 0,
                        "labels": ["x"], "size": 1, "attachments": [], "priority": "low"})"));
  SlotRequest other;
  ASSERT_EQ(
      BindRequestSlots(R"({"principal": "p", "operation": "jobs.jobs.ping"})", schemas_, other),
      std::nullopt);
  EXPECT_TRUE(SameRequest(FromSlots(slots), before));
}

TEST_F(BindSlotsTest, SlotsAfterAnError) {
  SlotRequest slots;
  ASSERT_EQ(BindRequestSlots(SendRequest(), schemas_, slots), std::nullopt);
  std::optional<BindError> error = BindRequestSlots(WithMessage("[]"), schemas_, slots);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->ToString(), "input.message: expected Message");
  EXPECT_EQ(slots.schema, nullptr);
  EXPECT_EQ(slots.operation, nullptr);
  EXPECT_EQ(slots.input, nullptr);
  // The same SlotRequest binds again after an error.
  EXPECT_EQ(BindRequestSlots(SendRequest(), schemas_, slots), std::nullopt);
  EXPECT_EQ(slots.principal, "mail-bot");
}

TEST_F(BindSlotsTest, WarmSlotRequestDoesNotAllocate) {
  // Strings, emails, lists of records, ignored members.
  std::string json = SendRequest(
      R"(, "subject": "s", "meta": {"thread": "t"}, "payload": {"a": 1, "b": [{"c": 2}]})",
      R"({"user_present": true, "time": "2026-11-28T10:00:00Z", "k1": 1, "k2": 2})");
  if (!test_support::CountsAllocations()) GTEST_SKIP() << "allocations are not counted";
  SlotRequest slots;
  ASSERT_EQ(BindRequestSlots(json, schemas_, slots), std::nullopt);
  ASSERT_EQ(BindRequestSlots(json, schemas_, slots), std::nullopt);
  size_t before = test_support::ThreadAllocations();
  for (int i = 0; i < 10; ++i) ASSERT_EQ(BindRequestSlots(json, schemas_, slots), std::nullopt);
  EXPECT_EQ(test_support::ThreadAllocations() - before, 0u);
  EXPECT_EQ(slots.principal, "mail-bot");
}

TEST_F(BindSlotsTest, ArenaGrowsThenStaysWarm) {
  // A list too large for one chunk: the arena grows, then keeps one chunk
  // large enough for the next request of the same shape.
  std::string json = SendRequest();
  json.replace(json.find(R"(["inbox", "work"])"), 17,
               "[" + Repeat("\"label\",", 999) + "\"last\"]");
  SlotRequest slots;
  ASSERT_EQ(BindRequestSlots(json, schemas_, slots), std::nullopt);
  ASSERT_EQ(BindRequestSlots(json, schemas_, slots), std::nullopt);
  size_t before = test_support::ThreadAllocations();
  ASSERT_EQ(BindRequestSlots(json, schemas_, slots), std::nullopt);
  if (test_support::CountsAllocations()) {
    EXPECT_EQ(test_support::ThreadAllocations() - before, 0u);
  }
  const Slot& labels = ItemsOf(slots.input[0])[6];
  ASSERT_EQ(LengthOf(labels), 1000u);
  EXPECT_EQ(TextOf(ItemsOf(labels)[999]), "last");
}

TEST_F(BindSlotsTest, MutatedRequestsBindAlikeBothWays) {
  // Mutations of valid requests (as in the schema loader's GarbageNeverCrashes):
  // Bind() checks that both entry points give the same error or the same
  // values, for whatever the mutation produced.
  const std::vector<std::string> bases = {
      SendRequest(
          R"(, "subject": "s", "meta": {"thread": "t", "origin": null}, "x": [1, {"y": 2}])",
          R"({"user_present": true, "session": "s", "time": "2026-11-28T10:00:00Z"})"),
      R"({"input": {"draft": {"body": "b\u00e9"}}, "context": {"user_present": false, "time": 5},
          "principal": "p", "operation": "mail.drafts.create"})",
      R"({"principal": "p", "operation": "jobs.jobs.schedule", "input": {"every": "15m",
          "at": -86400, "timeout": 90, "level": "low", "grid": [[1, 2], [], [-3]]}})",
  };
  const std::string alphabet = "{}[]\":,.-0123456789eE nultrfs@\\";
  const std::vector<std::string> tokens = {"null", "true",  "1.5",     "\"x\"", "\"A@B.C\"",   "[]",
                                           "{}",   "[[1]]", "\"15m\"", "1e999", "\"\\u0069d\""};
  std::mt19937 random(42);
  int bound = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = bases[round % bases.size()];
    for (int edit = 0; edit < 1 + round % 3; ++edit) {
      size_t at = random() % text.size();
      switch (random() % 4) {
        case 0: text.erase(at, 1 + random() % 8); break;
        case 1: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
        case 2: text[at] = alphabet[random() % alphabet.size()]; break;
        default: text.insert(at, tokens[random() % tokens.size()]); break;
      }
      if (text.empty()) text = "{";
    }
    BindOptions options;
    if (round % 5 == 0) options.max_depth = 1 + round % 7;
    if (Bind(text, options).request) ++bound;
  }
  // Some mutations must still bind, or only the error paths were compared.
  EXPECT_GT(bound, 100);
}

}  // namespace
}  // namespace intent::runtime::bind_test
