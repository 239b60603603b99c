// Checked AST -> IR (see ir.h). The error messages lowered here are the
// interpreter's, word for word: both engines must report the same errors.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "runtime/core/cost.h"
#include "runtime/core/data.h"
#include "runtime/interp/evaluator.h"
#include "runtime/interp/interpreter.h"
#include "runtime/native/ir/ir.h"

namespace intent::ir {
namespace {

using types::TypeKind;

// Index of `name` in `record`'s fields, or the field count.
uint32_t FieldIndex(const types::RecordType& record, const std::string& name) {
  for (uint32_t i = 0; i < record.fields.size(); ++i) {
    if (record.fields[i].name == name) return i;
  }
  return static_cast<uint32_t>(record.fields.size());
}

ConstSet SetOf(const runtime::Value& list, Rep element) {
  ConstSet set;
  set.element = element;
  for (const runtime::Value& item : *list.As<runtime::ListPtr>()) {
    const auto& v = item.storage();
    if (const auto* b = std::get_if<bool>(&v)) {
      (*b ? set.has_true : set.has_false) = true;
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      set.strings.push_back(*s);
    } else if (const auto* e = std::get_if<runtime::Email>(&v)) {
      set.strings.push_back(e->local + "@" + e->domain);
    } else if (const auto* i = std::get_if<int64_t>(&v)) {
      set.ints.push_back(*i);
    } else if (const auto* t = std::get_if<runtime::Timestamp>(&v)) {
      set.ints.push_back(t->micros);
    } else if (const auto* d = std::get_if<runtime::Duration>(&v)) {
      set.ints.push_back(d->micros);
    } else if (const auto* n = std::get_if<runtime::EnumValue>(&v)) {
      set.ints.push_back(n->index);
    }
  }
  std::sort(set.ints.begin(), set.ints.end());
  set.ints.erase(std::unique(set.ints.begin(), set.ints.end()), set.ints.end());
  std::sort(set.strings.begin(), set.strings.end());
  set.strings.erase(std::unique(set.strings.begin(), set.strings.end()), set.strings.end());
  return set;
}

class Lowerer {
 public:
  explicit Lowerer(Program& program) : program_(program) {}

  void LowerModule(const check::CheckedModule& module, uint32_t module_index);

 private:
  uint32_t Lower(const ast::Expr& expr);
  uint32_t LowerName(const ast::NameRef& name);
  uint32_t LowerField(const ast::FieldAccess& access);
  uint32_t LowerCall(const ast::Call& call);
  uint32_t LowerBinary(const ast::Binary& binary);
  uint32_t LowerQuantifier(const ast::Quantifier& quantifier);
  uint32_t Constant(const ast::Expr& expr);
  uint32_t Add(Op op, const ast::Expr& expr, std::vector<uint32_t> args = {}, uint32_t a = 0,
               uint32_t b = 0);
  uint32_t Message(std::string text);
  // For a read of an optional value: its "absent" message, or, inside
  // `has`, the marker that absence makes the `has` false.
  uint32_t AbsentMessage(bool optional, const std::string& what);

  Program& program_;
  const check::CheckedModule* module_ = nullptr;
  std::unique_ptr<runtime::PreparedModule> prepared_;
  const schema::Operation* operation_ = nullptr;
  uint32_t policy_ = 0;
  bool in_has_ = false;
  std::unordered_map<const ast::Quantifier*, uint32_t> binders_;
  std::unordered_map<std::string, uint32_t> message_index_;
};

uint32_t Lowerer::Message(std::string text) {
  auto [it, added] = message_index_.emplace(text, program_.messages.size());
  if (added) program_.messages.push_back(std::move(text));
  return it->second;
}

uint32_t Lowerer::AbsentMessage(bool optional, const std::string& what) {
  if (!optional) return kNoMessage;
  if (in_has_) return kAbsentMakesHasFalse;
  return Message(fmt::format("'{}' is absent", what));
}

uint32_t Lowerer::Add(Op op, const ast::Expr& expr, std::vector<uint32_t> args, uint32_t a,
                      uint32_t b) {
  Node node;
  node.op = op;
  node.type = module_->TypeOf(expr);
  node.rep = RepOf(node.type);
  node.a = a;
  node.b = b;
  node.args = std::move(args);
  program_.nodes.push_back(std::move(node));
  return static_cast<uint32_t>(program_.nodes.size() - 1);
}

uint32_t Lowerer::Constant(const ast::Expr& expr) {
  // The interpreter computes it (lets and conversions included), so a
  // folded value or error is exactly what it would produce per request.
  runtime::Evaluator evaluator(*prepared_, nullptr, 0, nullptr);
  runtime::EvalResult result = evaluator.Eval(expr);
  uint32_t node;
  if (!result.ok()) {
    node = Add(Op::kFail, expr, {}, Message(result.error));
  } else {
    program_.constants.push_back(std::move(result).Take());
    node = Add(Op::kConst, expr, {}, static_cast<uint32_t>(program_.constants.size() - 1));
  }
  // A literal converted where another type is expected ("2026-03-08T06:00:00Z"
  // compared with a timestamp) has that type, not the literal's.
  if (auto conversion = module_->conversions.find(expr.id);
      conversion != module_->conversions.end()) {
    program_.nodes[node].type = conversion->second;
    program_.nodes[node].rep = RepOf(conversion->second);
  }
  return node;
}

uint32_t Lowerer::Lower(const ast::Expr& expr) {
  // Folded exactly where the interpreter folds (runtime::IsFolded): what is
  // folded costs nothing under either engine (runtime/core/cost.h).
  if (runtime::IsFolded(*prepared_, expr)) return Constant(expr);
  switch (expr.kind) {
    case ast::ExprKind::kName: return LowerName(static_cast<const ast::NameRef&>(expr));
    case ast::ExprKind::kField: return LowerField(static_cast<const ast::FieldAccess&>(expr));
    case ast::ExprKind::kIndex: {
      const auto& index = static_cast<const ast::IndexAccess&>(expr);
      uint32_t base = Lower(*index.base);
      // The key or index is read as anywhere else, even inside `has m[k]`.
      bool in_has = std::exchange(in_has_, false);
      uint32_t subscript = Lower(*index.index);
      in_has_ = in_has;
      if (program_.nodes[base].rep == Rep::kMap) {
        uint32_t missing = in_has_ ? kAbsentMakesHasFalse
                                   : Message(runtime::MissingKeyMessage(
                                         module_->module->file->Slice(index.base->span)));
        return Add(Op::kMapGet, expr, {base, subscript}, 0, missing);
      }
      return Add(Op::kIndex, expr, {base, subscript});
    }
    case ast::ExprKind::kList: {
      std::vector<uint32_t> items;
      for (const auto& element : static_cast<const ast::ListLiteral&>(expr).elements) {
        items.push_back(Lower(*element));
      }
      return Add(Op::kMakeList, expr, std::move(items));
    }
    case ast::ExprKind::kCall: return LowerCall(static_cast<const ast::Call&>(expr));
    case ast::ExprKind::kUnary: {
      const auto& unary = static_cast<const ast::Unary&>(expr);
      return Add(unary.op == ast::UnaryOp::kNot ? Op::kNot : Op::kNegate, expr,
                 {Lower(*unary.operand)});
    }
    case ast::ExprKind::kBinary: return LowerBinary(static_cast<const ast::Binary&>(expr));
    case ast::ExprKind::kQuantifier:
      return LowerQuantifier(static_cast<const ast::Quantifier&>(expr));
    case ast::ExprKind::kHas: {
      bool outer = in_has_;
      in_has_ = true;
      uint32_t path = Lower(*static_cast<const ast::Has&>(expr).path);
      in_has_ = outer;
      return Add(Op::kHas, expr, {path});
    }
    case ast::ExprKind::kCount: {
      const auto& count = static_cast<const ast::Count&>(expr);
      CountSpec spec;
      spec.window = static_cast<const ast::DurationLiteral&>(*count.window).microseconds;
      auto targets = module_->count_targets.find(count.id);
      if (targets != module_->count_targets.end()) {
        for (const schema::Operation* op : targets->second) spec.operation_ids.push_back(op->id);
      }
      program_.counts.push_back(std::move(spec));
      return Add(Op::kCount, expr, {}, static_cast<uint32_t>(program_.counts.size() - 1));
    }
    default: break;
  }
  return Constant(expr);  // literals (folded above) and error nodes
}

uint32_t Lowerer::LowerName(const ast::NameRef& name) {
  const check::NameResolution& resolution = module_->names.at(name.id);
  switch (resolution.kind) {
    case check::NameKind::kInput: {
      const types::RecordType& input = operation_->input;
      uint32_t index = FieldIndex(input, resolution.input_field);
      if (index == input.fields.size()) {
        return Add(Op::kFail, name, {},
                   Message(fmt::format("'{}' is not an input of this operation", name.name)));
      }
      uint32_t node = Add(Op::kInputField, name, {}, index,
                          AbsentMessage(input.fields[index].optional, name.name));
      program_.nodes[node].name = &input.fields[index].name;
      return node;
    }
    case check::NameKind::kNow: return Add(Op::kNow, name);
    case check::NameKind::kToday: return Add(Op::kToday, name, {}, policy_);
    case check::NameKind::kPrincipal: return Add(Op::kPrincipal, name);
    case check::NameKind::kVariable:
      return Add(Op::kVariable, name, {}, binders_.at(resolution.binder));
    default: break;
  }
  return Constant(name);  // lets; `context` alone cannot be evaluated
}

uint32_t Lowerer::LowerField(const ast::FieldAccess& access) {
  const std::string& field = access.field.text;
  auto base_name = module_->names.find(access.base->id);
  if (base_name != module_->names.end() && base_name->second.kind == check::NameKind::kData) {
    const types::RecordType& data = module_->schema->data;
    uint32_t index = FieldIndex(data, field);
    if (index == data.fields.size()) {
      return Add(Op::kFail, access, {}, Message(fmt::format("no data document '{}'", field)));
    }
    uint32_t node = Add(Op::kDataField, access, {}, index, kNoMessage);
    program_.nodes[node].name = &data.fields[index].name;
    return node;
  }
  if (base_name != module_->names.end() && base_name->second.kind == check::NameKind::kContext) {
    if (field == "time") return Add(Op::kNow, access);
    const types::RecordType& context = module_->schema->context;
    uint32_t index = FieldIndex(context, field);
    if (index == context.fields.size()) {
      return Add(Op::kFail, access, {}, Message(fmt::format("context has no field '{}'", field)));
    }
    uint32_t node = Add(Op::kContextField, access, {}, index,
                        AbsentMessage(context.fields[index].optional, "context." + field));
    program_.nodes[node].name = &context.fields[index].name;
    return node;
  }
  uint32_t base = Lower(*access.base);
  const types::Type* base_type = module_->TypeOf(*access.base);
  if (base_type->Is(TypeKind::kEmail)) {
    return Add(field == "local" ? Op::kEmailLocal : Op::kEmailDomain, access, {base});
  }
  const types::RecordType& record = *base_type->record();
  uint32_t index = FieldIndex(record, field);
  uint32_t node = Add(Op::kField, access, {base}, index,
                      AbsentMessage(record.fields[index].optional, runtime::PathOf(access)));
  program_.nodes[node].name = &record.fields[index].name;
  return node;
}

uint32_t Lowerer::LowerCall(const ast::Call& call) {
  // The checker chose the overload (e.g. size of a string or of a list).
  Function function = module_->builtins.at(call.id);
  uint32_t arg = Lower(*call.args.at(0));
  return Add(Op::kCall, call, {arg}, static_cast<uint32_t>(function), policy_);
}

uint32_t Lowerer::LowerBinary(const ast::Binary& binary) {
  using B = ast::BinaryOp;
  uint32_t lhs = Lower(*binary.lhs);
  uint32_t rhs = Lower(*binary.rhs);
  switch (binary.op) {
    case B::kOr: return Add(Op::kOr, binary, {lhs, rhs});
    case B::kAnd: return Add(Op::kAnd, binary, {lhs, rhs});
    case B::kEq: return Add(Op::kEq, binary, {lhs, rhs});
    case B::kNe: return Add(Op::kNe, binary, {lhs, rhs});
    case B::kLt: return Add(Op::kLt, binary, {lhs, rhs});
    case B::kLe: return Add(Op::kLe, binary, {lhs, rhs});
    case B::kGt: return Add(Op::kGt, binary, {lhs, rhs});
    case B::kGe: return Add(Op::kGe, binary, {lhs, rhs});
    case B::kIn:
    case B::kNotIn:
    case B::kContains: {
      bool contains = binary.op == B::kContains;
      if (contains && program_.nodes[lhs].rep == Rep::kString) {
        return Add(Op::kStrContains, binary, {lhs, rhs});
      }
      uint32_t element = contains ? rhs : lhs;
      uint32_t list = contains ? lhs : rhs;
      uint32_t negated = binary.op == B::kNotIn ? kNegated : 0;
      if (program_.nodes[list].rep == Rep::kMap) {
        return Add(Op::kInMap, binary, {element, list}, 0, negated);
      }
      // The interpreter hashes every list it can compute once; the set path
      // also needs the list folded here, into one constant node. A list the
      // interpreter computes once but lowering does not fold (one holding a
      // quantifier, say) is looked up as a list: the same answer.
      if (auto set = prepared_->sets.find(binary.id);
          set != prepared_->sets.end() && program_.nodes[list].op == Op::kConst) {
        // The list is a constant: folding it cannot fail, so only the element is read.
        const runtime::Value& value = program_.constants[program_.nodes[list].a];
        program_.sets.push_back(SetOf(value, program_.nodes[element].rep));
        // Evaluation order stays the interpreter's: lhs first.
        std::vector<uint32_t> args = {element};
        return Add(Op::kInSet, binary, std::move(args),
                   static_cast<uint32_t>(program_.sets.size() - 1), negated);
      }
      // kInList evaluates args in order: keep lhs first.
      return Add(
          Op::kInList, binary,
          contains ? std::vector<uint32_t>{list, element} : std::vector<uint32_t>{element, list},
          contains ? 1u : 0u, negated);
    }
    case B::kStartsWith: return Add(Op::kStartsWith, binary, {lhs, rhs});
    case B::kEndsWith: return Add(Op::kEndsWith, binary, {lhs, rhs});
    case B::kMatches: {
      program_.regexes.push_back(module_->regexes.at(binary.id).get());
      return Add(Op::kMatches, binary, {lhs, rhs},
                 static_cast<uint32_t>(program_.regexes.size() - 1));
    }
    case B::kAdd:
    case B::kSub: {
      bool timestamp = module_->TypeOf(binary)->Is(TypeKind::kTimestamp);
      return Add(binary.op == B::kAdd ? Op::kAdd : Op::kSub, binary, {lhs, rhs}, 0,
                 timestamp ? 1u : 0u);
    }
  }
  return Constant(binary);
}

uint32_t Lowerer::LowerQuantifier(const ast::Quantifier& quantifier) {
  uint32_t list = Lower(*quantifier.list);
  // Over a constant empty list the body never runs: `all` and `none` are
  // true, `any` false. (Over `[]` the checker cannot type the variable, so
  // the body could not be lowered anyway.)
  const Node& list_node = program_.nodes[list];
  if (list_node.op == Op::kConst && program_.constants[list_node.a].Is<runtime::ListPtr>() &&
      program_.constants[list_node.a].As<runtime::ListPtr>()->empty()) {
    program_.constants.emplace_back(quantifier.quantifier != ast::QuantifierKind::kAny);
    return Add(Op::kConst, quantifier, {}, static_cast<uint32_t>(program_.constants.size() - 1));
  }
  // The node is reserved first: the body's variable reads name it.
  Op op = quantifier.quantifier == ast::QuantifierKind::kAll   ? Op::kAll
          : quantifier.quantifier == ast::QuantifierKind::kAny ? Op::kAny
                                                               : Op::kNone;
  auto weight =
      static_cast<uint32_t>(std::min<int64_t>(runtime::cost::BodyWeight(quantifier), UINT32_MAX));
  uint32_t self = Add(op, quantifier, {list}, weight);
  binders_[&quantifier] = self;
  uint32_t body = Lower(*quantifier.body);
  program_.nodes[self].args.push_back(body);
  return self;
}

void Lowerer::LowerModule(const check::CheckedModule& module, uint32_t module_index) {
  module_ = &module;
  prepared_ = runtime::PrepareModule(module);
  policy_ = static_cast<uint32_t>(program_.policies.size());
  program_.policies.push_back({&module, module_index});
  program_.timezones.push_back(prepared_->timezone);
  message_index_.clear();
  program_.longest_count_window =
      std::max(program_.longest_count_window, runtime::LongestCountWindow(module));
  for (const auto& owned_operation : module.schema->operations) {
    const schema::Operation& operation = *owned_operation;
    Group group;
    group.policy = policy_;
    group.operation = &operation;
    operation_ = &operation;
    for (const check::CheckedRule& rule : module.rules) {
      if (std::find(rule.operations.begin(), rule.operations.end(), &operation) ==
          rule.operations.end()) {
        continue;
      }
      RuleBody body;
      body.rule = &rule;
      for (const auto& e : rule.rule->when) body.when.push_back(Lower(*e));
      for (const auto& e : rule.rule->unless) body.unless.push_back(Lower(*e));
      if (!rule.rule->limits.empty() && rule.rule->limits.front().key) {
        body.limit_key = Lower(*rule.rule->limits.front().key);
      }
      group.rules.push_back(std::move(body));
    }
    if (!group.rules.empty()) program_.groups.push_back(std::move(group));
  }
}

}  // namespace

Rep RepOf(const types::Type* type) {
  switch (type->kind()) {
    case TypeKind::kBool: return Rep::kBool;
    case TypeKind::kString: return Rep::kString;
    case TypeKind::kEmail: return Rep::kEmail;
    case TypeKind::kList: return Rep::kList;
    case TypeKind::kRecord: return Rep::kRecord;
    case TypeKind::kMap: return Rep::kMap;
    default: return Rep::kInt;  // int, timestamp, duration, enum
  }
}

std::unique_ptr<Program> Lower(const std::vector<const check::CheckedModule*>& modules) {
  auto program = std::make_unique<Program>();
  Lowerer lowerer(*program);
  for (uint32_t i = 0; i < modules.size(); ++i) {
    if (modules[i]->schema != nullptr) lowerer.LowerModule(*modules[i], i);
  }
  return program;
}

}  // namespace intent::ir
