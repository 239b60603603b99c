// Canonical JSON (runtime/bind/canonical_json.h) and the in-process
// approval store's transitions (runtime/core/approval_store.h).
#include "runtime/bind/canonical_json.h"

#include <gtest/gtest.h>

#include <string>

#include "runtime/core/approval_store.h"

namespace intent::runtime {
namespace {

std::string Canonical(std::string_view json) {
  std::optional<std::string> text = CanonicalJson(json);
  return text ? *text : "<none>";
}

TEST(CanonicalJson, OneTextPerValue) {
  EXPECT_EQ(Canonical(R"( { "b" : [1, 2.0, 3e0], "a": {"y": null, "x": true} } )"),
            R"({"a":{"x":true,"y":null},"b":[1,2,3]})");
  // Strings: escapes resolved, then only what must be escaped.
  EXPECT_EQ(Canonical(R"("\u0061\/\"\\\n\u0001é")"), R"("a/\"\\\n\u0001é")");
  // Numbers exactly: no double rounding.
  EXPECT_EQ(Canonical("1.5"), "15e-1");
  EXPECT_EQ(Canonical("0.150E1"), "15e-1");
  EXPECT_EQ(Canonical("-0.0"), "0");
  EXPECT_EQ(Canonical("9007199254740993.0"), "9007199254740993");
  EXPECT_EQ(Canonical("9007199254740993.5"), "90071992547409935e-1");
  EXPECT_EQ(Canonical("123456789012345678901234567890"), "12345678901234567890123456789e1");
  EXPECT_EQ(Canonical("1e400"), "1e400");
  EXPECT_NE(Canonical("1e400"), Canonical("1e401"));
  // Key order is bytewise, after unescaping.
  EXPECT_EQ(Canonical(R"({"\u0062": 1, "a": 2, "B": 3})"), R"({"B":3,"a":2,"b":1})");
  // Not JSON, or a duplicate key: no text.
  EXPECT_EQ(Canonical(R"({"a": 1, "a": 2})"), "<none>");
  EXPECT_EQ(Canonical("{"), "<none>");
}

TEST(CanonicalJson, ACallKeepsItsWholeInputAndTheDeclaredContext) {
  types::RecordType context;
  context.fields.push_back({"session", nullptr, true, {}});
  std::optional<CanonicalCall> call = CanonicalCallOf(
      R"({"principal": "p", "operation": "a.b.c", "input": {"z": [1.0], "a": "x"},
          "context": {"time": "2026-01-01T00:00:00Z", "approval": "id", "trace": 7,
                      "session": "s", "other": null}})",
      context);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->input, R"({"a":"x","z":[1]})");
  EXPECT_EQ(call->context, R"({"session":"s"})");
  std::optional<CanonicalCall> bare =
      CanonicalCallOf(R"({"principal": "p", "operation": "a.b.c", "input": null})", context);
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->input, "{}");
  EXPECT_EQ(bare->context, "{}");
}

Approval Pending(const std::string& id, int64_t created, int64_t expires) {
  Approval approval;
  approval.id = id;
  approval.digest = "d-" + id;
  approval.created = created;
  approval.expires = expires;
  return approval;
}

TEST(InProcessApprovalStore, TransitionsAreTheSpecifiedOnes) {
  InProcessApprovalStore store;
  store.Create(Pending("a", 0, 100));
  EXPECT_EQ(store.Use("a", "d-a", 1).outcome, ApprovalOutcome::kPending);
  EXPECT_EQ(store.Resolve("a", true, "alice", 2).outcome, ApprovalOutcome::kOk);
  EXPECT_EQ(store.Resolve("a", false, "bob", 3).outcome, ApprovalOutcome::kNotPending);
  EXPECT_EQ(store.Use("a", "d-other", 4).outcome, ApprovalOutcome::kOtherCall);
  ApprovalResult used = store.Use("a", "d-a", 5);
  EXPECT_EQ(used.outcome, ApprovalOutcome::kOk);
  EXPECT_EQ(used.approval->state, ApprovalState::kUsed);
  EXPECT_EQ(used.approval->used, 5);
  EXPECT_EQ(store.Use("a", "d-a", 6).outcome, ApprovalOutcome::kUsed);
  // Used stays used past the expiry; pending and approved expire.
  EXPECT_EQ(store.Get("a", 200)->state, ApprovalState::kUsed);
  store.Create(Pending("b", 10, 100));
  store.Create(Pending("c", 20, 100));
  EXPECT_EQ(store.Resolve("c", true, "alice", 30).outcome, ApprovalOutcome::kOk);
  EXPECT_EQ(store.Get("b", 100)->state, ApprovalState::kExpired);
  EXPECT_EQ(store.Resolve("b", true, "alice", 100).outcome, ApprovalOutcome::kNotPending);
  EXPECT_EQ(store.Use("c", "d-c", 100).outcome, ApprovalOutcome::kExpired);
  EXPECT_EQ(store.Get("c", 99)->state, ApprovalState::kApproved);
  // Newest first; pending only.
  store.Create(Pending("d", 40, 1000));
  std::vector<Approval> all = store.List(50, 10, false);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].id, "d");
  EXPECT_EQ(all[3].id, "a");
  std::vector<Approval> pending = store.List(50, 10, true);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(store.List(50, 1, false).size(), 1u);
  // Forgotten after the retention.
  EXPECT_FALSE(store.Get("a", 100 + kApprovalRetention));
  EXPECT_EQ(store.Use("zz", "d", 0).outcome, ApprovalOutcome::kUnknown);
}

TEST(InProcessApprovalStore, MemoryIsBounded) {
  InProcessApprovalStore store(/*capacity=*/3);
  for (int i = 0; i < 10; ++i) store.Create(Pending(std::to_string(i), i, 1'000'000));
  EXPECT_EQ(store.SizeForTesting(), 3u);
  EXPECT_FALSE(store.Get("0", 10));
  EXPECT_TRUE(store.Get("9", 10));
  // Past the retention, old ones go even below the capacity.
  store.Create(Pending("late", 1'000'000 + kApprovalRetention, 2'000'000 + kApprovalRetention));
  EXPECT_EQ(store.SizeForTesting(), 1u);
}

}  // namespace
}  // namespace intent::runtime
