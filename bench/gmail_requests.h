// The fixed mixed request set for the gmail example benchmarks: reads,
// sends inside and outside the company, deletes, trashes, a listing.
#pragma once

#include <string>
#include <vector>

namespace intent::bench {

inline std::string GmailRequest(const std::string& operation, const std::string& sender,
                                const std::string& to, bool unread, const std::string& subject) {
  return R"({"principal": "mail-bot", "operation": "gmail.messages.)" + operation +
         R"(", "input": {"message": {"id": "m1", "sender": ")" + sender + R"(", "to": [)" + to +
         R"(], )" + subject + R"("unread": )" + (unread ? "true" : "false") +
         R"(, "received": "2026-11-28T08:00:00Z", "labels": ["inbox", "work"], "size": 1200}},
         "context": {"time": "2026-11-28T10:00:00Z"}})";
}

inline std::vector<std::string> GmailMixedRequests() {
  return {
      GmailRequest("get", "boss@example.com", R"("me@example.com")", true, R"("subject": "hi", )"),
      GmailRequest("get", "boss@example.com", R"("me@example.com")", false, ""),
      GmailRequest("send", "me@example.com", R"("a@example.com", "b@example.org")", false, ""),
      GmailRequest("send", "me@example.com", R"("a@example.com", "x@elsewhere.net")", false,
                   R"("subject": "offer", )"),
      GmailRequest("delete", "me@example.com", R"("a@example.com")", false, ""),
      GmailRequest("trash", "news@news.example.com", R"("me@example.com")", true, ""),
      GmailRequest("trash", "friend@elsewhere.net", R"("me@example.com")", true, ""),
      R"({"principal": "mail-bot", "operation": "gmail.messages.list",
          "input": {"max_results": 20}, "context": {"time": "2026-11-28T10:00:00Z"}})",
  };
}

}  // namespace intent::bench
