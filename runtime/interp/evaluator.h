// Expression evaluation for the interpreter (private to runtime/).
// Evaluation errors are values (EvalResult with an error), never exceptions:
// they make a rule fail closed.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/core/data.h"
#include "runtime/core/value_text.h"
#include "runtime/interp/interpreter.h"

namespace intent::runtime {

// A value, or the error that stopped evaluation. A value that outlives the
// evaluation (the request's, a constant's, an element of a list being
// iterated) is referred to, not copied: reading a field of a megabyte costs
// what reading an int does, as in native code (docs/semantics.md,
// "Evaluation cost").
struct EvalResult {
  Value owned;
  const Value* ref = nullptr;  // when set, the value (owned is unused)
  std::string error;           // non-empty: evaluation failed
  bool ok() const { return error.empty(); }
  const Value& value() const { return ref != nullptr ? *ref : owned; }
  // The value, moved out when owned.
  Value Take() && { return ref != nullptr ? *ref : std::move(owned); }
  static EvalResult Fail(std::string message) {
    EvalResult result;
    result.error = std::move(message);
    return result;
  }
  static EvalResult Ref(const Value& value) {
    EvalResult result;
    result.ref = &value;
    return result;
  }
};

class Evaluator {
 public:
  // `request` is null while evaluating constants (lets) at load time.
  // `steps` is what the decision has left of its evaluation budget
  // (runtime/core/cost.h), shared by the rules it evaluates; null: free
  // (constants at load time).
  Evaluator(const PreparedModule& module, const BoundRequest* request, int64_t now,
            CounterStore* counters, int64_t* steps = nullptr)
      : module_(module), request_(request), now_(now), counters_(counters), steps_(steps) {}

  EvalResult Eval(const ast::Expr& expr);
  // `expr`'s own value, before the conversion the checker marked on it
  // (for computing that conversion).
  EvalResult EvalUnconverted(const ast::Expr& expr) { return EvalNode(expr); }
  // A condition: a bool, or an error (also when the value is not a bool).
  EvalResult EvalCondition(const ast::Expr& expr);

 private:
  EvalResult EvalNode(const ast::Expr& expr);
  EvalResult EvalName(const ast::NameRef& name);
  EvalResult EvalField(const ast::FieldAccess& access);
  EvalResult EvalIndex(const ast::IndexAccess& index);
  EvalResult EvalList(const ast::ListLiteral& list);
  EvalResult EvalCall(const ast::Call& call);
  EvalResult EvalUnary(const ast::Unary& unary);
  EvalResult EvalBinary(const ast::Binary& binary);
  EvalResult EvalCompare(const ast::Binary& binary, const Value& lhs, const Value& rhs);
  // What `binary` charges on these operands (runtime/core/cost.h).
  int64_t OperatorCost(const ast::Binary& binary, const Value& lhs, const Value& rhs) const;
  EvalResult EvalQuantifier(const ast::Quantifier& quantifier);
  EvalResult EvalHas(const ast::Has& has);
  EvalResult EvalCount(const ast::Count& count);
  // Reads `name` of a record value; Absent when an optional field is missing.
  static const Value* FieldOf(const Value& record, const std::string& name);
  int64_t Today();
  // Spends `steps` of the budget; false (the rule fails closed) when the
  // decision has not that many left. A charge of 0 always passes.
  bool Charge(int64_t steps) {
    if (steps_ == nullptr || steps == 0) return true;
    *steps_ -= steps;
    return *steps_ >= 0;
  }
  // Whether `expr` was folded when the module was prepared (cost::IsConstant).
  bool IsFolded(const ast::Expr& expr) const;

  const PreparedModule& module_;
  // The hash of a data document's long list, or null (runtime/core/data.h).
  const DataListIndex* DataIndexOf(const Value& list) const;

  const BoundRequest* request_;
  int64_t now_;
  CounterStore* counters_;
  int64_t* steps_;
  // Quantifier variables: elements of the lists being iterated, which the
  // quantifiers' own results hold while their bodies run.
  std::vector<std::pair<const ast::Quantifier*, const Value*>> variables_;
  // Inside `has PATH`, an absent field yields Absent instead of an error.
  bool reading_has_path_ = false;
};

EvalResult Ok(Value value);
// The budget error (cost::kBudgetExceeded).
EvalResult OverBudget();

// The error of a constant that refers to a let not yet computed (while the
// interpreter prepares a module, in dependency order).
inline constexpr const char* kNotReady = "let not computed yet";

// Converts a compile-time string (or list of strings) to `type` (email,
// timestamp, enum or a list of them); the checker validated it already.
Value ConvertConstant(const Value& value, const types::Type* type);

}  // namespace intent::runtime
