// The IR the JIT compiles: a checked bundle lowered for code generation.
//
// Rules are grouped by policy and operation (a rule naming two operations
// is lowered once for each, since their inputs may lay out differently);
// names and field reads are resolved to slot indexes of the bound request
// (runtime/core/slots.h); constant subexpressions are folded, by the reference
// interpreter itself so that folding cannot disagree with it; constant
// lists tested for membership become sets. Each expression is a node in
// one pool; children are node indexes, evaluated in the order listed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/check/checked_module.h"
#include "runtime/core/status.h"
#include "runtime/core/value.h"
#include "stdlib/builtins.h"
#include "stdlib/timezone.h"

namespace re2 {
class RE2;
}

namespace intent::ir {

// How a value is represented in native code (see runtime/core/slots.h).
enum class Rep : uint8_t {
  kBool,    // i1
  kInt,     // i64: int, timestamp, duration, enum index
  kString,  // address + length
  kEmail,   // address + (length | '@' offset << 32)
  kList,    // address of the item slots + length
  kRecord,  // address of the field slots
  kMap,     // address of a runtime::DataMap (data documents only)
};

enum class Op : uint8_t {
  kConst,         // constants[a]
  kFail,          // always fails with messages[a]
  kInputField,    // input slot a; absent: messages[b] (b = kNoMessage: required)
  kContextField,  // context slot a; likewise
  kDataField,     // data document slot a of the schema (docs/data.md)
  kField,         // slot a of record args[0]; likewise
  kEmailLocal,    // of args[0]
  kEmailDomain,   // of args[0]
  kNow,
  kToday,      // start of the day of `now` in timezones[a]
  kPrincipal,  // string
  kVariable,   // the element bound by the quantifier node a
  kIndex,      // args[0][args[1]]
  kMapGet,     // the value of map args[0] at key args[1]; a missing key fails with
               // messages[b], or makes `has` false (b = kAbsentMakesHasFalse)
  kMakeList,   // [args...]
  kNot,
  kNegate,  // int or duration; overflow fails
  kAnd,
  kOr,
  kEq,  // on args' rep: bool, int, string, email
  kNe,
  kLt,  // int or string
  kLe,
  kGt,
  kGe,
  kInSet,        // args[0] (the element) in sets[a]; b = kNegated for `not in`
  kInList,       // element in list: args in evaluation order, a = 1 when args[0] is the list
  kInMap,        // key args[0] in map args[1]; b = kNegated for `not in`
  kStrContains,  // args[0] contains args[1]
  kStartsWith,
  kEndsWith,
  kMatches,  // args[0] matches regexes[a]
  kAdd,      // checked i64; b = 1: the result is a timestamp (range-checked)
  kSub,
  kCall,  // functions[a] applied to args[0]
  kAll,   // args[0] is the list, args[1] the body (reads kVariable of this node);
          // a = the steps each element costs (cost::BodyWeight)
  kAny,
  kNone,
  kHas,    // args[0] is a path whose absent parts make this false
  kCount,  // calls counted for counts[a]
};

// The function of a kCall: the overload the checker resolved
// (stdlib/builtins.def). Those reading the policy's time zone use timezones[b].
using Function = stdlib::Builtin;

inline constexpr uint32_t kNoMessage = UINT32_MAX;
// For a field read inside `has PATH`: an absent value makes the `has` false.
inline constexpr uint32_t kAbsentMakesHasFalse = UINT32_MAX - 1;
// kInList/kInSet negated (`not in`) is expressed by this bit in `b`.
inline constexpr uint32_t kNegated = 1;

struct Node {
  Op op = Op::kConst;
  Rep rep = Rep::kBool;
  const types::Type* type = nullptr;  // the checked type (for dumps, limit keys)
  const std::string* name = nullptr;  // field reads: the field's name (for dumps)
  uint32_t a = 0;
  uint32_t b = 0;
  std::vector<uint32_t> args;
};

// A constant list tested with `in`: element KeyTexts (runtime::KeyText).
struct ConstSet {
  Rep element = Rep::kInt;
  std::vector<int64_t> ints;         // sorted, for kInt elements
  std::vector<std::string> strings;  // sorted, for string and email elements
  bool has_true = false, has_false = false;
};

struct CountSpec {
  std::vector<std::string> operation_ids;
  int64_t window = 0;  // micros
};

// One rule lowered for one operation.
struct RuleBody {
  const check::CheckedRule* rule = nullptr;
  std::vector<uint32_t> when;
  std::vector<uint32_t> unless;
  // The limit key's node when the rule has `limit ... per KEY`.
  std::optional<uint32_t> limit_key;
};

// The rules of one policy that apply to one operation, in file order.
struct Group {
  uint32_t policy = 0;  // index into Program::policies
  const schema::Operation* operation = nullptr;
  std::vector<RuleBody> rules;
};

struct Policy {
  const check::CheckedModule* module = nullptr;
  uint32_t module_index = 0;  // position in the bundle
};

struct Program {
  std::vector<Policy> policies;
  std::vector<Group> groups;  // by policy, then by the schema's operation order
  std::vector<Node> nodes;
  std::vector<runtime::Value> constants;
  std::vector<std::string> messages;
  std::vector<ConstSet> sets;
  std::vector<const re2::RE2*> regexes;
  std::vector<stdlib::Timezone> timezones;  // per policy
  std::vector<CountSpec> counts;
  // The longest count() window of the bundle (allowed calls are kept so long).
  int64_t longest_count_window = 0;
};

// The representation of values of `type` (int-like for kUnknown, the
// element type of `[]`).
Rep RepOf(const types::Type* type);

// Lowers every checked module (all must have no errors) into one program.
// The modules must outlive it.
std::unique_ptr<Program> Lower(const std::vector<const check::CheckedModule*>& modules);

// Checks the program's invariants (child counts, representations, indexes
// in range); an error describes the first violation.
runtime::Status Verify(const Program& program);

// Readable text of the program (`intentc compile --emit ir`); with node
// ids, every expression is prefixed with its %index (for verifier errors).
std::string Dump(const Program& program, bool with_node_ids = false);

}  // namespace intent::ir
