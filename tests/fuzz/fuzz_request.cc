// libFuzzer target: the request binder and both engines. The input is the
// JSON text of one request, bound against the gmail example's schema both
// ways the runtime binds (BindRequestJson for the interpreter,
// BindRequestSlots for native code). A request that binds is decided, twice
// so that counting shows, by the interpreter and by the JIT (compiled once,
// for the whole run), over the gmail example's policies.
//
// Findings: crashes, sanitizer reports and hangs; the two binders
// disagreeing (they promise the same checks and the same errors); the two
// engines' decisions or explanations differing (the interpreter defines
// the semantics, the JIT must agree on every input).
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/bind_json.h"
#include "runtime/counter_store.h"
#include "runtime/decision_json.h"
#include "runtime/interpreter.h"
#include "runtime/jit/jit_engine.h"
#include "tests/fuzz/fuzz_support.h"

namespace intent::fuzz {
namespace {

// Each input starts from empty counters, so a finding does not depend on
// the inputs before it; the engines keep their reference to this store.
class FreshCounterStore : public runtime::CounterStore {
 public:
  void Reset() { store_ = std::make_unique<runtime::InProcessCounterStore>(); }
  int64_t Count(const std::string& key, int64_t window, int64_t now) override {
    return store_->Count(key, window, now);
  }
  void Record(const std::string& key, int64_t now, int64_t retain) override {
    store_->Record(key, now, retain);
  }
  bool Reserve(const std::string& key, int64_t limit, int64_t window, int64_t now) override {
    return store_->Reserve(key, limit, window, now);
  }
  void Commit(const std::string& key, int64_t now) override { store_->Commit(key, now); }
  void Release(const std::string& key) override { store_->Release(key); }

 private:
  std::unique_ptr<runtime::InProcessCounterStore> store_ =
      std::make_unique<runtime::InProcessCounterStore>();
};

// The gmail bundle with one engine of each kind, built on the first input.
struct Engines {
  Engines() {
    compilation = driver::CompileSources(GmailPolicies(), GmailSchemas());
    if (compilation->diagnostics.HasErrors()) Fail("the gmail example does not compile");
    std::vector<const check::CheckedModule*> modules;
    for (const check::CheckedModule& module : compilation->checked) modules.push_back(&module);
    interpreter = std::make_unique<runtime::Interpreter>(modules, interpreter_counters);
    std::string error;
    jit = runtime::JitEngine::Create(modules, jit_counters, {}, &error);
    if (!jit) Fail("the JIT failed: " + error);
  }
  std::unique_ptr<driver::Compilation> compilation;
  FreshCounterStore interpreter_counters;
  FreshCounterStore jit_counters;
  std::unique_ptr<runtime::Interpreter> interpreter;
  std::unique_ptr<runtime::JitEngine> jit;
  runtime::SlotRequest slots;  // reused, as intentc reuses it
};

// 2026-11-28T10:00:00Z, for requests without context.time.
constexpr int64_t kNow = 1795860000LL * 1000000;

}  // namespace
}  // namespace intent::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace intent;
  static fuzz::Engines engines;
  std::string_view json = fuzz::AsText(data, size);
  const schema::SchemaSet& schemas = engines.compilation->schemas;
  runtime::BindResult bound = runtime::BindRequestJson(json, schemas);
  std::optional<runtime::BindError> slot_error =
      runtime::BindRequestSlots(json, schemas, engines.slots);
  if (bound.request.has_value() == slot_error.has_value()) {
    fuzz::Fail(fmt::format("BindRequestJson {}, BindRequestSlots {}",
                           bound.request ? "binds" : "says " + bound.error->ToString(),
                           slot_error ? "says " + slot_error->ToString() : "binds"));
  }
  if (!bound.request) {
    if (bound.error->ToString() != slot_error->ToString()) {
      fuzz::Fail(fmt::format("the binders' errors differ: '{}' and '{}'", bound.error->ToString(),
                             slot_error->ToString()));
    }
    return 0;
  }
  engines.interpreter_counters.Reset();
  engines.jit_counters.Reset();
  for (int round = 0; round < 2; ++round) {
    runtime::Explanation interpreter_why;
    runtime::Explanation jit_why;
    std::string want = runtime::DecisionToJson(
        engines.interpreter->Decide(*bound.request, fuzz::kNow, &interpreter_why),
        &interpreter_why);
    std::string got =
        runtime::DecisionToJson(engines.jit->Decide(engines.slots, fuzz::kNow, &jit_why), &jit_why);
    if (want != got) {
      fuzz::Fail(fmt::format("the engines disagree (decision {}):\n  interpreter: {}\n  jit: {}",
                             round + 1, want, got));
    }
  }
  return 0;
}
