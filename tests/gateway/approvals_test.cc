// Approvals through intent-gateway serve (docs/approvals.md), end to end:
// the real binary on loopback; an ask over /v1/decide and AuthZEN, the
// approvals endpoints (list, show, long poll, approve, deny), the retry
// allowed once, the `approvals` subcommand, the signed webhook (checked by
// a local receiver; one that is down or slow never delays a decision) and
// the metrics.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/gateway/gateway_process.h"

namespace intent::gateway_test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const std::string kGmail = INTENT_SOURCE_DIR "/examples/gmail";
constexpr const char* kToken = "admin-token-for-tests";
constexpr const char* kSecret = "webhook-secret-for-tests";

std::string Send(const std::string& to, const std::string& approval = "") {
  json request = {{"principal", "mail-bot"},
                  {"operation", "gmail.messages.send"},
                  {"input",
                   {{"message",
                     {{"id", "m1"},
                      {"sender", "me@example.com"},
                      {"to", {to}},
                      {"unread", false},
                      {"received", "2026-11-28T08:00:00Z"},
                      {"labels", json::array()},
                      {"size", 1}}}}},
                  {"context", {{"time", "2026-11-28T10:00:00Z"}}}};
  if (!approval.empty()) request["context"]["approval"] = approval;
  return request.dump();
}

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};
std::map<std::string, std::string> Admin() {
  return {{"Content-Type", "application/json"}, {"Authorization", std::string("Bearer ") + kToken}};
}

std::string Hmac(const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), kSecret, static_cast<int>(std::strlen(kSecret)),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &size);
  std::string hex;
  char digit[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(digit, sizeof digit, "%02x", mac[i]);
    hex += digit;
  }
  return "sha256=" + hex;
}

// A webhook receiver on a loopback port: records each request (headers
// and body) and answers 200, after `delay`.
class Receiver {
 public:
  explicit Receiver(std::chrono::milliseconds delay = {}) : delay_(delay) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 || listen(fd_, 16) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~Receiver() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    close(fd_);
  }
  uint16_t port() const { return port_; }
  std::vector<HttpAnswer> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // Waits (at most `timeout`) until `count` requests arrived.
  bool WaitFor(size_t count, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (requests().size() >= count) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      int client = accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      std::string got;
      char buffer[4096];
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (std::chrono::steady_clock::now() < deadline) {
        size_t end = got.find("\r\n\r\n");
        if (end != std::string::npos) {
          HttpAnswer head = ParseResponse("HTTP/1.1 200 OK\r\n" + got.substr(got.find("\r\n") + 2));
          size_t length =
              head.headers.count("content-length") ? std::stoul(head.headers["content-length"]) : 0;
          if (got.size() >= end + 4 + length) break;
        }
        pollfd c{client, POLLIN, 0};
        if (poll(&c, 1, 100) <= 0) continue;
        ssize_t n = read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        got.append(buffer, static_cast<size_t>(n));
      }
      std::this_thread::sleep_for(delay_);
      const char kOk[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      (void)!write(client, kOk, sizeof kOk - 1);
      close(client);
      size_t line_end = got.find("\r\n");
      if (line_end == std::string::npos) continue;
      HttpAnswer request = ParseResponse("HTTP/1.1 200 OK\r\n" + got.substr(line_end + 2));
      std::lock_guard lock(mutex_);
      requests_.push_back(std::move(request));
    }
  }

  std::chrono::milliseconds delay_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<HttpAnswer> requests_;
};

// A loopback port nothing listens on.
uint16_t ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

class ApprovalsGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("intent-approvals-gw-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "token") << kToken << "\n";
    std::ofstream(dir_ / "secret") << kSecret << "\n";
  }
  void TearDown() override {
    gateway_.reset();
    fs::remove_all(dir_);
  }
  void Start(uint16_t webhook_port, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {
        "--policy", kGmail, "--threads", "2", "--admin-token-file", (dir_ / "token").string()};
    if (webhook_port != 0) {
      args.insert(args.end(),
                  {"--webhook", "http://127.0.0.1:" + std::to_string(webhook_port) + "/hook",
                   "--webhook-secret-file", (dir_ / "secret").string()});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    gateway_ = std::make_unique<GatewayProcess>(args);
    ASSERT_TRUE(gateway_->started()) << gateway_->Stderr();
  }
  // An ask over /v1/decide: its approval's id.
  std::string Ask() {
    HttpAnswer answer = gateway_->Request("POST", "/v1/decide", Send("eve@evil.test"), kJson);
    json decision = json::parse(answer.body, nullptr, false);
    EXPECT_EQ(decision.value("decision", ""), "ask") << answer.body;
    return decision.contains("approval") ? decision["approval"].value("id", "") : "";
  }
  // Runs `intent-gateway approvals ARGS`: exit status and stdout+stderr.
  std::pair<int, std::string> Cli(const std::string& args) {
    std::string command = std::string(INTENT_GATEWAY_BINARY) + " approvals " + args +
                          " --gateway http://127.0.0.1:" + std::to_string(gateway_->port()) +
                          " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    char buffer[4096];
    while (pipe != nullptr && fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    int status = pipe != nullptr ? pclose(pipe) : -1;
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
  }

  fs::path dir_;
  std::unique_ptr<GatewayProcess> gateway_;
};

TEST_F(ApprovalsGatewayTest, AnApprovedCallIsAllowedOnceThroughTheApi) {
  Start(0);
  std::string id = Ask();
  ASSERT_EQ(id.size(), 32u);

  HttpAnswer shown = gateway_->Request("GET", "/v1/approvals/" + id);
  EXPECT_EQ(shown.status, 200);
  json approval = json::parse(shown.body, nullptr, false);
  EXPECT_EQ(approval.value("state", ""), "pending") << shown.body;
  EXPECT_EQ(approval.value("principal", ""), "mail-bot");
  EXPECT_EQ(approval["input"]["message"]["to"][0], "eve@evil.test");
  EXPECT_EQ(gateway_->Request("GET", "/v1/approvals/ffff").status, 404);

  // Listing and deciding need the admin token.
  EXPECT_EQ(gateway_->Request("GET", "/v1/approvals").status, 401);
  HttpAnswer listed = gateway_->Request("GET", "/v1/approvals", "", Admin());
  EXPECT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find(id), std::string::npos) << listed.body;
  std::string approve = R"({"verdict": "approve", "by": "alice"})";
  EXPECT_EQ(gateway_->Request("POST", "/v1/approvals/" + id, approve, kJson).status, 401);
  EXPECT_EQ(
      gateway_->Request("POST", "/v1/approvals/" + id, R"({"verdict": "maybe"})", Admin()).status,
      400);

  // Still pending: the retry is denied, saying so.
  HttpAnswer early = gateway_->Request("POST", "/v1/decide", Send("eve@evil.test", id), kJson);
  EXPECT_NE(early.body.find(R"("decision":"deny")"), std::string::npos) << early.body;
  EXPECT_NE(early.body.find("still pending"), std::string::npos) << early.body;

  HttpAnswer approved = gateway_->Request("POST", "/v1/approvals/" + id, approve, Admin());
  EXPECT_EQ(approved.status, 200) << approved.body;
  EXPECT_NE(approved.body.find(R"("decided_by":"alice")"), std::string::npos) << approved.body;
  HttpAnswer again = gateway_->Request("POST", "/v1/approvals/" + id,
                                       R"({"verdict": "deny", "by": "bob"})", Admin());
  EXPECT_EQ(again.status, 409) << again.body;

  // Another call with it: denied, and it stays usable for its own call.
  HttpAnswer other = gateway_->Request("POST", "/v1/decide", Send("mallory@evil.test", id), kJson);
  EXPECT_NE(other.body.find("is for another call"), std::string::npos) << other.body;
  HttpAnswer allowed = gateway_->Request("POST", "/v1/decide", Send("eve@evil.test", id), kJson);
  EXPECT_NE(allowed.body.find(R"("decision":"allow")"), std::string::npos) << allowed.body;
  EXPECT_NE(allowed.body.find(R"("state":"used")"), std::string::npos) << allowed.body;
  HttpAnswer twice = gateway_->Request("POST", "/v1/decide", Send("eve@evil.test", id), kJson);
  EXPECT_NE(twice.body.find("already used"), std::string::npos) << twice.body;

  HttpAnswer metrics = gateway_->Request("GET", "/metrics");
  EXPECT_NE(metrics.body.find(R"(intent_approval_transitions_total{state="pending"} 1)"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find(R"(intent_approval_transitions_total{state="used"} 1)"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("intent_approvals_pending 0"), std::string::npos);
}

TEST_F(ApprovalsGatewayTest, ALongPollAnswersWhenAPersonDecides) {
  Start(0);
  std::string id = Ask();
  ASSERT_FALSE(id.empty());
  auto started = std::chrono::steady_clock::now();
  HttpAnswer waited;
  std::thread waiter(
      [&] { waited = gateway_->Request("GET", "/v1/approvals/" + id + "?wait=20"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Other requests are served meanwhile: a waiting call holds no worker.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(gateway_->Request("GET", "/healthz").status, 200);
  HttpAnswer denied = gateway_->Request("POST", "/v1/approvals/" + id,
                                        R"({"verdict": "deny", "by": "carol"})", Admin());
  EXPECT_EQ(denied.status, 200);
  waiter.join();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(waited.status, 200);
  EXPECT_NE(waited.body.find(R"("state":"denied")"), std::string::npos) << waited.body;
  EXPECT_LT(seconds, 5.0);

  // A wait that ends first answers with the state as it is.
  std::string pending = Ask();
  started = std::chrono::steady_clock::now();
  HttpAnswer still = gateway_->Request("GET", "/v1/approvals/" + pending + "?wait=1");
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_NE(still.body.find(R"("state":"pending")"), std::string::npos) << still.body;
  EXPECT_GE(seconds, 0.9);
  EXPECT_EQ(gateway_->Request("GET", "/v1/approvals/" + pending + "?wait=x").status, 400);
}

TEST_F(ApprovalsGatewayTest, AuthZenCarriesTheApprovalAndTakesItBack) {
  Start(0);
  json evaluation = {{"subject", {{"type", "agent"}, {"id", "mail-bot"}}},
                     {"action", {{"name", "gmail.messages.send"}}},
                     {"resource",
                      {{"type", "messages"},
                       {"id", "m1"},
                       {"properties", json::parse(Send("eve@evil.test"))["input"]}}},
                     {"context", {{"time", "2026-11-28T10:00:00Z"}}}};
  HttpAnswer ask = gateway_->Request("POST", "/access/v1/evaluation", evaluation.dump(), kJson);
  json answer = json::parse(ask.body, nullptr, false);
  ASSERT_EQ(answer.value("decision", true), false) << ask.body;
  ASSERT_TRUE(answer["context"].contains("approval")) << ask.body;
  std::string id = answer["context"]["approval"].value("id", "");
  EXPECT_EQ(answer["context"]["approval"].value("state", ""), "pending");
  ASSERT_EQ(gateway_
                ->Request("POST", "/v1/approvals/" + id, R"({"verdict": "approve", "by": "alice"})",
                          Admin())
                .status,
            200);
  evaluation["context"]["approval"] = id;
  HttpAnswer allowed = gateway_->Request("POST", "/access/v1/evaluation", evaluation.dump(), kJson);
  EXPECT_NE(allowed.body.find(R"("decision":true)"), std::string::npos) << allowed.body;
  HttpAnswer twice = gateway_->Request("POST", "/access/v1/evaluation", evaluation.dump(), kJson);
  EXPECT_NE(twice.body.find(R"("decision":false)"), std::string::npos) << twice.body;
}

TEST_F(ApprovalsGatewayTest, TheTerminalListsApprovesAndDenies) {
  Start(0);
  std::string first = Ask();
  std::string second = Ask();
  std::string token = " --admin-token-file " + (dir_ / "token").string();
  auto [listed, list] = Cli("list" + token);
  EXPECT_EQ(listed, 0) << list;
  EXPECT_NE(list.find(first), std::string::npos) << list;
  EXPECT_NE(list.find("this message leaves the company"), std::string::npos) << list;
  EXPECT_NE(list.find("s left"), std::string::npos) << list;  // "14m 59s left"
  auto [approved, approve] = Cli("approve " + first + " --by carol" + token);
  EXPECT_EQ(approved, 0) << approve;
  EXPECT_NE(approve.find(first + " approved by carol"), std::string::npos) << approve;
  auto [denied, deny] = Cli("deny " + second + " --by carol" + token);
  EXPECT_EQ(denied, 0) << deny;
  auto [late, refused] = Cli("deny " + first + token);
  EXPECT_EQ(late, 1) << refused;
  EXPECT_NE(refused.find("no longer pending"), std::string::npos) << refused;
  auto [shown, show] = Cli("show " + first);
  EXPECT_EQ(shown, 0) << show;
  EXPECT_NE(show.find(R"("state": "approved")"), std::string::npos) << show;
  auto [untokened, missing] = Cli("list");
  EXPECT_EQ(untokened, 2) << missing;
  EXPECT_NE(gateway_->Request("POST", "/v1/decide", Send("eve@evil.test", first), kJson)
                .body.find(R"("decision":"allow")"),
            std::string::npos);
}

TEST_F(ApprovalsGatewayTest, TheWebhookPostsEachNewApprovalSigned) {
  Receiver receiver;
  ASSERT_NE(receiver.port(), 0);
  Start(receiver.port());
  std::string id = Ask();
  ASSERT_TRUE(receiver.WaitFor(1, std::chrono::seconds(5)));
  HttpAnswer hook = receiver.requests()[0];
  EXPECT_EQ(hook.headers["x-intent-signature-256"], Hmac(hook.body)) << hook.body;
  EXPECT_EQ(hook.headers["x-intent-event"], "approval.pending");
  json body = json::parse(hook.body, nullptr, false);
  EXPECT_EQ(body["approval"].value("id", ""), id) << hook.body;
  // Deciding is not a new approval: no second POST.
  gateway_->Request("POST", "/v1/approvals/" + id, R"({"verdict": "approve"})", Admin());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(receiver.requests().size(), 1u);
}

TEST_F(ApprovalsGatewayTest, AReceiverDownOrSlowNeverDelaysADecision) {
  for (bool slow : {false, true}) {
    std::unique_ptr<Receiver> receiver;
    uint16_t port = ClosedPort();
    if (slow) {
      receiver = std::make_unique<Receiver>(std::chrono::milliseconds(3000));
      port = receiver->port();
    }
    Start(port);
    double slowest = 0;
    for (int i = 0; i < 5; ++i) {
      auto started = std::chrono::steady_clock::now();
      EXPECT_FALSE(Ask().empty());
      slowest = std::max(
          slowest,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    EXPECT_LT(slowest, 0.5) << (slow ? "slow receiver" : "receiver down");
    EXPECT_EQ(gateway_->Stop(), 0) << gateway_->Stderr();
  }
}

}  // namespace
}  // namespace intent::gateway_test
