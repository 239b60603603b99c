// AuthZEN search on the real gateway (docs/gateway.md, "Search"): action
// search on the gmail example, pagination and its tokens, the errors of
// malformed questions, and authzen.json at start and on reload. Subject and
// resource searches over data documents are in search_data_test.cc.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/gateway/gateway_process.h"

namespace intent::gateway_test {
namespace {

using json = nlohmann::json;
const std::string kGmail = INTENT_SOURCE_DIR "/examples/gmail";

// mail-bot on an unread message of today from me@example.com to `to`.
json ActionSearch(const std::string& to) {
  json message = {
      {"id", "m1"},     {"sender", "me@example.com"}, {"to", json::array({to})},
      {"unread", true}, {"labels", json::array()},    {"received", "2026-11-28T08:00:00Z"},
      {"size", 1}};
  return {
      {"subject", {{"type", "agent"}, {"id", "mail-bot"}}},
      {"resource", {{"type", "messages"}, {"id", "m1"}, {"properties", {{"message", message}}}}},
      {"context", {{"time", "2026-11-28T10:00:00Z"}}}};
}

json Body(const HttpAnswer& answer) {
  json body = json::parse(answer.body, nullptr, false);
  return body.is_discarded() ? json() : body;
}

class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { gateway_ = new GatewayProcess({"--policy", kGmail}); }
  static void TearDownTestSuite() {
    delete gateway_;
    gateway_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(gateway_->started()) << gateway_->Stderr(); }
  static HttpAnswer Post(const std::string& path, const json& body) {
    return gateway_->Request("POST", "/access/v1/search/" + path, body.dump());
  }
  static GatewayProcess* gateway_;
};
GatewayProcess* SearchTest::gateway_ = nullptr;

// get (unread, today) and send (inside the company) are allowed; delete is
// forbidden, trash needs a newsletter, list and search take other inputs.
TEST_F(SearchTest, ActionSearchFindsTheAllowedOperations) {
  HttpAnswer answer = Post("action", ActionSearch("bob@example.com"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body, R"({"page":{"count":2,"next_token":"","total":2},)"
                         R"("results":[{"name":"get"},{"name":"send"}]})");
  // Outside the company, send is an ask: false, so not a result.
  EXPECT_EQ(Body(Post("action", ActionSearch("eve@evil.test")))["results"],
            json::parse(R"([{"name":"get"}])"));
}

// Every result, fed back to /access/v1/evaluation, is true; every other
// operation of the resource is false.
TEST_F(SearchTest, ActionResultsAgreeWithEvaluation) {
  json question = ActionSearch("bob@example.com");
  json results = Body(Post("action", question))["results"];
  for (const char* name : {"get", "list", "search", "send", "trash", "delete"}) {
    json evaluation = question;
    evaluation["action"] = {{"name", name}};
    HttpAnswer answer = gateway_->Request("POST", "/access/v1/evaluation", evaluation.dump());
    bool allowed = Body(answer)["decision"] == true;
    bool found = std::find(results.begin(), results.end(), json{{"name", name}}) != results.end();
    EXPECT_EQ(allowed, found) << name << ": " << answer.body;
  }
}

TEST_F(SearchTest, ActionSearchPages) {
  json question = ActionSearch("bob@example.com");
  question["page"] = {{"limit", 1}};
  json first = Body(Post("action", question));
  EXPECT_EQ(first["results"], json::parse(R"([{"name":"get"}])"));
  EXPECT_EQ(first["page"]["count"], 1);
  EXPECT_FALSE(first["page"].contains("total"));  // unknown until every candidate is seen
  std::string token = first["page"]["next_token"];
  ASSERT_FALSE(token.empty());
  question["page"]["token"] = token;
  json second = Body(Post("action", question));
  EXPECT_EQ(second["results"], json::parse(R"([{"name":"send"}])"));
  EXPECT_EQ(second["page"]["next_token"], "");
  // The same question with another limit, or about another message, is not
  // what the token continues.
  json other_limit = question;
  other_limit["page"]["limit"] = 2;
  HttpAnswer changed = Post("action", other_limit);
  EXPECT_EQ(changed.status, 400);
  EXPECT_NE(changed.body.find("continues another request"), std::string::npos) << changed.body;
  json other_message = ActionSearch("eve@evil.test");
  other_message["page"] = question["page"];
  EXPECT_EQ(Post("action", other_message).status, 400);
  for (const char* forged : {"nonsense", "", "!!!", "djEuMS4xLjE="}) {
    question["page"]["token"] = forged;
    HttpAnswer answer = Post("action", question);
    EXPECT_EQ(answer.status, 400) << forged;
    EXPECT_NE(answer.body.find("not a token this gateway made"), std::string::npos) << answer.body;
  }
  // Well formed ("v1.1.1.1"), but not made for this question.
  question["page"]["token"] = "djEuMS4xLjE";
  EXPECT_EQ(Post("action", question).status, 400);
}

TEST_F(SearchTest, MalformedQuestionsAre400) {
  json good = ActionSearch("bob@example.com");
  auto without = [&](const json::json_pointer& pointer) {
    json body = good;
    body[pointer.parent_pointer()].erase(pointer.back());
    return Post("action", body);
  };
  EXPECT_EQ(without("/subject"_json_pointer).status, 400);
  EXPECT_EQ(without("/subject/id"_json_pointer).status, 400);
  EXPECT_EQ(without("/subject/type"_json_pointer).status, 400);
  EXPECT_EQ(without("/resource/type"_json_pointer).status, 400);
  HttpAnswer no_id = without("/resource/id"_json_pointer);
  EXPECT_EQ(no_id.status, 400);
  EXPECT_EQ(no_id.body, R"({"error":"resource.id must be a non-empty string"})");
  for (const char* page : {R"("all")", R"({"limit": 0})", R"({"limit": 1.5})", R"({"token": 7})"}) {
    json body = good;
    body["page"] = json::parse(page);
    EXPECT_EQ(Post("action", body).status, 400) << page;
  }
  json context = good;
  context["context"] = "now";
  EXPECT_EQ(Post("action", context).status, 400);
  // Subject and resource search need the action.
  EXPECT_EQ(Post("subject", {{"subject", {{"type", "agent"}}},
                             {"resource", {{"type", "messages"}, {"id", "m1"}}}})
                .status,
            400);
  EXPECT_EQ(gateway_->Request("POST", "/access/v1/search/action", "[1]").status, 400);
  EXPECT_EQ(gateway_->Request("POST", "/access/v1/search/action", "{not json").status, 400);
  EXPECT_EQ(gateway_
                ->Request("POST", "/access/v1/search/action", good.dump(),
                          {{"Content-Type", "text/plain"}})
                .status,
            415);
  for (const char* path : {"subject", "resource", "action"}) {
    HttpAnswer get = gateway_->Request("GET", std::string("/access/v1/search/") + path);
    EXPECT_EQ(get.status, 405) << path;
    EXPECT_EQ(get.headers["allow"], "POST");
  }
}

TEST_F(SearchTest, UnknownTypesAre400) {
  json resource = ActionSearch("bob@example.com");
  resource["resource"]["type"] = "faxes";
  HttpAnswer faxes = Post("action", resource);
  EXPECT_EQ(faxes.status, 400);
  EXPECT_NE(faxes.body.find("no schema of the bundle has a resource 'faxes'"), std::string::npos)
      << faxes.body;
  resource["resource"]["type"] = "gmail.faxes";
  EXPECT_EQ(Post("action", resource).status, 400);
  // Without authzen.json no subject or resource type is searchable.
  HttpAnswer subjects = Post("subject", {{"subject", {{"type", "agent"}}},
                                         {"action", {{"name", "send"}}},
                                         {"resource", {{"type", "messages"}, {"id", "m1"}}}});
  EXPECT_EQ(subjects.status, 400);
  EXPECT_NE(subjects.body.find("subject type 'agent' has no search configured"), std::string::npos)
      << subjects.body;
  HttpAnswer resources = Post("resource", {{"subject", {{"type", "agent"}, {"id", "mail-bot"}}},
                                           {"action", {{"name", "send"}}},
                                           {"resource", {{"type", "messages"}}}});
  EXPECT_EQ(resources.status, 400);
  EXPECT_NE(resources.body.find("resource type 'messages' has no search configured"),
            std::string::npos)
      << resources.body;
}

TEST_F(SearchTest, MetadataNamesTheSearchEndpoints) {
  json metadata = Body(gateway_->Request("GET", "/.well-known/authzen-configuration"));
  EXPECT_EQ(metadata["search_subject_endpoint"], "http://127.0.0.1/access/v1/search/subject");
  EXPECT_EQ(metadata["search_resource_endpoint"], "http://127.0.0.1/access/v1/search/resource");
  EXPECT_EQ(metadata["search_action_endpoint"], "http://127.0.0.1/access/v1/search/action");
}

TEST_F(SearchTest, RequestIdIsEchoed) {
  HttpAnswer answer =
      gateway_->Request("POST", "/access/v1/search/action", ActionSearch("bob@example.com").dump(),
                        {{"X-Request-ID", "search-1"}});
  EXPECT_EQ(answer.headers["x-request-id"], "search-1");
}

// A folder with a copy of the gmail example and an admin token, removed
// when the test ends.
struct Bundle {
  explicit Bundle(const std::string& name)
      : dir(std::filesystem::temp_directory_path() /
            ("intent-search-" + name + "-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::filesystem::copy(kGmail, dir / "gmail", std::filesystem::copy_options::recursive);
    std::ofstream(dir / "token") << "s3cret\n";
  }
  ~Bundle() { std::filesystem::remove_all(dir); }
  void Config(const std::string& text) const {
    std::ofstream(dir / "gmail" / "authzen.json") << text;
  }
  std::vector<std::string> Args() const {
    return {"--policy", (dir / "gmail").string(), "--admin-token-file", (dir / "token").string(),
            "--no-watch"};
  }
  HttpAnswer Reload(const GatewayProcess& gateway) const {
    return gateway.Request("POST", "/admin/reload", "", {{"Authorization", "Bearer s3cret"}});
  }
  std::filesystem::path dir;
};

TEST(SearchConfig, ABadFileStopsTheStartWithExitTwo) {
  Bundle bundle("bad");
  for (const char* text :
       {"{not json", R"({"serach": {}})", R"({"search": {"subject": []}})",
        R"({"search": {"subject": {"user": "users"}}})",
        R"({"search": {"subject": {"user": "a.b.c"}}})", R"({"search": {"action": {}}})"}) {
    bundle.Config(text);
    GatewayProcess gateway(bundle.Args());
    EXPECT_FALSE(gateway.started()) << text;
    EXPECT_EQ(gateway.Stop(), 2) << text;
    std::string err = gateway.Stderr();
    EXPECT_NE(err.find("authzen.json"), std::string::npos) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;  // one line
  }
}

// A configured type is searchable (here its document does not exist, so it
// finds nothing, with a warning at start); a reload with a bad file is
// refused whole, and the running configuration stays.
TEST(SearchConfig, ReloadKeepsTheRunningConfigWhenTheFileIsBad) {
  Bundle bundle("reload");
  bundle.Config(R"({"search": {"subject": {"agent": "gmail.agents"}}})");
  GatewayProcess gateway(bundle.Args());
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  EXPECT_NE(gateway.Stderr().find("search.subject.agent names gmail.agents"), std::string::npos)
      << gateway.Stderr();
  std::string question = R"({"subject": {"type": "agent"}, "action": {"name": "send"},
                             "resource": {"type": "messages", "id": "m1"}})";
  HttpAnswer found = gateway.Request("POST", "/access/v1/search/subject", question);
  EXPECT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(found.body, R"({"page":{"count":0,"next_token":"","total":0},"results":[]})");
  bundle.Config(R"({"search": {"subject": {"agent": 7}}})");
  HttpAnswer refused = bundle.Reload(gateway);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("search.subject.agent must name a data document"), std::string::npos)
      << refused.body;
  EXPECT_NE(refused.body.find(R"("generation":1)"), std::string::npos) << refused.body;
  EXPECT_EQ(gateway.Request("POST", "/access/v1/search/subject", question).status, 200);
  // A good file replaces it: the type is gone, so it is 400 now.
  bundle.Config(R"({"search": {"resource": {"messages": "gmail.messages"}}})");
  EXPECT_EQ(bundle.Reload(gateway).status, 200);
  EXPECT_EQ(gateway.Request("POST", "/access/v1/search/subject", question).status, 400);
  EXPECT_EQ(gateway.Stop(), 0);
}

// A token names the bundle generation it was made on; after a reload it is
// refused, saying so.
TEST(SearchConfig, TokensDoNotOutliveTheirBundle) {
  Bundle bundle("tokens");
  GatewayProcess gateway(bundle.Args());
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  json question = ActionSearch("bob@example.com");
  question["page"] = {{"limit", 1}};
  json first = Body(gateway.Request("POST", "/access/v1/search/action", question.dump()));
  question["page"]["token"] = first["page"]["next_token"];
  EXPECT_EQ(gateway.Request("POST", "/access/v1/search/action", question.dump()).status, 200);
  ASSERT_EQ(bundle.Reload(gateway).status, 200);
  HttpAnswer stale = gateway.Request("POST", "/access/v1/search/action", question.dump());
  EXPECT_EQ(stale.status, 400);
  EXPECT_NE(stale.body.find("belongs to bundle generation 1, and generation 2 is serving"),
            std::string::npos)
      << stale.body;
  EXPECT_EQ(gateway.Stop(), 0);
}

}  // namespace
}  // namespace intent::gateway_test
