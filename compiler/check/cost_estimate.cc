// W0006: a rule's worst case, in evaluation steps, on the largest requests
// the binder accepts (cost_model.h; docs/semantics.md, "Evaluation cost").
// Only what grows faster than the request is estimated: quantifiers nested
// over request lists (their lengths multiply), and string work on a whole
// request string repeated inside a quantifier. Work done once per rule is
// linear in the request and bounded by the budget at run time, so it is
// not reported: a warning on every regex over a message body would teach
// authors to ignore the warning.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#include "compiler/check/checker_impl.h"
#include "compiler/check/cost_model.h"

namespace intent::check {
namespace {

// The most list elements a request can hold in all (each takes a byte and
// a comma): inner lists reached through an element of an outer one add up
// to no more than this over all the outer iterations.
constexpr double kMaxRequestElements = static_cast<double>(cost::kMaxRequestBytes) / 2;

// 12,345,678 (digits grouped, for numbers a reader must compare).
std::string Grouped(double value) {
  std::string digits = fmt::format("{:.0f}", value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

class CostEstimator {
 public:
  explicit CostEstimator(const CheckedModule& module) : module_(module) {}

  double Rule(const ast::Rule& rule) {
    double steps = 0;
    for (const ast::ExprPtr& e : rule.when) steps += Estimate(*e, 1);
    for (const ast::ExprPtr& e : rule.unless) steps += Estimate(*e, 1);
    for (const ast::Limit& limit : rule.limits) {
      if (limit.key) steps += Estimate(*limit.key, 1);
    }
    return steps;
  }

  // The costliest part: where it is, and why it costs what it does.
  SourceSpan worst_span() const { return worst_span_; }
  const std::string& worst_reason() const { return worst_reason_; }

 private:
  // Steps of evaluating `expr` `times` times.
  double Estimate(const ast::Expr& expr, double times) {
    if (cost::IsConstant(module_, expr)) return 0;  // computed once, at load
    double steps = 0;
    ast::ForEachChild(expr, [&](const ast::Expr& child) {
      if (expr.kind != ast::ExprKind::kQuantifier) steps += Estimate(child, times);
    });
    switch (expr.kind) {
      case ast::ExprKind::kQuantifier: return steps + Quantifier(expr, times);
      case ast::ExprKind::kBinary:
        return steps + Operator(static_cast<const ast::Binary&>(expr), times);
      case ast::ExprKind::kCall: {
        const auto& call = static_cast<const ast::Call&>(expr);
        if (times > 1 && !call.args.empty() && IsWholeRequestString(*call.args[0])) {
          double own = times * static_cast<double>(cost::Text(cost::kMaxRequestBytes));
          Note(own, call.span, RepeatedText(call.callee.text, times));
          steps += own;
        }
        return steps;
      }
      default: return steps;
    }
  }

  double Quantifier(const ast::Expr& expr, double times) {
    const auto& quantifier = static_cast<const ast::Quantifier&>(expr);
    double steps = Estimate(*quantifier.list, times);
    double elements = times * ListBound(*quantifier.list);
    if (!cost::IsConstant(module_, *quantifier.list) && RootedAtVariable(*quantifier.list)) {
      elements = std::min(elements, kMaxRequestElements);
    }
    double own = elements * static_cast<double>(cost::BodyWeight(quantifier));
    Note(own, quantifier.span,
         fmt::format("this quantifier may visit {} elements: quantifiers nested over request "
                     "lists multiply their lengths (a list holds up to {})",
                     Grouped(elements), Grouped(cost::kMaxListLength)));
    return steps + own + (quantifier.body ? Estimate(*quantifier.body, elements) : 0);
  }

  // String work on a whole request string, repeated: `times` full scans.
  double Operator(const ast::Binary& binary, double times) {
    if (times <= 1) return 0;
    using B = ast::BinaryOp;
    bool text = false;
    switch (binary.op) {
      case B::kContains:
      case B::kStartsWith:
      case B::kEndsWith:
      case B::kMatches:
      case B::kLt:
      case B::kLe:
      case B::kGt:
      case B::kGe:
      case B::kEq:
      case B::kNe:
        text = IsWholeRequestString(*binary.lhs) || IsWholeRequestString(*binary.rhs);
        break;
      default: break;
    }
    if (!text) return 0;
    double own = times * static_cast<double>(cost::Text(cost::kMaxRequestBytes));
    if (binary.op == B::kMatches) {
      auto regex = module_.regexes.find(binary.id);
      int size = regex != module_.regexes.end() ? regex->second->ProgramSize() : 1;
      own = times * static_cast<double>(cost::Regex(cost::kMaxRequestBytes, size));
    }
    Note(own, binary.op_span, RepeatedText(std::string(ast::Spelling(binary.op)), times));
    return own;
  }

  // Remembers the costliest part seen so far.
  void Note(double steps, SourceSpan span, std::string reason) {
    if (steps <= worst_steps_) return;
    worst_steps_ = steps;
    worst_span_ = span;
    worst_reason_ = std::move(reason);
  }

  static std::string RepeatedText(const std::string& what, double times) {
    return fmt::format(
        "'{}' reads a whole request string (up to {} bytes) once for each of up to {} elements",
        what, Grouped(static_cast<double>(cost::kMaxRequestBytes)), Grouped(times));
  }

  // A string read from the request itself (or lower/upper/trim of one), not
  // from a quantifier's element: the elements of a list share its bytes,
  // the whole string does not. Computed strings (weekday) are short.
  bool IsWholeRequestString(const ast::Expr& expr) const {
    const types::Type* type = module_.TypeOf(expr);
    if (type == nullptr || !type->Is(types::TypeKind::kString)) return false;
    if (expr.kind == ast::ExprKind::kCall) {
      const auto& call = static_cast<const ast::Call&>(expr);
      return call.args.size() == 1 && IsWholeRequestString(*call.args[0]);
    }
    const ast::NameRef* root = Root(expr);
    if (root == nullptr) return false;
    auto it = module_.names.find(root->id);
    if (it == module_.names.end()) return false;
    NameKind kind = it->second.kind;
    return kind == NameKind::kInput || kind == NameKind::kContext || kind == NameKind::kPrincipal;
  }

  const ast::NameRef* Root(const ast::Expr& expr) const {
    const ast::Expr* e = &expr;
    while (true) {
      if (e->kind == ast::ExprKind::kField) {
        e = static_cast<const ast::FieldAccess*>(e)->base.get();
      } else if (e->kind == ast::ExprKind::kIndex) {
        e = static_cast<const ast::IndexAccess*>(e)->base.get();
      } else {
        break;
      }
    }
    return e->kind == ast::ExprKind::kName ? static_cast<const ast::NameRef*>(e) : nullptr;
  }

  bool RootedAtVariable(const ast::Expr& expr) const {
    const ast::NameRef* root = Root(expr);
    if (root == nullptr) return false;
    auto it = module_.names.find(root->id);
    return it != module_.names.end() && it->second.kind == NameKind::kVariable;
  }

  // The most elements `list` can have.
  double ListBound(const ast::Expr& list) const {
    const ast::Expr* e = &list;
    for (int hops = 0; hops < 64 && e != nullptr && e->kind == ast::ExprKind::kName; ++hops) {
      auto it = module_.names.find(e->id);
      if (it == module_.names.end() || it->second.kind != NameKind::kLet) break;
      e = it->second.let->value.get();
    }
    if (e != nullptr && e->kind == ast::ExprKind::kList) {
      return static_cast<double>(static_cast<const ast::ListLiteral*>(e)->elements.size());
    }
    return static_cast<double>(cost::kMaxListLength);
  }

  const CheckedModule& module_;
  double worst_steps_ = 0;
  SourceSpan worst_span_;
  std::string worst_reason_;
};

}  // namespace

void Checker::ReportCostlyRule(const ast::Rule& rule) {
  CostEstimator estimator(out_);
  double steps = estimator.Rule(rule);
  if (steps <= static_cast<double>(cost::kDefaultBudget)) return;
  bool known = !estimator.worst_reason().empty();
  std::string why = known ? estimator.worst_reason() + "; " : "";
  Report(DiagKind::kCostlyRule, known ? estimator.worst_span() : rule.span,
         fmt::format("this rule may take up to {} evaluation steps on the largest requests, more "
                     "than the {} one decision may take; such requests fail closed",
                     Grouped(steps), Grouped(static_cast<double>(cost::kDefaultBudget))),
         why +
             "iterate one list and test membership with 'in', or move a whole-text test out "
             "of the quantifier");
}

}  // namespace intent::check
