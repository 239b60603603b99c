// The native engine: compiles a checked bundle with LLVM's ORC LLJIT and
// decides requests in slot form (runtime/core/slots.h) by calling one native
// function per applicable rule. Decisions equal the interpreter's on
// every input (tests/differential checks it).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/check/checked_module.h"
#include "runtime/core/cost.h"
#include "runtime/core/counter_store.h"
#include "runtime/core/decision.h"
#include "runtime/core/decision_builder.h"
#include "runtime/core/slots.h"

namespace intent::runtime {

// LLVM's code generation level for the rule functions. The functions are
// small and mostly branches and calls: kNone compiles ~10x faster than
// kDefault (docs/jit.md has the measurements).
enum class JitCodegenLevel { kNone, kLess, kDefault };

struct JitOptions {
  JitCodegenLevel codegen = JitCodegenLevel::kNone;
  // Threads compiling modules concurrently (0: on the loading thread).
  unsigned compile_threads = 0;
  // The steps one decision may take (runtime/core/cost.h).
  int64_t evaluation_budget = cost::kDefaultBudget;
};

// Where compile time went, in milliseconds.
struct JitCompileStats {
  double lower_ms = 0;    // checked modules -> IR
  double codegen_ms = 0;  // IR -> LLVM IR
  double native_ms = 0;   // LLVM IR -> machine code, linked
  size_t functions = 0;
};

class JitEngine {
 public:
  // Compiles `modules` (checked without errors; they must outlive the
  // engine, as must `counters`). Null with `error` set if LLVM fails.
  static std::unique_ptr<JitEngine> Create(const std::vector<const check::CheckedModule*>& modules,
                                           CounterStore& counters, const JitOptions& options,
                                           std::string* error);
  ~JitEngine();
  JitEngine(const JitEngine&) = delete;
  JitEngine& operator=(const JitEngine&) = delete;

  // Decides `request` at `now` (micros since the epoch) unless the request
  // carries its own time. Thread-safe. An exception from the CounterStore
  // propagates (reserved limit slots are given back first).
  void Decide(const SlotRequest& request, int64_t now, DecisionRecord& out,
              Explanation* explain = nullptr) const;
  Decision Decide(const SlotRequest& request, int64_t now, Explanation* explain = nullptr) const;

  const JitCompileStats& stats() const;

 private:
  struct State;
  explicit JitEngine(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// What the JIT generates for `modules`, as text: "ir" (the IR), "llvm"
// (LLVM IR) or "asm" (x86-64 assembly at `options`' level).
std::string EmitJitStage(const std::vector<const check::CheckedModule*>& modules,
                         std::string_view stage, const JitOptions& options, std::string* error);

}  // namespace intent::runtime
