// The AuthZEN interop scenarios (../shared/authzen, described in
// examples/README.md) against the real gateway serving each example bundle:
// every evaluation, batch and search of testdata/interop/*.json, whose
// expected answers come from a model of the scenarios written apart from
// the policies. Answers are compared as the interop harness compares them:
// `decision` alone for evaluations, the `evaluations` array exactly for
// batches, the sorted `results` exactly for searches.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/gateway/beast_client.h"
#include "tests/gateway/gateway_process.h"

namespace intent::gateway_test {
namespace {

using json = nlohmann::json;

json ReadFixture(const std::string& name) {
  std::ifstream in(std::string(INTENT_SOURCE_DIR) + "/tests/gateway/testdata/interop/" + name);
  return json::parse(in, nullptr, false);
}

json SortedResults(json results) {
  std::sort(results.begin(), results.end(),
            [](const json& a, const json& b) { return a.dump() < b.dump(); });
  return results;
}

class InteropTest : public testing::TestWithParam<std::string> {};

TEST_P(InteropTest, AnswersEveryScenarioRequest) {
  json fixture = ReadFixture(GetParam());
  ASSERT_TRUE(fixture.is_object()) << GetParam();
  GatewayProcess gateway(
      {"--policy", std::string(INTENT_SOURCE_DIR) + "/" + fixture["bundle"].get<std::string>()});
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  BeastClient client(gateway.port());
  size_t checked = 0;
  for (const json& item : fixture["evaluations"]) {
    HttpAnswer answer = client.Post("/access/v1/evaluation", item["request"].dump());
    ASSERT_EQ(answer.status, 200) << item["request"].dump();
    json body = json::parse(answer.body, nullptr, false);
    EXPECT_EQ(body.value("decision", false), item["decision"].get<bool>())
        << item["request"].dump() << " -> " << answer.body;
    ++checked;
  }
  for (const json& batch : fixture["batches"]) {
    HttpAnswer answer = client.Post("/access/v1/evaluations", batch["request"].dump());
    ASSERT_EQ(answer.status, 200) << batch["request"].dump();
    json body = json::parse(answer.body, nullptr, false);
    // Compared as text, as the harness does: exactly {"decision": bool} each.
    EXPECT_EQ(body["evaluations"].dump(), batch["evaluations"].dump()) << answer.body;
    ++checked;
  }
  for (const json& search : fixture.value("searches", json::array())) {
    std::string target = "/access/v1/search/" + search["endpoint"].get<std::string>();
    HttpAnswer answer = client.Post(target, search["request"].dump());
    ASSERT_EQ(answer.status, 200) << search["request"].dump() << " -> " << answer.body;
    json body = json::parse(answer.body, nullptr, false);
    EXPECT_EQ(SortedResults(body["results"]).dump(), search["results"].dump())
        << target << " " << search["request"].dump();
    // Every result fed back to evaluation is true (the spec's rule).
    for (const json& result : body["results"]) {
      json evaluation = search["request"];
      if (search["endpoint"] == "subject") evaluation["subject"] = result;
      if (search["endpoint"] == "resource") evaluation["resource"] = result;
      if (search["endpoint"] == "action") evaluation["action"] = result;
      HttpAnswer check = client.Post("/access/v1/evaluation", evaluation.dump());
      EXPECT_EQ(json::parse(check.body, nullptr, false).value("decision", false), true)
          << evaluation.dump();
    }
    ++checked;
  }
  EXPECT_GT(checked, 30u);
  // Keep-alive held: one connection carried every request.
  EXPECT_EQ(client.connections(), 1);
  // A stop right after the last answer, the connection still open: the
  // gateway closes it at once (it used to wait out the 5 s drain, then
  // crash destroying the session) and exits 0.
  auto stopping = std::chrono::steady_clock::now();
  int status = gateway.Stop();
  EXPECT_EQ(status, 0) << gateway.Stderr();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(3));
}

INSTANTIATE_TEST_SUITE_P(Scenarios, InteropTest,
                         testing::Values("todo.json", "gateway.json", "search.json"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param.substr(0, info.param.find('.'));
                         });

}  // namespace
}  // namespace intent::gateway_test
