// The runtime's engine choice: a bundle is served by the interpreter from
// the moment it is checked, while a background thread compiles it to
// native code; decisions switch to the JIT once it is ready. Both engines
// decide identically (tests/differential), so the switch is invisible
// except in latency, and loading a large bundle never waits for LLVM.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/core/slots.h"
#include "runtime/interp/interpreter.h"
#include "runtime/native/jit/jit_engine.h"

namespace intent::runtime {

struct TieredOptions {
  bool use_jit = true;  // false: the interpreter only
  JitOptions jit;       // jit.evaluation_budget is both engines' budget
};

class TieredEngine {
 public:
  // `modules` and `counters` must outlive the engine. Returns at once; the
  // native code follows in the background.
  TieredEngine(const std::vector<const check::CheckedModule*>& modules, CounterStore& counters,
               const TieredOptions& options);
  ~TieredEngine();  // waits for the compiling thread
  TieredEngine(const TieredEngine&) = delete;
  TieredEngine& operator=(const TieredEngine&) = delete;

  // Thread-safe, like both engines.
  void Decide(const SlotRequest& request, int64_t now, DecisionRecord& out,
              Explanation* explain = nullptr) const;

  bool NativeReady() const { return jit_.load(std::memory_order_acquire) != nullptr; }
  // Blocks until compiling ended; false if the JIT is off or failed (then
  // `JitError()` says why and the interpreter keeps serving). For the
  // engine's owner: not to be called from two threads at once.
  bool WaitForNative();
  std::string JitError() const;

 private:
  Interpreter interpreter_;
  std::unique_ptr<JitEngine> owned_jit_;
  std::atomic<const JitEngine*> jit_{nullptr};
  mutable std::mutex mutex_;  // guards jit_error_
  std::string jit_error_;
  std::thread compiler_;
};

}  // namespace intent::runtime
