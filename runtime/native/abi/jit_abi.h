// The contract between generated code and the runtime: the context every
// rule function receives, how it reports its outcome, and the helper
// functions it calls for work not worth open-coding (regex, time zones,
// counters, allocation). The helpers are declared once, in
// jit_helpers.def: the prototypes below, the JIT's symbol table, the LLVM
// types code generation declares them with and a static_assert on each
// definition all come from it, so the two sides cannot drift apart.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <type_traits>

#include "runtime/core/slots.h"

namespace intent {
class CounterStore;  // include/intent/counter_store.hpp
}
namespace intent::ir {
struct Program;
}

namespace intent::runtime::jit {

// Per-thread state of the helpers for one decision.
struct JitRuntime {
  const ir::Program* program = nullptr;
  CounterStore* counters = nullptr;
  std::string error;  // set by a helper before generated code reports an error
  Arena arena;        // strings and lists made while deciding
  // An exception must not unwind through generated frames: helpers catch
  // it here, and the engine rethrows it when the rule function returns.
  std::exception_ptr exception;
};

// What a rule function reads. Generated code sees it as an array of i64,
// indexed by the constants below.
struct JitContext {
  const Slot* input;
  const Slot* context;
  uint64_t principal;  // address of its bytes
  uint64_t principal_length;
  int64_t now;
  JitRuntime* runtime;
  Slot key;  // out: the limit key's value, when the rule has `per KEY`
  // What the decision has left of its evaluation budget (runtime/core/cost.h),
  // shared by its rules; below zero, the rule that spent it fails closed.
  int64_t steps;
  // The schema's data documents and their set (runtime/core/data.h).
  const Slot* data;
  const DataSet* data_set;
};
inline constexpr unsigned kCtxInput = 0, kCtxContext = 1, kCtxPrincipal = 2,
                          kCtxPrincipalLength = 3, kCtxNow = 4, kCtxKeyWord = 6, kCtxKeyExtra = 7,
                          kCtxSteps = 8, kCtxData = 9;
static_assert(offsetof(JitContext, key) == 6 * 8);
static_assert(offsetof(JitContext, steps) == kCtxSteps * 8);
static_assert(offsetof(JitContext, data) == kCtxData * 8);

// A rule function: `uint32_t rule(JitContext*)`, returning
// kind | in_unless << 3 | clause << 4, with kind a RuleOutcome::Kind.
using RuleFunction = uint32_t (*)(JitContext*);
inline constexpr uint32_t kOutcomeKindMask = 7;
inline constexpr uint32_t kOutcomeUnlessBit = 8;
inline constexpr uint32_t kOutcomeClauseShift = 4;

// Fixed error texts (kept equal to the interpreter's).
enum FixedError : int32_t { kErrorOverflow = 0, kErrorTimestampRange = 1, kErrorBudget = 2 };

// How generated code passes each C type of a helper's signature.
enum class AbiType : uint8_t {
  kVoid,
  kI1,      // bool
  kI32,     // 32-bit integers
  kI64,     // 64-bit integers, and `const void*`: data symbols are i64 addresses
  kI64Ptr,  // the context and out-parameters: i64*
};

template <typename T>
constexpr AbiType AbiTypeOf() {
  if constexpr (std::is_void_v<T>) {
    return AbiType::kVoid;
  } else if constexpr (std::is_same_v<T, bool>) {
    return AbiType::kI1;
  } else if constexpr (std::is_integral_v<T> && sizeof(T) == 4) {
    return AbiType::kI32;
  } else if constexpr (std::is_integral_v<T> && sizeof(T) == 8) {
    return AbiType::kI64;
  } else if constexpr (std::is_same_v<T, const void*>) {
    return AbiType::kI64;
  } else {
    static_assert(std::is_pointer_v<T>, "a helper type with no ABI mapping (jit_abi.h)");
    return AbiType::kI64Ptr;
  }
}

inline constexpr size_t kMaxHelperParams = 6;

// A helper's name and signature in ABI types.
struct HelperSignature {
  const char* name;
  AbiType result;
  size_t param_count;
  std::array<AbiType, kMaxHelperParams> params;
};

template <typename F>
struct HelperSignatureOf;
template <typename R, typename... P>
struct HelperSignatureOf<R(P...)> {
  static_assert(sizeof...(P) <= kMaxHelperParams);
  static constexpr HelperSignature Make(const char* name) {
    return {name, AbiTypeOf<R>(), sizeof...(P), {AbiTypeOf<P>()...}};
  }
};

// The helpers, with C linkage so generated code can call them by name.
extern "C" {
#define INTENT_JIT_HELPER(id, c_name, result, ...) result c_name(__VA_ARGS__);
#include "runtime/native/abi/jit_helpers.def"
#undef INTENT_JIT_HELPER
}

// What code generation calls a helper by.
enum class Helper : uint8_t {
#define INTENT_JIT_HELPER(id, c_name, result, ...) id,
#include "runtime/native/abi/jit_helpers.def"
#undef INTENT_JIT_HELPER
};

// By Helper.
inline constexpr HelperSignature kHelpers[] = {
#define INTENT_JIT_HELPER(id, c_name, result, ...) \
  HelperSignatureOf<result(__VA_ARGS__)>::Make(#c_name),
#include "runtime/native/abi/jit_helpers.def"
#undef INTENT_JIT_HELPER
};

constexpr const HelperSignature& SignatureOf(Helper helper) {
  return kHelpers[static_cast<size_t>(helper)];
}

}  // namespace intent::runtime::jit
