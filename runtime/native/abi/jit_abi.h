// The contract between generated code and the runtime: the context every
// rule function receives, how it reports its outcome, and the helper
// functions it calls for work not worth open-coding (regex, time zones,
// counters, allocation). The code generator and the helpers both include
// this header, so the two sides cannot drift apart silently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

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
};
inline constexpr unsigned kCtxInput = 0, kCtxContext = 1, kCtxPrincipal = 2,
                          kCtxPrincipalLength = 3, kCtxNow = 4, kCtxKeyWord = 6, kCtxKeyExtra = 7;
static_assert(offsetof(JitContext, key) == 6 * 8);

// A rule function: `uint32_t rule(JitContext*)`, returning
// kind | in_unless << 3 | clause << 4, with kind a RuleOutcome::Kind.
using RuleFunction = uint32_t (*)(JitContext*);
inline constexpr uint32_t kOutcomeKindMask = 7;
inline constexpr uint32_t kOutcomeUnlessBit = 8;
inline constexpr uint32_t kOutcomeClauseShift = 4;

// Fixed error texts (kept equal to the interpreter's).
enum FixedError : int32_t { kErrorOverflow = 0, kErrorTimestampRange = 1 };

}  // namespace intent::runtime::jit

// The helpers, with C linkage so generated code can call them by name.
// Strings are (address, length); out-parameters point to two i64s.
extern "C" {
void intent_rt_fail(intent::runtime::jit::JitContext* ctx, uint32_t message);
void intent_rt_fail_fixed(intent::runtime::jit::JitContext* ctx, int32_t error);
void intent_rt_fail_index(intent::runtime::jit::JitContext* ctx, int64_t index, int64_t size);
bool intent_rt_str_eq(uint64_t a, uint64_t an, uint64_t b, uint64_t bn);
int32_t intent_rt_str_cmp(uint64_t a, uint64_t an, uint64_t b, uint64_t bn);
bool intent_rt_str_contains(uint64_t a, uint64_t an, uint64_t b, uint64_t bn);
bool intent_rt_str_starts(uint64_t a, uint64_t an, uint64_t b, uint64_t bn);
bool intent_rt_str_ends(uint64_t a, uint64_t an, uint64_t b, uint64_t bn);
bool intent_rt_matches(const void* regex, uint64_t text, uint64_t length);
bool intent_rt_set_int(const void* set, int64_t value);
bool intent_rt_set_str(const void* set, uint64_t text, uint64_t length);
// rep is an ir::Rep; (a, b) the element as generated code holds it.
bool intent_rt_list_has(int32_t rep, uint64_t items, uint64_t count, uint64_t a, uint64_t b);
void intent_rt_lower(intent::runtime::jit::JitContext* ctx, uint64_t s, uint64_t n, uint64_t* out);
void intent_rt_upper(intent::runtime::jit::JitContext* ctx, uint64_t s, uint64_t n, uint64_t* out);
void intent_rt_trim(uint64_t s, uint64_t n, uint64_t* out);
int64_t intent_rt_code_points(uint64_t s, uint64_t n);
int64_t intent_rt_hour(const void* timezone, int64_t micros);
void intent_rt_weekday(const void* timezone, int64_t micros, uint64_t* out);
int64_t intent_rt_start_of_day(const void* timezone, int64_t micros);
// false on overflow; unit is 'd', 'h' or 'm'.
bool intent_rt_duration(int64_t amount, int32_t unit, int64_t* out);
int64_t intent_rt_count(intent::runtime::jit::JitContext* ctx, const void* count_spec);
uint64_t intent_rt_alloc_slots(intent::runtime::jit::JitContext* ctx, uint64_t count);
}
