// Spellings of operators and a readable dump of the AST.
#include "compiler/ast/ast.h"

#include <fmt/format.h>

#include <algorithm>

namespace intent::ast {

const char* Spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "or";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kIn: return "in";
    case BinaryOp::kNotIn: return "not in";
    case BinaryOp::kContains: return "contains";
    case BinaryOp::kStartsWith: return "starts_with";
    case BinaryOp::kEndsWith: return "ends_with";
    case BinaryOp::kMatches: return "matches";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
  }
  return "?";
}

const char* Spelling(QuantifierKind kind) {
  switch (kind) {
    case QuantifierKind::kAll: return "all";
    case QuantifierKind::kAny: return "any";
    case QuantifierKind::kNone: return "none";
  }
  return "?";
}

const char* Spelling(Effect effect) {
  switch (effect) {
    case Effect::kAllow: return "allow";
    case Effect::kAsk: return "ask";
    case Effect::kForbid: return "forbid";
  }
  return "?";
}

void ForEachChild(const Expr& expr, const std::function<void(const Expr&)>& visit) {
  auto child = [&](const ExprPtr& e) {
    if (e) visit(*e);
  };
  switch (expr.kind) {
    case ExprKind::kList:
      for (const ExprPtr& e : static_cast<const ListLiteral&>(expr).elements) child(e);
      break;
    case ExprKind::kField: child(static_cast<const FieldAccess&>(expr).base); break;
    case ExprKind::kIndex:
      child(static_cast<const IndexAccess&>(expr).base);
      child(static_cast<const IndexAccess&>(expr).index);
      break;
    case ExprKind::kCall:
      for (const ExprPtr& e : static_cast<const Call&>(expr).args) child(e);
      break;
    case ExprKind::kUnary: child(static_cast<const Unary&>(expr).operand); break;
    case ExprKind::kBinary:
      child(static_cast<const Binary&>(expr).lhs);
      child(static_cast<const Binary&>(expr).rhs);
      break;
    case ExprKind::kQuantifier:
      child(static_cast<const Quantifier&>(expr).list);
      child(static_cast<const Quantifier&>(expr).body);
      break;
    case ExprKind::kHas: child(static_cast<const Has&>(expr).path); break;
    case ExprKind::kCount: child(static_cast<const Count&>(expr).window); break;
    default: break;
  }
}

uint32_t ChildHeight(const Expr& expr) {
  uint32_t height = 0;
  ForEachChild(expr, [&](const Expr& child) { height = std::max(height, child.height); });
  return height;
}

namespace {

std::string Quote(const std::string& text) { return fmt::format("{:?}", text); }

// Adds text after a node's own line (e.g. its type); may be empty.
using Annotator = std::function<std::string(const Expr&)>;
void DumpExpr(std::string& out, const Expr* expr, int depth, const Annotator& annotate);

void Line(std::string& out, int depth, const std::string& text) {
  out += std::string(static_cast<size_t>(depth) * 2, ' ') + text + "\n";
}

void DumpNode(std::string& out, const Expr* expr, int depth, const Annotator& annotate) {
  if (expr == nullptr) return Line(out, depth, "<null>");
  switch (expr->kind) {
    case ExprKind::kBool:
      return Line(out, depth, static_cast<const BoolLiteral*>(expr)->value ? "true" : "false");
    case ExprKind::kInt:
      return Line(out, depth, fmt::format("int {}", static_cast<const IntLiteral*>(expr)->value));
    case ExprKind::kString:
      return Line(out, depth, "string " + Quote(static_cast<const StringLiteral*>(expr)->value));
    case ExprKind::kDuration:
      return Line(
          out, depth,
          fmt::format("duration {}us", static_cast<const DurationLiteral*>(expr)->microseconds));
    case ExprKind::kList: {
      Line(out, depth, "list");
      for (const ExprPtr& e : static_cast<const ListLiteral*>(expr)->elements) {
        DumpExpr(out, e.get(), depth + 1, annotate);
      }
      return;
    }
    case ExprKind::kName:
      return Line(out, depth, "name " + static_cast<const NameRef*>(expr)->name);
    case ExprKind::kField: {
      auto* field = static_cast<const FieldAccess*>(expr);
      Line(out, depth, "field ." + field->field.text);
      return DumpExpr(out, field->base.get(), depth + 1, annotate);
    }
    case ExprKind::kIndex: {
      auto* index = static_cast<const IndexAccess*>(expr);
      Line(out, depth, "index");
      DumpExpr(out, index->base.get(), depth + 1, annotate);
      return DumpExpr(out, index->index.get(), depth + 1, annotate);
    }
    case ExprKind::kCall: {
      auto* call = static_cast<const Call*>(expr);
      Line(out, depth, "call " + call->callee.text);
      for (const ExprPtr& e : call->args) DumpExpr(out, e.get(), depth + 1, annotate);
      return;
    }
    case ExprKind::kUnary: {
      auto* unary = static_cast<const Unary*>(expr);
      Line(out, depth, unary->op == UnaryOp::kNot ? "not" : "negate");
      return DumpExpr(out, unary->operand.get(), depth + 1, annotate);
    }
    case ExprKind::kBinary: {
      auto* binary = static_cast<const Binary*>(expr);
      Line(out, depth, std::string("binary ") + Spelling(binary->op));
      DumpExpr(out, binary->lhs.get(), depth + 1, annotate);
      return DumpExpr(out, binary->rhs.get(), depth + 1, annotate);
    }
    case ExprKind::kQuantifier: {
      auto* q = static_cast<const Quantifier*>(expr);
      Line(out, depth, fmt::format("{} {} in", Spelling(q->quantifier), q->variable.text));
      DumpExpr(out, q->list.get(), depth + 1, annotate);
      Line(out, depth, ":");
      return DumpExpr(out, q->body.get(), depth + 1, annotate);
    }
    case ExprKind::kHas:
      Line(out, depth, "has");
      return DumpExpr(out, static_cast<const Has*>(expr)->path.get(), depth + 1, annotate);
    case ExprKind::kCount: {
      auto* count = static_cast<const Count*>(expr);
      Line(out, depth, "count");
      return DumpExpr(out, count->window.get(), depth + 1, annotate);
    }
    case ExprKind::kError: return Line(out, depth, "<error>");
  }
}

void DumpExpr(std::string& out, const Expr* expr, int depth, const Annotator& annotate) {
  size_t start = out.size();
  DumpNode(out, expr, depth, annotate);
  if (!annotate || expr == nullptr) return;
  std::string note = annotate(*expr);
  if (!note.empty()) out.insert(out.find('\n', start), " : " + note);
}

std::string DumpTarget(const Target& target) {
  auto join = [](const std::vector<Name>& names) {
    std::string out;
    for (const Name& name : names) out += (out.empty() ? "" : ",") + name.text;
    return out;
  };
  switch (target.kind) {
    case TargetKind::kAnything: return "anything";
    case TargetKind::kOperations: return "operation " + join(target.operations);
    case TargetKind::kVerbs:
      return join(target.verbs) + (target.resources.empty() ? "" : " on " + join(target.resources));
  }
  return "?";
}

}  // namespace

std::string Dump(const Module& module, const Annotator& annotate) {
  std::string out;
  if (module.header) {
    const Header& h = *module.header;
    Line(out, 0, fmt::format("policy {} for {}", Quote(h.policy_name.text), h.schema.text));
    for (const Name& agent : h.agents) Line(out, 1, "agent " + Quote(agent.text));
    for (const Name& zone : h.timezones) Line(out, 1, "timezone " + Quote(zone.text));
    for (const auto& item : h.defaults) {
      Line(out, 1, item.effect == DefaultEffect::kDeny ? "default deny" : "default ask");
    }
  }
  for (const Let& let : module.lets) {
    Line(out, 0, "let " + let.name.text);
    DumpExpr(out, let.value.get(), 1, annotate);
  }
  for (const Rule& rule : module.rules) {
    std::string annotations;
    for (const Annotation& a : rule.annotations) {
      annotations += "@" + a.name.text;
      for (const Name& arg : a.arguments) annotations += " " + Quote(arg.text);
      annotations += " ";
    }
    Line(out, 0, annotations + Spelling(rule.effect) + " " + DumpTarget(rule.target));
    for (const ExprPtr& e : rule.when) {
      Line(out, 1, "when");
      DumpExpr(out, e.get(), 2, annotate);
    }
    for (const ExprPtr& e : rule.unless) {
      Line(out, 1, "unless");
      DumpExpr(out, e.get(), 2, annotate);
    }
    for (const Limit& limit : rule.limits) {
      Line(out, 1, "limit");
      DumpExpr(out, limit.count.get(), 2, annotate);
      DumpExpr(out, limit.window.get(), 2, annotate);
      if (limit.key) DumpExpr(out, limit.key.get(), 2, annotate);
    }
    for (const Name& reason : rule.because) Line(out, 1, "because " + Quote(reason.text));
    for (const ExprPtr& window : rule.approve_within) {
      Line(out, 1, "approve within");
      DumpExpr(out, window.get(), 2, annotate);
    }
  }
  return out;
}

}  // namespace intent::ast
