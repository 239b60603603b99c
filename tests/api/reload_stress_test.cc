// Threads decide without pause while another thread reloads the bundle
// every few milliseconds, alternating two versions. Every decision must be
// exactly one version's answer (none failed, none torn between versions),
// and a limit shared by both versions (same @id) must allow exactly its
// count in total across all threads and reloads.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "intent/intent.hpp"

namespace {

namespace fs = std::filesystem;

constexpr int kLimit = 100;
// The test runs for kMinDuration and until both have happened (sanitizer
// builds are slow), but no longer than kMaxDuration.
constexpr auto kMinDuration = std::chrono::seconds(1);
constexpr int kMinReloads = 30;
constexpr int kMinLimitedCalls = kLimit + 50;
constexpr auto kMaxDuration = std::chrono::seconds(60);

std::string Version(const std::string& name) {
  return "policy \"p\" for gmail\n  default deny\n\n"
         "@id(\"limited\")\nallow trash on messages\n  limit " +
         std::to_string(kLimit) +
         " per 1d\n\n"
         "@id(\"version\")\nask send on messages\n  when all r in message.to: r.domain == "
         "\"example.com\"\n  because \"" +
         name + "\"\n";
}

std::string Request(const std::string& operation) {
  return R"({"principal": "bot", "operation": "gmail.messages.)" + operation +
         R"(", "input": {"message": {"id": "m", "sender": "a@example.com", "to": ["b@example.com"],
         "unread": true, "received": "2026-11-28T08:00:00Z", "labels": [], "size": 1}},
         "context": {"time": "2026-11-28T10:00:00Z"}})";
}

TEST(ReloadStress, DecisionsStayWholeAndLimitsExactWhileReloading) {
  fs::path root = fs::temp_directory_path() / ("intent-stress-" + std::to_string(getpid()));
  fs::remove_all(root);
  std::vector<std::string> versions;
  for (const char* name : {"v1", "v2"}) {
    fs::path dir = root / name;
    fs::create_directories(dir / "schemas");
    fs::copy_file(INTENT_SOURCE_DIR "/examples/gmail/schemas/gmail.schema.json",
                  dir / "schemas/gmail.schema.json");
    std::ofstream(dir / "p.intent") << Version(name);
    versions.push_back(dir.string());
  }
  intent::EngineOptions options;
  options.create_approvals = false;  // the lines compared are decisions only
  intent::LoadResult loaded = intent::Engine::Load({versions[0]}, options);
  ASSERT_TRUE(loaded.engine);
  intent::Engine& engine = *loaded.engine;
  std::string error;
  auto prepared = engine.Prepare(
      "gmail.messages.send",
      {"input.message.id", "input.message.sender", "input.message.to", "input.message.unread",
       "input.message.received", "input.message.labels", "input.message.size"},
      &error);
  ASSERT_TRUE(prepared) << error;

  const std::string send = Request("send");
  const std::string trash = Request("trash");
  const std::string answer_v1 =
      R"({"decision":"ask","rules":["version"],"reasons":["v1"],"errors":[]})";
  const std::string answer_v2 =
      R"({"decision":"ask","rules":["version"],"reasons":["v2"],"errors":[]})";

  std::atomic<bool> stop{false};
  std::atomic<int64_t> decisions{0}, wrong{0}, allowed{0}, limited{0};
  std::atomic<int> v1_seen{0}, v2_seen{0};
  auto decide = [&](bool typed) {
    intent::TypedRequest request(*prepared);
    request.SetPrincipal("bot");
    request.SetTime(1795860000LL * 1'000'000);
    request.SetString(0, "m");
    request.SetString(1, "a@example.com");
    std::vector<std::string_view> to = {"b@example.com"};
    request.SetStrings(2, to);
    request.SetBool(3, true);
    request.SetTimestamp(4, 1795852800LL * 1'000'000);
    request.SetStrings(5, {});
    request.SetInt(6, 1);
    for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
      if (i % 4 == 3) {
        intent::Decision d = engine.Decide(trash);
        if (d.effect == intent::Effect::kAllow && d.rules == std::vector<std::string>{"limited"}) {
          ++allowed;
        } else if (d.effect == intent::Effect::kDeny && d.rules.empty() && d.errors.empty()) {
          ++limited;
        } else {
          ++wrong;
        }
      } else {
        std::string json =
            intent::DecisionJson(typed ? engine.Decide(request) : engine.Decide(send));
        if (json == answer_v1) {
          ++v1_seen;
        } else if (json == answer_v2) {
          ++v2_seen;
        } else {
          ++wrong;
          ADD_FAILURE() << json;
        }
      }
      ++decisions;
    }
  };
  std::vector<std::thread> threads;
  threads.emplace_back(decide, false);
  threads.emplace_back(decide, true);
  int reloads = 0;
  auto start = std::chrono::steady_clock::now();
  auto running = [&] {
    auto elapsed = std::chrono::steady_clock::now() - start;
    bool enough = elapsed >= kMinDuration && reloads >= kMinReloads &&
                  allowed.load() + limited.load() >= kMinLimitedCalls;
    return !enough && elapsed < kMaxDuration;
  };
  while (running()) {
    std::vector<intent::LoadDiagnostic> diagnostics = engine.Reload({versions[(reloads + 1) % 2]});
    ASSERT_TRUE(diagnostics.empty()) << diagnostics[0].text;
    ++reloads;
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  stop = true;
  for (std::thread& thread : threads) thread.join();
  fs::remove_all(root);

  EXPECT_EQ(wrong.load(), 0);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(reloads, kMinReloads);
  EXPECT_EQ(engine.generation(), static_cast<uint64_t>(reloads) + 1);
  EXPECT_GT(v1_seen.load(), 0);
  EXPECT_GT(v2_seen.load(), 0);
  ASSERT_GT(allowed.load() + limited.load(), kLimit) << "too few calls to reach the limit";
  EXPECT_EQ(allowed.load(), kLimit) << "the limit is exact across threads and reloads";
  std::cout << decisions.load() << " decisions and " << reloads << " reloads in " << seconds
            << " s\n";
}

}  // namespace

namespace {

// Data reloads under load (docs/data.md): two threads decide while the
// data file alternates between two directories, each of which makes one
// user an editor. Every answer is one directory's whole answer (the pair
// of requests in a decision never mixes them: one decision reads one data
// set), and no decision fails.
TEST(ReloadStress, DataReloadsAreAtomicUnderLoad) {
  fs::path dir = fs::temp_directory_path() / ("intent-data-stress-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "schemas");
  fs::create_directories(dir / "data");
  std::ofstream(dir / "schemas/team.schema.json") << R"({"name": "team",
    "types": {"Member": {"roles": "list<string>"}},
    "data": {"members": "map<string, Member>"},
    "resources": {"docs": {"operations": {"edit": {"verb": "update", "input": {"id": "string"}}}}}})";
  // Each data set matches exactly one rule: a decision that read ann from
  // one set and bob from the other would match neither (a wrong answer).
  std::ofstream(dir / "policy.intent") << R"(policy "team" for team
@id("ann") allow update on docs
  when "editor" in data.members["ann"].roles and "viewer" in data.members["bob"].roles
@id("bob") ask update on docs
  when "viewer" in data.members["ann"].roles and "editor" in data.members["bob"].roles
)";
  const std::string directories[2] = {
      R"({"ann": {"roles": ["editor"]}, "bob": {"roles": ["viewer"]}})",
      R"({"ann": {"roles": ["viewer"]}, "bob": {"roles": ["editor"]}})"};
  std::ofstream(dir / "data/members.json") << directories[0];
  intent::EngineOptions options;
  options.max_time_ahead = -1;
  intent::LoadResult loaded = intent::Engine::Load({dir.string()}, options);
  ASSERT_TRUE(loaded.engine) << loaded.diagnostics[0].text;
  intent::Engine& engine = *loaded.engine;
  const std::string request =
      R"({"principal": "x", "operation": "team.docs.edit", "input": {"id": "d"}})";
  std::atomic<bool> stop{false};
  std::atomic<int64_t> first{0}, second{0}, wrong{0};
  auto decide = [&] {
    while (!stop.load(std::memory_order_relaxed)) {
      intent::Decision d = engine.Decide(request);
      if (d.effect == intent::Effect::kAllow && d.rules == std::vector<std::string>{"ann"}) {
        ++first;
      } else if (d.effect == intent::Effect::kAsk && d.rules == std::vector<std::string>{"bob"}) {
        ++second;
      } else {
        ++wrong;
      }
    }
  };
  std::vector<std::thread> threads;
  threads.emplace_back(decide);
  threads.emplace_back(decide);
  int reloads = 0;
  auto start = std::chrono::steady_clock::now();
  while ((reloads < kMinReloads || std::chrono::steady_clock::now() - start < kMinDuration) &&
         std::chrono::steady_clock::now() - start < kMaxDuration) {
    std::ofstream(dir / "data/members.json") << directories[(reloads + 1) % 2];
    std::vector<intent::LoadDiagnostic> diagnostics = engine.ReloadData();
    ASSERT_TRUE(diagnostics.empty()) << diagnostics[0].text;
    ++reloads;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  stop = true;
  for (std::thread& thread : threads) thread.join();
  fs::remove_all(dir);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(first.load(), 0);
  EXPECT_GT(second.load(), 0);
  EXPECT_GE(reloads, kMinReloads);
}

}  // namespace

namespace {

// Approvals under load (docs/approvals.md): threads ask, one thread
// approves what they asked for, and retries race on every approval while
// the bundle is reloaded with the same text (an approval outlives a reload
// of the same bundle). Each approval allows exactly one call.
TEST(ReloadStress, EachApprovalAllowsExactlyOneCallUnderLoad) {
  fs::path dir = fs::temp_directory_path() / ("intent-approval-stress-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "schemas");
  fs::copy_file(fs::path(INTENT_SOURCE_DIR) / "examples/gmail/schemas/gmail.schema.json",
                dir / "schemas/gmail.schema.json");
  std::ofstream(dir / "p.intent") << Version("v1");
  intent::LoadResult loaded = intent::Engine::Load({dir.string()});
  ASSERT_TRUE(loaded.engine);
  intent::Engine& engine = *loaded.engine;

  constexpr int kApprovals = 40;
  std::vector<std::string> ids;
  for (int i = 0; i < kApprovals; ++i) {
    intent::Decision ask = engine.Decide(Request("send"));
    ASSERT_TRUE(ask.approval);
    ids.push_back(ask.approval->id);
  }
  std::atomic<bool> stop{false};
  std::thread approver([&] {
    for (const std::string& id : ids) engine.ResolveApproval(id, true, "stress");
  });
  std::thread reloader([&] {
    while (!stop.load()) {
      EXPECT_TRUE(engine.Reload({dir.string()}).empty());
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  std::atomic<int> allows{0};
  std::vector<std::thread> threads;
  auto deadline = std::chrono::steady_clock::now() + kMaxDuration;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      // Each thread walks every approval, retrying until each is settled
      // (used by someone), bounded by the deadline.
      for (int k = 0; k < kApprovals && std::chrono::steady_clock::now() < deadline; ++k) {
        const std::string& id = ids[static_cast<size_t>((k + t * 7) % kApprovals)];
        std::string retry = Request("send");
        retry.replace(retry.rfind('}') - 1, 0, R"(, "approval": ")" + id + "\"");
        for (;;) {
          intent::Decision d = engine.Decide(retry);
          if (d.effect == intent::Effect::kAllow) {
            allows++;
            break;
          }
          if (d.errors.empty() || d.errors[0].find("still pending") == std::string::npos ||
              std::chrono::steady_clock::now() >= deadline) {
            break;  // used by another thread (or refused): settled
          }
          std::this_thread::yield();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  approver.join();
  stop = true;
  reloader.join();
  EXPECT_EQ(allows.load(), kApprovals);
  for (const std::string& id : ids) {
    EXPECT_EQ(engine.GetApproval(id)->state, intent::ApprovalState::kUsed);
  }
  fs::remove_all(dir);
}

}  // namespace
