// `limit` under concurrency (docs/semantics.md, "Counting and limits"): threads racing
// on one engine, and on the JIT and the interpreter sharing one counter
// store, as a tiered engine's two engines do, must together get exactly N
// allows, never N + 1; per-KEY limits are exact for every key.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <vector>

#include "runtime/bind/bind_json.h"
#include "runtime/core/counter_store.h"
#include "runtime/interp/interpreter.h"
#include "runtime/native/jit/jit_engine.h"
#include "tests/concurrency/run_threads.h"
#include "tests/unit/mail_requests.h"
#include "tests/unit/test_support.h"

namespace intent::runtime {
namespace {

using test_support::DeleteRequest;
using test_support::RunThreads;

// Both engines over one checked policy and one counter store.
class LimitRace : public ::testing::Test {
 protected:
  void Load(const std::string& policy) {
    result_ = test_support::CheckPolicy(policy);
    ASSERT_TRUE(result_->diagnostics.all().empty()) << result_->FirstMessage();
    std::string error;
    jit_ = JitEngine::Create({&result_->checked}, store_, {}, &error);
    ASSERT_TRUE(jit_) << error;
    interpreter_ = std::make_unique<Interpreter>(
        std::vector<const check::CheckedModule*>{&result_->checked}, store_);
  }
  void Bind(const std::string& json, SlotRequest& out) {
    std::optional<BindError> error = BindRequestSlots(json, result_->schemas, out);
    ASSERT_FALSE(error) << error->ToString();
  }
  void Bind(const std::string& json, BoundRequest& out) {
    BindResult bound = BindRequestJson(json, result_->schemas);
    ASSERT_TRUE(bound.request) << bound.error->ToString();
    out = std::move(*bound.request);
  }
  std::unique_ptr<test_support::CheckResult> result_;
  InProcessCounterStore store_;
  std::unique_ptr<JitEngine> jit_;
  std::unique_ptr<Interpreter> interpreter_;
};

TEST_F(LimitRace, JitThreadsGetExactlyTheLimit) {
  Load(R"(policy "p" for mail
allow delete limit 10 per 1d
)");
  SlotRequest request;
  Bind(DeleteRequest(), request);
  std::atomic<int> allows{0};
  RunThreads(8, [&](int) {
    DecisionRecord record;
    for (int i = 0; i < 50; ++i) {
      jit_->Decide(request, 0, record);
      if (record.effect == Effect::kAllow) ++allows;
    }
  });
  EXPECT_EQ(allows.load(), 10);
}

TEST_F(LimitRace, InterpreterThreadsGetExactlyTheLimit) {
  Load(R"(policy "p" for mail
allow delete limit 10 per 1d
)");
  BoundRequest request;
  Bind(DeleteRequest(), request);
  std::atomic<int> allows{0};
  RunThreads(8, [&](int) {
    for (int i = 0; i < 50; ++i) {
      if (interpreter_->Decide(request, 0).effect == Effect::kAllow) ++allows;
    }
  });
  EXPECT_EQ(allows.load(), 10);
}

TEST_F(LimitRace, BothEnginesOnOneStoreGetExactlyTheLimitTogether) {
  constexpr int kLimit = 25;
  Load(R"(policy "p" for mail
allow delete limit 25 per 1d
)");
  SlotRequest slots;
  Bind(DeleteRequest(), slots);
  BoundRequest bound;
  Bind(DeleteRequest(), bound);
  std::atomic<int> allows{0};
  std::atomic<int> denies{0};
  // Even threads decide with native code, odd ones with the interpreter.
  RunThreads(8, [&](int t) {
    DecisionRecord record;
    for (int i = 0; i < 60; ++i) {
      if (t % 2 == 0) {
        jit_->Decide(slots, 0, record);
      } else {
        interpreter_->Decide(bound, 0, record);
      }
      ++(record.effect == Effect::kAllow ? allows : denies);
    }
  });
  EXPECT_EQ(allows.load(), kLimit);
  EXPECT_EQ(denies.load(), 8 * 60 - kLimit);
  // Exactly the allowed calls were recorded; no reservation was left over.
  EXPECT_EQ(store_.EntryCountForTesting(), static_cast<size_t>(kLimit));
  EXPECT_EQ(jit_->Decide(slots, 0).effect, Effect::kDeny);
  EXPECT_EQ(interpreter_->Decide(bound, 0).effect, Effect::kDeny);
}

TEST_F(LimitRace, PerKeyLimitsAreExactForEveryKey) {
  constexpr int kKeys = 4;
  Load(R"(policy "p" for mail
allow delete limit 5 per 1d per message.id
)");
  std::array<SlotRequest, kKeys> slots;
  std::array<BoundRequest, kKeys> bound;
  for (int k = 0; k < kKeys; ++k) {
    std::string json = DeleteRequest("2026-11-28T10:00:00Z", "m" + std::to_string(k));
    Bind(json, slots[k]);
    Bind(json, bound[k]);
  }
  std::array<std::atomic<int>, kKeys> allows{};
  RunThreads(8, [&](int t) {
    DecisionRecord record;
    for (int i = 0; i < 40; ++i) {
      int k = (i + t) % kKeys;  // every thread cycles through every key
      if (t % 2 == 0) {
        jit_->Decide(slots[k], 0, record);
      } else {
        interpreter_->Decide(bound[k], 0, record);
      }
      if (record.effect == Effect::kAllow) ++allows[k];
    }
  });
  for (int k = 0; k < kKeys; ++k) EXPECT_EQ(allows[k].load(), 5) << "key m" << k;
}

}  // namespace
}  // namespace intent::runtime
