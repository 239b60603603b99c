// The checker's internal state and its operations, split by construct over
// check_*.cc files. Private to compiler/check.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/check/checked_module.h"
#include "compiler/diag/diagnostic.h"

namespace intent::check {

using types::Type;
using types::TypeKind;

class Checker {
 public:
  Checker(const ast::Module& module, const schema::SchemaSet& schemas, types::TypeArena& arena,
          DiagnosticBag& diagnostics, CheckedModule& out);
  void Run(const std::string& rule_id_prefix);

 private:
  struct Variable {
    std::string name;
    const Type* type;
    const ast::Quantifier* binder;
  };
  enum class LetState { kUnchecked, kChecking, kDone };

  // check_header.cc
  void CheckHeader();
  // check_rule.cc
  void CheckLets();
  const Type* LetType(const ast::Let& let);
  void CheckRule(const ast::Rule& rule, const std::string& rule_id_prefix);
  void CheckAnnotations(const ast::Rule& rule, CheckedRule& checked);
  void CheckLimit(const ast::Limit& limit);
  void CheckApproveWithin(const ast::Rule& rule, CheckedRule& checked);
  void CheckCondition(const ast::Expr& expr, const char* clause);
  // cost_estimate.cc: W0006 when the rule's worst case on the largest
  // requests the binder accepts exceeds the default evaluation budget.
  void ReportCostlyRule(const ast::Rule& rule);
  void ReportUnusedLets();
  void ReportLetsHidingInputs();
  // check_target.cc
  std::vector<const schema::Operation*> ResolveTarget(const ast::Target& target);
  // check_expr.cc
  const Type* Check(const ast::Expr& expr);
  const Type* CheckName(const ast::NameRef& name);
  const Type* CheckInputField(const ast::NameRef& name);
  const Type* CheckField(const ast::FieldAccess& access);
  // `data.NAME` (docs/data.md).
  bool HasData() const;
  // Whether a path reads a list element (which `has` cannot guard).
  bool ThroughListIndex(const ast::Expr& expr) const;
  bool IsDataBase(const ast::Expr& base) const;
  const Type* CheckDataDocument(const ast::FieldAccess& access);
  const Type* CheckIndex(const ast::IndexAccess& index);
  const Type* CheckList(const ast::ListLiteral& list);
  const Type* CheckUnary(const ast::Unary& unary);
  const Type* CheckBinary(const ast::Binary& binary);
  const Type* CheckLogical(const ast::Binary& binary);
  const Type* CheckComparison(const ast::Binary& binary);
  const Type* CheckMembership(const ast::Binary& binary);
  const Type* CheckStringOperator(const ast::Binary& binary);
  const Type* CheckArithmetic(const ast::Binary& binary);
  const Type* CheckQuantifier(const ast::Quantifier& quantifier);
  const Type* CheckHas(const ast::Has& has);
  const Type* CheckCount(const ast::Count& count);
  bool CheckPositiveDuration(const ast::Expr& expr);
  // check_call.cc
  const Type* CheckCall(const ast::Call& call);
  // literal_conversion.cc
  // When `expr` is a compile-time string (or list of strings) and `wanted`
  // is email, timestamp or an enum (or a list of one), validates every
  // string and records the conversion. Returns the converted type, or null
  // when no conversion applies.
  const Type* TryConvert(const ast::Expr& expr, const Type* wanted);
  void CollectConstantStrings(const ast::Expr& expr, std::vector<const ast::StringLiteral*>& out,
                              bool& all_constant, int depth = 0);
  bool ValidateConverted(const ast::StringLiteral& literal, const Type* wanted);
  // guards.cc
  // Paths known to be present when `expr` evaluates to `when_true`.
  void CollectFacts(const ast::Expr& expr, bool when_true, std::vector<std::string>& out) const;
  bool IsKnownPresent(const std::string& path) const;

  const Type* Record(const ast::Expr& expr, const Type* type);
  void Report(DiagKind kind, SourceSpan span, std::string message, std::string help = {});
  std::vector<std::string> VisibleNames() const;

  const ast::Module& module_;
  const schema::SchemaSet& schemas_;
  types::TypeArena& arena_;
  DiagnosticBag& diagnostics_;
  CheckedModule& out_;

  std::map<std::string, const ast::Let*, std::less<>> lets_;
  std::map<const ast::Let*, LetState> let_states_;
  std::map<const ast::Let*, const Type*> let_types_;
  std::map<const ast::Let*, bool> let_used_;

  // Per-rule state.
  const ast::Let* current_let_ = nullptr;             // non-null while checking a let's value
  std::vector<const schema::Operation*> operations_;  // the current rule's target
  std::vector<Variable> scope_;                       // innermost last
  std::vector<std::string> facts_;                    // paths guarded by `has`
  bool in_has_ = false;                               // checking a `has` path
  // Converted string literals already validated (node id, wanted type).
  std::map<std::pair<ast::NodeId, const Type*>, bool> validated_;
};

// The built-in names of expressions, which lets and variables may not take.
inline bool IsReserved(std::string_view name) {
  return name == "now" || name == "today" || name == "principal" || name == "context";
}

// "message.subject" for a chain of field accesses on a name; nullopt for
// anything else (an index, a call, ...).
std::optional<std::string> PathOf(const ast::Expr& expr);

}  // namespace intent::check
