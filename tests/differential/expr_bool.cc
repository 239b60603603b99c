// Conditions: logic, comparisons, membership, string operators,
// quantifiers, `has` guards, count() and predicates on request paths.
#include <algorithm>

#include "tests/differential/expr_gen.h"

namespace intent::difftest {
namespace {

std::string Operand(const Expr& e) { return e.atomic ? e.text : "(" + e.text + ")"; }

Expr Binary(const Expr& lhs, const std::string& op, const Expr& rhs) {
  return Expr{Operand(lhs) + " " + op + " " + Operand(rhs), false};
}

bool Orderable(const Type* type) {
  return type->Is(Kind::kInt) || type->Is(Kind::kString) || type->Is(Kind::kTimestamp) ||
         type->Is(Kind::kDuration);
}

// `has a.b.c` guards a, a.b and a.b.c.
void AddGuards(const std::string& path, std::vector<std::string>& guards) {
  for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1)) {
    guards.push_back(path.substr(0, dot));
  }
  guards.push_back(path);
}

const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> fragments = {"a", "Re:", "10.", "bot/", ".pem", "@",
                                                     "\xC3\xA9", "", "ALPHA", "label:"};
  return fragments;
}

}  // namespace

std::string ExprGen::Condition(Scope& scope, int depth) {
  scope_ = &scope;
  return Bool(depth).text;
}

std::string ExprGen::GuardingHas(Scope& scope, bool negated) {
  scope_ = &scope;
  std::vector<Path> unguarded = Unreadable();
  if (unguarded.empty()) return "";
  const std::string& deepest = rng_.Pick(unguarded).optional_steps.back();
  AddGuards(deepest, scope.guards);
  return (negated ? "not has " : "has ") + deepest;
}

std::string ExprGen::LimitKey(Scope& scope) {
  scope_ = &scope;
  std::vector<Path> scalars;
  for (Path& path : Readable(nullptr)) {
    if (path.type->IsScalar()) scalars.push_back(path);
  }
  if (!scalars.empty() && rng_.Chance(60)) return rng_.Pick(scalars).text;
  return Value(PickScalarType(false), 1, false).text;
}

Expr ExprGen::Bool(int depth) {
  if (depth <= 0) return BoolLeaf();
  bool guardable = !Unreadable().empty();
  switch (rng_.Weighted({14, 5, 16, 12, 10, 11, guardable ? 12 : 0, 14, 3, 3, 1})) {
    case 0: return Logical(depth);
    case 1: return Expr{"not " + Operand(Bool(depth - 1)), false};
    case 2: return Compare(depth);
    case 3: return Membership(depth);
    case 4: return StringOp(StringValue(depth - 1), depth);
    case 5: return Quantifier(depth);
    case 6: return Guarded(depth);
    case 7: return PredicateOn(rng_.Pick(Readable(nullptr)), depth - 1);
    case 8: return CountCompare();
    case 9: return WeekdayTest(TimestampValue(depth - 1, true), depth);
    default: return Expr{rng_.Chance(50) ? "true" : "false", true};
  }
}

Expr ExprGen::BoolLeaf() {
  std::vector<Path> flags = Readable(model_.Primitive(Kind::kBool));
  std::vector<Path> unguarded = Unreadable();
  const Type* bool_type = model_.Primitive(Kind::kBool);
  switch (rng_.Weighted({flags.empty() ? 0 : 30, unguarded.empty() ? 0 : 10, 50,
                         HasLet(bool_type, false) ? 5 : 0, 3})) {
    case 0: return Expr{rng_.Pick(flags).text, true};
    // A bare `has` guards nothing around it: nobody knows it is true.
    case 1: return Expr{"has " + rng_.Pick(rng_.Pick(unguarded).optional_steps), true};
    case 2: {
      const Type* type = PickScalarType(false);
      return type->Is(Kind::kBool) ? Expr{"true", true} : CompareWith(Value(type, 0, false), type, 0);
    }
    case 3: return FromLet(bool_type, false);
    default: return Expr{rng_.Chance(50) ? "true" : "false", true};
  }
}

Expr ExprGen::Logical(int depth) {
  std::string op = rng_.Chance(50) ? "and" : "or";
  Expr result = Bool(depth - 1);
  int more = rng_.Chance(75) ? 1 : 2;
  for (int i = 0; i < more; ++i) result = Binary(result, op, Bool(depth - 1));
  return result;
}

Expr ExprGen::Compare(int depth) {
  const Type* type = PickScalarType(false);
  if (type->Is(Kind::kBool)) return CompareWith(Bool(depth - 1), type, depth);
  return CompareWith(Value(type, depth - 1, false), type, depth);
}

// `lhs OP rhs`; lhs is a real value of `type`, so rhs may be a constant
// string that converts to it.
Expr ExprGen::CompareWith(const Expr& lhs, const Type* type, int depth) {
  static const std::vector<std::string> ordering = {"==", "!=", "<", "<=", ">", ">="};
  static const std::vector<std::string> equality = {"==", "!="};
  const std::string& op = rng_.Pick(Orderable(type) ? ordering : equality);
  return Binary(lhs, op, Value(type, depth - 1, true));
}

Expr ExprGen::Membership(int depth) {
  std::vector<Path> lists;
  for (Path& path : Readable(nullptr)) {
    if (path.type->Is(Kind::kList) && path.type->element->IsScalar()) lists.push_back(path);
  }
  if (lists.empty() || rng_.Chance(60)) {
    const Type* type = PickScalarType(false);
    return MembershipWith(Value(type, depth - 1, false), type, depth);
  }
  // A request list, and an element that may be a converted constant.
  const Path& list = rng_.Pick(lists);
  Expr element = Value(list.type->element, depth - 1, true);
  Expr list_expr{list.text, true};
  switch (rng_.Weighted({40, 20, 40})) {
    case 0: return Binary(element, "in", list_expr);
    case 1: return Binary(element, "not in", list_expr);
    default: return Binary(list_expr, "contains", element);
  }
}

// `value in L`, `value not in L` or `L contains value`, where L may be a
// constant list (converted to the value's type) or even `[]`.
Expr ExprGen::MembershipWith(const Expr& value, const Type* type, int depth) {
  Expr list = rng_.Chance(8) ? Expr{"[]", true} : List(type, depth - 1, true);
  switch (rng_.Weighted({40, 20, 40})) {
    case 0: return Binary(value, "in", list);
    case 1: return Binary(value, "not in", list);
    default: return Binary(list, "contains", value);
  }
}

Expr ExprGen::StringOp(const Expr& lhs, int depth) {
  const Type* string_type = model_.Primitive(Kind::kString);
  if (rng_.Chance(25)) {
    std::vector<Let*> patterns;
    for (Let& let : lets_) {
      if (let.is_pattern) patterns.push_back(&let);
    }
    if (!patterns.empty() && rng_.Chance(30)) {
      Let* let = rng_.Pick(patterns);
      ++let->uses;
      return Binary(lhs, "matches", Expr{let->name, true});
    }
    const Pattern& pattern = rng_.Pick(Patterns());
    for (const std::string& sample : pattern.samples) constants_.strings.push_back(sample);
    return Binary(lhs, "matches", Expr{StringLiteral(pattern.regex, rng_), true});
  }
  static const std::vector<std::string> ops = {"contains", "starts_with", "ends_with"};
  Expr rhs;
  if (rng_.Chance(60)) {
    const std::string& fragment = rng_.Pick(Fragments());
    constants_.strings.push_back(fragment);
    rhs = Expr{StringLiteral(fragment, rng_), true};
  } else {
    rhs = Value(string_type, depth - 1, false);
  }
  return Binary(lhs, rng_.Pick(ops), rhs);
}

Expr ExprGen::Quantifier(int depth) {
  std::vector<const Type*> elements = {model_.Primitive(Kind::kInt),
                                       model_.Primitive(Kind::kString),
                                       model_.Primitive(Kind::kDuration)};
  for (Path& path : Readable(nullptr)) {
    if (path.type->Is(Kind::kList)) elements.push_back(path.type->element);
  }
  const Type* element = rng_.Pick(elements);
  return QuantifierOver(List(element, depth - 1, false), element, depth);
}

Expr ExprGen::QuantifierOver(const Expr& list, const Type* element, int depth) {
  static const std::vector<std::string> kinds = {"all", "any", "none"};
  std::string variable = NewVariable(element);
  std::vector<Variable> outer = scope_->variables;
  scope_->variables.push_back(Variable{variable, element});
  Path bound{variable, element, {}};
  Expr body;
  if (!outer.empty() && rng_.Chance(40)) {
    // Nested: the body also reads the variable of an enclosing quantifier.
    const Variable& up = rng_.Pick(outer);
    body = Binary(PredicateOn(bound, depth - 1), rng_.Chance(50) ? "and" : "or",
                  PredicateOn(Path{up.name, up.type, {}}, depth - 1));
  } else if (rng_.Chance(60)) {
    body = PredicateOn(bound, depth - 1);
  } else {
    body = Bool(depth - 1);
  }
  scope_->variables.pop_back();
  return Expr{rng_.Pick(kinds) + " " + variable + " in " + Operand(list) + ": " + body.text, false};
}

Expr ExprGen::Guarded(int depth) {
  std::vector<Path> unguarded = Unreadable();
  const Path& path = rng_.Pick(unguarded);
  const std::string& deepest = path.optional_steps.back();
  size_t guards_before = scope_->guards.size();
  AddGuards(deepest, scope_->guards);
  std::string form;
  switch (rng_.Weighted({60, 30, 10})) {
    case 0: form = "has " + deepest + " and "; break;
    case 1: form = "not has " + deepest + " or "; break;
    default: {
      // `not (has p and has q) or ...` is false only when both are present.
      const std::string& other = rng_.Pick(unguarded).optional_steps.back();
      AddGuards(other, scope_->guards);
      form = "not (has " + deepest + " and has " + other + ") or ";
    }
  }
  Expr body = PredicateOn(path, depth - 1);
  if (rng_.Chance(25)) body = Binary(body, rng_.Chance(50) ? "and" : "or", Bool(depth - 2));
  scope_->guards.resize(guards_before);
  return Expr{form + Operand(body), false};
}

// A condition about one readable path, in the way its type suggests.
Expr ExprGen::PredicateOn(const Path& path, int depth) {
  const Type* type = path.type;
  Expr value{path.text, true};
  if (type->Is(Kind::kRecord)) {
    std::vector<Path> fields;
    for (const Field& field : type->fields) {
      std::vector<std::string> steps = path.optional_steps;
      if (field.optional) steps.push_back(path.text + "." + field.name);
      fields.push_back(Path{path.text + "." + field.name, field.type, steps});
    }
    const Path& field = rng_.Pick(fields);
    if (scope_->IsReadable(field)) return PredicateOn(field, depth);
    size_t guards_before = scope_->guards.size();
    AddGuards(field.optional_steps.back(), scope_->guards);
    Expr body = PredicateOn(field, depth - 1);
    scope_->guards.resize(guards_before);
    return Expr{"has " + field.optional_steps.back() + " and " + Operand(body), false};
  }
  if (type->Is(Kind::kList)) {
    const Type* element = type->element;
    switch (rng_.Weighted({15, 40, element->IsScalar() ? 25 : 0, element->IsScalar() ? 20 : 0})) {
      case 0: return CompareWith(Expr{"size(" + path.text + ")", true},
                                 model_.Primitive(Kind::kInt), depth);
      case 1: return QuantifierOver(value, element, depth);
      case 2: {
        Expr item = Value(element, depth - 1, true);
        return rng_.Chance(50) ? Binary(value, "contains", item) : Binary(item, "in", value);
      }
      default: {
        Expr indexed{path.text + "[" + std::to_string(rng_.Range(0, 3)) + "]", true};
        return CompareWith(indexed, element, depth);
      }
    }
  }
  if (type->Is(Kind::kBool)) {
    switch (rng_.Weighted({50, 25, 25})) {
      case 0: return value;
      case 1: return Expr{"not " + path.text, false};
      default: return CompareWith(value, type, depth);
    }
  }
  int specific = type->Is(Kind::kEnum) ? 0 : 40;
  switch (rng_.Weighted({40, 20, specific})) {
    case 0: return CompareWith(value, type, depth);
    case 1: return MembershipWith(value, type, depth);
    default: break;
  }
  const Type* int_type = model_.Primitive(Kind::kInt);
  switch (type->kind) {
    case Kind::kString:
      return rng_.Chance(60) ? StringOp(value, depth)
                             : CompareWith(Expr{"size(" + path.text + ")", true}, int_type, depth);
    case Kind::kEmail: {
      Expr part{path.text + (rng_.Chance(60) ? ".domain" : ".local"), true};
      return rng_.Chance(50) ? StringOp(part, depth)
                             : MembershipWith(part, model_.Primitive(Kind::kString), depth);
    }
    case Kind::kTimestamp:
      switch (rng_.Weighted({30, 20, 25, 25})) {
        case 0: return CompareWith(Expr{"hour(" + path.text + ")", true}, int_type, depth);
        case 1:
          return CompareWith(Expr{"date(" + path.text + ")", true},
                             model_.Primitive(Kind::kTimestamp), depth);
        case 2: return WeekdayTest(value, depth);
        default:
          return CompareWith(Binary(value, "-", TimestampValue(depth - 1, true)),
                             model_.Primitive(Kind::kDuration), depth);
      }
    case Kind::kInt: {
      // Arithmetic on request ints, near the int64 limits sometimes.
      Expr sum = Binary(value, rng_.Chance(50) ? "+" : "-", IntValue(depth - 1));
      return rng_.Chance(70) ? CompareWith(sum, int_type, depth)
                             : CompareWith(Expr{"days(" + path.text + ")", true},
                                           model_.Primitive(Kind::kDuration), depth);
    }
    default: {
      Expr negated{"-" + path.text, false};
      return CompareWith(negated, model_.Primitive(Kind::kDuration), depth);
    }
  }
}

Expr ExprGen::CountCompare() {
  static const std::vector<std::string> ops = {"==", "!=", "<", "<=", ">", ">="};
  return Expr{Count().text + " " + rng_.Pick(ops) + " " + std::to_string(rng_.Range(0, 4)), false};
}

Expr ExprGen::WeekdayTest(const Expr& timestamp, int depth) {
  Expr day{"weekday(" + timestamp.text + ")", true};
  if (rng_.Chance(40)) {
    return Expr{day.text + " == " + StringLiteral(rng_.Pick(Weekdays()), rng_), false};
  }
  return MembershipWith(day, model_.Primitive(Kind::kString), depth);
}

}  // namespace intent::difftest
