// intent-gateway serve, end to end: the real binary on a free loopback
// port, spoken to over HTTP (docs/gateway.md).
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/gateway/gateway_process.h"

namespace intent::gateway_test {
namespace {

const std::string kGmail = INTENT_SOURCE_DIR "/examples/gmail";

// What arrives on `fd` until `marker` does (empty: until the server closes
// the connection), for at most 5 seconds.
std::string ReadUntil(int fd, const std::string& marker) {
  std::string got;
  char buffer[4096];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((marker.empty() || got.find(marker) == std::string::npos) &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    got.append(buffer, static_cast<size_t>(n));
  }
  return got;
}

std::string Send(const std::string& to) {
  return R"({"principal": "mail-bot", "operation": "gmail.messages.send", "input": {"message": {"id": "m1", "sender": "me@example.com", "to": [")" +
         to +
         R"("], "unread": false, "received": "2026-11-28T08:00:00Z", "labels": [], "size": 1}}, "context": {"time": "2026-11-28T10:00:00Z"}})";
}

class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gateway_ = new GatewayProcess({"--policy", kGmail, "--threads", "2"});
  }
  static void TearDownTestSuite() {
    delete gateway_;
    gateway_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(gateway_->started()) << gateway_->Stderr(); }
  static GatewayProcess* gateway_;
};
GatewayProcess* ServeTest::gateway_ = nullptr;

TEST_F(ServeTest, HealthAndReadiness) {
  HttpAnswer health = gateway_->Request("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  HttpAnswer ready = gateway_->Request("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_NE(ready.body.find(R"("generation":1)"), std::string::npos) << ready.body;
}

TEST_F(ServeTest, DecidesAllowAskAndDeny) {
  HttpAnswer inside = gateway_->Request("POST", "/v1/decide", Send("bob@example.com"));
  EXPECT_EQ(inside.status, 200);
  EXPECT_NE(inside.body.find(R"("decision":"allow")"), std::string::npos) << inside.body;
  HttpAnswer outside = gateway_->Request("POST", "/v1/decide", Send("eve@evil.test"));
  EXPECT_EQ(outside.status, 200);
  EXPECT_TRUE(outside.body.starts_with(
      R"({"decision":"ask","rules":["assistant.intent:20"],"reasons":["this message leaves the company"],"errors":[],"approval":{"id":")"))
      << outside.body;
  EXPECT_NE(outside.body.find(R"("state":"pending")"), std::string::npos) << outside.body;
  HttpAnswer invalid = gateway_->Request("POST", "/v1/decide", R"({"principal": "mail-bot"})");
  EXPECT_EQ(invalid.status, 200);  // a request Intent can judge: denied, saying why
  EXPECT_NE(invalid.body.find(R"("decision":"deny")"), std::string::npos) << invalid.body;
  EXPECT_NE(invalid.body.find("operation"), std::string::npos) << invalid.body;
}

TEST_F(ServeTest, ExplainAndJsonLines) {
  HttpAnswer explained =
      gateway_->Request("POST", "/v1/decide?explain=true", Send("eve@evil.test"));
  EXPECT_NE(explained.body.find(R"("explain":)"), std::string::npos) << explained.body;
  HttpAnswer lines = gateway_->Request(
      "POST", "/v1/decide", Send("bob@example.com") + "\n" + Send("eve@evil.test") + "\n",
      {{"Content-Type", "application/x-ndjson"}});
  EXPECT_EQ(lines.status, 200);
  EXPECT_EQ(lines.headers["content-type"], "application/x-ndjson");
  size_t first = lines.body.find(R"("decision":"allow")");
  size_t second = lines.body.find(R"("decision":"ask")");
  EXPECT_NE(first, std::string::npos);
  EXPECT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
}

TEST_F(ServeTest, RequestIdIsEchoed) {
  HttpAnswer answer = gateway_->Request("GET", "/healthz", "", {{"X-Request-ID", "req-42"}});
  EXPECT_EQ(answer.headers["x-request-id"], "req-42");
}

TEST_F(ServeTest, WrongPathsMethodsAndMediaTypes) {
  EXPECT_EQ(gateway_->Request("GET", "/nowhere").status, 404);
  HttpAnswer method = gateway_->Request("GET", "/v1/decide");
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.headers["allow"], "POST");
  EXPECT_EQ(gateway_->Request("POST", "/healthz", "{}").status, 405);
  EXPECT_EQ(gateway_->Request("POST", "/v1/decide", Send("a@b.c"), {{"Content-Type", "text/plain"}})
                .status,
            415);
  EXPECT_EQ(gateway_
                ->Request("POST", "/v1/decide", Send("bob@example.com"),
                          {{"Content-Type", "application/json; charset=utf-8"}})
                .status,
            200);
}

TEST_F(ServeTest, BadHttp) {
  EXPECT_EQ(gateway_->Raw("this is not http\r\n\r\n").status, 400);
  EXPECT_EQ(
      gateway_
          ->Raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello")
          .status,
      400);
  std::string big_header =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20'000, 'a') + "\r\n\r\n";
  EXPECT_EQ(gateway_->Raw(big_header).status, 431);
  std::string big_body =
      "POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 2000000\r\n\r\n" +
      std::string(2'000'000, ' ');
  EXPECT_EQ(gateway_->Raw(big_body).status, 413);
  // Chunked bodies are HTTP/1.1: decided like any other.
  std::string body = Send("bob@example.com");
  char size[16];
  snprintf(size, sizeof size, "%zx", body.size());
  HttpAnswer chunked = gateway_->Raw(
      "POST /v1/decide HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
      "application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n" +
      std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.status, 200);
  EXPECT_NE(chunked.body.find(R"("decision":"allow")"), std::string::npos) << chunked.body;
  // A path that is not UTF-8 is named in the 404, not a 500 (found by fuzz_http).
  HttpAnswer bytes =
      gateway_->Raw("GET /v1/deci\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(bytes.status, 404) << bytes.body;
  // The server still serves.
  EXPECT_EQ(gateway_->Request("GET", "/healthz").status, 200);
}

TEST_F(ServeTest, KeepAlive) {
  int fd = gateway_->Connect();
  ASSERT_GE(fd, 0);
  std::string two =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(send(fd, two.data(), two.size(), MSG_NOSIGNAL), static_cast<ssize_t>(two.size()));
  std::string got = ReadUntil(fd, "\"status\":\"ready\"");
  close(fd);
  EXPECT_NE(got.find(R"({"status":"ok"})"), std::string::npos) << got;
  EXPECT_NE(got.find(R"("status":"ready")"), std::string::npos) << got;
}

// AuthZEN 1.0 (docs/gateway.md, "AuthZEN") on the gmail example.
std::string Message(const std::string& to, bool unread) {
  return R"({"id": "m1", "sender": "me@example.com", "to": [")" + to + R"("], "unread": )" +
         (unread ? "true" : "false") +
         R"(, "received": "2026-11-28T08:00:00Z", "labels": [], "size": 1})";
}

std::string Evaluation(const std::string& action, const std::string& resource_type,
                       const std::string& message) {
  return R"({"subject": {"type": "agent", "id": "mail-bot"}, "action": {"name": ")" + action +
         R"("}, "resource": {"type": ")" + resource_type +
         R"(", "id": "m1", "properties": {"message": )" + message +
         R"(}}, "context": {"time": "2026-11-28T10:00:00Z"}})";
}

TEST_F(ServeTest, AuthZenEvaluation) {
  HttpAnswer allowed =
      gateway_->Request("POST", "/access/v1/evaluation",
                        Evaluation("send", "messages", Message("bob@example.com", false)));
  EXPECT_EQ(allowed.status, 200);
  EXPECT_NE(allowed.body.find(R"("decision":true)"), std::string::npos) << allowed.body;
  // ask is false, and the context says it was an ask, and why.
  HttpAnswer asked =
      gateway_->Request("POST", "/access/v1/evaluation",
                        Evaluation("send", "gmail.messages", Message("eve@evil.test", false)));
  EXPECT_NE(asked.body.find(R"("decision":false)"), std::string::npos) << asked.body;
  EXPECT_NE(asked.body.find(R"("effect":"ask")"), std::string::npos) << asked.body;
  EXPECT_NE(asked.body.find("this message leaves the company"), std::string::npos) << asked.body;
  // A full operation id as the action.
  HttpAnswer full = gateway_->Request(
      "POST", "/access/v1/evaluation",
      Evaluation("gmail.messages.delete", "anything", Message("bob@example.com", false)));
  EXPECT_NE(full.body.find(R"("decision":false)"), std::string::npos) << full.body;
  EXPECT_NE(full.body.find("no-delete"), std::string::npos) << full.body;
  // What cannot be mapped is false, saying why; never a 5xx.
  HttpAnswer unknown =
      gateway_->Request("POST", "/access/v1/evaluation",
                        Evaluation("send", "faxes", Message("b@example.com", false)));
  EXPECT_EQ(unknown.status, 200);
  EXPECT_NE(unknown.body.find(R"("decision":false)"), std::string::npos) << unknown.body;
  EXPECT_NE(unknown.body.find("no schema of the bundle has a resource 'faxes'"), std::string::npos)
      << unknown.body;
  HttpAnswer partial =
      gateway_->Request("POST", "/access/v1/evaluation", R"({"subject": {"id": "mail-bot"}})");
  EXPECT_NE(partial.body.find(R"("decision":false)"), std::string::npos) << partial.body;
  EXPECT_EQ(gateway_->Request("POST", "/access/v1/evaluation", "{not json").status, 400);
  EXPECT_EQ(gateway_->Request("POST", "/access/v1/evaluation", "[1]").status, 400);
  EXPECT_EQ(
      gateway_->Request("POST", "/access/v1/evaluation", "{}", {{"Content-Type", "text/plain"}})
          .status,
      415);
  EXPECT_EQ(gateway_->Request("GET", "/access/v1/evaluation").status, 405);
}

TEST_F(ServeTest, AuthZenEvaluations) {
  // Defaults at the top; items override them; answers exactly {"decision": bool}.
  std::string batch = R"({"subject": {"type": "agent", "id": "mail-bot"},
    "resource": {"type": "messages", "properties": {"message": )" +
                      Message("bob@example.com", true) + R"(}},
    "context": {"time": "2026-11-28T10:00:00Z"},
    "evaluations": [
      {"action": {"name": "get"}},
      {"action": {"name": "delete"}},
      {"action": {"name": "send"}, "resource": {"type": "messages", "properties": {"message": )" +
                      Message("eve@evil.test", false) + R"(}}},
      {"action": {"name": "send"}}]})";
  HttpAnswer all = gateway_->Request("POST", "/access/v1/evaluations", batch);
  EXPECT_EQ(all.status, 200);
  EXPECT_EQ(
      all.body,
      R"({"evaluations":[{"decision":true},{"decision":false},{"decision":false},{"decision":true}]})");
  auto with_options = [&](const std::string& options) {
    std::string body = batch;
    body.insert(body.rfind('}'), R"(, "options": )" + options);
    return gateway_->Request("POST", "/access/v1/evaluations", body);
  };
  EXPECT_EQ(with_options(R"({"evaluations_semantic": "deny_on_first_deny"})").body,
            R"({"evaluations":[{"decision":true},{"decision":false}]})");
  EXPECT_EQ(with_options(R"({"evaluations_semantic": "permit_on_first_permit"})").body,
            R"({"evaluations":[{"decision":true}]})");
  EXPECT_EQ(with_options(R"({"evaluations_semantic": "execute_all"})").body, all.body);
  HttpAnswer context = with_options(R"({"with_context": true})");
  EXPECT_NE(context.body.find(R"("effect":"ask")"), std::string::npos) << context.body;
  EXPECT_EQ(with_options(R"({"evaluations_semantic": "sometimes"})").status, 400);
  // Without items it is one evaluation.
  HttpAnswer single =
      gateway_->Request("POST", "/access/v1/evaluations",
                        Evaluation("send", "messages", Message("bob@example.com", false)));
  EXPECT_NE(single.body.find(R"("decision":true)"), std::string::npos) << single.body;
}

TEST_F(ServeTest, AuthZenConfiguration) {
  HttpAnswer metadata = gateway_->Request("GET", "/.well-known/authzen-configuration");
  EXPECT_EQ(metadata.status, 200);
  EXPECT_NE(
      metadata.body.find(R"("access_evaluation_endpoint":"http://127.0.0.1/access/v1/evaluation")"),
      std::string::npos)
      << metadata.body;
}

TEST_F(ServeTest, Metrics) {
  gateway_->Request("POST", "/v1/decide", Send("eve@evil.test"));
  HttpAnswer metrics = gateway_->Request("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(metrics.body.find("# TYPE intent_decisions_total counter"), std::string::npos);
  EXPECT_EQ(metrics.body.find(R"(intent_decisions_total{endpoint="decide",effect="ask"} 0)"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("intent_decision_duration_seconds_bucket{le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(metrics.body.find(R"(intent_http_responses_total{code="200"})"), std::string::npos);
  EXPECT_NE(metrics.body.find("intent_bundle_generation 1"), std::string::npos);
  // Without an admin token configured, reloading over HTTP is off.
  EXPECT_EQ(gateway_->Request("POST", "/admin/reload").status, 403);
}

// A writable copy of the gmail example in a temporary folder (dir/gmail),
// removed when the test ends, failed or not.
struct GmailCopy {
  explicit GmailCopy(const std::string& name)
      : dir(std::filesystem::temp_directory_path() /
            ("intent-gateway-" + name + "-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::filesystem::copy(INTENT_SOURCE_DIR "/examples/gmail", dir / "gmail",
                          std::filesystem::copy_options::recursive);
  }
  ~GmailCopy() { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
};

// POST /admin/reload with the admin token: a good bundle replaces the
// running one; a bad one is refused with its diagnostics, and the running
// bundle keeps deciding.
TEST(ServeAdmin, ReloadWithTheAdminToken) {
  GmailCopy copy("admin");
  const std::filesystem::path& dir = copy.dir;
  std::ofstream(dir / "token") << "s3cret\n";
  GatewayProcess gateway({"--policy", (dir / "gmail").string(), "--admin-token-file",
                          (dir / "token").string(),
                          "--no-watch"});  // the reloads counted are the admin's alone
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  EXPECT_EQ(gateway.Request("POST", "/admin/reload").status, 401);
  EXPECT_EQ(
      gateway.Request("POST", "/admin/reload", "", {{"Authorization", "Bearer s3cre"}}).status,
      401);
  HttpAnswer ok =
      gateway.Request("POST", "/admin/reload", "", {{"Authorization", "Bearer s3cret"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"generation":2,"reloaded":true})");
  std::ofstream(dir / "gmail" / "broken.intent")
      << "policy \"x\" for gmail\nallow fly on messages\n";
  HttpAnswer bad =
      gateway.Request("POST", "/admin/reload", "", {{"Authorization", "Bearer s3cret"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("E0302"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find(R"("generation":2)"), std::string::npos) << bad.body;
  HttpAnswer still = gateway.Request("POST", "/v1/decide", Send("eve@evil.test"));
  EXPECT_NE(still.body.find(R"("decision":"ask")"), std::string::npos) << still.body;
  HttpAnswer metrics = gateway.Request("GET", "/metrics");
  EXPECT_NE(metrics.body.find(R"(intent_reloads_total{result="ok"} 1)"), std::string::npos);
  EXPECT_NE(metrics.body.find(R"(intent_reloads_total{result="failed"} 1)"), std::string::npos);
  EXPECT_EQ(gateway.Stop(), 0);
}

// A bundle with warnings only is reloaded: a success (200, counted ok),
// not a refusal, though the warnings are shown.
TEST(ServeAdmin, ReloadWithWarningsOnlySucceeds) {
  GmailCopy copy("warnings");
  const std::filesystem::path& dir = copy.dir;
  std::ofstream(dir / "token") << "s3cret\n";
  GatewayProcess gateway({"--policy", (dir / "gmail").string(), "--admin-token-file",
                          (dir / "token").string(), "--no-watch"});
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  std::ofstream(dir / "gmail" / "unused.intent")
      << "policy \"unused\" for gmail\nlet unused = 1\nforbid delete on messages\n";
  HttpAnswer ok =
      gateway.Request("POST", "/admin/reload", "", {{"Authorization", "Bearer s3cret"}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.body, R"({"generation":2,"reloaded":true})");
  EXPECT_NE(gateway.Stderr().find("W0001"), std::string::npos) << gateway.Stderr();
  EXPECT_NE(gateway.Request("GET", "/metrics").body.find(R"(intent_reloads_total{result="ok"} 1)"),
            std::string::npos);
  EXPECT_EQ(gateway.Stop(), 0);
}

// Editing a policy file reloads the bundle; a broken edit keeps the
// running bundle, and is counted as a failed reload.
TEST(ServeAdmin, ReloadsWhenAPolicyFileChanges) {
  GmailCopy copy("watch");
  const std::filesystem::path& dir = copy.dir;
  GatewayProcess gateway({"--policy", (dir / "gmail").string()});
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  auto generation_is = [&](const std::string& n) {
    for (int i = 0; i < 100; ++i) {  // up to 5 s
      if (gateway.Request("GET", "/readyz").body.find("\"generation\":" + n) != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  EXPECT_NE(gateway.Request("POST", "/v1/decide", Send("bob@example.com")).body.find("allow"),
            std::string::npos);
  std::ofstream(dir / "gmail" / "stop.intent")
      << "policy \"stop\" for gmail\n@id(\"no-send\")\nforbid send on messages\n";
  ASSERT_TRUE(generation_is("2")) << gateway.Stderr();
  HttpAnswer denied = gateway.Request("POST", "/v1/decide", Send("bob@example.com"));
  EXPECT_NE(denied.body.find(R"("rules":["no-send"])"), std::string::npos) << denied.body;
  std::ofstream(dir / "gmail" / "stop.intent") << "policy \"stop\" for gmail\nforbid fly\n";
  for (int i = 0; i < 100; ++i) {
    if (gateway.Request("GET", "/metrics")
            .body.find(R"(intent_reloads_total{result="failed"} 1)") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_NE(
      gateway.Request("GET", "/metrics").body.find(R"(intent_reloads_total{result="failed"} 1)"),
      std::string::npos);
  EXPECT_TRUE(generation_is("2"));  // the running bundle stays
  EXPECT_NE(gateway.Request("POST", "/v1/decide", Send("bob@example.com")).body.find("no-send"),
            std::string::npos);
  EXPECT_EQ(gateway.Stop(), 0);
}

// A client that starts a request and stalls loses its connection after
// --request-timeout with 408; other clients are served meanwhile.
TEST(ServeLimits, SlowClientTimesOut) {
  GatewayProcess gateway({"--policy", kGmail, "--threads", "1", "--request-timeout", "0.5"});
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  int fd = gateway.Connect();
  ASSERT_GE(fd, 0);
  std::string start = "POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{";
  ASSERT_GT(send(fd, start.data(), start.size(), MSG_NOSIGNAL), 0);
  EXPECT_EQ(gateway.Request("GET", "/healthz").status, 200);  // not blocked by the slow one
  std::string got = ReadUntil(fd, "");                        // until the server closes
  close(fd);
  EXPECT_EQ(ParseResponse(got).status, 408) << got;
}

// Past --max-connections, a new connection is answered 503 and closed;
// the ones already open keep being served.
TEST(ServeLimits, ConnectionLimit) {
  GatewayProcess gateway({"--policy", kGmail, "--max-connections", "2"});
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  int first = gateway.Connect();
  int second = gateway.Connect();
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(gateway.Request("GET", "/healthz").status, 503);
  close(first);
  close(second);
  // Once they are gone, new connections are served again.
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = gateway.Request("GET", "/healthz").status;
  }
  EXPECT_EQ(status, 200);
}

TEST(ServeLifecycle, StopsCleanlyOnSigterm) {
  GatewayProcess gateway({"--policy", kGmail});
  ASSERT_TRUE(gateway.started()) << gateway.Stderr();
  int idle = gateway.Connect();  // an idle keep-alive connection must not hold the stop
  EXPECT_EQ(gateway.Request("GET", "/healthz").status, 200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(gateway.Stop(), 0) << gateway.Stderr();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  if (idle >= 0) close(idle);
}

TEST(ServeLifecycle, RefusesABundleWithErrors) {
  GatewayProcess gateway(
      {"--policy", INTENT_SOURCE_DIR "/tests/golden/three_independent_errors.intent"});
  EXPECT_FALSE(gateway.started());
  EXPECT_EQ(gateway.Stop(), 1);
  EXPECT_NE(gateway.Stderr().find("error["), std::string::npos) << gateway.Stderr();
}

TEST(ServeLifecycle, PortInUseIsExitTwo) {
  GatewayProcess first({"--policy", kGmail});
  ASSERT_TRUE(first.started());
  GatewayProcess second(
      {"--policy", kGmail, "--listen", "127.0.0.1:" + std::to_string(first.port())});
  EXPECT_FALSE(second.started());
  EXPECT_EQ(second.Stop(), 2);
  EXPECT_NE(second.Stderr().find("cannot listen"), std::string::npos) << second.Stderr();
}

}  // namespace
}  // namespace intent::gateway_test
