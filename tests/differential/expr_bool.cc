// Conditions: logic, comparisons, membership, string operators,
// quantifiers, `has` guards, count() and predicates on request paths.
#include <algorithm>

#include "tests/differential/expr_gen.h"

namespace intent::difftest {

void AddGuards(const std::string& path, std::vector<std::string>& guards) {
  for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1)) {
    guards.push_back(path.substr(0, dot));
  }
  guards.push_back(path);
}

namespace {

bool Orderable(const Type* type) {
  return type->Is(Kind::kInt) || type->Is(Kind::kString) || type->Is(Kind::kTimestamp) ||
         type->Is(Kind::kDuration);
}

const std::vector<std::string>& Fragments() {
  static const std::vector<std::string> fragments = {"a", "Re:", "10.", "bot/",  ".pem",
                                                     "@", "é",   "",    "ALPHA", "label:"};
  return fragments;
}

}  // namespace

std::string ExprGen::Condition(Scope& scope, int depth) {
  Enter(scope);
  return Bool(depth).text;
}

std::string ExprGen::GuardingHas(Scope& scope, bool negated) {
  Enter(scope);
  std::vector<Path> unguarded = Unreadable();
  if (unguarded.empty()) return "";
  const std::string& deepest = rng_.Pick(unguarded).optional_steps.back();
  AddGuards(deepest, scope.guards);
  return (negated ? "not has " : "has ") + deepest;
}

std::string ExprGen::LimitKey(Scope& scope) {
  Enter(scope);
  std::vector<Path> scalars;
  for (Path& path : Readable(nullptr)) {
    if (path.type->IsScalar()) scalars.push_back(path);
  }
  if (!scalars.empty() && rng_.Chance(60)) return rng_.Pick(scalars).text;
  return Subject(PickScalarType(false), 1).text;
}

Expr ExprGen::Bool(int depth) {
  if (depth <= 0) return BoolLeaf();
  bool guardable = !Unreadable().empty();
  int data = model_.data.empty() ? 0 : 12;
  switch (rng_.Weighted({14, 5, 14, 12, 10, 11, guardable ? 12 : 0, 20, 3, 3, 1, data})) {
    case 0: return Logical(depth);
    case 1: return Not(Bool(depth - 1));
    case 2: return Compare(depth);
    case 3: return Membership(depth);
    case 4: return StringOp(Subject(model_.Primitive(Kind::kString), depth - 1), depth);
    case 5: return Quantifier(depth);
    case 6: return Guarded(depth);
    case 7: return PredicateOn(rng_.Pick(Readable(nullptr)), depth - 1);
    case 8: return CountCompare();
    case 9: return WeekdayTest(Subject(model_.Primitive(Kind::kTimestamp), depth - 1));
    case 10: return Expr{rng_.Chance(50) ? "true" : "false"};
    default: return DataCondition(depth);
  }
}

Expr ExprGen::BoolLeaf() {
  std::vector<Path> flags = Readable(model_.Primitive(Kind::kBool));
  std::vector<Path> unguarded = Unreadable();
  const Type* bool_type = model_.Primitive(Kind::kBool);
  switch (rng_.Weighted({flags.empty() ? 0 : 30, unguarded.empty() ? 0 : 10, 50,
                         HasLet(bool_type, false) ? 5 : 0, 3})) {
    case 0: return Expr{rng_.Pick(flags).text};
    // A bare `has` guards nothing around it: nobody knows it is true.
    case 1: return Expr{"has " + rng_.Pick(rng_.Pick(unguarded).optional_steps)};
    case 2: {
      const Type* type = PickScalarType(false);
      return type->Is(Kind::kBool) ? Expr{"true"} : CompareWith(Value(type, 0, false), type, 0);
    }
    case 3: return FromLet(bool_type, false);
    default: return Expr{rng_.Chance(50) ? "true" : "false"};
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
  const Type* type = PickSubjectType();
  if (type->Is(Kind::kBool)) return CompareWith(Bool(depth - 1), type, depth);
  return CompareWith(Subject(type, depth - 1), type, depth);
}

// `lhs OP rhs`; lhs is a real value of `type`, so rhs may be a constant
// string that converts to it.
Expr ExprGen::CompareWith(const Expr& lhs, const Type* type, int depth) {
  static const std::vector<std::string> ordering = {"==", "!=", "<", "<=", ">", ">="};
  static const std::vector<std::string> strict = {"<", "<=", ">", ">="};
  static const std::vector<std::string> equality = {"==", "!="};
  // Two instants or durations are rarely equal: mostly order them.
  bool continuous = type->Is(Kind::kTimestamp) || type->Is(Kind::kDuration);
  const std::string& op = rng_.Pick(!Orderable(type)                ? equality
                                    : continuous && rng_.Chance(75) ? strict
                                                                    : ordering);
  FieldHint hint(hint_field_, FieldOf(lhs.text));
  // Mostly a constant, so that requests (which reuse it) go both ways.
  Expr rhs = rng_.Chance(50) ? Constant(type) : Value(type, depth - 1, true);
  if (rhs.text == lhs.text) rhs = Constant(type);
  return Binary(lhs, op, rhs);
}

Expr ExprGen::Membership(int depth) {
  std::vector<Path> lists;
  for (Path& path : Readable(nullptr)) {
    if (path.type->Is(Kind::kList) && path.type->element->IsScalar()) lists.push_back(path);
  }
  if (lists.empty() || rng_.Chance(60)) {
    // Two instants or durations are rarely equal: membership is about the rest.
    const Type* type = PickSubjectType();
    if ((type->Is(Kind::kTimestamp) || type->Is(Kind::kDuration)) && rng_.Chance(75)) {
      type = model_.Primitive(Kind::kString);
    }
    return MembershipWith(Subject(type, depth - 1), type, depth);
  }
  // A request list, and an element that may be a converted constant.
  const Path& list = rng_.Pick(lists);
  if (list.text.starts_with("data.")) return DataListMembership(list, depth);
  FieldHint hint(hint_field_, FieldOf(list.text));
  Expr element = Value(list.type->element, depth - 1, true);
  Expr list_expr{list.text};
  switch (rng_.Weighted({40, 20, 40})) {
    case 0: return Binary(element, "in", list_expr);
    case 1: return Binary(element, "not in", list_expr);
    default: return Binary(list_expr, "contains", element);
  }
}

// `value in L`, `value not in L` or `L contains value`, where L may be a
// constant list (converted to the value's type) or even `[]`.
Expr ExprGen::MembershipWith(const Expr& value, const Type* type, int depth) {
  FieldHint hint(hint_field_, FieldOf(value.text));
  Expr list;
  switch (rng_.Weighted({6, 50, 44})) {
    case 0: list = Expr{"[]"}; break;
    case 1: list = ConstantList(type); break;
    default: list = List(type, depth - 1, true);
  }
  switch (rng_.Weighted({40, 20, 40})) {
    case 0: return Binary(value, "in", list);
    case 1: return Binary(value, "not in", list);
    default: return Binary(list, "contains", value);
  }
}

Expr ExprGen::StringOp(const Expr& lhs, int depth) {
  FieldHint hint(hint_field_, FieldOf(lhs.text));
  const Type* string_type = model_.Primitive(Kind::kString);
  if (rng_.Chance(25)) {
    std::vector<Let*> patterns;
    for (Let& let : lets_) {
      if (let.is_pattern) patterns.push_back(&let);
    }
    if (!patterns.empty() && rng_.Chance(30)) {
      Let* let = rng_.Pick(patterns);
      RememberLet(*let);
      return Binary(lhs, "matches", Expr{let->name});
    }
    const Pattern& pattern = rng_.Pick(Patterns());
    for (const std::string& sample : pattern.samples) {
      constants_.Add(&ConstantSet::strings, sample, hint_field_);
    }
    return Binary(lhs, "matches", Expr{StringLiteral(pattern.regex, rng_)});
  }
  static const std::vector<std::string> ops = {"contains", "starts_with", "ends_with"};
  Expr rhs;
  if (rng_.Chance(60)) {
    const std::string& fragment = rng_.Pick(Fragments());
    constants_.Add(&ConstantSet::strings, fragment, hint_field_);
    rhs = Expr{StringLiteral(fragment, rng_)};
  } else {
    rhs = Value(string_type, depth - 1, false);
  }
  return Binary(lhs, rng_.Pick(ops), rhs);
}

// Mostly over a list from the request; else over a list literal.
Expr ExprGen::Quantifier(int depth) {
  std::vector<Path> lists;
  for (Path& path : Readable(nullptr)) {
    if (path.type->Is(Kind::kList)) lists.push_back(path);
  }
  if (!lists.empty() && rng_.Chance(70)) {
    const Path& list = rng_.Pick(lists);
    return QuantifierOver(Expr{list.text}, list.type->element, depth);
  }
  std::vector<const Type*> elements = {model_.Primitive(Kind::kInt),
                                       model_.Primitive(Kind::kString),
                                       model_.Primitive(Kind::kDuration)};
  const Type* element = rng_.Pick(elements);
  return QuantifierOver(List(element, depth - 1, false), element, depth);
}

// A body for a quantifier over constants: the variable against the request
// (`any m in ["a", "b"]: doc.title contains m`).
Expr ExprGen::RelateToRequest(const Expr& variable, const Type* type, int depth) {
  static const std::vector<std::string> string_ops = {"contains", "starts_with", "ends_with"};
  static const std::vector<std::string> ordering = {"==", "!=", "<", "<=", ">", ">="};
  Expr subject = Subject(type, depth);
  if (type->Is(Kind::kString) && rng_.Chance(60)) {
    return Binary(subject, rng_.Pick(string_ops), variable);
  }
  return Binary(subject, rng_.Pick(ordering), variable);
}

Expr ExprGen::QuantifierOver(const Expr& list, const Type* element, int depth) {
  static const std::vector<std::string> kinds = {"all", "any", "none"};
  std::string variable = NewVariable(element);
  variable_fields_[variable] = FieldOf(list.text);
  // Data are not constants, though FieldOf() finds no field in `data.m[k].l`.
  bool over_constants =
      FieldOf(list.text).empty() && element->IsScalar() && !list.text.starts_with("data.");
  // Made before the variable is in scope, so that it is not compared with itself.
  Expr body = over_constants && rng_.Chance(75)
                  ? RelateToRequest(Expr{variable}, element, depth - 1)
                  : BodyAbout(Variable{variable, element}, depth - 1);
  return Expr{
      rng_.Pick(kinds) + " " + variable + " in " + Operand(list, kAddLevel) + ": " + body.text,
      kQuantifierLevel};
}

// A quantifier body with `bound` in scope: about it, sometimes also about
// the variable of an enclosing quantifier.
Expr ExprGen::BodyAbout(const Variable& bound, int depth) {
  std::vector<Variable> outer = scope_->variables;
  scope_->variables.push_back(bound);
  Path path{bound.name, bound.type, {}};
  Expr body;
  if (!outer.empty() && rng_.Chance(40)) {
    const Variable& up = rng_.Pick(outer);
    body = Binary(PredicateOn(path, depth), rng_.Chance(50) ? "and" : "or",
                  PredicateOn(Path{up.name, up.type, {}}, depth));
  } else if (rng_.Chance(60)) {
    body = PredicateOn(path, depth);
  } else {
    body = Bool(depth);
  }
  scope_->variables.pop_back();
  return body;
}

Expr ExprGen::Guarded(int depth) {
  std::vector<Path> unguarded = Unreadable();
  const Path& path = rng_.Pick(unguarded);
  const std::string& deepest = path.optional_steps.back();
  size_t guards_before = scope_->guards.size();
  AddGuards(deepest, scope_->guards);
  Expr guard;
  std::string op;
  switch (rng_.Weighted({60, 30, 10})) {
    case 0: guard = Expr{"has " + deepest}, op = "and"; break;
    case 1: guard = Not(Expr{"has " + deepest}), op = "or"; break;
    default: {
      // `not (has p and has q) or ...` is false only when both are present.
      const std::string& other = rng_.Pick(unguarded).optional_steps.back();
      AddGuards(other, scope_->guards);
      guard = Not(Binary(Expr{"has " + deepest}, "and", Expr{"has " + other})), op = "or";
    }
  }
  Expr body = PredicateOn(path, depth - 1);
  if (rng_.Chance(25)) body = Binary(body, rng_.Chance(50) ? "and" : "or", Bool(depth - 2));
  scope_->guards.resize(guards_before);
  return Binary(guard, op, body);
}

// A condition about one readable path, in the way its type suggests.
Expr ExprGen::PredicateOn(const Path& path, int depth) {
  const Type* type = path.type;
  if (type->Is(Kind::kMap)) return MapPredicate(path, depth);
  Expr value{path.text};
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
    return Binary(Expr{"has " + field.optional_steps.back()}, "and", body);
  }
  if (type->Is(Kind::kList)) {
    const Type* element = type->element;
    switch (rng_.Weighted({15, 40, element->IsScalar() ? 25 : 0, element->IsScalar() ? 20 : 0})) {
      case 0:
        return CompareWith(Expr{"size(" + path.text + ")"}, model_.Primitive(Kind::kInt), depth);
      case 1: return QuantifierOver(value, element, depth);
      case 2: {
        FieldHint hint(hint_field_, FieldOf(path.text));
        Expr item = Value(element, depth - 1, true);
        return rng_.Chance(50) ? Binary(value, "contains", item) : Binary(item, "in", value);
      }
      default: {
        Expr indexed{path.text + "[" + std::to_string(rng_.Weighted({55, 25, 12, 8})) + "]"};
        return CompareWith(indexed, element, depth);
      }
    }
  }
  if (type->Is(Kind::kBool)) {
    switch (rng_.Weighted({50, 25, 25})) {
      case 0: return value;
      case 1: return Not(value);
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
                             : CompareWith(Expr{"size(" + path.text + ")"}, int_type, depth);
    case Kind::kEmail: {
      Expr part{path.text + (rng_.Chance(60) ? ".domain" : ".local")};
      return rng_.Chance(50) ? StringOp(part, depth)
                             : MembershipWith(part, model_.Primitive(Kind::kString), depth);
    }
    case Kind::kTimestamp:
      switch (rng_.Weighted({30, 20, 25, 25})) {
        case 0: return CompareWith(Expr{"hour(" + path.text + ")"}, int_type, depth);
        case 1:
          return CompareWith(Expr{"date(" + path.text + ")"}, model_.Primitive(Kind::kTimestamp),
                             depth);
        case 2: return WeekdayTest(value);
        default:
          return CompareWith(Binary(value, "-", TimestampValue(depth - 1, true)),
                             model_.Primitive(Kind::kDuration), depth);
      }
    case Kind::kInt: {
      // Arithmetic on request ints, near the int64 limits sometimes.
      Expr sum = Binary(value, rng_.Chance(50) ? "+" : "-", IntValue(depth - 1));
      return rng_.Chance(70) ? CompareWith(sum, int_type, depth)
                             : CompareWith(Expr{"days(" + path.text + ")"},
                                           model_.Primitive(Kind::kDuration), depth);
    }
    case Kind::kDuration: return CompareWith(Negate(value), type, depth);
    default: return CompareWith(value, type, depth);
  }
}

Expr ExprGen::CountCompare() {
  static const std::vector<std::string> ops = {"==", "!=", "<", "<=", ">", ">="};
  return Binary(Count(), rng_.Pick(ops), Expr{std::to_string(rng_.Range(0, 4))});
}

Expr ExprGen::WeekdayTest(const Expr& timestamp) {
  Expr day{"weekday(" + timestamp.text + ")"};
  if (rng_.Chance(40)) {
    return Binary(day,
                  rng_.Chance(80) ? "==" : "!=", Expr{StringLiteral(rng_.Pick(Weekdays()), rng_)});
  }
  std::string days;
  for (const std::string& name : Weekdays()) {
    if (rng_.Chance(50)) days += (days.empty() ? "" : ", ") + StringLiteral(name, rng_);
  }
  return Binary(day, rng_.Chance(80) ? "in" : "not in", Expr{"[" + days + "]"});
}

}  // namespace intent::difftest
