// Operators and standard library calls (docs/language.md §7.3, §8). Integer and time
// arithmetic that overflows is an evaluation error, never wraps.
#include <fmt/format.h>
#include <re2/re2.h>

#include "runtime/core/cost.h"
#include "runtime/core/data.h"
#include "runtime/interp/evaluator.h"
#include "stdlib/builtins.h"
#include "stdlib/duration.h"
#include "stdlib/strings.h"
#include "stdlib/timestamp.h"

namespace intent::runtime {
namespace {

bool Equal(const Value& a, const Value& b) { return a.storage() == b.storage(); }

// Whether `element` is in a constant set; a string longer than every member
// is not hashed (its cost would be its length, which nothing charges).
bool InSet(const PreparedModule::ConstantSet& set, const Value& element) {
  if (element.Is<std::string>() && element.As<std::string>().size() > set.longest_text) {
    return false;
  }
  return set.keys.count(KeyText(element)) > 0;
}

// -1, 0 or 1 for two scalars of one orderable type; nullopt otherwise.
std::optional<int> Order(const Value& a, const Value& b) {
  auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.Is<int64_t>() && b.Is<int64_t>()) return cmp(a.As<int64_t>(), b.As<int64_t>());
  if (a.Is<Duration>() && b.Is<Duration>()) return cmp(a.As<Duration>(), b.As<Duration>());
  if (a.Is<Timestamp>() && b.Is<Timestamp>()) return cmp(a.As<Timestamp>(), b.As<Timestamp>());
  if (a.Is<std::string>() && b.Is<std::string>()) {
    return cmp(a.As<std::string>(), b.As<std::string>());
  }
  return std::nullopt;
}

EvalResult Overflow() { return EvalResult::Fail("integer overflow"); }

EvalResult DurationOf(int64_t amount, char unit) {
  std::optional<int64_t> micros = stdlib::DurationFromUnits(amount, unit);
  if (!micros) return Overflow();
  return Ok(Duration{*micros});
}

}  // namespace

EvalResult Evaluator::EvalUnary(const ast::Unary& unary) {
  EvalResult operand = Eval(*unary.operand);
  if (!operand.ok()) return operand;
  const Value& v = operand.value();
  if (unary.op == ast::UnaryOp::kNot) return Ok(!v.As<bool>());
  int64_t value = v.Is<Duration>() ? v.As<Duration>().micros : v.As<int64_t>();
  if (value == INT64_MIN) return Overflow();
  if (v.Is<Duration>()) return Ok(Duration{-value});
  return Ok(-value);
}

const DataListIndex* Evaluator::DataIndexOf(const Value& list) const {
  if (request_ == nullptr || request_->data_set == nullptr || !list.Is<ListPtr>() ||
      list.As<ListPtr>()->size() < DataSet::kIndexedListLength) {
    return nullptr;
  }
  return request_->data_set->IndexOfList(list.As<ListPtr>().get());
}

EvalResult Evaluator::EvalBinary(const ast::Binary& binary) {
  // `and`/`or` evaluate their right side only when the left did not decide.
  if (binary.op == ast::BinaryOp::kAnd || binary.op == ast::BinaryOp::kOr) {
    EvalResult lhs = EvalCondition(*binary.lhs);
    if (!lhs.ok()) return lhs;
    bool decided = binary.op == ast::BinaryOp::kOr;
    if (lhs.value().As<bool>() == decided) return Ok(decided);
    return EvalCondition(*binary.rhs);
  }
  EvalResult lhs = Eval(*binary.lhs);
  if (!lhs.ok()) return lhs;
  EvalResult rhs = Eval(*binary.rhs);
  if (!rhs.ok()) return rhs;
  if (!Charge(OperatorCost(binary, lhs.value(), rhs.value()))) return OverBudget();
  return EvalCompare(binary, lhs.value(), rhs.value());
}

int64_t Evaluator::OperatorCost(const ast::Binary& binary, const Value& lhs,
                                const Value& rhs) const {
  using B = ast::BinaryOp;
  auto length = [](const Value& v) -> uint64_t {
    return v.Is<std::string>() ? v.As<std::string>().size() : 0;
  };
  // Against a constant, a comparison reads at most the constant's bytes.
  bool against_constant = IsFolded(*binary.lhs) || IsFolded(*binary.rhs);
  switch (binary.op) {
    case B::kEq:
    case B::kNe:
      if (against_constant || !lhs.Is<std::string>()) return 0;
      return cost::Equality(length(lhs), length(rhs));
    case B::kLt:
    case B::kLe:
    case B::kGt:
    case B::kGe:
      if (against_constant || !lhs.Is<std::string>()) return 0;
      return cost::Prefix(length(lhs), length(rhs));
    case B::kStartsWith:
    case B::kEndsWith: return cost::Prefix(length(lhs), length(rhs));
    case B::kMatches: {
      auto regex = module_.checked->regexes.find(binary.id);
      if (regex == module_.checked->regexes.end()) return 0;
      return cost::Regex(length(lhs), regex->second->ProgramSize());
    }
    case B::kIn:
    case B::kNotIn:
    case B::kContains: {
      bool contains = binary.op == B::kContains;
      if (contains && lhs.Is<std::string>()) return cost::Search(length(lhs), length(rhs));
      // A constant list is looked up, not scanned.
      if (IsFolded(contains ? *binary.lhs : *binary.rhs)) return 0;
      const Value& element = contains ? rhs : lhs;
      const Value& collection = contains ? lhs : rhs;
      // Data documents' maps and long lists are hashed (docs/data.md).
      if (collection.Is<MapRef>() || DataIndexOf(collection) != nullptr) {
        return cost::Lookup(cost::KeyBytes(element));
      }
      return cost::Membership(*collection.As<ListPtr>(), element);
    }
    default: return 0;
  }
}

EvalResult Evaluator::EvalCompare(const ast::Binary& binary, const Value& lhs, const Value& rhs) {
  switch (binary.op) {
    case ast::BinaryOp::kEq: return Ok(Equal(lhs, rhs));
    case ast::BinaryOp::kNe: return Ok(!Equal(lhs, rhs));
    case ast::BinaryOp::kLt:
    case ast::BinaryOp::kLe:
    case ast::BinaryOp::kGt:
    case ast::BinaryOp::kGe: {
      std::optional<int> order = Order(lhs, rhs);
      if (!order) return EvalResult::Fail("values cannot be ordered");
      bool result = binary.op == ast::BinaryOp::kLt   ? *order < 0
                    : binary.op == ast::BinaryOp::kLe ? *order <= 0
                    : binary.op == ast::BinaryOp::kGt ? *order > 0
                                                      : *order >= 0;
      return Ok(result);
    }
    case ast::BinaryOp::kIn:
    case ast::BinaryOp::kNotIn: {
      if (auto set = module_.sets.find(binary.id); set != module_.sets.end()) {
        bool found = InSet(*set->second, lhs);
        return Ok(found == (binary.op == ast::BinaryOp::kIn));
      }
      if (rhs.Is<MapRef>()) {
        bool found = rhs.As<MapRef>().map->Find(lhs) != DataMap::kMissing;
        return Ok(found == (binary.op == ast::BinaryOp::kIn));
      }
      if (const DataListIndex* index = DataIndexOf(rhs)) {
        return Ok(DataListContains(*index, lhs) == (binary.op == ast::BinaryOp::kIn));
      }
      bool found = false;
      for (const Value& item : *rhs.As<ListPtr>()) found = found || Equal(item, lhs);
      return Ok(found == (binary.op == ast::BinaryOp::kIn));
    }
    case ast::BinaryOp::kContains: {
      if (lhs.Is<std::string>()) {
        return Ok(stdlib::Contains(lhs.As<std::string>(), rhs.As<std::string>()));
      }
      if (auto set = module_.sets.find(binary.id); set != module_.sets.end()) {
        return Ok(InSet(*set->second, rhs));
      }
      if (const DataListIndex* index = DataIndexOf(lhs)) return Ok(DataListContains(*index, rhs));
      bool found = false;
      for (const Value& item : *lhs.As<ListPtr>()) found = found || Equal(item, rhs);
      return Ok(found);
    }
    case ast::BinaryOp::kStartsWith:
      return Ok(std::string_view(lhs.As<std::string>()).starts_with(rhs.As<std::string>()));
    case ast::BinaryOp::kEndsWith:
      return Ok(std::string_view(lhs.As<std::string>()).ends_with(rhs.As<std::string>()));
    case ast::BinaryOp::kMatches: {
      auto regex = module_.checked->regexes.find(binary.id);
      if (regex == module_.checked->regexes.end()) return EvalResult::Fail("regex missing");
      // A search, as CEL's matches: anchors are written in the pattern.
      return Ok(RE2::PartialMatch(lhs.As<std::string>(), *regex->second));
    }
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSub: {
      bool add = binary.op == ast::BinaryOp::kAdd;
      auto micros = [](const Value& v) -> int64_t {
        if (v.Is<Timestamp>()) return v.As<Timestamp>().micros;
        if (v.Is<Duration>()) return v.As<Duration>().micros;
        return v.As<int64_t>();
      };
      int64_t result;
      bool overflow = add ? __builtin_add_overflow(micros(lhs), micros(rhs), &result)
                          : __builtin_sub_overflow(micros(lhs), micros(rhs), &result);
      if (overflow) return Overflow();
      if (lhs.Is<int64_t>()) return Ok(result);
      if (lhs.Is<Timestamp>() && rhs.Is<Timestamp>()) return Ok(Duration{result});
      if (lhs.Is<Timestamp>() || rhs.Is<Timestamp>()) {
        // Beyond year 9999 no calendar function could use it.
        if (!stdlib::InTimestampRange(result)) return EvalResult::Fail("timestamp out of range");
        return Ok(Timestamp{result});
      }
      return Ok(Duration{result});
    }
    default: break;
  }
  return EvalResult::Fail("unknown operator");
}

EvalResult Evaluator::EvalCall(const ast::Call& call) {
  if (call.args.size() != 1) return EvalResult::Fail("wrong number of arguments");
  EvalResult arg = Eval(*call.args[0]);
  if (!arg.ok()) return arg;
  // The checker resolved the overload (stdlib/builtins.def); no name compares here.
  auto resolved = module_.checked->builtins.find(call.id);
  if (resolved == module_.checked->builtins.end()) {
    return EvalResult::Fail(fmt::format("unknown function '{}'", call.callee.text));
  }
  const Value& v = arg.value();
  // lower, upper, trim and size read (and the first two copy) the whole string.
  if (v.Is<std::string>() && !Charge(cost::Text(v.As<std::string>().size()))) {
    return OverBudget();
  }
  using stdlib::Builtin;
  // No default: a builtin added to the registry must be handled here.
  switch (resolved->second) {
    case Builtin::kLower: return Ok(stdlib::Lower(v.As<std::string>()));
    case Builtin::kUpper: return Ok(stdlib::Upper(v.As<std::string>()));
    case Builtin::kTrim: return Ok(std::string(stdlib::Trim(v.As<std::string>())));
    case Builtin::kSizeString: return Ok(stdlib::CodePointCount(v.As<std::string>()));
    case Builtin::kSizeList: return Ok(static_cast<int64_t>(v.As<ListPtr>()->size()));
    case Builtin::kHour: return Ok(int64_t{module_.timezone.Hour(v.As<Timestamp>().micros)});
    case Builtin::kWeekday:
      return Ok(std::string(module_.timezone.Weekday(v.As<Timestamp>().micros)));
    case Builtin::kDate:
      return Ok(Timestamp{module_.timezone.StartOfDay(v.As<Timestamp>().micros)});
    case Builtin::kDays: return DurationOf(v.As<int64_t>(), 'd');
    case Builtin::kHours: return DurationOf(v.As<int64_t>(), 'h');
    case Builtin::kMinutes: return DurationOf(v.As<int64_t>(), 'm');
  }
  return EvalResult::Fail(fmt::format("unknown function '{}'", call.callee.text));
}

}  // namespace intent::runtime
