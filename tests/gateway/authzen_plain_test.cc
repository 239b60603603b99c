// The AuthZEN evaluation endpoint reads the usual body with simdjson
// (tools/gateway/authzen_plain.h) and anything else with nlohmann: both
// readings must answer every body alike. In process, on the public
// Engine, over the interop fixtures and bodies built to sit on either side
// of "plain" (duplicate keys, floats, nulls, missing or mistyped members).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "intent/intent.hpp"
#include "tools/gateway/authzen.h"
#include "tools/gateway/authzen_plain.h"
#include "tools/gateway/metrics.h"

namespace intent::gateway {
namespace {

using json = nlohmann::json;

std::vector<std::string> Bodies() {
  std::vector<std::string> bodies;
  std::ifstream in(INTENT_SOURCE_DIR "/tests/gateway/testdata/interop/todo.json");
  json fixture = json::parse(in, nullptr, false);
  for (const json& item : fixture["evaluations"]) bodies.push_back(item["request"].dump());
  const std::string rick = "CiRmZDA2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs";
  const std::string morty = "CiRmZDE2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs";
  auto update = [&](const std::string& subject, const std::string& resource_rest) {
    return R"({"subject": {"type": "user", "id": ")" + subject +
           R"("}, "action": {"name": "can_update_todo"}, "resource": {"type": "todo")" +
           resource_rest + "}}";
  };
  for (const std::string& who : {rick, morty, std::string("nobody")}) {
    bodies.push_back(update(who, R"(, "properties": {"ownerID": "morty@the-citadel.com"})"));
    bodies.push_back(
        update(who, R"(, "id": "t1", "properties": {"ownerID": "rick@the-citadel.com"})"));
    bodies.push_back(update(who, R"(, "id": "t1")"));
    bodies.push_back(update(who, R"(, "id": 7, "properties": {})"));
    bodies.push_back(
        update(who, R"(, "properties": {"id": "x", "ownerID": "morty@the-citadel.com"})"));
    bodies.push_back(update(who, R"(, "properties": null)"));
    bodies.push_back(update(who, R"(, "properties": [1, 2])"));
    bodies.push_back(update(who, R"(, "properties": {"ownerID": "not an email"})"));
    bodies.push_back(update(who, R"(, "properties": {"ownerID": 12})"));
    bodies.push_back(update(who, R"(, "properties": {"ownerID": 1.5})"));
    bodies.push_back(
        update(who, R"(, "properties": {"ownerID": "a@b.c", "ownerID": "morty@the-citadel.com"})"));
    bodies.push_back(update(who, R"(, "properties": {"extra": {"deep": [1e3, {"k": true}]}})"));
    bodies.push_back(update(who, R"(, "properties": {"extra": "\u00e9\n\"q\""})"));
  }
  const std::string base = R"({"subject": {"type": "user", "id": ")" + morty + R"("}, )";
  bodies.push_back(
      base +
      R"("action": {"name": "can_read_todos"}, "resource": {"type": "todo"}, "context": null})");
  bodies.push_back(
      base +
      R"("action": {"name": "can_read_todos"}, "resource": {"type": "todo"}, "context": {"time": "2026-12-01T10:00:00Z"}})");
  bodies.push_back(
      base +
      R"("action": {"name": "can_read_todos"}, "resource": {"type": "todo"}, "context": {"time": 1.5}})");
  bodies.push_back(
      base +
      R"("action": {"name": "can_read_todos"}, "resource": {"type": "todo"}, "context": []})");
  bodies.push_back(base + R"("action": {"name": "can_read_todos"}, "resource": {"type": 5}})");
  bodies.push_back(base + R"("action": {"name": "can_read_todos"}, "resource": {}})");
  bodies.push_back(base + R"("action": {"name": ""}, "resource": {"type": "todo"}})");
  bodies.push_back(base + R"("action": {"name": "nope"}, "resource": {"type": "todo"}})");
  bodies.push_back(base +
                   R"("action": {"name": "todo.todo.can_read_todos"}, "resource": {"type": "x"}})");
  bodies.push_back(
      base +
      R"("action": {"name": "can_read_todos", "name": "can_create_todo"}, "resource": {"type": "todo"}})");
  bodies.push_back(
      R"({"subject": {"id": ""}, "action": {"name": "can_read_todos"}, "resource": {"type": "todo"}})");
  bodies.push_back(
      R"({"subject": "x", "action": {"name": "can_read_todos"}, "resource": {"type": "todo"}})");
  bodies.push_back(R"({"action": {"name": "can_read_todos"}, "resource": {"type": "todo"}})");
  bodies.push_back(R"([1, 2])");
  bodies.push_back(R"({"subject": {"id": "a"}})");
  bodies.push_back(
      R"({"subject": {"id": "a"}, "action": {"name": "can_read_todos"}, "resource": {"type": "todo"}} x)");
  bodies.push_back("not json");
  bodies.push_back("");
  bodies.push_back(
      "{\"subject\": {\"id\": \"\xff\"}, \"action\": {\"name\": \"can_read_todos\"}, \"resource\": "
      "{\"type\": \"todo\"}}");
  return bodies;
}

TEST(AuthZenPlainReading, AnswersEveryBodyAsTheGeneralReading) {
  LoadResult loaded = Engine::Load({INTENT_SOURCE_DIR "/examples/authzen-todo"});
  ASSERT_TRUE(loaded.engine) << loaded.diagnostics[0].text;
  Metrics metrics;
  AuthZen plain(*loaded.engine, metrics, /*plain_reading=*/true);
  AuthZen general(*loaded.engine, metrics, /*plain_reading=*/false);
  size_t compared = 0;
  size_t read_plainly = 0;
  for (const std::string& body : Bodies()) {
    read_plainly += ReadPlainEvaluation(body).has_value() ? 1 : 0;
    HttpRequest request;
    request.method = "POST";
    request.target = "/access/v1/evaluation";
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body;
    HttpResponse a = plain.Evaluation(request);
    HttpResponse b = general.Evaluation(request);
    EXPECT_EQ(a.status, b.status) << body;
    json left = json::parse(a.body, nullptr, false);
    json right = json::parse(b.body, nullptr, false);
    // The binder reports the first bad member in text order, and the
    // general reading reorders members: errors may name another member.
    if (left.is_object() && left.contains("context")) left["context"].erase("reason_admin");
    if (right.is_object() && right.contains("context")) right["context"].erase("reason_admin");
    EXPECT_EQ(left.dump(), right.dump()) << body;
    ++compared;
  }
  EXPECT_GT(compared, 70u);
  // Both sides of "plain" were exercised.
  EXPECT_GT(read_plainly, 40u);
  EXPECT_LT(read_plainly, compared - 15);
}

}  // namespace
}  // namespace intent::gateway
