// IR invariants: what code generation relies on, checked before it runs.
#include <fmt/format.h>

#include "runtime/native/ir/ir.h"

namespace intent::ir {
namespace {

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
    case Op::kVariable: return {0, Rep::kBool, true};
    case Op::kField: return {1, Rep::kBool, true};
    case Op::kEmailLocal:
    case Op::kEmailDomain: return {1, Rep::kString, false};
    case Op::kNow:
    case Op::kToday:
    case Op::kCount: return {0, Rep::kInt, false};
    case Op::kPrincipal: return {0, Rep::kString, false};
    case Op::kIndex: return {2, Rep::kBool, true};
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

}  // namespace

std::string Verify(const Program& program) {
  const size_t n = program.nodes.size();
  for (size_t i = 0; i < n; ++i) {
    const Node& node = program.nodes[i];
    Shape shape = ShapeOf(node.op);
    auto bad = [&](const std::string& what) { return fmt::format("node %{}: {}", i, what); };
    if (shape.args != SIZE_MAX && node.args.size() != shape.args) {
      return bad(fmt::format("{} children, expected {}", node.args.size(), shape.args));
    }
    if (!shape.any_rep && node.rep != shape.result) return bad("wrong result representation");
    for (uint32_t arg : node.args) {
      if (arg >= n) return bad("child out of range");
      // Children come first, except a quantifier's body, which follows it.
      bool is_body = (node.op == Op::kAll || node.op == Op::kAny || node.op == Op::kNone) &&
                     arg == node.args.back();
      if (!is_body && arg >= i) return bad("child defined after its parent");
    }
    auto arg_rep = [&](size_t k) { return program.nodes[node.args[k]].rep; };
    switch (node.op) {
      case Op::kConst:
        if (node.a >= program.constants.size()) return bad("constant out of range");
        break;
      case Op::kFail:
        if (node.a >= program.messages.size()) return bad("message out of range");
        break;
      case Op::kInputField:
      case Op::kContextField:
      case Op::kField:
        if (node.b != kNoMessage && node.b != kAbsentMakesHasFalse &&
            node.b >= program.messages.size()) {
          return bad("message out of range");
        }
        if (node.op == Op::kField && arg_rep(0) != Rep::kRecord)
          return bad("field of a non-record");
        break;
      case Op::kEmailLocal:
      case Op::kEmailDomain:
        if (arg_rep(0) != Rep::kEmail) return bad("email part of a non-email");
        break;
      case Op::kVariable: {
        if (node.a >= n) return bad("variable of no quantifier");
        Op binder = program.nodes[node.a].op;
        if (binder != Op::kAll && binder != Op::kAny && binder != Op::kNone) {
          return bad("variable bound by a non-quantifier");
        }
        break;
      }
      case Op::kToday:
        if (node.a >= program.timezones.size()) return bad("timezone out of range");
        break;
      case Op::kIndex:
        if (arg_rep(0) != Rep::kList || arg_rep(1) != Rep::kInt) return bad("bad index operands");
        break;
      case Op::kNot:
      case Op::kAnd:
      case Op::kOr:
        for (size_t k = 0; k < node.args.size(); ++k) {
          if (arg_rep(k) != Rep::kBool) return bad("logic on a non-bool");
        }
        break;
      case Op::kEq:
      case Op::kNe:
        if (arg_rep(0) != arg_rep(1) || arg_rep(0) == Rep::kList || arg_rep(0) == Rep::kRecord) {
          return bad("equality of incomparable values");
        }
        break;
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        if (arg_rep(0) != arg_rep(1) || (arg_rep(0) != Rep::kInt && arg_rep(0) != Rep::kString)) {
          return bad("ordering of unorderable values");
        }
        break;
      case Op::kInSet:
        if (node.a >= program.sets.size()) return bad("set out of range");
        if (program.sets[node.a].element != arg_rep(0)) return bad("set of another element type");
        break;
      case Op::kInList:
        if (arg_rep(node.a == 1 ? 0 : 1) != Rep::kList) return bad("membership in a non-list");
        break;
      case Op::kStrContains:
      case Op::kStartsWith:
      case Op::kEndsWith:
      case Op::kMatches:
        if (arg_rep(0) != Rep::kString || arg_rep(1) != Rep::kString) {
          return bad("string operator on a non-string");
        }
        if (node.op == Op::kMatches && node.a >= program.regexes.size()) {
          return bad("regex out of range");
        }
        break;
      case Op::kAdd:
      case Op::kSub:
      case Op::kNegate:
        for (size_t k = 0; k < node.args.size(); ++k) {
          if (arg_rep(k) != Rep::kInt) return bad("arithmetic on a non-number");
        }
        break;
      case Op::kAll:
      case Op::kAny:
      case Op::kNone:
        if (arg_rep(0) != Rep::kList || arg_rep(1) != Rep::kBool) return bad("bad quantifier");
        break;
      case Op::kCount:
        if (node.a >= program.counts.size()) return bad("count out of range");
        break;
      case Op::kCall:
        if (node.a >= stdlib::kBuiltinCount) return bad("unknown function");
        if (stdlib::kBuiltinReadsZone[node.a] && node.b >= program.timezones.size()) {
          return bad("timezone out of range");
        }
        break;
      default: break;
    }
  }
  for (const Group& group : program.groups) {
    if (group.policy >= program.policies.size()) return "group of no policy";
    for (const RuleBody& body : group.rules) {
      for (const auto* clauses : {&body.when, &body.unless}) {
        for (uint32_t c : *clauses) {
          if (c >= n || program.nodes[c].rep != Rep::kBool) return "a condition is not a bool";
        }
      }
      if (body.limit_key && *body.limit_key >= n) return "limit key out of range";
    }
  }
  return "";
}

}  // namespace intent::ir
