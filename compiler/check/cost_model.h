// The evaluation cost model (docs/semantics.md, "Evaluation cost"): the
// limits and the charge of each operation, in steps. The checker estimates
// a rule's worst case with them (W0006); both engines charge them while
// deciding (runtime/core/cost.h), so a request that runs out of budget
// fails closed alike under both. A step is roughly the work of copying 32
// bytes or visiting one expression node: about 20 ns in the interpreter.
#pragma once

#include <cstddef>
#include <cstdint>

#include "compiler/ast/ast.h"
#include "compiler/check/checked_module.h"

namespace intent::check::cost {

// Steps one decision may take, all rules together, by default
// (EngineOptions::evaluation_budget): the worst decision the interpreter
// can be made to take stays near 10 ms (bench/worst_case_bench.cc).
inline constexpr int64_t kDefaultBudget = 500'000;
// What a request may hold: bytes, and elements of any one list (the
// binder's defaults, runtime/core/request.h).
inline constexpr size_t kMaxRequestBytes = size_t{1} << 20;
inline constexpr size_t kMaxListLength = 10'000;
// The largest RE2 program a `matches` pattern may compile to (E0408): one
// that large can search 2 KB of text within the default budget.
inline constexpr int kMaxRegexProgramSize = 1'000;

// Bytes of string work per step (comparing, searching, case mapping, copying).
inline constexpr int64_t kBytesPerStep = 8;
// Regex work per step, in text bytes times RE2 program instructions: a
// search costs up to that product (about 5 ns each) when RE2 leaves its DFA
// for the NFA, which a small DFA memory (kRegexMaxMemory) makes it do early
// instead of building DFA states at several times that cost.
inline constexpr int64_t kRegexUnitsPerStep = 2;
inline constexpr int64_t kRegexMaxMemory = int64_t{256} * 1024;

// Working on (or making) a string of `length` bytes.
inline int64_t Text(uint64_t length) { return static_cast<int64_t>(length / kBytesPerStep); }
// `a == b` or `a != b` on two strings that are not constants: bytes are
// compared only when the lengths are equal.
inline int64_t Equality(uint64_t a, uint64_t b) { return a == b ? Text(a) : 0; }
// `<`, `<=`, `>`, `>=`, `starts_with`, `ends_with`: at most the shorter string.
inline int64_t Prefix(uint64_t a, uint64_t b) { return Text(a < b ? a : b); }
// `s contains t` on strings: a linear search (two-way, memmem).
inline int64_t Search(uint64_t text, uint64_t needle) { return Text(text + needle); }
// A hash lookup in a data document's map or long list (docs/data.md) by a
// key whose text is `key_bytes` long (0 for ints): hashing the key.
inline int64_t Lookup(uint64_t key_bytes) { return Text(key_bytes); }
// `s matches P`.
inline int64_t Regex(uint64_t text, int program_size) {
  uint64_t units = text * static_cast<uint64_t>(program_size > 0 ? program_size : 1);
  // Texts are below 2^31 bytes and programs at most kMaxRegexProgramSize.
  return static_cast<int64_t>(units / kRegexUnitsPerStep);
}

// Whether `expr` reads nothing of the request: no input, context, principal,
// time, quantifier variable or count(). Such expressions are computed once
// when a bundle loads (the interpreter's folded constants, the IR's kConst)
// and cost nothing.
bool IsConstant(const CheckedModule& module, const ast::Expr& expr);

// What each element a quantifier visits costs besides what its body
// charges: the number of expression nodes in the body (at least 1).
int64_t BodyWeight(const ast::Quantifier& quantifier);

}  // namespace intent::check::cost
