// The JIT engine and the tiered engine: what the differential tester does
// not cover — threads, exceptions from a counter store, and the switch
// from interpreter to native code.
#include "runtime/jit/jit_engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "runtime/bind_json.h"
#include "runtime/tiered_engine.h"
#include "tests/unit/failing_count_store.h"
#include "tests/unit/test_support.h"

namespace intent::runtime {
namespace {

std::string DeleteRequest(const std::string& time = "2026-11-28T10:00:00Z") {
  return R"({"principal": "bot", "operation": "mail.messages.delete", "input": {"message": {
    "id": "m1", "sender": "a@example.com", "to": ["b@example.com"], "unread": true,
    "received": "2026-11-28T08:00:00Z", "labels": [], "size": 10, "attachments": [],
    "priority": "low"}}, "context": {"user_present": true, "time": ")" +
         time + R"("}})";
}

class JitEngineTest : public ::testing::Test {
 protected:
  void Load(const std::string& policy) {
    result_ = test_support::CheckPolicy(policy);
    ASSERT_TRUE(result_->diagnostics.all().empty()) << result_->FirstMessage();
    std::string error;
    jit_ = JitEngine::Create({&result_->checked}, store_, {}, &error);
    ASSERT_TRUE(jit_) << error;
  }
  void Bind(const std::string& json, SlotRequest& out) {
    std::optional<BindError> error = BindRequestSlots(json, result_->schemas, out);
    ASSERT_FALSE(error) << error->ToString();
  }

  std::unique_ptr<test_support::CheckResult> result_;
  InProcessCounterStore store_;
  std::unique_ptr<JitEngine> jit_;
};

TEST_F(JitEngineTest, RacingThreadsGetExactlyTheLimit) {
  Load(R"(policy "p" for mail
allow delete limit 10 per 1d
)");
  SlotRequest request;
  Bind(DeleteRequest(), request);
  std::atomic<int> allows{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      DecisionRecord record;
      for (int i = 0; i < 50; ++i) {
        jit_->Decide(request, 0, record);
        if (record.effect == Effect::kAllow) ++allows;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allows.load(), 10);
}

using test_support::FailingCountStore;

TEST(JitReservations, AreGivenBackWhenACounterStoreThrows) {
  auto result = test_support::CheckPolicy(R"(policy "p" for mail
@id("one") allow delete limit 1 per 1d
@id("busy") ask delete when count(delete on messages within 1h) > 100
)");
  ASSERT_TRUE(result->diagnostics.all().empty()) << result->FirstMessage();
  FailingCountStore store;
  std::string error;
  auto jit = JitEngine::Create({&result->checked}, store, {}, &error);
  ASSERT_TRUE(jit) << error;
  SlotRequest request;
  ASSERT_FALSE(BindRequestSlots(DeleteRequest(), result->schemas, request));
  // The exception crosses no generated frame: the helper keeps it and the
  // engine rethrows it once the rule function has returned.
  EXPECT_THROW(jit->Decide(request, 0), std::runtime_error);
  EXPECT_EQ(store.inner.KeyCountForTesting(), 0u);
}

TEST(TieredEngine, SwitchesToNativeCodeAndKeepsCounting) {
  auto result = test_support::CheckPolicy(R"(policy "p" for mail
allow delete limit 3 per 1d
)");
  ASSERT_TRUE(result->diagnostics.all().empty()) << result->FirstMessage();
  InProcessCounterStore store;
  TieredEngine engine({&result->checked}, store, {});
  SlotRequest request;
  ASSERT_FALSE(BindRequestSlots(DeleteRequest(), result->schemas, request));
  DecisionRecord record;
  // Whichever engine serves them, the first three calls use up the limit...
  for (int i = 0; i < 3; ++i) {
    engine.Decide(request, 0, record);
    EXPECT_EQ(record.effect, Effect::kAllow);
  }
  ASSERT_TRUE(engine.WaitForNative()) << engine.JitError();
  EXPECT_TRUE(engine.NativeReady());
  // ...and the native code sees the same counters afterwards.
  engine.Decide(request, 0, record);
  EXPECT_EQ(record.effect, Effect::kDeny);
}

TEST(TieredEngine, WithoutTheJitTheInterpreterServes) {
  auto result = test_support::CheckPolicy(R"(policy "p" for mail
allow delete when message.size < 100
)");
  ASSERT_TRUE(result->diagnostics.all().empty()) << result->FirstMessage();
  InProcessCounterStore store;
  TieredOptions options;
  options.use_jit = false;
  TieredEngine engine({&result->checked}, store, options);
  EXPECT_FALSE(engine.WaitForNative());
  SlotRequest request;
  ASSERT_FALSE(BindRequestSlots(DeleteRequest(), result->schemas, request));
  DecisionRecord record;
  engine.Decide(request, 0, record);
  EXPECT_EQ(record.effect, Effect::kAllow);
  ASSERT_EQ(record.rules.size(), 1u);
}

}  // namespace
}  // namespace intent::runtime
