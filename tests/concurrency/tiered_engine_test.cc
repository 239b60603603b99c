// The tiered engine's switch from the interpreter to native code, which
// happens on a background thread while requests are decided: limits stay
// exact across it, and the native code sees the interpreter's counts.
#include "runtime/engine/tiered_engine.h"

#include <gtest/gtest.h>

#include <atomic>

#include "runtime/bind/bind_json.h"
#include "tests/concurrency/run_threads.h"
#include "tests/unit/mail_requests.h"
#include "tests/unit/test_support.h"

namespace intent::runtime {
namespace {

using test_support::DeleteRequest;
using test_support::RunThreads;

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

TEST(TieredEngine, ThreadsDecidingAcrossTheSwitchGetExactlyTheLimit) {
  auto result = test_support::CheckPolicy(R"(policy "p" for mail
allow delete limit 40 per 1d
)");
  ASSERT_TRUE(result->diagnostics.all().empty()) << result->FirstMessage();
  InProcessCounterStore store;
  TieredEngine engine({&result->checked}, store, {});
  SlotRequest request;
  ASSERT_FALSE(BindRequestSlots(DeleteRequest(), result->schemas, request));
  std::atomic<int> allows{0};
  std::atomic<int> native_decisions{0};
  RunThreads(4, [&](int) {
    DecisionRecord record;
    // Decide until native code has served a few calls of this thread
    // (bounded, should the JIT never come).
    int after_switch = 0;
    for (int i = 0; i < 200000 && after_switch < 20; ++i) {
      bool native = engine.NativeReady();
      engine.Decide(request, 0, record);
      if (record.effect == Effect::kAllow) ++allows;
      if (native) ++after_switch;
    }
    native_decisions += after_switch;
  });
  ASSERT_TRUE(engine.WaitForNative()) << engine.JitError();
  EXPECT_EQ(native_decisions.load(), 4 * 20);
  EXPECT_EQ(allows.load(), 40);
  EXPECT_EQ(store.EntryCountForTesting(), 40u);
}

}  // namespace
}  // namespace intent::runtime
