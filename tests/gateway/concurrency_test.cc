// intent-gateway serve under concurrent clients, while its bundle is
// reloaded (SIGHUP): every answer complete and right, none torn or failed.
// Labelled `concurrency`: scripts/test.sh also runs it with the gateway
// built under ThreadSanitizer, which stops the gateway on any data race.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/gateway/gateway_process.h"

namespace intent::gateway_test {
namespace {

std::string Send(const std::string& to) {
  return R"({"principal": "mail-bot", "operation": "gmail.messages.send", "input": {"message": {"id": "m1", "sender": "me@example.com", "to": [")" +
         to +
         R"("], "unread": false, "received": "2026-11-28T08:00:00Z", "labels": [], "size": 1}}, "context": {"time": "2026-11-28T10:00:00Z"}})";
}

TEST(ServeConcurrency, ManyClientsWhileReloading) {
  GatewayProcess gateway({"--policy", INTENT_SOURCE_DIR "/examples/gmail", "--threads", "2"});
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  constexpr int kClients = 4;
  constexpr int kRequestsEach = 150;
  std::atomic<int> wrong{0};
  std::atomic<int> done{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kRequestsEach; ++i) {
        bool inside = (i + c) % 2 == 0;
        HttpAnswer answer = gateway.Request(
            "POST", "/v1/decide", Send(inside ? "bob@example.com" : "eve@evil.test"),
            {{"X-Request-ID", std::to_string(c) + "-" + std::to_string(i)}});
        bool right = answer.status == 200 &&
                     answer.body.find(inside ? R"("decision":"allow")" : R"("decision":"ask")") !=
                         std::string::npos &&
                     answer.headers["x-request-id"] == std::to_string(c) + "-" + std::to_string(i);
        if (!right) wrong.fetch_add(1);
        done.fetch_add(1);
      }
    });
  }
  // Reload a few times while they run (bounded: at most 5 reloads).
  for (int reloads = 0; reloads < 5 && done.load() < kClients * kRequestsEach; ++reloads) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    gateway.Signal(SIGHUP);
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(wrong.load(), 0) << gateway.Stderr();
  EXPECT_EQ(done.load(), kClients * kRequestsEach);
  HttpAnswer ready = gateway.Request("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(gateway.Stop(), 0) << gateway.Stderr();
  EXPECT_EQ(gateway.Stderr().find("WARNING: ThreadSanitizer"), std::string::npos)
      << gateway.Stderr();
}

}  // namespace
}  // namespace intent::gateway_test
