// The evaluation cost model's AST side (see cost_model.h).
#include "compiler/check/cost_model.h"

namespace intent::check::cost {
namespace {

int64_t CountNodes(const ast::Expr& expr) {
  int64_t count = 1;
  ast::ForEachChild(expr, [&](const ast::Expr& child) { count += CountNodes(child); });
  return count;
}

}  // namespace

bool IsConstant(const CheckedModule& module, const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kCount) return false;
  if (expr.kind == ast::ExprKind::kName) {
    auto it = module.names.find(expr.id);
    return it != module.names.end() && it->second.kind == NameKind::kLet;
  }
  bool constant = true;
  ast::ForEachChild(
      expr, [&](const ast::Expr& child) { constant = constant && IsConstant(module, child); });
  return constant;
}

int64_t BodyWeight(const ast::Quantifier& quantifier) {
  return quantifier.body ? CountNodes(*quantifier.body) : 1;
}

}  // namespace intent::check::cost
