// Shared by the request binder's tests: schemas and requests, deep
// comparison of both layouts, and a fixture whose Bind() binds every
// request both ways (BindRequestJson and BindRequestSlots) and checks that
// they agree.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/schema/schema_loader.h"
#include "compiler/source/source_file.h"
#include "runtime/bind/bind_json.h"
#include "runtime/core/slots.h"
#include "tests/unit/test_support.h"

namespace intent::runtime::bind_test {

// Deep equality of values: records and lists by content, enums and record
// types by identity.
inline bool SameValue(const Value& a, const Value& b);

inline bool SameValues(const std::vector<Value>& a, const std::vector<Value>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!SameValue(a[i], b[i])) return false;
  }
  return true;
}

inline bool SameValue(const Value& a, const Value& b) {
  if (a.storage().index() != b.storage().index()) return false;
  if (a.Is<ListPtr>()) return SameValues(*a.As<ListPtr>(), *b.As<ListPtr>());
  if (a.Is<RecordPtr>()) {
    return a.As<RecordPtr>()->type == b.As<RecordPtr>()->type &&
           SameValues(a.As<RecordPtr>()->fields, b.As<RecordPtr>()->fields);
  }
  return a.storage() == b.storage();
}

inline bool SameRequest(const BoundRequest& a, const BoundRequest& b) {
  return a.principal == b.principal && a.schema == b.schema && a.operation == b.operation &&
         a.input.type == b.input.type && SameValues(a.input.fields, b.input.fields) &&
         a.context.type == b.context.type && SameValues(a.context.fields, b.context.fields) &&
         a.time == b.time;
}

// Deep equality of slots read as `type`: strings by content, not address.
inline bool SameSlot(const Slot& a, const Slot& b, const types::Type& type);

inline bool SameFieldSlots(const Slot* a, const Slot* b, const types::RecordType& type) {
  for (size_t i = 0; i < type.fields.size(); ++i) {
    if (!SameSlot(a[i], b[i], *type.fields[i].type)) return false;
  }
  return true;
}

inline bool SameSlot(const Slot& a, const Slot& b, const types::Type& type) {
  if (IsAbsent(a) || IsAbsent(b)) return IsAbsent(a) && IsAbsent(b);
  switch (type.kind()) {
    case types::TypeKind::kString: return TextOf(a) == TextOf(b);
    case types::TypeKind::kEmail: return TextOf(a) == TextOf(b) && EmailAtOf(a) == EmailAtOf(b);
    case types::TypeKind::kList:
      if (LengthOf(a) != LengthOf(b)) return false;
      for (size_t i = 0; i < LengthOf(a); ++i) {
        if (!SameSlot(ItemsOf(a)[i], ItemsOf(b)[i], *type.element())) return false;
      }
      return true;
    case types::TypeKind::kRecord: return SameFieldSlots(ItemsOf(a), ItemsOf(b), *type.record());
    default: return a.word == b.word && a.extra == b.extra;
  }
}

inline bool SameSlots(const SlotRequest& a, const SlotRequest& b) {
  return a.principal == b.principal && a.schema == b.schema && a.operation == b.operation &&
         SameFieldSlots(a.input, b.input, a.operation->input) &&
         SameFieldSlots(a.context, b.context, a.schema->context) && a.time == b.time;
}

// Durations, integer timestamps, an optional enum, nested lists and an
// operation without input: what kTestSchema does not cover.
inline const char* kJobsSchema = R"json({
  "name": "jobs",
  "types": { "Level": ["low", "high"] },
  "resources": {
    "jobs": { "operations": {
      "schedule": { "verb": "create", "input": {
        "every": "duration", "at": "timestamp", "timeout": "duration?", "level": "Level?",
        "grid": "list<list<int>>?" } },
      "ping": { "verb": "read" }
    } }
  }
})json";

// The message of a valid mail request, without its closing brace, so that
// tests can add members.
inline const std::string kMessageStart = R"({"id": "m1", "sender": "Alice@Example.COM",
  "to": ["a@example.org", "b@Corp.Example"], "unread": false,
  "received": "2026-11-28T08:00:00Z", "labels": ["inbox", "work"], "size": 1200,
  "attachments": [{"name": "a.pdf", "size": 10, "kind": "pdf"}, {"name": "b", "size": 0}],
  "priority": "high")";

inline std::string SendRequest(const std::string& message_members = "",
                               const std::string& context = R"({"user_present": true})") {
  return R"({"principal": "mail-bot", "operation": "mail.messages.send", "input": {"message": )" +
         kMessageStart + message_members + "}}, \"context\": " + context + "}";
}

// A send request whose message is `message` (a whole JSON object).
inline std::string WithMessage(const std::string& message) {
  return R"({"principal": "p", "operation": "mail.messages.send", "input": {"message": )" +
         message + R"(}, "context": {"user_present": true}})";
}

inline std::string Repeat(const std::string& text, size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

class BindJsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Load("mail.schema.json", test_support::kTestSchema);
    Load("jobs.schema.json", kJobsSchema);
  }

  void Load(const std::string& name, const std::string& text) {
    files_.push_back(std::make_unique<SourceFile>(name, text));
    auto loaded = schema::LoadSchema(*files_.back(), arena_, diagnostics_);
    ASSERT_NE(loaded, nullptr) << name;
    schemas_.Add(std::move(loaded));
  }

  // Binds `json` both ways and checks that they agree: the same error, or
  // the same request, which survives a round trip through each layout.
  BindResult Bind(std::string_view json, const BindOptions& options = {}) {
    BindResult result = BindRequestJson(json, schemas_, options);
    EXPECT_NE(result.request.has_value(), result.error.has_value());
    SlotRequest slots;
    std::optional<BindError> error = BindRequestSlots(json, schemas_, slots, options);
    EXPECT_EQ(error.has_value(), result.error.has_value()) << json;
    if (error && result.error) {
      EXPECT_EQ(error->path, result.error->path);
      EXPECT_EQ(error->message, result.error->message);
      EXPECT_EQ(slots.operation, nullptr);
    }
    if (!error && result.request) {
      BoundRequest converted = FromSlots(slots);
      EXPECT_TRUE(SameRequest(converted, *result.request)) << json;
      SlotRequest again;
      ToSlots(converted, again);
      EXPECT_TRUE(SameSlots(again, slots)) << json;
      EXPECT_TRUE(SameRequest(FromSlots(again), converted)) << json;
    }
    return result;
  }

  // The bound request; fails the test when binding fails.
  BoundRequest Bound(std::string_view json, const BindOptions& options = {}) {
    BindResult result = Bind(json, options);
    if (result.error) {
      ADD_FAILURE() << result.error->ToString();
      return {};
    }
    return *result.request;
  }

  std::string ErrorOf(std::string_view json, const BindOptions& options = {}) {
    BindResult result = Bind(json, options);
    return result.error ? result.error->ToString() : "<bound>";
  }

  std::vector<std::unique_ptr<SourceFile>> files_;
  types::TypeArena arena_;
  DiagnosticBag diagnostics_;
  schema::SchemaSet schemas_;
};

}  // namespace intent::runtime::bind_test
