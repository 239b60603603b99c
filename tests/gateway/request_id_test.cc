// Request ids end to end (docs/gateway.md, "Request ids"): the client's
// X-Request-ID, or one the gateway makes, is returned with the response
// and written on each decision log line the request caused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "tests/gateway/gateway_process.h"

namespace intent::gateway_test {
namespace {

const std::string kSend =
    R"({"principal": "mail-bot", "operation": "gmail.messages.send", "input": {"message": {"id": "m1", "sender": "me@example.com", "to": ["bob@example.com"], "unread": false, "received": "2026-11-28T08:00:00Z", "labels": [], "size": 1}}, "context": {"time": "2026-11-28T10:00:00Z"}})";
const std::string kEvaluation =
    R"({"subject": {"type": "agent", "id": "mail-bot"}, "action": {"name": "delete"},
        "resource": {"type": "messages", "id": "m1", "properties": {"message": {"id": "m1",
        "sender": "me@example.com", "to": ["bob@example.com"], "unread": false,
        "received": "2026-11-28T08:00:00Z", "labels": [], "size": 1}}},
        "context": {"time": "2026-11-28T10:00:00Z"}})";

TEST(RequestId, GeneratedWhenTheClientSendsNone) {
  GatewayProcess gateway({"--policy", INTENT_SOURCE_DIR "/examples/gmail"});
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::string first = gateway.Request("GET", "/healthz").headers["x-request-id"];
  std::string second = gateway.Request("GET", "/healthz").headers["x-request-id"];
  EXPECT_TRUE(std::regex_match(first, uuid)) << first;
  EXPECT_NE(first, second);
  // An empty one is no id: the gateway makes one.
  std::string empty =
      gateway.Request("GET", "/healthz", "", {{"X-Request-ID", ""}}).headers["x-request-id"];
  EXPECT_TRUE(std::regex_match(empty, uuid)) << empty;
  EXPECT_EQ(
      gateway.Request("GET", "/healthz", "", {{"X-Request-ID", "mine"}}).headers["x-request-id"],
      "mine");
}

TEST(RequestId, EveryDecisionLogLineCarriesIt) {
  std::filesystem::path log = std::filesystem::temp_directory_path() /
                              ("intent-request-id-" + std::to_string(getpid()) + ".jsonl");
  std::filesystem::remove(log);
  GatewayProcess gateway(
      {"--policy", INTENT_SOURCE_DIR "/examples/gmail", "--decision-log", log.string()});
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  gateway.Request("POST", "/v1/decide", kSend, {{"X-Request-ID", "decide-1"}});
  gateway.Request("POST", "/access/v1/evaluation", kEvaluation, {{"X-Request-ID", "authzen-2"}});
  std::string made = gateway.Request("POST", "/v1/decide", kSend).headers["x-request-id"];
  ASSERT_FALSE(made.empty());
  EXPECT_EQ(gateway.Stop(), 0);  // flushes the log
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  std::filesystem::remove(log);
  std::istringstream lines(text.str());
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line)) all.push_back(line);
  ASSERT_EQ(all.size(), 3u) << text.str();
  EXPECT_TRUE(all[0].ends_with(R"("request_id":"decide-1"})")) << all[0];
  EXPECT_NE(all[1].find(R"("decision":"deny")"), std::string::npos) << all[1];
  EXPECT_TRUE(all[1].ends_with(R"("request_id":"authzen-2"})")) << all[1];
  EXPECT_TRUE(all[2].ends_with(R"("request_id":")" + made + R"("})")) << all[2];
}

}  // namespace
}  // namespace intent::gateway_test
