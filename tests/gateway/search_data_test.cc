// AuthZEN subject and resource search over data documents, on the real
// gateway (docs/gateway.md, "Search"), with the bundle of testdata/search:
// users, viewers and records as data documents, and authzen.json naming the
// candidates of each type.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/gateway/gateway_process.h"

namespace intent::gateway_test {
namespace {

using json = nlohmann::json;
const std::string kBundle = INTENT_SOURCE_DIR "/tests/gateway/testdata/search";

json Body(const HttpAnswer& answer) {
  json body = json::parse(answer.body, nullptr, false);
  return body.is_discarded() ? json() : body;
}

json Users(std::initializer_list<const char*> ids) {
  json out = json::array();
  for (const char* id : ids) out.push_back({{"type", "user"}, {"id", id}});
  return out;
}

json Records(std::initializer_list<const char*> ids) {
  json out = json::array();
  for (const char* id : ids) out.push_back({{"type", "record"}, {"id", id}});
  return out;
}

json SubjectSearch(const std::string& action) {
  return {{"subject", {{"type", "user"}}},
          {"action", {{"name", action}}},
          {"resource", {{"type", "record"}, {"id", "101"}}}};
}

json ResourceSearch(const std::string& user, const std::string& action) {
  return {{"subject", {{"type", "user"}, {"id", user}}},
          {"action", {{"name", action}}},
          {"resource", {{"type", "record"}}}};
}

class SearchDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { gateway_ = new GatewayProcess({"--policy", kBundle}); }
  static void TearDownTestSuite() {
    delete gateway_;
    gateway_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(gateway_->started()) << gateway_->Stderr(); }
  static json Post(const std::string& path, const json& body) {
    HttpAnswer answer = gateway_->Request("POST", "/access/v1/search/" + path, body.dump());
    EXPECT_EQ(answer.status, 200) << answer.body;
    return Body(answer);
  }
  static GatewayProcess* gateway_;
};
GatewayProcess* SearchDataTest::gateway_ = nullptr;

TEST_F(SearchDataTest, SubjectSearch) {
  json view = Post("subject", SubjectSearch("view"));
  EXPECT_EQ(view["results"], Users({"alice", "carol"}));
  EXPECT_EQ(view["page"], json::parse(R"({"count":2,"next_token":"","total":2})"));
  EXPECT_EQ(Post("subject", SubjectSearch("edit"))["results"], Users({"alice"}));
}

TEST_F(SearchDataTest, ResourceSearch) {
  EXPECT_EQ(Post("resource", ResourceSearch("alice", "view"))["results"],
            Records({"101", "102", "103"}));
  EXPECT_EQ(Post("resource", ResourceSearch("bob", "view"))["results"], json::array());
  EXPECT_EQ(Post("resource", ResourceSearch("alice", "edit"))["results"],
            Records({"101", "102", "103"}));
}

// Every user is a result exactly when /access/v1/evaluation says true.
TEST_F(SearchDataTest, SubjectResultsAgreeWithEvaluation) {
  json results = Post("subject", SubjectSearch("view"))["results"];
  for (const char* user : {"alice", "bob", "carol", "dan"}) {
    json evaluation = SubjectSearch("view");
    evaluation["subject"]["id"] = user;
    HttpAnswer answer = gateway_->Request("POST", "/access/v1/evaluation", evaluation.dump());
    bool allowed = Body(answer)["decision"] == true;
    json item = {{"type", "user"}, {"id", user}};
    bool found = std::find(results.begin(), results.end(), item) != results.end();
    EXPECT_EQ(allowed, found) << user << ": " << answer.body;
  }
}

TEST_F(SearchDataTest, Pages) {
  json question = ResourceSearch("carol", "view");
  question["page"] = {{"limit", 2}};
  json first = Post("resource", question);
  EXPECT_EQ(first["results"], Records({"101", "102"}));
  ASSERT_NE(first["page"]["next_token"], "");
  question["page"]["token"] = first["page"]["next_token"];
  json second = Post("resource", question);
  EXPECT_EQ(second["results"], Records({"103"}));
  EXPECT_EQ(second["page"]["next_token"], "");
  EXPECT_EQ(second["page"]["count"], 1);
}

// The interop harness's shape (../shared/authzen/README.md, "Search"):
// record ids are strings, results exactly {"type", "id"}.
TEST_F(SearchDataTest, InteropShape) {
  HttpAnswer answer =
      gateway_->Request("POST", "/access/v1/search/subject",
                        R"({"resource": {"type": "record", "id": "101"}, "action": {"name": "view"},
          "subject": {"type": "user"}})",
                        {{"Authorization", "Bearer anything"}});
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(
      answer.body.find(R"("results":[{"id":"alice","type":"user"},{"id":"carol","type":"user"}])"),
      std::string::npos)
      << answer.body;
}

}  // namespace
}  // namespace intent::gateway_test
