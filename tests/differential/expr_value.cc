// Values of a given type: literals, paths, calls, arithmetic and count()
// (lists, indexing and lets are in expr_lists.cc). `convert` says whether a constant string (a
// literal or a let bound to one) is accepted where an email, timestamp or enum is expected: only
// where the checker converts literals (7.4).
#include <optional>

#include "tests/differential/expr_gen.h"

namespace intent::difftest {

std::string Operand(const Expr& operand, int level) {
  return operand.level >= level ? operand.text : "(" + operand.text + ")";
}

Expr Binary(const Expr& lhs, const std::string& op, const Expr& rhs) {
  int level = op == "or"               ? kOrLevel
              : op == "and"            ? kAndLevel
              : op == "+" || op == "-" ? kAddLevel
                                       : kCompareLevel;
  // Left-associative operators take their own level on the left; comparisons
  // do not chain, so both sides must bind tighter.
  int left = level == kCompareLevel ? kAddLevel : level;
  return Expr{Operand(lhs, left) + " " + op + " " + Operand(rhs, level + 1), level};
}

// `not (a == b)` and `-(-x)` are easier to read than `not a == b` and `--x`.
Expr Not(const Expr& operand) { return Expr{"not " + Operand(operand, kAtomLevel), kNotLevel}; }
Expr Negate(const Expr& operand) { return Expr{"-" + Operand(operand, kAtomLevel), kNegateLevel}; }

bool Convertible(const Type* type) {
  return type->Is(Kind::kEmail) || type->Is(Kind::kTimestamp) || type->Is(Kind::kEnum);
}

bool HasOwnLiterals(const Type* type) {
  return type->Is(Kind::kBool) || type->Is(Kind::kInt) || type->Is(Kind::kString) ||
         type->Is(Kind::kDuration);
}

namespace {

Expr Call(const std::string& function, const Expr& argument) {
  return Expr{function + "(" + argument.text + ")"};
}

}  // namespace

bool ExprGen::CanMake(const Type* type, bool convert) {
  if (HasOwnLiterals(type) || type->Is(Kind::kTimestamp)) return true;
  if (type->Is(Kind::kList)) {
    const Type* element = type->element;
    return HasOwnLiterals(element) || (convert && Convertible(element)) ||
           !ReadableListsOf(element).empty() || !Readable(model_.ListOf(type)).empty() ||
           (element->IsScalar() && CanMake(element, false));
  }
  if (type->Is(Kind::kRecord) || type->Is(Kind::kMap)) return false;
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
    case Kind::kRecord:
    case Kind::kMap: break;
  }
  return Expr{"true"};  // not reached: records are read only through paths
}

// The value a condition is about: mostly read or computed from the
// request, so that conditions over constants alone stay rare.
Expr ExprGen::Subject(const Type* type, int depth) {
  std::vector<Path> paths = Readable(type);
  if (!paths.empty() && rng_.Chance(65)) return Expr{rng_.Pick(paths).text};
  if (rng_.Chance(85)) {
    if (std::optional<Expr> derived = DerivedFromRequest(type)) return *derived;
  }
  return Value(type, depth, false);
}

// A value of `type` computed from the request (or its time), if the type
// has such a form.
std::optional<Expr> ExprGen::DerivedFromRequest(const Type* type) {
  const Type* ts = model_.Primitive(Kind::kTimestamp);
  std::vector<Path> times = Readable(ts);
  Expr time = times.empty() || rng_.Chance(30) ? Expr{rng_.Chance(50) ? "now" : "today"}
                                               : Expr{rng_.Pick(times).text};
  switch (type->kind) {
    case Kind::kString: {
      std::vector<Path> emails = Readable(model_.Primitive(Kind::kEmail));
      if (!emails.empty() && rng_.Chance(50)) {
        return Expr{rng_.Pick(emails).text + (rng_.Chance(50) ? ".local" : ".domain")};
      }
      return rng_.Chance(60) ? Expr{"principal"} : Expr{"weekday(" + time.text + ")"};
    }
    case Kind::kInt: {
      std::vector<Path> sized;
      for (Path& path : Readable(nullptr)) {
        if (path.type->Is(Kind::kList) || path.type->Is(Kind::kString)) sized.push_back(path);
      }
      if (!sized.empty() && rng_.Chance(60)) return Expr{"size(" + rng_.Pick(sized).text + ")"};
      return rng_.Chance(70) ? Expr{"hour(" + time.text + ")"} : Count();
    }
    case Kind::kDuration: return Binary(Expr{"now"}, "-", time);
    case Kind::kTimestamp: return time;
    default: return std::nullopt;
  }
}

// A literal of the type; strings for emails, timestamps and enums (the
// caller has made sure they are converted).
Expr ExprGen::Constant(const Type* type) {
  switch (type->kind) {
    case Kind::kBool: return Expr{rng_.Chance(50) ? "true" : "false"};
    case Kind::kInt: {
      int64_t value = rng_.Chance(60) ? rng_.Range(-2, 10) : rng_.Pick(BoundaryInts());
      constants_.Add(&ConstantSet::ints, value, hint_field_);
      return Expr{IntLiteral(value), IsAtomicIntLiteral(value) ? kAtomLevel : kNegateLevel};
    }
    case Kind::kString: {
      static const std::vector<const std::vector<std::string>*> pools = {
          &Words(), &Domains(), &Locals(), &Weekdays(), &Agents()};
      // Principals are agent ids.
      std::vector<int> weights = hint_field_ == "principal" ? std::vector<int>{20, 0, 0, 0, 80}
                                                            : std::vector<int>{50, 20, 10, 12, 8};
      const std::string& text = rng_.Pick(*pools[rng_.Weighted(weights)]);
      constants_.Add(&ConstantSet::strings, text, hint_field_);
      return Expr{StringLiteral(text, rng_)};
    }
    case Kind::kEmail: {
      std::string email = rng_.Pick(Locals()) + "@" + rng_.Pick(Domains());
      constants_.Add(&ConstantSet::emails, email, hint_field_);
      return Expr{StringLiteral(email, rng_)};
    }
    case Kind::kTimestamp: {
      int64_t micros = PolicyInstant(rng_, constants_.base_time);
      constants_.Add(&ConstantSet::timestamps, micros, hint_field_);
      return Expr{StringLiteral(InstantText(rng_, micros), rng_)};
    }
    case Kind::kDuration: {
      int64_t micros = rng_.Pick(DurationsMicros());
      constants_.Add(&ConstantSet::durations, micros, hint_field_);
      return Expr{DurationLiteral(micros), micros >= 0 ? kAtomLevel : kNegateLevel};
    }
    case Kind::kEnum: return Expr{StringLiteral(rng_.Pick(type->values), rng_)};
    case Kind::kList:
    case Kind::kRecord:
    case Kind::kMap: break;
  }
  return Expr{"true"};
}

Expr ExprGen::IntValue(int depth) {
  if (depth <= 0) {
    std::vector<Path> paths = Readable(model_.Primitive(Kind::kInt));
    if (!paths.empty() && rng_.Chance(50)) return Expr{rng_.Pick(paths).text};
    return Constant(model_.Primitive(Kind::kInt));
  }
  const Type* int_type = model_.Primitive(Kind::kInt);
  switch (rng_.Weighted({20, 20, 6, 10, 5, 3, 14, 5, 8, 4})) {
    case 0: return Constant(int_type);
    case 1: return IntValue(0);
    case 2: return HasLet(int_type, false) ? FromLet(int_type, false) : Constant(int_type);
    case 3: {
      const Type* sized =
          rng_.Chance(50) ? model_.Primitive(Kind::kString) : model_.ListOf(PickScalarType(false));
      return Call("size", Value(sized, depth - 1, false));
    }
    case 4: return Call("hour", TimestampValue(depth - 1, true));
    case 5: return Count();
    case 6: return Binary(IntValue(depth - 1), rng_.Chance(50) ? "+" : "-", IntValue(depth - 1));
    case 7: return Negate(IntValue(depth - 1));
    case 8: return Index(int_type, depth - 1);
    default: return IndexedField(int_type, depth - 1);
  }
}

Expr ExprGen::StringValue(int depth) {
  const Type* string_type = model_.Primitive(Kind::kString);
  if (depth <= 0) {
    std::vector<Path> paths = Readable(string_type);
    if (!paths.empty() && rng_.Chance(60)) return Expr{rng_.Pick(paths).text};
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
      return Expr{Operand(email, kAtomLevel) + (rng_.Chance(50) ? ".local" : ".domain")};
    }
    case 6: return Expr{"principal"};
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
    case 0: return Expr{rng_.Pick(paths).text};
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
    if (!paths.empty() && rng_.Chance(60)) return Expr{rng_.Pick(paths).text};
    return Expr{rng_.Chance(50) ? "now" : "today"};
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
    if (!paths.empty() && rng_.Chance(40)) return Expr{rng_.Pick(paths).text};
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
    case 4: return Binary(TimestampValue(depth - 1, false), "-", TimestampValue(depth - 1, true));
    case 5:
      return Binary(DurationValue(depth - 1), rng_.Chance(50) ? "+" : "-",
                    DurationValue(depth - 1));
    case 6: return Negate(DurationValue(depth - 1));
    default: return Index(duration, depth - 1);
  }
}

Expr ExprGen::EnumValue(const Type* type, int depth, bool convert) {
  std::vector<Path> paths = Readable(type);
  int index_weight = ReadableListsOf(type).empty() ? 0 : 15;
  int field_weight = RecordListsWithField(type).empty() ? 0 : 8;
  switch (rng_.Weighted({paths.empty() ? 0 : 50, convert ? 30 : 0, index_weight, field_weight})) {
    case 0: return Expr{rng_.Pick(paths).text};
    case 1: return HasLet(type, true) && rng_.Chance(40) ? FromLet(type, true) : Constant(type);
    case 2: return Index(type, depth - 1);
    default: return IndexedField(type, depth - 1);
  }
}

Expr ExprGen::Count() {
  Target target = RandomTarget(rng_, model_);
  static const std::vector<std::string> windows = {"30s", "1m", "10m", "1h", "2h", "1d", "1w"};
  return Expr{"count(" + target.text + " within " + rng_.Pick(windows) + ")"};
}

}  // namespace intent::difftest
