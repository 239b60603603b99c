// `has` guards (docs/language.md §7.8): which optional paths are known to
// be present at a point of a condition.
#include <algorithm>

#include "compiler/check/checker_impl.h"

namespace intent::check {

std::optional<std::string> PathOf(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kName) return static_cast<const ast::NameRef&>(expr).name;
  if (expr.kind == ast::ExprKind::kIndex) {
    // `data.users[principal]`: a map entry is a step of a path when its key
    // is a path or a literal, so `has data.users[principal].manager`
    // guards later reads of the same entry.
    const auto& index = static_cast<const ast::IndexAccess&>(expr);
    std::optional<std::string> base = PathOf(*index.base);
    std::optional<std::string> key;
    if (index.index->kind == ast::ExprKind::kString) {
      key = "\"" + static_cast<const ast::StringLiteral&>(*index.index).value + "\"";
    } else if (index.index->kind == ast::ExprKind::kInt) {
      key = std::to_string(static_cast<const ast::IntLiteral&>(*index.index).value);
    } else {
      key = PathOf(*index.index);
    }
    if (!base || !key) return std::nullopt;
    return *base + "[" + *key + "]";
  }
  if (expr.kind != ast::ExprKind::kField) return std::nullopt;
  const auto& access = static_cast<const ast::FieldAccess&>(expr);
  std::optional<std::string> base = PathOf(*access.base);
  if (!base) return std::nullopt;
  return *base + "." + access.field.text;
}

void Checker::CollectFacts(const ast::Expr& expr, bool when_true,
                           std::vector<std::string>& out) const {
  switch (expr.kind) {
    case ast::ExprKind::kHas: {
      if (!when_true) return;
      std::optional<std::string> path = PathOf(*static_cast<const ast::Has&>(expr).path);
      if (!path) return;
      // `has a.b.c` holds only when every step is present: it guards each
      // prefix, those ending before a map key (`m[k]`) included.
      for (size_t at = path->find_first_of(".["); at != std::string::npos;
           at = path->find_first_of(".[", at + 1)) {
        out.push_back(path->substr(0, at));
      }
      out.push_back(*path);
      return;
    }
    case ast::ExprKind::kUnary: {
      const auto& unary = static_cast<const ast::Unary&>(expr);
      if (unary.op == ast::UnaryOp::kNot) CollectFacts(*unary.operand, !when_true, out);
      return;
    }
    case ast::ExprKind::kBinary: {
      const auto& binary = static_cast<const ast::Binary&>(expr);
      // `a and b` true: both true. `a or b` false: both false.
      if ((binary.op == ast::BinaryOp::kAnd && when_true) ||
          (binary.op == ast::BinaryOp::kOr && !when_true)) {
        CollectFacts(*binary.lhs, when_true, out);
        CollectFacts(*binary.rhs, when_true, out);
      }
      return;
    }
    default: return;
  }
}

bool Checker::IsKnownPresent(const std::string& path) const {
  return std::find(facts_.begin(), facts_.end(), path) != facts_.end();
}

}  // namespace intent::check
