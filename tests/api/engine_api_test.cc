// The public C++ API (include/intent/intent.hpp), through libintent.so only,
// as a gateway uses it.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "intent/intent.hpp"

namespace {

namespace fs = std::filesystem;

const std::string kGmail = INTENT_SOURCE_DIR "/examples/gmail";

std::string Message(const std::string& operation, const std::string& sender, const std::string& to,
                    bool unread) {
  return R"({"principal": "mail-bot", "operation": "gmail.messages.)" + operation +
         R"(", "input": {"message": {"id": "m1", "sender": ")" + sender + R"(", "to": [)" + to +
         R"(], "unread": )" + (unread ? "true" : "false") +
         R"(, "received": "2026-11-28T08:00:00Z", "labels": ["inbox"], "size": 1200}},
         "context": {"time": "2026-11-28T10:00:00Z"}})";
}

// 2026-11-28T10:00:00Z and 08:00:00Z in microseconds.
constexpr int64_t kNow = 1795860000LL * 1'000'000;
constexpr int64_t kReceived = kNow - 2LL * 3600 * 1'000'000;

std::unique_ptr<intent::Engine> LoadGmail(const intent::EngineOptions& options = {}) {
  intent::LoadResult loaded = intent::Engine::Load({kGmail}, options);
  EXPECT_TRUE(loaded.engine) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].text);
  return std::move(loaded.engine);
}

// A folder holding one policy file and the gmail schema, rewritable.
class TempBundle {
 public:
  explicit TempBundle(const std::string& name)
      : dir_(fs::temp_directory_path() / ("intent-api-" + name + "-" + std::to_string(getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "schemas");
    fs::copy_file(kGmail + "/schemas/gmail.schema.json", dir_ / "schemas/gmail.schema.json");
  }
  ~TempBundle() { fs::remove_all(dir_); }
  void Write(const std::string& policy) { std::ofstream(dir_ / "policy.intent") << policy; }
  std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
};

TEST(EngineApi, DecidesJsonLikeIntentc) {
  auto engine = LoadGmail();
  ASSERT_TRUE(engine);
  intent::Decision read =
      engine->Decide(Message("get", "boss@example.com", R"("me@example.com")", true));
  EXPECT_EQ(read.effect, intent::Effect::kAllow);
  EXPECT_EQ(read.rules, std::vector<std::string>{"assistant.intent:11"});

  intent::Decision send = engine->Decide(
      Message("send", "me@example.com", R"("a@example.com", "x@elsewhere.net")", false));
  EXPECT_EQ(send.effect, intent::Effect::kAsk);
  EXPECT_EQ(send.reasons, std::vector<std::string>{"this message leaves the company"});
  // The ask created an approval (docs/approvals.md); the rest is intentc's.
  ASSERT_TRUE(send.approval);
  EXPECT_EQ(send.approval->state, "pending");
  send.approval.reset();
  EXPECT_EQ(intent::DecisionJson(send),
            R"({"decision":"ask","rules":["assistant.intent:20"],"reasons":["this message leaves )"
            R"(the company"],"errors":[]})");

  intent::Decision gone =
      engine->Decide(Message("delete", "me@example.com", R"("a@example.com")", false));
  EXPECT_EQ(gone.effect, intent::Effect::kDeny);
  EXPECT_EQ(gone.rules, std::vector<std::string>{"no-delete"});
}

TEST(EngineApi, ExplainsWhenAskedAndOnlyThen) {
  auto engine = LoadGmail();
  ASSERT_TRUE(engine);
  const std::string send = Message("send", "me@example.com", R"("x@elsewhere.com")", false);
  intent::Decision plain = engine->Decide(send);
  EXPECT_FALSE(plain.explanation.has_value());
  intent::Decision explained = engine->Decide(send, {.explain = true});
  EXPECT_EQ(explained.effect, intent::Effect::kAsk);
  EXPECT_EQ(explained.rules, plain.rules);
  ASSERT_TRUE(explained.explanation.has_value());
  bool ask_matched = false, allow_not_matched = false;
  for (const intent::RuleTrace& trace : explained.explanation->rules) {
    if (trace.effect == "ask" && trace.outcome == "matched") ask_matched = true;
    if (trace.effect == "allow" && trace.outcome == "not matched") allow_not_matched = true;
  }
  EXPECT_TRUE(ask_matched);
  EXPECT_TRUE(allow_not_matched);
  EXPECT_NE(intent::DecisionJson(explained).find("\"explain\":{\"rules\":["), std::string::npos);
  EXPECT_EQ(intent::DecisionJson(plain).find("explain"), std::string::npos);
}

TEST(EngineApi, WaitForNativeDecidesNativelyFromTheStart) {
  intent::EngineOptions options;
  options.wait_for_native = true;
  auto engine = LoadGmail(options);
  ASSERT_TRUE(engine);
  EXPECT_TRUE(engine->native());
  EXPECT_EQ(engine->native_error(), "");
  options.jit = false;
  auto interpreted = LoadGmail(options);
  ASSERT_TRUE(interpreted);
  EXPECT_FALSE(interpreted->native());
  EXPECT_EQ(interpreted->native_error(), "");
  const std::string read = Message("get", "a@example.com", R"("me@example.com")", true);
  EXPECT_EQ(intent::DecisionJson(engine->Decide(read)),
            intent::DecisionJson(interpreted->Decide(read)));
}

TEST(EngineApi, LoadTellsUnreadableFromWrong) {
  intent::LoadResult missing = intent::Engine::Load({"/nonexistent/intent/policies"});
  EXPECT_FALSE(missing.engine);
  EXPECT_TRUE(missing.io_error);
  TempBundle bundle("wrong");
  bundle.Write("policy \"p\" for gmail\nallow read on messages when message.sendr\n");
  intent::LoadResult wrong = intent::Engine::Load({bundle.path()});
  EXPECT_FALSE(wrong.engine);
  EXPECT_FALSE(wrong.io_error);
  EXPECT_FALSE(wrong.diagnostics.empty());
}

TEST(EngineApi, BadRequestsAreDeniesWithTheirError) {
  auto engine = LoadGmail();
  ASSERT_TRUE(engine);
  intent::Decision typo =
      engine->Decide(R"({"principal": "a", "operation": "gmail.messages.sned"})");
  EXPECT_EQ(typo.effect, intent::Effect::kDeny);
  ASSERT_EQ(typo.errors.size(), 1u);
  EXPECT_EQ(typo.errors[0], "operation: unknown operation 'gmail.messages.sned'");
  EXPECT_EQ(engine->Decide("{not json").effect, intent::Effect::kDeny);
  EXPECT_EQ(engine->Decide("").effect, intent::Effect::kDeny);
  std::string deep(100000, '[');
  intent::Decision nested = engine->Decide(deep);
  EXPECT_EQ(nested.effect, intent::Effect::kDeny);
  EXPECT_EQ(nested.errors.size(), 1u);
  std::string huge = Message("get", "boss@example.com", R"("me@example.com")", true);
  huge.replace(huge.find("\"m1\""), 4, "\"" + std::string(2 << 20, 'x') + "\"");
  intent::Decision big = engine->Decide(huge);
  EXPECT_EQ(big.effect, intent::Effect::kDeny);
  ASSERT_EQ(big.errors.size(), 1u);
  EXPECT_NE(big.errors[0].find("bytes"), std::string::npos) << big.errors[0];
}

TEST(EngineApi, LoadReportsDiagnosticsWithPositions) {
  TempBundle bundle("diagnostics");
  bundle.Write("policy \"p\" for gmail\n  default deny\n\nallow sned on messages\n");
  intent::LoadResult loaded = intent::Engine::Load({bundle.path()});
  EXPECT_FALSE(loaded.engine);
  ASSERT_FALSE(loaded.diagnostics.empty());
  const intent::LoadDiagnostic& d = loaded.diagnostics[0];
  EXPECT_EQ(d.severity, "error");
  EXPECT_EQ(d.code.substr(0, 1), "E");
  EXPECT_EQ(d.line, 4);
  EXPECT_NE(d.file.find("policy.intent"), std::string::npos);
  EXPECT_NE(d.text.find("sned"), std::string::npos);
}

TEST(EngineApi, TypedRequestDecidesAsItsJson) {
  auto engine = LoadGmail();
  ASSERT_TRUE(engine);
  std::string error;
  auto send = engine->Prepare(
      "gmail.messages.send",
      {"input.message.id", "input.message.sender", "input.message.to", "input.message.unread",
       "input.message.received", "input.message.labels", "input.message.size"},
      &error);
  ASSERT_TRUE(send) << error;
  intent::TypedRequest request(*send);
  request.SetPrincipal("mail-bot");
  request.SetTime(kNow);
  request.SetString(0, "m1");
  request.SetString(1, "me@example.com");
  std::vector<std::string_view> to = {"a@example.com", "x@Elsewhere.NET"};
  request.SetStrings(2, to);
  request.SetBool(3, false);
  request.SetTimestamp(4, kReceived);
  std::vector<std::string_view> labels = {"inbox"};
  request.SetStrings(5, labels);
  request.SetInt(6, 1200);
  intent::Decision typed = engine->Decide(request);
  intent::Decision json = engine->Decide(
      Message("send", "me@example.com", R"("a@example.com", "x@Elsewhere.NET")", false));
  EXPECT_EQ(typed.effect, intent::Effect::kAsk);
  ASSERT_TRUE(typed.approval && json.approval);
  // Each ask has its own approval; a typed call digests as the JSON call
  // spelt as bound (the domain lower-cased), not as this one.
  EXPECT_NE(typed.approval->id, json.approval->id);
  EXPECT_NE(typed.approval->digest, json.approval->digest);
  intent::Decision lower = engine->Decide(
      Message("send", "me@example.com", R"("a@example.com", "x@elsewhere.net")", false));
  ASSERT_TRUE(lower.approval);
  EXPECT_EQ(typed.approval->digest, lower.approval->digest);
  typed.approval.reset();
  json.approval.reset();
  EXPECT_EQ(intent::DecisionJson(typed), intent::DecisionJson(json));

  // Inside the company: an allow, from the same prepared operation.
  std::vector<std::string_view> inside = {"a@example.com", "b@EXAMPLE.org"};
  request.SetStrings(2, inside);
  EXPECT_EQ(engine->Decide(request).effect, intent::Effect::kAllow);
}

TEST(EngineApi, TypedRequestErrorsNameThePath) {
  auto engine = LoadGmail();
  ASSERT_TRUE(engine);
  std::string error;
  EXPECT_FALSE(engine->Prepare("gmail.messages.sned", {}, &error));
  EXPECT_EQ(error, "unknown operation 'gmail.messages.sned'");
  EXPECT_FALSE(engine->Prepare("gmail.messages.send", {"input.message.sendr"}, &error));
  EXPECT_NE(error.find("'input.message.sendr' is not a field of Message"), std::string::npos);
  EXPECT_FALSE(engine->Prepare("gmail.messages.send", {"input.message"}, &error));
  EXPECT_NE(error.find("name its fields one by one"), std::string::npos);
  EXPECT_FALSE(engine->Prepare("gmail.messages.send", {"message.sender"}, &error));

  auto send =
      engine->Prepare("gmail.messages.send",
                      {"input.message.sender", "input.message.to", "input.message.size"}, &error);
  ASSERT_TRUE(send) << error;
  intent::TypedRequest request(*send);
  request.SetPrincipal("mail-bot");
  request.SetString(0, "not-an-email");
  intent::Decision bad = engine->Decide(request);
  EXPECT_EQ(bad.effect, intent::Effect::kDeny);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0], "input.message.sender: expected email");

  request.SetString(0, "me@example.com");
  std::vector<std::string_view> to = {"a@example.com", "nope"};
  request.SetStrings(1, to);
  EXPECT_EQ(engine->Decide(request).errors.at(0), "input.message.to[1]: expected email");

  std::vector<std::string_view> good = {"a@example.com"};
  request.SetStrings(1, good);
  request.SetString(2, "1200");
  EXPECT_EQ(engine->Decide(request).errors.at(0), "input.message.size: expected int");

  request.SetInt(2, 1200);
  // id, unread, received and labels are required and were never set.
  EXPECT_EQ(engine->Decide(request).errors.at(0), "input.message.id: missing required field");
}

TEST(EngineApi, ReloadSwapsBundlesAndKeepsTheOldOneOnErrors) {
  TempBundle bundle("reload");
  bundle.Write("policy \"p\" for gmail\n  default deny\n\nallow read on messages\n");
  intent::LoadResult loaded = intent::Engine::Load({bundle.path()});
  ASSERT_TRUE(loaded.engine);
  intent::Engine& engine = *loaded.engine;
  std::string get = Message("get", "boss@example.com", R"("me@example.com")", true);
  EXPECT_EQ(engine.Decide(get).effect, intent::Effect::kAllow);
  EXPECT_EQ(engine.generation(), 1u);

  bundle.Write("policy \"p\" for gmail\n  default deny\n\nallow reed on messages\n");
  std::vector<intent::LoadDiagnostic> diagnostics = engine.Reload({bundle.path()});
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0].severity, "error");
  EXPECT_EQ(engine.generation(), 1u);
  EXPECT_EQ(engine.Decide(get).effect, intent::Effect::kAllow) << "the old bundle serves on";

  bundle.Write("policy \"p\" for gmail\n  default deny\n\nforbid read on messages\n");
  EXPECT_TRUE(engine.Reload({bundle.path()}).empty());
  EXPECT_EQ(engine.generation(), 2u);
  EXPECT_EQ(engine.Decide(get).effect, intent::Effect::kDeny);
}

TEST(EngineApi, CountersOfAnUnchangedIdSurviveAReload) {
  TempBundle bundle("counters");
  auto policy = [](const std::string& extra) {
    return "policy \"p\" for gmail\n  default deny\n\n@id(\"three-reads\")\nallow read on "
           "messages\n  limit 3 per 1d\n" +
           extra;
  };
  bundle.Write(policy(""));
  intent::LoadResult loaded = intent::Engine::Load({bundle.path()});
  ASSERT_TRUE(loaded.engine);
  std::string get = Message("get", "boss@example.com", R"("me@example.com")", true);
  EXPECT_EQ(loaded.engine->Decide(get).effect, intent::Effect::kAllow);
  EXPECT_EQ(loaded.engine->Decide(get).effect, intent::Effect::kAllow);
  // Another rule added above: the limited rule moves, its @id does not.
  bundle.Write("# a new first line\n" + policy("allow list on messages\n"));
  ASSERT_TRUE(loaded.engine->Reload({bundle.path()}).empty());
  EXPECT_EQ(loaded.engine->Decide(get).effect, intent::Effect::kAllow);
  EXPECT_EQ(loaded.engine->Decide(get).effect, intent::Effect::kDeny) << "3 of 3 used";
}

TEST(EngineApi, AReportedApprovalCountsForCount) {
  TempBundle bundle("approval-count");
  bundle.Write(
      "policy \"p\" for gmail\n  default deny\n\nallow read on messages\nask send on "
      "messages\nforbid send on messages\n  when count(send on messages within 1d) >= 1\n");
  intent::LoadResult loaded = intent::Engine::Load({bundle.path()});
  ASSERT_TRUE(loaded.engine);
  intent::Engine& engine = *loaded.engine;
  std::string send = Message("send", "me@example.com", R"("a@example.com")", false);
  intent::Decision asked = engine.Decide(send);
  ASSERT_EQ(asked.effect, intent::Effect::kAsk);
  ASSERT_TRUE(asked.ask);
  EXPECT_EQ(asked.ask->principal, "mail-bot");
  EXPECT_EQ(asked.ask->operation, "gmail.messages.send");
  EXPECT_EQ(asked.ask->time, kNow);
  EXPECT_EQ(asked.ask->count_retain, 86'400'000'000LL);
  EXPECT_TRUE(asked.ask->limits.empty());
  // An ask nobody reported is not a call.
  EXPECT_EQ(engine.Decide(send).effect, intent::Effect::kAsk);
  std::string error;
  EXPECT_TRUE(engine.ReportApproval(asked, &error)) << error;
  EXPECT_EQ(engine.Decide(send).effect, intent::Effect::kDeny) << "count() sees the approval";

  intent::Decision read =
      engine.Decide(Message("get", "boss@example.com", R"("me@example.com")", true));
  ASSERT_EQ(read.effect, intent::Effect::kAllow);
  EXPECT_FALSE(read.ask) << "only asks carry what reporting needs";
  EXPECT_FALSE(engine.ReportApproval(read, &error));
  EXPECT_EQ(error, "only an ask can be reported as approved; this decision is allow");
}

TEST(EngineApi, AReportedApprovalAdvancesTheAskRulesLimit) {
  TempBundle bundle("approval-limit");
  bundle.Write(
      "policy \"p\" for gmail\n  default deny\n\n@id(\"two-approved\")\nask send on "
      "messages\n  limit 2 per 1d\n");
  for (bool native : {false, true}) {
    SCOPED_TRACE(native ? "native" : "interpreter");
    intent::EngineOptions options;
    options.jit = native;
    options.wait_for_native = native;
    intent::LoadResult loaded = intent::Engine::Load({bundle.path()}, options);
    ASSERT_TRUE(loaded.engine);
    intent::Engine& engine = *loaded.engine;
    EXPECT_EQ(engine.native(), native) << engine.native_error();
    std::string send = Message("send", "me@example.com", R"("a@example.com")", false);
    intent::Decision asked = engine.Decide(send);
    ASSERT_EQ(asked.effect, intent::Effect::kAsk);
    ASSERT_TRUE(asked.ask);
    ASSERT_EQ(asked.ask->limits.size(), 1u);
    EXPECT_EQ(asked.ask->limits[0].window, 86'400'000'000LL);
    EXPECT_EQ(asked.ask->count_retain, 0) << "no count() in the bundle";
    // Unreported asks give their slots back.
    EXPECT_EQ(engine.Decide(send).effect, intent::Effect::kAsk);
    EXPECT_EQ(engine.Decide(send).effect, intent::Effect::kAsk);
    // Each report records one call, even of the same decision.
    EXPECT_TRUE(engine.ReportApproval(asked));
    EXPECT_EQ(engine.Decide(send).effect, intent::Effect::kAsk) << "1 of 2 used";
    EXPECT_TRUE(engine.ReportApproval(asked));
    intent::Decision full = engine.Decide(send);
    EXPECT_EQ(full.effect, intent::Effect::kDeny) << "2 of 2 used: the default decides";
    EXPECT_FALSE(engine.ReportApproval(full));
  }
}

// A store that counts its calls and can be made to fail.
class RecordingStore : public intent::CounterStore {
 public:
  int64_t Count(const std::string& key, int64_t window, int64_t now) override {
    return inner_->Count(key, window, now);
  }
  void Record(const std::string& key, int64_t now, int64_t retain) override {
    inner_->Record(key, now, retain);
  }
  bool Reserve(const std::string& key, int64_t limit, int64_t window, int64_t now) override {
    ++reserves;
    if (fail) throw std::runtime_error("store unreachable");
    return inner_->Reserve(key, limit, window, now);
  }
  void Commit(const std::string& key, int64_t now) override {
    ++commits;
    inner_->Commit(key, now);
  }
  void Release(const std::string& key) override { inner_->Release(key); }
  std::atomic<int> reserves{0}, commits{0};
  std::atomic<bool> fail{false};

 private:
  std::shared_ptr<intent::CounterStore> inner_ = intent::MakeInProcessCounterStore();
};

TEST(EngineApi, APluggedCounterStoreIsUsedAndItsFailuresFailClosed) {
  auto store = std::make_shared<RecordingStore>();
  intent::EngineOptions options;
  options.counters = store;
  auto engine = LoadGmail(options);
  ASSERT_TRUE(engine);
  std::string trash = Message("trash", "news@news.example.com", R"("me@example.com")", true);
  EXPECT_EQ(engine->Decide(trash).effect, intent::Effect::kAllow);
  EXPECT_EQ(store->reserves.load(), 1);
  EXPECT_EQ(store->commits.load(), 1);
  store->fail = true;
  intent::Decision failed = engine->Decide(trash);
  EXPECT_EQ(failed.effect, intent::Effect::kDeny);
  ASSERT_EQ(failed.errors.size(), 1u);
  EXPECT_NE(failed.errors[0].find("store unreachable"), std::string::npos);
}

TEST(EngineApi, DecisionLogWritesOneLinePerDecision) {
  auto engine = LoadGmail();
  ASSERT_TRUE(engine);
  std::ostringstream out;
  intent::DecisionLogOptions options;
  options.stream = &out;
  std::string error;
  ASSERT_TRUE(engine->SetDecisionLog(options, &error)) << error;
  engine->Decide(Message("delete", "me@example.com", R"("a@example.com")", false));
  engine->Decide(R"({"principal": "a", "operation": "gmail.messages.sned"})");
  engine->StopDecisionLog();
  std::string text = out.str();
  std::istringstream lines(text);
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, third));
  EXPECT_EQ(first.rfind(R"({"time":"2026-11-28T10:00:00Z","principal":"mail-bot",)"
                        R"("operation":"gmail.messages.delete","decision":"deny",)"
                        R"("rules":["no-delete"],"reasons":[],"errors":[],"latency_us":)",
                        0),
            0u)
      << first;
  EXPECT_NE(second.find(R"("errors":["operation: unknown operation 'gmail.messages.sned'"])"),
            std::string::npos)
      << second;
  EXPECT_EQ(engine->decision_log_stats().written, 2u);
  EXPECT_EQ(engine->decision_log_stats().dropped, 0u);
}

// DecideOptions::request_id ends the line as "request_id"; without one the
// line has no such member.
TEST(EngineApi, DecisionLogCarriesTheRequestId) {
  auto engine = LoadGmail();
  ASSERT_TRUE(engine);
  std::ostringstream out;
  intent::DecisionLogOptions options;
  options.stream = &out;
  ASSERT_TRUE(engine->SetDecisionLog(options, nullptr));
  std::string delete_call = Message("delete", "me@example.com", R"("a@example.com")", false);
  intent::DecideOptions with_id;
  {
    std::string id = "req-\"7\"";  // copied when logged; gone before the writer runs
    with_id.request_id = id;
    engine->Decide(delete_call, with_id);
  }
  with_id.request_id = "req-8";
  engine->Decide(R"({"principal": "a", "operation": "gmail.messages.sned"})", with_id);
  engine->Decide(delete_call);
  engine->StopDecisionLog();
  std::istringstream lines(out.str());
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  std::getline(lines, third);
  EXPECT_TRUE(first.ends_with(R"(,"request_id":"req-\"7\""})")) << first;
  EXPECT_TRUE(second.ends_with(R"(,"request_id":"req-8"})")) << second;
  EXPECT_EQ(third.find("request_id"), std::string::npos) << third;
}

TEST(EngineApi, DecisionLogDropsInsteadOfWaiting) {
  auto engine = LoadGmail();
  ASSERT_TRUE(engine);
  std::atomic<bool> release{false};
  std::atomic<int> seen{0};
  intent::DecisionLogOptions options;
  options.capacity = 4;
  // A sink that blocks until released: decisions must not wait for it.
  options.callback = [&](std::string_view) {
    ++seen;
    while (!release.load()) std::this_thread::yield();
  };
  ASSERT_TRUE(engine->SetDecisionLog(options, nullptr));
  std::string get = Message("get", "boss@example.com", R"("me@example.com")", true);
  for (int i = 0; i < 100; ++i) engine->Decide(get);
  release = true;
  engine->StopDecisionLog();
  intent::DecisionLogStats stats = engine->decision_log_stats();
  EXPECT_EQ(stats.written + stats.dropped, 100u);
  EXPECT_GT(stats.dropped, 0u);
  // The writer holds at most one batch (up to `capacity`) while the queue
  // fills again.
  EXPECT_LE(stats.written, 8u);
  EXPECT_EQ(static_cast<uint64_t>(seen.load()), stats.written);
}

TEST(EngineApi, DecisionLogNeedsExactlyOneSink) {
  auto engine = LoadGmail();
  ASSERT_TRUE(engine);
  std::string error;
  EXPECT_FALSE(engine->SetDecisionLog({}, &error));
  EXPECT_NE(error.find("exactly one"), std::string::npos);
  intent::DecisionLogOptions options;
  options.path = "/nonexistent-dir/log.jsonl";
  EXPECT_FALSE(engine->SetDecisionLog(options, &error));
  EXPECT_NE(error.find("cannot open"), std::string::npos);
}

}  // namespace

// "user0@example.com", ...: distinct addresses of the company.
std::string Address(int i) { return "\"user" + std::to_string(i) + "@example.com\""; }

// EngineOptions::evaluation_budget (docs/semantics.md, "Evaluation cost"):
// a decision that needs more steps fails closed, under both engines, and a
// larger budget lets the same request through.
TEST(EngineApi, EvaluationBudgetFailsClosed) {
  TempBundle bundle("budget");
  bundle.Write(
      "policy \"budget\" for gmail\n"
      "allow send on messages when all r in message.to: r.domain == \"example.com\"\n"
      "forbid send on messages when any r in message.to: any s in message.to: r != s and "
      "r.local == s.local\n");
  std::string to;
  for (int i = 0; i < 200; ++i) to += (i ? "," : "") + Address(i);
  std::string request = Message("send", "me@example.com", to, false);
  for (bool jit : {false, true}) {
    SCOPED_TRACE(jit ? "jit" : "interpreter");
    intent::EngineOptions small;
    small.jit = jit;
    small.wait_for_native = jit;
    small.evaluation_budget = 10'000;
    auto tight = intent::Engine::Load({bundle.path()}, small).engine;
    ASSERT_TRUE(tight);
    intent::Decision denied = tight->Decide(request);
    EXPECT_EQ(denied.effect, intent::Effect::kDeny);
    ASSERT_EQ(denied.errors.size(), 1u);
    EXPECT_NE(denied.errors[0].find("evaluation budget exceeded"), std::string::npos)
        << denied.errors[0];
    ASSERT_EQ(denied.rules.size(), 1u);  // the forbid, failed closed

    intent::EngineOptions large = small;
    large.evaluation_budget = 10'000'000;
    auto roomy = intent::Engine::Load({bundle.path()}, large).engine;
    ASSERT_TRUE(roomy);
    intent::Decision allowed = roomy->Decide(request);
    EXPECT_EQ(allowed.effect, intent::Effect::kAllow);
    EXPECT_TRUE(allowed.errors.empty());
  }
}

// A request dated more than EngineOptions::max_time_ahead ahead of the
// clock is denied when the bundle counts calls: counted, it would make
// every later call at the present time too old to count.
TEST(EngineApi, FutureRequestTimesAreBoundedWhenTheBundleCounts) {
  TempBundle counting("future-counting");
  counting.Write("policy \"p\" for gmail\nallow read on messages limit 5 per 1h\n");
  TempBundle plain("future-plain");
  plain.Write("policy \"p\" for gmail\nallow read on messages\n");
  intent::EngineOptions options;
  options.jit = false;
  options.clock = [] { return kNow; };
  auto at = [](int64_t micros) {
    std::string request = Message("get", "a@example.com", "", true);
    // Integer Unix seconds, in place of the quoted RFC 3339 time.
    return request.replace(request.find("\"2026-11-28T10:00:00Z\""), 22,
                           std::to_string(micros / 1'000'000));
  };
  auto counts = intent::Engine::Load({counting.path()}, options).engine;
  auto does_not = intent::Engine::Load({plain.path()}, options).engine;
  ASSERT_TRUE(counts && does_not);
  const int64_t minute = 60LL * 1'000'000;
  intent::Decision soon = counts->Decide(at(kNow + 4 * minute));
  EXPECT_EQ(soon.effect, intent::Effect::kAllow);
  intent::Decision later = counts->Decide(at(kNow + 10 * minute));
  EXPECT_EQ(later.effect, intent::Effect::kDeny);
  ASSERT_EQ(later.errors.size(), 1u);
  EXPECT_EQ(later.errors[0],
            "context.time is 600 s ahead of the engine's clock; a bundle that counts calls "
            "accepts at most 300 s");
  // The future call was not counted: the present is still countable.
  EXPECT_EQ(counts->Decide(at(kNow)).effect, intent::Effect::kAllow);
  EXPECT_EQ(does_not->Decide(at(kNow + 10 * minute)).effect, intent::Effect::kAllow);
  options.max_time_ahead = -1;
  auto unbounded = intent::Engine::Load({counting.path()}, options).engine;
  EXPECT_EQ(unbounded->Decide(at(kNow + 10 * minute)).effect, intent::Effect::kAllow);
}
