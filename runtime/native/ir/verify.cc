// IR invariants: what code generation relies on, checked before it runs.
// Per node: its shape (child count, result representation, child order),
// then the indexes it carries, then its operands' representations (which
// may rely on both); then the groups' rules.
#include <fmt/format.h>

#include "runtime/native/ir/ir.h"

namespace intent::ir {
namespace {

using runtime::Status;

struct Shape {
  size_t args;   // exact child count; SIZE_MAX: any
  Rep result;    // expected representation; kRecord here means "any"
  bool any_rep;  // the result representation is not fixed by the op
};

Shape ShapeOf(Op op) {
  constexpr size_t kAny = SIZE_MAX;
  switch (op) {
    case Op::kConst:
    case Op::kFail:
    case Op::kInputField:
    case Op::kContextField:
    case Op::kDataField:
    case Op::kVariable: return {0, Rep::kBool, true};
    case Op::kField: return {1, Rep::kBool, true};
    case Op::kEmailLocal:
    case Op::kEmailDomain: return {1, Rep::kString, false};
    case Op::kNow:
    case Op::kToday:
    case Op::kCount: return {0, Rep::kInt, false};
    case Op::kPrincipal: return {0, Rep::kString, false};
    case Op::kIndex:
    case Op::kMapGet: return {2, Rep::kBool, true};
    case Op::kMakeList: return {kAny, Rep::kList, false};
    case Op::kNot:
    case Op::kHas:
    case Op::kInSet: return {1, Rep::kBool, false};
    case Op::kNegate: return {1, Rep::kInt, false};
    case Op::kCall: return {1, Rep::kBool, true};
    case Op::kAdd:
    case Op::kSub: return {2, Rep::kInt, false};
    default: return {2, Rep::kBool, false};  // logic, comparisons, membership, strings, quantifiers
  }
}

Status Require(bool holds, const char* violation) {
  return holds ? Status::Ok() : Status::Error(violation);
}

bool IsQuantifier(Op op) { return op == Op::kAll || op == Op::kAny || op == Op::kNone; }

// Child count, result representation, and children defined before their parent.
Status CheckShape(const Program& program, size_t i) {
  const Node& node = program.nodes[i];
  Shape shape = ShapeOf(node.op);
  if (shape.args != SIZE_MAX && node.args.size() != shape.args) {
    return Status::Error(fmt::format("{} children, expected {}", node.args.size(), shape.args));
  }
  if (!shape.any_rep && node.rep != shape.result) {
    return Status::Error("wrong result representation");
  }
  for (uint32_t arg : node.args) {
    if (arg >= program.nodes.size()) return Status::Error("child out of range");
    // Children come first, except a quantifier's body, which follows it.
    bool is_body = IsQuantifier(node.op) && arg == node.args.back();
    if (!is_body && arg >= i) return Status::Error("child defined after its parent");
  }
  return Status::Ok();
}

// The indexes a node carries into the program's tables.
Status CheckIndexes(const Program& program, const Node& node) {
  auto message_ok = [&](uint32_t m) {
    return m == kNoMessage || m == kAbsentMakesHasFalse || m < program.messages.size();
  };
  switch (node.op) {
    case Op::kConst: return Require(node.a < program.constants.size(), "constant out of range");
    case Op::kFail: return Require(node.a < program.messages.size(), "message out of range");
    case Op::kInputField:
    case Op::kContextField:
    case Op::kField:
    case Op::kMapGet: return Require(message_ok(node.b), "message out of range");
    case Op::kVariable:
      if (node.a >= program.nodes.size()) return Status::Error("variable of no quantifier");
      return Require(IsQuantifier(program.nodes[node.a].op), "variable bound by a non-quantifier");
    case Op::kToday: return Require(node.a < program.timezones.size(), "timezone out of range");
    case Op::kInSet: return Require(node.a < program.sets.size(), "set out of range");
    case Op::kMatches: return Require(node.a < program.regexes.size(), "regex out of range");
    case Op::kCount: return Require(node.a < program.counts.size(), "count out of range");
    case Op::kCall:
      if (node.a >= stdlib::kBuiltinCount) return Status::Error("unknown function");
      return Require(!stdlib::kBuiltinReadsZone[node.a] || node.b < program.timezones.size(),
                     "timezone out of range");
    default: return Status::Ok();
  }
}

// The representations of a node's operands (children in range, indexes valid).
Status CheckOperands(const Program& program, const Node& node) {
  auto arg_rep = [&](size_t k) { return program.nodes[node.args[k]].rep; };
  auto all_args_are = [&](Rep rep) {
    for (size_t k = 0; k < node.args.size(); ++k) {
      if (arg_rep(k) != rep) return false;
    }
    return true;
  };
  switch (node.op) {
    case Op::kField: return Require(arg_rep(0) == Rep::kRecord, "field of a non-record");
    case Op::kEmailLocal:
    case Op::kEmailDomain: return Require(arg_rep(0) == Rep::kEmail, "email part of a non-email");
    case Op::kIndex:
      return Require(arg_rep(0) == Rep::kList && arg_rep(1) == Rep::kInt, "bad index operands");
    case Op::kMapGet:
      return Require(arg_rep(0) == Rep::kMap && arg_rep(1) != Rep::kList &&
                         arg_rep(1) != Rep::kRecord && arg_rep(1) != Rep::kMap,
                     "bad map lookup operands");
    case Op::kInMap: return Require(arg_rep(1) == Rep::kMap, "key membership in a non-map");
    case Op::kNot:
    case Op::kAnd:
    case Op::kOr: return Require(all_args_are(Rep::kBool), "logic on a non-bool");
    case Op::kEq:
    case Op::kNe:
      return Require(arg_rep(0) == arg_rep(1) && arg_rep(0) != Rep::kList &&
                         arg_rep(0) != Rep::kRecord && arg_rep(0) != Rep::kMap,
                     "equality of incomparable values");
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      return Require(
          arg_rep(0) == arg_rep(1) && (arg_rep(0) == Rep::kInt || arg_rep(0) == Rep::kString),
          "ordering of unorderable values");
    case Op::kInSet:
      return Require(program.sets[node.a].element == arg_rep(0), "set of another element type");
    case Op::kInList:
      return Require(arg_rep(node.a == 1 ? 0 : 1) == Rep::kList, "membership in a non-list");
    case Op::kStrContains:
    case Op::kStartsWith:
    case Op::kEndsWith:
    case Op::kMatches:
      return Require(arg_rep(0) == Rep::kString && arg_rep(1) == Rep::kString,
                     "string operator on a non-string");
    case Op::kAdd:
    case Op::kSub:
    case Op::kNegate: return Require(all_args_are(Rep::kInt), "arithmetic on a non-number");
    case Op::kAll:
    case Op::kAny:
    case Op::kNone:
      return Require(arg_rep(0) == Rep::kList && arg_rep(1) == Rep::kBool, "bad quantifier");
    default: return Status::Ok();
  }
}

// Each group names a policy; conditions are bools; limit keys are nodes.
Status CheckGroups(const Program& program) {
  const size_t n = program.nodes.size();
  for (const Group& group : program.groups) {
    if (group.policy >= program.policies.size()) return Status::Error("group of no policy");
    for (const RuleBody& body : group.rules) {
      for (const auto* clauses : {&body.when, &body.unless}) {
        for (uint32_t c : *clauses) {
          if (c >= n || program.nodes[c].rep != Rep::kBool) {
            return Status::Error("a condition is not a bool");
          }
        }
      }
      if (body.limit_key && *body.limit_key >= n) return Status::Error("limit key out of range");
    }
  }
  return Status::Ok();
}

}  // namespace

Status Verify(const Program& program) {
  for (size_t i = 0; i < program.nodes.size(); ++i) {
    const Node& node = program.nodes[i];
    Status status = CheckShape(program, i);
    if (status.ok()) status = CheckIndexes(program, node);
    if (status.ok()) status = CheckOperands(program, node);
    if (!status.ok()) return status.Prefixed(fmt::format("node %{}: ", i));
  }
  return CheckGroups(program);
}

}  // namespace intent::ir
