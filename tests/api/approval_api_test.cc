// Approvals through the public API (docs/approvals.md): an ask creates one
// for the exact call; a person approves or denies it; the same call,
// presenting it in context.approval, is allowed once, and counted. Every
// way a retry can be wrong is a deny that says why. Both engines.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "intent/intent.h"
#include "intent/intent.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"({
  "name": "bank",
  "context": { "session": "string?" },
  "resources": {
    "payments": {
      "operations": {
        "send": { "verb": "pay",
                  "input": { "to": "string", "amount": "int", "memo": "string?" } }
      }
    }
  }
})";

constexpr const char* kPolicy = R"(policy "payments" for bank
  default deny

allow pay on payments when amount <= 100
@id("large")
ask pay on payments
  when amount > 100
  approve within 30m
  because "large payment"
@id("very-large")
ask pay on payments
  when amount > 10000
  approve within 5m
  because "very large payment"
@id("three-a-day")
forbid pay on payments
  when count(pay on payments within 1d) >= 3
  because "three payments a day"
)";

constexpr int64_t kMinute = int64_t{60} * 1'000'000;
constexpr int64_t kStart = int64_t{1795860000} * 1'000'000;  // 2026-11-28T10:00:00Z

// A bundle in a temporary folder and an engine on a clock the test moves.
class ApprovalTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ =
        fs::temp_directory_path() / ("intent-approvals-" + std::to_string(getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "schemas");
    std::ofstream(dir_ / "schemas/bank.schema.json") << kSchema;
    WritePolicy(kPolicy);
    Load({});
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WritePolicy(const std::string& text) { std::ofstream(dir_ / "pay.intent") << text; }

  void Load(intent::EngineOptions options) {
    options.jit = GetParam();
    options.wait_for_native = true;
    options.clock = [this] { return now_.load(); };
    intent::LoadResult loaded = intent::Engine::Load({dir_.string()}, options);
    ASSERT_TRUE(loaded.engine) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].text);
    engine_ = std::move(loaded.engine);
  }

  static std::string Pay(int64_t amount, const std::string& approval = "",
                         const std::string& to = "bob") {
    std::string context = approval.empty() ? "{}" : R"({"approval": ")" + approval + R"("})";
    return R"({"principal": "agent", "operation": "bank.payments.send", "input": {"to": ")" + to +
           R"(", "amount": )" + std::to_string(amount) + R"(}, "context": )" + context + "}";
  }

  // An ask for `amount`, approved by alice.
  std::string Approved(int64_t amount) {
    intent::Decision ask = engine_->Decide(Pay(amount));
    EXPECT_EQ(ask.effect, intent::Effect::kAsk);
    if (!ask.approval) return "";
    intent::ApprovalResult approved = engine_->ResolveApproval(ask.approval->id, true, "alice");
    EXPECT_EQ(approved.outcome, intent::ApprovalOutcome::kOk);
    return ask.approval->id;
  }

  static std::string ErrorOf(const intent::Decision& decision) {
    return decision.errors.empty() ? "" : decision.errors[0];
  }

  fs::path dir_;
  std::atomic<int64_t> now_{kStart};
  std::unique_ptr<intent::Engine> engine_;
};

TEST_P(ApprovalTest, AnAskCreatesAPendingApprovalForTheCall) {
  intent::Decision ask = engine_->Decide(Pay(500));
  ASSERT_EQ(ask.effect, intent::Effect::kAsk);
  ASSERT_TRUE(ask.approval);
  EXPECT_EQ(ask.approval->state, "pending");
  EXPECT_EQ(ask.approval->id.size(), 32u);
  EXPECT_EQ(ask.approval->digest.size(), 64u);
  EXPECT_EQ(ask.approval->created, kStart);
  EXPECT_EQ(ask.approval->expires, kStart + 30 * kMinute);  // the rule's `approve within`

  std::optional<intent::Approval> stored = engine_->GetApproval(ask.approval->id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->principal, "agent");
  EXPECT_EQ(stored->operation, "bank.payments.send");
  EXPECT_EQ(stored->input, R"({"amount":500,"to":"bob"})");
  EXPECT_EQ(stored->context, "{}");
  EXPECT_EQ(stored->rules, std::vector<std::string>{"large"});
  EXPECT_EQ(stored->reasons, std::vector<std::string>{"large payment"});
  EXPECT_EQ(stored->state, intent::ApprovalState::kPending);
  EXPECT_NE(intent::DecisionJson(ask).find(R"("approval":{"id":")" + ask.approval->id),
            std::string::npos);

  // Two rules asking: the shorter window wins. No rule window: the default.
  intent::Decision huge = engine_->Decide(Pay(20000));
  ASSERT_TRUE(huge.approval);
  EXPECT_EQ(huge.approval->expires, kStart + 5 * kMinute);
  // Asking again is another approval, for the same call.
  intent::Decision again = engine_->Decide(Pay(500));
  ASSERT_TRUE(again.approval);
  EXPECT_NE(again.approval->id, ask.approval->id);
  EXPECT_EQ(again.approval->digest, ask.approval->digest);
  EXPECT_EQ(engine_->ListApprovals(/*pending_only=*/true).size(), 3u);
  // Allow and deny create none.
  EXPECT_FALSE(engine_->Decide(Pay(50)).approval);
}

TEST_P(ApprovalTest, TheDefaultWindowAppliesWithoutApproveWithin) {
  WritePolicy("policy \"p\" for bank\nask pay on payments\n");
  intent::EngineOptions options;
  options.approval_ttl = 7 * kMinute;
  Load(options);
  intent::Decision ask = engine_->Decide(Pay(1));
  ASSERT_TRUE(ask.approval);
  EXPECT_EQ(ask.approval->expires, kStart + 7 * kMinute);
}

TEST_P(ApprovalTest, AnApprovedCallIsAllowedOnceAndCounted) {
  intent::Decision ask = engine_->Decide(Pay(500));
  ASSERT_TRUE(ask.approval);
  const std::string id = ask.approval->id;

  intent::Decision early = engine_->Decide(Pay(500, id));
  EXPECT_EQ(early.effect, intent::Effect::kDeny);
  EXPECT_EQ(ErrorOf(early),
            "context.approval: approval '" + id + "' is still pending: nobody has approved it yet");

  intent::ApprovalResult approved = engine_->ResolveApproval(id, true, "alice");
  ASSERT_EQ(approved.outcome, intent::ApprovalOutcome::kOk);
  EXPECT_EQ(approved.approval->state, intent::ApprovalState::kApproved);
  EXPECT_EQ(approved.approval->decided_by, "alice");
  EXPECT_EQ(engine_->ResolveApproval(id, false, "mallory").outcome,
            intent::ApprovalOutcome::kNotPending);

  intent::Decision allowed = engine_->Decide(Pay(500, id));
  EXPECT_EQ(allowed.effect, intent::Effect::kAllow);
  EXPECT_EQ(allowed.rules, std::vector<std::string>{"large"});
  EXPECT_TRUE(allowed.errors.empty());
  ASSERT_TRUE(allowed.approval);
  EXPECT_EQ(allowed.approval->state, "used");
  EXPECT_FALSE(allowed.ask);
  EXPECT_EQ(engine_->GetApproval(id)->state, intent::ApprovalState::kUsed);

  intent::Decision twice = engine_->Decide(Pay(500, id));
  EXPECT_EQ(twice.effect, intent::Effect::kDeny);
  EXPECT_EQ(ErrorOf(twice), "context.approval: approval '" + id +
                                "' was already used: an approval allows its call once");
  EXPECT_TRUE(twice.rules.empty());

  // Counted as an allow: after it and one more payment, a third approved
  // one is allowed, and then a fourth meets the forbid (count >= 3): its
  // approval does not override a forbid, and is left unused.
  EXPECT_EQ(engine_->Decide(Pay(50)).effect, intent::Effect::kAllow);
  std::string third = Approved(600);
  std::string fourth = Approved(700);
  EXPECT_EQ(engine_->Decide(Pay(600, third)).effect, intent::Effect::kAllow);
  intent::Decision forbidden = engine_->Decide(Pay(700, fourth));
  EXPECT_EQ(forbidden.effect, intent::Effect::kDeny);
  EXPECT_EQ(forbidden.rules, std::vector<std::string>{"three-a-day"});
  EXPECT_EQ(engine_->GetApproval(fourth)->state, intent::ApprovalState::kApproved);
}

TEST_P(ApprovalTest, EveryWrongRetryIsADenyThatSaysWhy) {
  std::string id = Approved(500);
  // Another call: a changed argument, another principal, an added member.
  intent::Decision other = engine_->Decide(Pay(501, id));
  EXPECT_EQ(other.effect, intent::Effect::kDeny);
  EXPECT_NE(ErrorOf(other).find("is for another call"), std::string::npos) << ErrorOf(other);
  EXPECT_EQ(engine_->Decide(Pay(500, id, "eve")).effect, intent::Effect::kDeny);
  std::string extra = Pay(500, id);
  extra.replace(extra.find(R"("amount")"), 0, R"("memo": "rent", )");
  EXPECT_EQ(engine_->Decide(extra).effect, intent::Effect::kDeny);
  // None of them used it up.
  EXPECT_EQ(engine_->GetApproval(id)->state, intent::ApprovalState::kApproved);

  // Denied by a person.
  intent::Decision ask = engine_->Decide(Pay(800));
  ASSERT_TRUE(ask.approval);
  ASSERT_EQ(engine_->ResolveApproval(ask.approval->id, false, "bob").outcome,
            intent::ApprovalOutcome::kOk);
  intent::Decision denied = engine_->Decide(Pay(800, ask.approval->id));
  EXPECT_EQ(denied.effect, intent::Effect::kDeny);
  EXPECT_NE(ErrorOf(denied).find("was denied"), std::string::npos);
  ASSERT_TRUE(denied.approval);
  EXPECT_EQ(denied.approval->state, "denied");

  // Unknown ids; one that is not hex is not echoed back.
  intent::Decision unknown = engine_->Decide(Pay(500, "0123456789abcdef0123456789abcdef"));
  EXPECT_EQ(ErrorOf(unknown),
            "context.approval: approval '0123456789abcdef0123456789abcdef' is unknown (no "
            "approval has this id)");
  intent::Decision hostile = engine_->Decide(Pay(500, "<script>x</script>"));
  EXPECT_EQ(ErrorOf(hostile),
            "context.approval: the approval given is unknown (no approval has this id)");
  EXPECT_EQ(engine_->ResolveApproval("nope", true, "alice").outcome,
            intent::ApprovalOutcome::kUnknown);

  // Expired: waiting past the window is a deny, approved or not.
  now_ += 31 * kMinute;
  intent::Decision late = engine_->Decide(Pay(500, id));
  EXPECT_EQ(late.effect, intent::Effect::kDeny);
  EXPECT_NE(ErrorOf(late).find("has expired"), std::string::npos);
  EXPECT_EQ(engine_->GetApproval(id)->state, intent::ApprovalState::kExpired);
  intent::Decision pending = engine_->Decide(Pay(900));
  now_ += 31 * kMinute;
  EXPECT_EQ(engine_->ResolveApproval(pending.approval->id, true, "alice").outcome,
            intent::ApprovalOutcome::kNotPending);
}

TEST_P(ApprovalTest, AnApprovalDoesNotOverrideAForbidOrMatterToAnAllow) {
  std::string id = Approved(500);
  // An allowed call presenting an approval is allowed, the approval unused.
  intent::Decision small = engine_->Decide(Pay(50, id));
  EXPECT_EQ(small.effect, intent::Effect::kAllow);
  EXPECT_FALSE(small.approval);
  EXPECT_EQ(engine_->GetApproval(id)->state, intent::ApprovalState::kApproved);
}

TEST_P(ApprovalTest, RacingRetriesAllowExactlyOnce) {
  std::string id = Approved(500);
  std::atomic<int> allows{0};
  std::atomic<int> denies{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        intent::Decision d = engine_->Decide(Pay(500, id));
        (d.effect == intent::Effect::kAllow ? allows : denies)++;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allows.load(), 1);
  EXPECT_EQ(denies.load(), 199);
}

TEST_P(ApprovalTest, TheDigestNamesTheCallNotItsSpelling) {
  auto digest = [&](const std::string& request) {
    intent::Decision d = engine_->Decide(request);
    EXPECT_EQ(d.effect, intent::Effect::kAsk) << request << " " << ErrorOf(d);
    return d.approval ? d.approval->digest : std::string("none");
  };
  const std::string base = digest(
      R"({"principal": "agent", "operation": "bank.payments.send",
          "input": {"to": "bob", "amount": 500, "memo": "rent"}, "context": {"session": "s1"}})");
  // Key order, whitespace, escapes and number spelling (1 vs 1.0 for an int).
  EXPECT_EQ(base,
            digest(R"({"context":{"session":"s1"},"input":{"memo":"rent","amount":500.0,)"
                   R"("to":"b\u006fb"},"operation":"bank.payments.send","principal":"agent"})"));
  EXPECT_EQ(base, digest(R"({"principal": "agent", "operation": "bank.payments.send",
      "input": {"amount": 5e2, "to": "bob", "memo": "rent"},
      "context": {"session": "s1", "time": "2026-11-28T09:00:00Z", "trace": "t-77"}})"));
  // Any change of a value is another call.
  EXPECT_NE(base, digest(R"({"principal": "agent", "operation": "bank.payments.send",
      "input": {"to": "bob", "amount": 500, "memo": "Rent"}, "context": {"session": "s1"}})"));
  EXPECT_NE(base, digest(R"({"principal": "agent", "operation": "bank.payments.send",
      "input": {"to": "bob", "amount": 500, "memo": "rent"}, "context": {"session": "s2"}})"));
  EXPECT_NE(base, digest(R"({"principal": "agent2", "operation": "bank.payments.send",
      "input": {"to": "bob", "amount": 500, "memo": "rent"}, "context": {"session": "s1"}})"));
  EXPECT_NE(base, digest(R"({"principal": "agent", "operation": "bank.payments.send",
      "input": {"to": "bob", "amount": 500, "memo": "rent", "extra": [1]},
      "context": {"session": "s1"}})"));
  // So is a changed bundle: the approval was asked by other policies.
  const std::string plain = digest(Pay(500));
  WritePolicy(std::string(kPolicy) + "\n# changed\n");
  ASSERT_TRUE(engine_->Reload({dir_.string()}).empty());
  EXPECT_NE(plain, digest(Pay(500)));
}

TEST_P(ApprovalTest, AnApprovalOutlivesAReloadOfTheSameBundle) {
  std::string id = Approved(500);
  ASSERT_TRUE(engine_->Reload({dir_.string()}).empty());
  EXPECT_EQ(engine_->Decide(Pay(500, id)).effect, intent::Effect::kAllow);
}

TEST_P(ApprovalTest, TypedRequestsPresentApprovalsToo) {
  std::string error;
  auto pay = engine_->Prepare("bank.payments.send", {"input.to", "input.amount"}, &error);
  ASSERT_TRUE(pay) << error;
  intent::TypedRequest request(*pay);
  request.SetPrincipal("agent");
  request.SetString(0, "bob");
  request.SetInt(1, 500);
  intent::Decision ask = engine_->Decide(request);
  ASSERT_TRUE(ask.approval);
  // The JSON call with the same values has the same digest.
  EXPECT_EQ(engine_->Decide(Pay(500)).approval->digest, ask.approval->digest);
  ASSERT_EQ(engine_->ResolveApproval(ask.approval->id, true, "alice").outcome,
            intent::ApprovalOutcome::kOk);
  request.SetApproval(ask.approval->id);
  EXPECT_EQ(engine_->Decide(request).effect, intent::Effect::kAllow);
  EXPECT_EQ(engine_->Decide(request).effect, intent::Effect::kDeny);
  request.Clear();
  request.SetPrincipal("agent");
  request.SetString(0, "bob");
  request.SetInt(1, 500);
  EXPECT_EQ(engine_->Decide(request).effect, intent::Effect::kAsk);  // no approval presented
}

// A store that fails, as Redis does when it is down.
class FailingStore : public intent::ApprovalStore {
 public:
  void Create(const intent::Approval&) override { throw std::runtime_error("connection refused"); }
  std::optional<intent::Approval> Get(const std::string&, int64_t) override {
    throw std::runtime_error("connection refused");
  }
  std::vector<intent::Approval> List(int64_t, size_t, bool) override {
    throw std::runtime_error("connection refused");
  }
  intent::ApprovalResult Resolve(const std::string&, bool, const std::string&, int64_t) override {
    throw std::runtime_error("connection refused");
  }
  intent::ApprovalResult Use(const std::string&, const std::string&, int64_t) override {
    throw std::runtime_error("connection refused");
  }
};

TEST_P(ApprovalTest, AFailingStoreFailsClosedOnlyWhereApprovalsAreNeeded) {
  intent::EngineOptions options;
  options.approvals = std::make_shared<FailingStore>();
  Load(options);
  intent::Decision ask = engine_->Decide(Pay(500));
  EXPECT_EQ(ask.effect, intent::Effect::kDeny);
  EXPECT_EQ(ErrorOf(ask), "approval store: connection refused");
  EXPECT_FALSE(ask.approval);
  EXPECT_EQ(engine_->Decide(Pay(500, "0123")).effect, intent::Effect::kDeny);
  EXPECT_EQ(engine_->Decide(Pay(50)).effect, intent::Effect::kAllow);  // needs no store
  intent::ApprovalResult resolved = engine_->ResolveApproval("0123", true, "alice");
  EXPECT_EQ(resolved.outcome, intent::ApprovalOutcome::kError);
  EXPECT_EQ(resolved.error, "connection refused");
  EXPECT_FALSE(engine_->GetApproval("0123"));
  EXPECT_TRUE(engine_->ListApprovals().empty());
}

TEST_P(ApprovalTest, TheLogRecordsEveryTransition) {
  std::vector<std::string> lines;
  std::mutex mutex;
  intent::DecisionLogOptions log;
  log.callback = [&](std::string_view line) {
    std::lock_guard lock(mutex);
    lines.emplace_back(line);
  };
  ASSERT_TRUE(engine_->SetDecisionLog(log, nullptr));
  std::string id = Approved(500);
  engine_->Decide(Pay(500, id));
  engine_->StopDecisionLog();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find(R"("decision":"ask")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(R"("state":"pending")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(R"("event":"approval")"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(R"("state":"approved","by":"alice")"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(R"("decision":"allow")"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find(R"("state":"used")"), std::string::npos) << lines[2];
}

TEST_P(ApprovalTest, ApprovalsThroughTheCApi) {
  std::string path = dir_.string();
  const char* paths[] = {path.c_str()};
  intent_engine* engine = nullptr;
  ASSERT_EQ(intent_engine_load(paths, 1, nullptr, 0, GetParam() ? 1 : 0, &engine, nullptr),
            INTENT_OK);
  std::string ask_json = Pay(500);
  intent_decision* ask = nullptr;
  ASSERT_EQ(intent_decide_json(engine, ask_json.data(), ask_json.size(), &ask), INTENT_OK);
  ASSERT_EQ(intent_decision_effect(ask), INTENT_ASK);
  ASSERT_NE(intent_decision_approval_id(ask), nullptr);
  std::string id = intent_decision_approval_id(ask);
  EXPECT_EQ(std::string(intent_decision_approval_state(ask)), "pending");
  EXPECT_EQ(std::string(intent_decision_approval_digest(ask)).size(), 64u);
  EXPECT_GT(intent_decision_approval_expires(ask), 0);
  intent_decision_free(ask);

  char* json = nullptr;
  ASSERT_EQ(intent_engine_approval_json(engine, id.c_str(), &json), INTENT_OK);
  EXPECT_NE(std::string(json).find(R"("input":{"amount":500,"to":"bob"})"), std::string::npos)
      << json;
  intent_string_free(json);
  EXPECT_EQ(intent_engine_approval_json(engine, "nope", &json), INTENT_INVALID_ARGUMENT);

  char* message = nullptr;
  ASSERT_EQ(intent_engine_resolve_approval(engine, id.c_str(), 1, "alice", &message), INTENT_OK);
  EXPECT_EQ(intent_engine_resolve_approval(engine, id.c_str(), 0, "bob", &message),
            INTENT_INVALID_ARGUMENT);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(std::string(message), "the approval is no longer pending; it is approved");
  intent_string_free(message);

  std::string retry = Pay(500, id);
  intent_decision* allowed = nullptr;
  ASSERT_EQ(intent_decide_json(engine, retry.data(), retry.size(), &allowed), INTENT_OK);
  EXPECT_EQ(intent_decision_effect(allowed), INTENT_ALLOW);
  EXPECT_EQ(std::string(intent_decision_approval_state(allowed)), "used");
  intent_decision_free(allowed);
  intent_engine_free(engine);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApprovalTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Jit" : "Interpreter";
                         });

}  // namespace
