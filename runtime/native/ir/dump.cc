// The IR as text: one block per policy and operation, each rule's clauses
// as nested expressions (`intentc compile --emit ir`).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <re2/re2.h>

#include "runtime/core/value_text.h"
#include "runtime/native/ir/ir.h"

namespace intent::ir {
namespace {

const char* OpName(Op op) {
  switch (op) {
    case Op::kConst: return "const";
    case Op::kFail: return "fail";
    case Op::kInputField: return "input";
    case Op::kContextField: return "context";
    case Op::kDataField: return "data";
    case Op::kMapGet: return "map-get";
    case Op::kInMap: return "in-map";
    case Op::kField: return "field";
    case Op::kEmailLocal: return "local";
    case Op::kEmailDomain: return "domain";
    case Op::kNow: return "now";
    case Op::kToday: return "today";
    case Op::kPrincipal: return "principal";
    case Op::kVariable: return "var";
    case Op::kIndex: return "index";
    case Op::kMakeList: return "list";
    case Op::kNot: return "not";
    case Op::kNegate: return "neg";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kEq: return "eq";
    case Op::kNe: return "ne";
    case Op::kLt: return "lt";
    case Op::kLe: return "le";
    case Op::kGt: return "gt";
    case Op::kGe: return "ge";
    case Op::kInSet: return "in-set";
    case Op::kInList: return "in-list";
    case Op::kStrContains: return "str-contains";
    case Op::kStartsWith: return "starts-with";
    case Op::kEndsWith: return "ends-with";
    case Op::kMatches: return "matches";
    case Op::kAdd: return "add";
    case Op::kSub: return "sub";
    case Op::kCall: return "call";
    case Op::kAll: return "all";
    case Op::kAny: return "any";
    case Op::kNone: return "none";
    case Op::kHas: return "has";
    case Op::kCount: return "count";
  }
  return "?";
}

std::string_view FunctionName(uint32_t function) {
  return function < stdlib::kBuiltinCount ? stdlib::kBuiltinNames[function] : "?";
}

std::string ValueText(const runtime::Value& value) {
  if (value.Is<runtime::ListPtr>()) {
    std::string text = "[";
    for (const runtime::Value& item : *value.As<runtime::ListPtr>()) {
      if (text.size() > 1) text += ", ";
      text += ValueText(item);
    }
    return text + "]";
  }
  if (value.Is<std::string>() || value.Is<runtime::Email>() || value.Is<runtime::EnumValue>()) {
    return fmt::format("\"{}\"", runtime::KeyText(value));
  }
  return runtime::KeyText(value);
}

class Dumper {
 public:
  Dumper(const Program& program, bool with_node_ids)
      : program_(program), with_node_ids_(with_node_ids) {}

  std::string Expr(uint32_t index) const {
    return with_node_ids_ ? fmt::format("%{}:{}", index, Bare(index)) : Bare(index);
  }

  std::string Bare(uint32_t index) const {
    const Node& node = program_.nodes[index];
    std::string head = fmt::format("({}", OpName(node.op));
    switch (node.op) {
      case Op::kConst: return ValueText(program_.constants[node.a]);
      case Op::kFail: return fmt::format("(fail \"{}\")", program_.messages[node.a]);
      case Op::kMapGet: head += Absence(node.b); break;
      case Op::kInputField:
      case Op::kContextField:
      case Op::kDataField:
      case Op::kField:
        head += fmt::format(" {} {}{}", node.a, node.name != nullptr ? *node.name : "?",
                            Absence(node.b));
        break;
      case Op::kToday: head += fmt::format(" tz{}", node.a); break;
      case Op::kVariable: head += fmt::format(" %{}", node.a); break;
      case Op::kInSet:
        head += fmt::format(" set{}{}", node.a, node.b == kNegated ? " not" : "");
        break;
      case Op::kInList:
      case Op::kInMap: head += node.b == kNegated ? " not" : ""; break;
      case Op::kMatches: head += fmt::format(" re{}", node.a); break;
      case Op::kAdd:
      case Op::kSub: head += node.b == 1 ? " timestamp" : ""; break;
      case Op::kCall: head += fmt::format(" {}", FunctionName(node.a)); break;
      case Op::kCount: {
        const CountSpec& count = program_.counts[node.a];
        head += fmt::format(" [{}] {}us", fmt::join(count.operation_ids, ", "), count.window);
        break;
      }
      case Op::kAll:
      case Op::kAny:
      case Op::kNone: head = fmt::format("(%{} = {}", index, OpName(node.op)); break;
      default: break;
    }
    for (uint32_t arg : node.args) head += " " + Expr(arg);
    return head + ")";
  }

  std::string Program() const {
    std::string out;
    for (size_t p = 0; p < program_.policies.size(); ++p) {
      const check::CheckedModule& module = *program_.policies[p].module;
      out +=
          fmt::format("policy {} \"{}\" schema {} timezone {} default {}", p,
                      module.module->header->policy_name.text, module.schema->name, module.timezone,
                      module.default_effect == ast::DefaultEffect::kDeny ? "deny" : "ask");
      if (!module.agents.empty())
        out += fmt::format(" agents [{}]", fmt::join(module.agents, ", "));
      out += "\n";
    }
    for (size_t s = 0; s < program_.sets.size(); ++s) {
      const ConstSet& set = program_.sets[s];
      std::vector<std::string> items(set.strings);
      for (int64_t i : set.ints) items.push_back(std::to_string(i));
      if (set.has_false) items.push_back("false");
      if (set.has_true) items.push_back("true");
      out += fmt::format("set{} = {{{}}}\n", s, fmt::join(items, ", "));
    }
    for (size_t r = 0; r < program_.regexes.size(); ++r) {
      out += fmt::format("re{} = /{}/\n", r, RegexText(r));
    }
    for (const Group& group : program_.groups) {
      out += fmt::format("\ngroup policy {} operation {}\n", group.policy, group.operation->id);
      for (const RuleBody& body : group.rules) {
        out += fmt::format("  rule \"{}\" {}\n", body.rule->id,
                           ast::Spelling(body.rule->rule->effect));
        for (uint32_t c : body.when) out += "    when " + Expr(c) + "\n";
        for (uint32_t c : body.unless) out += "    unless " + Expr(c) + "\n";
        if (body.limit_key) out += "    limit key " + Expr(*body.limit_key) + "\n";
      }
    }
    return out;
  }

 private:
  std::string Absence(uint32_t message) const {
    if (message == kNoMessage) return "";
    if (message == kAbsentMakesHasFalse) return " optional";
    return fmt::format(" optional else \"{}\"", program_.messages[message]);
  }
  std::string RegexText(size_t index) const;

  const ir::Program& program_;
  bool with_node_ids_;
};

std::string Dumper::RegexText(size_t index) const { return program_.regexes[index]->pattern(); }

}  // namespace

std::string Dump(const Program& program, bool with_node_ids) {
  return Dumper(program, with_node_ids).Program();
}

}  // namespace intent::ir
