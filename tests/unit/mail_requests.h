// A request of the test schema (test_support::kTestSchema) shared by the
// engines' unit tests and the concurrency tests.
#pragma once

#include <string>

namespace intent::test_support {

// mail.messages.delete by principal "bot" at `time`, on message `id`.
inline std::string DeleteRequest(const std::string& time = "2026-11-28T10:00:00Z",
                                 const std::string& id = "m1") {
  return R"({"principal": "bot", "operation": "mail.messages.delete", "input": {"message": {
    "id": ")" +
         id + R"(", "sender": "a@example.com", "to": ["b@example.com"], "unread": true,
    "received": "2026-11-28T08:00:00Z", "labels": [], "size": 10, "attachments": [],
    "priority": "low"}}, "context": {"user_present": true, "time": ")" +
         time + R"("}})";
}

}  // namespace intent::test_support
