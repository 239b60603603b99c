// Expression evaluation for the interpreter (private to runtime/).
// Evaluation errors are values (EvalResult with an error), never exceptions:
// they make a rule fail closed.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/core/value_text.h"
#include "runtime/interp/interpreter.h"

namespace intent::runtime {

struct EvalResult {
  Value value;
  std::string error;  // non-empty: evaluation failed
  bool ok() const { return error.empty(); }
  static EvalResult Fail(std::string message) { return {Value(), std::move(message)}; }
};

class Evaluator {
 public:
  // `request` is null while evaluating constants (lets) at load time.
  Evaluator(const PreparedModule& module, const BoundRequest* request, int64_t now,
            CounterStore* counters)
      : module_(module), request_(request), now_(now), counters_(counters) {}

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
  EvalResult EvalQuantifier(const ast::Quantifier& quantifier);
  EvalResult EvalHas(const ast::Has& has);
  EvalResult EvalCount(const ast::Count& count);
  // Reads `name` of a record value; Absent when an optional field is missing.
  static const Value* FieldOf(const Value& record, const std::string& name);
  int64_t Today();

  const PreparedModule& module_;
  const BoundRequest* request_;
  int64_t now_;
  CounterStore* counters_;
  std::vector<std::pair<const ast::Quantifier*, Value>> variables_;
  // Inside `has PATH`, an absent field yields Absent instead of an error.
  bool reading_has_path_ = false;
};

EvalResult Ok(Value value);

// The error of a constant that refers to a let not yet computed (while the
// interpreter prepares a module, in dependency order).
inline constexpr const char* kNotReady = "let not computed yet";

// Converts a compile-time string (or list of strings) to `type` (email,
// timestamp, enum or a list of them); the checker validated it already.
Value ConvertConstant(const Value& value, const types::Type* type);


}  // namespace intent::runtime
