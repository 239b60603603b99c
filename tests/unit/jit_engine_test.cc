// The JIT engine and the tiered engine: what the differential tester does
// not cover — exceptions from a counter store, and the tiered engine
// without the JIT. Tests that start threads (racing limits, the switch to
// native code) are in tests/concurrency, which also runs under TSan.
#include "runtime/native/jit/jit_engine.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime/bind/bind_json.h"
#include "runtime/engine/tiered_engine.h"
#include "tests/unit/failing_count_store.h"
#include "tests/unit/mail_requests.h"
#include "tests/unit/test_support.h"

namespace intent::runtime {
namespace {

using test_support::DeleteRequest;
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
