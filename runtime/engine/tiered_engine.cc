// Interpreter first, JIT when ready (see tiered_engine.h).
#include "runtime/engine/tiered_engine.h"

#include <exception>

#include "runtime/core/request.h"

namespace intent::runtime {

TieredEngine::TieredEngine(const std::vector<const check::CheckedModule*>& modules,
                           CounterStore& counters, const TieredOptions& options)
    : interpreter_(modules, counters, options.jit.evaluation_budget) {
  if (!options.use_jit) return;
  compiler_ = std::thread([this, modules, &counters, jit = options.jit] {
    std::string error;
    std::unique_ptr<JitEngine> engine;
    // A bug in the back end must never take the process down: an exception
    // escaping this thread would call std::terminate. The interpreter keeps
    // serving, and the error is there for JitError().
    try {
      engine = JitEngine::Create(modules, counters, jit, &error);
    } catch (const std::exception& e) {
      engine.reset();
      error = std::string("internal error in the native compile: ") + e.what();
    } catch (...) {
      engine.reset();
      error = "internal error in the native compile";
    }
    std::lock_guard lock(mutex_);
    if (!engine) {
      jit_error_ = error.empty() ? "the JIT failed" : error;
      return;
    }
    owned_jit_ = std::move(engine);
    jit_.store(owned_jit_.get(), std::memory_order_release);
  });
}

TieredEngine::~TieredEngine() {
  if (compiler_.joinable()) compiler_.join();
}

bool TieredEngine::WaitForNative() {
  if (compiler_.joinable()) compiler_.join();
  return NativeReady();
}

std::string TieredEngine::JitError() const {
  std::lock_guard lock(mutex_);
  return jit_error_;
}

void TieredEngine::Decide(const SlotRequest& request, int64_t now, DecisionRecord& out,
                          Explanation* explain) const {
  if (const JitEngine* jit = jit_.load(std::memory_order_acquire)) {
    jit->Decide(request, now, out, explain);
    return;
  }
  // Until then the interpreter decides, on the values it reads.
  interpreter_.Decide(FromSlots(request), now, out, explain);
}

}  // namespace intent::runtime
