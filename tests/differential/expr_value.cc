// Values of a given type: literals, paths, lets, calls, arithmetic, indexing,
// lists and count(). `convert` says whether a constant string (a literal or
// a let bound to one) is accepted where an email, timestamp or enum is
// expected: only where the checker converts literals (7.4).
#include <algorithm>

#include "tests/differential/expr_gen.h"

namespace intent::difftest {
namespace {

std::string Operand(const Expr& e) { return e.atomic ? e.text : "(" + e.text + ")"; }

Expr Call(const std::string& function, const Expr& argument) {
  return Expr{function + "(" + argument.text + ")", true};
}

Expr Binary(const Expr& lhs, const std::string& op, const Expr& rhs) {
  return Expr{Operand(lhs) + " " + op + " " + Operand(rhs), false};
}

bool Convertible(const Type* type) {
  return type->Is(Kind::kEmail) || type->Is(Kind::kTimestamp) || type->Is(Kind::kEnum);
}

// Types whose literals are written directly (not as converted strings).
bool HasOwnLiterals(const Type* type) {
  return type->Is(Kind::kBool) || type->Is(Kind::kInt) || type->Is(Kind::kString) ||
         type->Is(Kind::kDuration);
}

}  // namespace

bool ExprGen::HasLet(const Type* type, bool convert) const {
  return std::any_of(lets_.begin(), lets_.end(), [&](const Let& let) {
    if (let.type == type) return true;
    if (!convert || let.converts_to == nullptr) return false;
    return type->Is(Kind::kList) ? let.type->Is(Kind::kList) && let.converts_to == type->element
                                 : !let.type->Is(Kind::kList) && let.converts_to == type;
  });
}

Expr ExprGen::FromLet(const Type* type, bool convert) {
  std::vector<Let*> usable;
  for (Let& let : lets_) {
    bool converts = convert && let.converts_to != nullptr &&
                    (type->Is(Kind::kList) ? let.type->Is(Kind::kList) &&
                                                 let.converts_to == type->element
                                           : !let.type->Is(Kind::kList) && let.converts_to == type);
    if (let.type == type || converts) usable.push_back(&let);
  }
  Let* let = rng_.Pick(usable);
  ++let->uses;
  return Expr{let->name, true};
}

bool ExprGen::CanMake(const Type* type, bool convert) {
  if (HasOwnLiterals(type) || type->Is(Kind::kTimestamp)) return true;
  if (type->Is(Kind::kList)) {
    const Type* element = type->element;
    return HasOwnLiterals(element) || (convert && Convertible(element)) ||
           !ReadableListsOf(element).empty() || !Readable(model_.ListOf(type)).empty() ||
           (element->IsScalar() && CanMake(element, false));
  }
  if (type->Is(Kind::kRecord)) return false;
  return (convert && Convertible(type)) || !Readable(type).empty() ||
         !ReadableListsOf(type).empty() || !RecordListsWithField(type).empty();
}

Expr ExprGen::Value(const Type* type, int depth, bool convert) {
  switch (type->kind) {
    case Kind::kBool: return Bool(depth);
    case Kind::kInt: return IntValue(depth);
    case Kind::kString: return StringValue(depth);
    case Kind::kEmail: return EmailValue(depth, convert);
    case Kind::kTimestamp: return TimestampValue(depth, convert);
    case Kind::kDuration: return DurationValue(depth);
    case Kind::kEnum: return EnumValue(type, depth, convert);
    case Kind::kList: return List(type->element, depth, convert);
    case Kind::kRecord: break;
  }
  return Expr{"true", true};  // not reached: records are read only through paths
}

// A literal of the type; strings for emails, timestamps and enums (the
// caller has made sure they are converted).
Expr ExprGen::Constant(const Type* type) {
  switch (type->kind) {
    case Kind::kBool: return Expr{rng_.Chance(50) ? "true" : "false", true};
    case Kind::kInt: {
      int64_t value = rng_.Chance(60) ? rng_.Range(-2, 10) : rng_.Pick(BoundaryInts());
      constants_.ints.push_back(value);
      return Expr{IntLiteral(value), IsAtomicIntLiteral(value)};
    }
    case Kind::kString: {
      static const std::vector<const std::vector<std::string>*> pools = {
          &Words(), &Domains(), &Locals(), &Weekdays(), &Agents()};
      const std::string& text = rng_.Pick(*pools[rng_.Weighted({50, 20, 10, 12, 8})]);
      constants_.strings.push_back(text);
      return Expr{StringLiteral(text, rng_), true};
    }
    case Kind::kEmail: {
      std::string email = rng_.Pick(Locals()) + "@" + rng_.Pick(Domains());
      constants_.emails.push_back(email);
      return Expr{StringLiteral(email, rng_), true};
    }
    case Kind::kTimestamp: {
      const std::string& instant = rng_.Pick(Instants());
      constants_.timestamps.push_back(ParseInstant(instant));
      return Expr{StringLiteral(instant, rng_), true};
    }
    case Kind::kDuration: {
      int64_t micros = rng_.Pick(DurationsMicros());
      constants_.durations.push_back(micros);
      return Expr{DurationLiteral(micros), micros >= 0};
    }
    case Kind::kEnum: return Expr{StringLiteral(rng_.Pick(type->values), rng_), true};
    case Kind::kList:
    case Kind::kRecord: break;
  }
  return Expr{"true", true};
}

Expr ExprGen::IntValue(int depth) {
  if (depth <= 0) {
    std::vector<Path> paths = Readable(model_.Primitive(Kind::kInt));
    if (!paths.empty() && rng_.Chance(50)) return Expr{rng_.Pick(paths).text, true};
    return Constant(model_.Primitive(Kind::kInt));
  }
  const Type* int_type = model_.Primitive(Kind::kInt);
  switch (rng_.Weighted({20, 20, 6, 10, 5, 3, 14, 5, 8, 4})) {
    case 0: return Constant(int_type);
    case 1: return IntValue(0);
    case 2: return HasLet(int_type, false) ? FromLet(int_type, false) : Constant(int_type);
    case 3: {
      const Type* sized = rng_.Chance(50) ? model_.Primitive(Kind::kString)
                                          : model_.ListOf(PickScalarType(false));
      return Call("size", Value(sized, depth - 1, false));
    }
    case 4: return Call("hour", TimestampValue(depth - 1, true));
    case 5: return Count();
    case 6:
      return Binary(IntValue(depth - 1), rng_.Chance(50) ? "+" : "-", IntValue(depth - 1));
    case 7: return Expr{"-" + Operand(IntValue(depth - 1)), false};
    case 8: return Index(int_type, depth - 1);
    default: return IndexedField(int_type, depth - 1);
  }
}

Expr ExprGen::StringValue(int depth) {
  const Type* string_type = model_.Primitive(Kind::kString);
  if (depth <= 0) {
    std::vector<Path> paths = Readable(string_type);
    if (!paths.empty() && rng_.Chance(60)) return Expr{rng_.Pick(paths).text, true};
    return Constant(string_type);
  }
  switch (rng_.Weighted({15, 25, 6, 14, 4, 10, 5, 6, 4})) {
    case 0: return Constant(string_type);
    case 1: return StringValue(0);
    case 2: return HasLet(string_type, false) ? FromLet(string_type, false) : Constant(string_type);
    case 3: {
      static const std::vector<std::string> functions = {"lower", "upper", "trim"};
      return Call(rng_.Pick(functions), StringValue(depth - 1));
    }
    case 4: return Call("weekday", TimestampValue(depth - 1, true));
    case 5: {
      if (!CanMake(model_.Primitive(Kind::kEmail), false)) return StringValue(0);
      Expr email = EmailValue(depth - 1, false);
      return Expr{Operand(email) + (rng_.Chance(50) ? ".local" : ".domain"), true};
    }
    case 6: return Expr{"principal", true};
    case 7: return Index(string_type, depth - 1);
    default: return IndexedField(string_type, depth - 1);
  }
}

Expr ExprGen::EmailValue(int depth, bool convert) {
  const Type* email = model_.Primitive(Kind::kEmail);
  std::vector<Path> paths = Readable(email);
  int constant_weight = convert ? 25 : 0;
  int index_weight = ReadableListsOf(email).empty() ? 0 : 15;
  int field_weight = RecordListsWithField(email).empty() ? 0 : 8;
  switch (rng_.Weighted({paths.empty() ? 0 : 50, constant_weight, index_weight, field_weight})) {
    case 0: return Expr{rng_.Pick(paths).text, true};
    case 1: return HasLet(email, true) && rng_.Chance(40) ? FromLet(email, true) : Constant(email);
    case 2: return Index(email, depth - 1);
    default: return IndexedField(email, depth - 1);
  }
}

Expr ExprGen::TimestampValue(int depth, bool convert) {
  const Type* ts = model_.Primitive(Kind::kTimestamp);
  if (depth <= 0) {
    std::vector<Path> paths = Readable(ts);
    if (convert && rng_.Chance(30)) return Constant(ts);
    if (!paths.empty() && rng_.Chance(60)) return Expr{rng_.Pick(paths).text, true};
    return Expr{rng_.Chance(50) ? "now" : "today", true};
  }
  switch (rng_.Weighted({20, 8, convert ? 12 : 0, 8, 14, 4, 4, 4, HasLet(ts, false) ? 4 : 0})) {
    case 0: return TimestampValue(0, false);
    case 1: return Call("date", TimestampValue(depth - 1, true));
    case 2: return HasLet(ts, true) && rng_.Chance(40) ? FromLet(ts, true) : Constant(ts);
    // A constant string before `+ duration` or `- duration` converts.
    case 3:
    case 4:
      return Binary(TimestampValue(depth - 1, true), rng_.Chance(50) ? "+" : "-",
                    DurationValue(depth - 1));
    // `duration + "..."` would not convert, so the timestamp is a real one.
    case 5: return Binary(DurationValue(depth - 1), "+", TimestampValue(depth - 1, false));
    case 6: return Index(ts, depth - 1);
    case 7: return IndexedField(ts, depth - 1);
    default: return FromLet(ts, false);
  }
}

Expr ExprGen::DurationValue(int depth) {
  const Type* duration = model_.Primitive(Kind::kDuration);
  if (depth <= 0) {
    std::vector<Path> paths = Readable(duration);
    if (!paths.empty() && rng_.Chance(40)) return Expr{rng_.Pick(paths).text, true};
    return Constant(duration);
  }
  switch (rng_.Weighted({15, 15, 6, 15, 10, 10, 5, 5})) {
    case 0: return Constant(duration);
    case 1: return DurationValue(0);
    case 2: return HasLet(duration, false) ? FromLet(duration, false) : Constant(duration);
    case 3: {
      static const std::vector<std::string> functions = {"days", "hours", "minutes"};
      return Call(rng_.Pick(functions), IntValue(depth - 1));
    }
    case 4:
      return Binary(TimestampValue(depth - 1, false), "-", TimestampValue(depth - 1, true));
    case 5:
      return Binary(DurationValue(depth - 1), rng_.Chance(50) ? "+" : "-", DurationValue(depth - 1));
    case 6: return Expr{"-" + Operand(DurationValue(depth - 1)), false};
    default: return Index(duration, depth - 1);
  }
}

Expr ExprGen::EnumValue(const Type* type, int depth, bool convert) {
  std::vector<Path> paths = Readable(type);
  int index_weight = ReadableListsOf(type).empty() ? 0 : 15;
  int field_weight = RecordListsWithField(type).empty() ? 0 : 8;
  switch (rng_.Weighted({paths.empty() ? 0 : 50, convert ? 30 : 0, index_weight, field_weight})) {
    case 0: return Expr{rng_.Pick(paths).text, true};
    case 1: return HasLet(type, true) && rng_.Chance(40) ? FromLet(type, true) : Constant(type);
    case 2: return Index(type, depth - 1);
    default: return IndexedField(type, depth - 1);
  }
}

// A list<element>. With `convert`, a list of constant strings stands for
// emails, timestamps or enum values.
Expr ExprGen::List(const Type* element, int depth, bool convert) {
  const Type* list_type = model_.ListOf(element);
  std::vector<Path> paths = ReadableListsOf(element);
  // At the bottom, a request list ends the recursion (index -> list -> ...).
  if (depth <= 0 && !paths.empty()) return Expr{rng_.Pick(paths).text, true};
  std::vector<Path> nested = Readable(model_.ListOf(list_type));
  bool constant_ok = HasOwnLiterals(element) || (convert && Convertible(element));
  bool mixed_ok = element->IsScalar() && CanMake(element, false);
  switch (rng_.Weighted({paths.empty() ? 0 : 40, constant_ok ? 25 : 0,
                         HasLet(list_type, convert) ? 10 : 0, mixed_ok ? 15 : 0,
                         nested.empty() ? 0 : 10})) {
    case 0: return Expr{rng_.Pick(paths).text, true};
    case 1: return ConstantList(element);
    case 2: return FromLet(list_type, convert);
    case 3: return MixedList(element, std::max(depth - 1, 0));
    default: return Index(list_type, std::max(depth - 1, 0));
  }
}

Expr ExprGen::ConstantList(const Type* element) {
  std::string text = "[";
  int size = static_cast<int>(rng_.Range(1, 4));
  for (int i = 0; i < size; ++i) text += (i ? ", " : "") + Constant(element).text;
  return Expr{text + (rng_.Chance(10) ? ",]" : "]"), true};
}

// A list literal with request values in it. Its element type is that of
// the first element that is not a string literal, so that one is a real
// value of the element type; constants after it are string literals
// (converted) or the type's own literals.
Expr ExprGen::MixedList(const Type* element, int depth) {
  std::string text = "[" + Value(element, depth, false).text;
  int more = static_cast<int>(rng_.Range(1, 3));
  for (int i = 0; i < more; ++i) {
    bool constant = rng_.Chance(60);
    text += ", " + (constant ? Constant(element) : Value(element, depth, false)).text;
  }
  return Expr{text + "]", true};
}

// `list[i]`, with indexes that are sometimes out of range.
Expr ExprGen::Index(const Type* element, int depth) {
  Expr list = List(element, std::max(depth, 0), false);
  Expr index;
  switch (rng_.Weighted({60, 15, 15, 10})) {
    case 0: index = Expr{std::to_string(rng_.Range(0, 3)), true}; break;
    case 1: index = Expr{"size(" + list.text + ") - 1", false}; break;
    case 2: index = IntValue(std::max(depth - 1, 0)); break;
    default: index = Expr{"-1", false}; break;
  }
  return Expr{Operand(list) + "[" + index.text + "]", true};
}

// `doc.items[0].name`: a required field of an indexed record.
Expr ExprGen::IndexedField(const Type* type, int depth) {
  std::vector<Path> lists = RecordListsWithField(type);
  if (lists.empty()) return Value(type, 0, false);
  const Path& list = rng_.Pick(lists);
  std::vector<std::string> fields;
  for (const Field& field : list.type->element->fields) {
    if (!field.optional && field.type == type) fields.push_back(field.name);
  }
  std::string index = rng_.Chance(80) ? std::to_string(rng_.Range(0, 2)) : IntValue(depth).text;
  return Expr{list.text + "[" + index + "]." + rng_.Pick(fields), true};
}

Expr ExprGen::Count() {
  Target target = RandomTarget(rng_, model_);
  static const std::vector<std::string> windows = {"30s", "1m", "10m", "1h", "2h", "1d", "1w"};
  return Expr{"count(" + target.text + " within " + rng_.Pick(windows) + ")", true};
}

}  // namespace intent::difftest
