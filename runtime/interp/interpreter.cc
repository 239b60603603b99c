// Decision semantics (docs/semantics.md): applicable rules, fail-closed
// evaluation, the most restrictive effect, defaults, limits and counting.
#include "runtime/interp/interpreter.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "runtime/core/decision_builder.h"
#include "runtime/interp/evaluator.h"
#include "stdlib/duration.h"

namespace intent::runtime {
namespace {

// Visits `expr` and everything below it (heights are bounded by the parser).
void Walk(const ast::Expr& expr, const std::function<void(const ast::Expr&)>& visit) {
  visit(expr);
  ast::ForEachChild(expr, [&](const ast::Expr& child) { Walk(child, visit); });
}

// Computes lets and converted literals. They may depend on each other in
// any order, so passes repeat until nothing new can be computed.
void PrepareConstants(PreparedModule& prepared) {
  std::vector<const ast::Binary*> memberships;
  const ast::Module& module = *prepared.checked->module;
  std::unordered_map<ast::NodeId, const ast::Expr*> nodes;
  auto index = [&](const ast::Expr& e) {
    nodes[e.id] = &e;
    if (e.kind != ast::ExprKind::kBinary) return;
    const auto& binary = static_cast<const ast::Binary&>(e);
    if (binary.op == ast::BinaryOp::kIn || binary.op == ast::BinaryOp::kNotIn ||
        binary.op == ast::BinaryOp::kContains) {
      memberships.push_back(&binary);
    }
  };
  for (const ast::Let& let : module.lets) {
    if (let.value) Walk(*let.value, index);
  }
  for (const ast::Rule& rule : module.rules) {
    for (const auto& e : rule.when) Walk(*e, index);
    for (const auto& e : rule.unless) Walk(*e, index);
    for (const auto& limit : rule.limits) {
      if (limit.key) Walk(*limit.key, index);
    }
  }
  for (bool progress = true; progress;) {
    progress = false;
    Evaluator evaluator(prepared, nullptr, 0, nullptr);
    for (const ast::Let& let : module.lets) {
      if (prepared.lets.count(&let) > 0 || !let.value) continue;
      EvalResult value = evaluator.Eval(*let.value);
      if (!value.ok()) continue;
      prepared.lets.emplace(&let, std::move(value).Take());
      progress = true;
    }
    for (const auto& [id, type] : prepared.checked->conversions) {
      if (prepared.converted.count(id) > 0 || nodes.count(id) == 0) continue;
      EvalResult value = evaluator.EvalUnconverted(*nodes[id]);
      if (!value.ok()) continue;
      prepared.converted.emplace(id, ConvertConstant(value.value(), type));
      progress = true;
    }
  }
  // A membership test against a constant list looks its element up in a
  // hash set built once here, instead of scanning the list per request.
  Evaluator evaluator(prepared, nullptr, 0, nullptr);
  for (const ast::Binary* binary : memberships) {
    const ast::Expr& list = binary->op == ast::BinaryOp::kContains ? *binary->lhs : *binary->rhs;
    EvalResult value = evaluator.Eval(list);
    if (!value.ok() || !value.value().Is<ListPtr>()) continue;  // not a constant list
    auto set = std::make_shared<PreparedModule::ConstantSet>();
    for (const Value& item : *value.value().As<ListPtr>()) {
      set->keys.insert(KeyText(item));
      if (item.Is<std::string>()) {
        set->longest_text = std::max(set->longest_text, item.As<std::string>().size());
      }
    }
    prepared.sets.emplace(binary->id, std::move(set));
  }
}

// Computes every largest constant expression of the rules once, as the IR
// folds them (cost::IsConstant): deciding then costs nothing for them.
void FoldConstants(PreparedModule& prepared) {
  const check::CheckedModule& checked = *prepared.checked;
  std::vector<uint32_t> index(checked.module->node_count, PreparedModule::kNotFolded);
  std::vector<PreparedModule::Folded> folded;
  Evaluator evaluator(prepared, nullptr, 0, nullptr);
  std::function<void(const ast::Expr&)> fold = [&](const ast::Expr& expr) {
    if (!IsFolded(prepared, expr)) {
      ast::ForEachChild(expr, fold);
      return;
    }
    if (expr.id >= index.size()) return;
    EvalResult result = evaluator.Eval(expr);
    index[expr.id] = static_cast<uint32_t>(folded.size());
    std::string error = result.error;
    folded.push_back({result.ok() ? std::move(result).Take() : Value(), std::move(error)});
  };
  for (const ast::Rule& rule : checked.module->rules) {
    for (const auto& e : rule.when) fold(*e);
    for (const auto& e : rule.unless) fold(*e);
    for (const auto& limit : rule.limits) {
      if (limit.key) fold(*limit.key);
    }
  }
  prepared.folded = std::move(folded);
  prepared.folded_index = std::move(index);
}

}  // namespace

bool IsFolded(const PreparedModule& prepared, const ast::Expr& expr) {
  return prepared.converted.count(expr.id) > 0 || cost::IsConstant(*prepared.checked, expr);
}

int64_t LongestCountWindow(const check::CheckedModule& checked) {
  int64_t longest = 0;
  auto visit = [&](const ast::Expr& e) {
    if (e.kind != ast::ExprKind::kCount) return;
    const auto& window = *static_cast<const ast::Count&>(e).window;
    if (window.kind == ast::ExprKind::kDuration) {
      longest = std::max(longest, static_cast<const ast::DurationLiteral&>(window).microseconds);
    }
  };
  for (const ast::Rule& rule : checked.module->rules) {
    for (const auto& e : rule.when) Walk(*e, visit);
    for (const auto& e : rule.unless) Walk(*e, visit);
    for (const auto& limit : rule.limits) {
      if (limit.key) Walk(*limit.key, visit);
    }
  }
  return longest;
}

std::unique_ptr<PreparedModule> PrepareModule(const check::CheckedModule& checked) {
  auto prepared = std::make_unique<PreparedModule>();
  prepared->checked = &checked;
  stdlib::Timezone zone = stdlib::Timezone::Find(checked.timezone);
  if (zone.valid()) prepared->timezone = zone;
  PrepareConstants(*prepared);
  FoldConstants(*prepared);
  return prepared;
}

Interpreter::Interpreter(const std::vector<const check::CheckedModule*>& modules,
                         CounterStore& counters, int64_t budget)
    : counters_(counters), budget_(budget) {
  for (const check::CheckedModule* checked : modules) {
    modules_.push_back(PrepareModule(*checked));
    limit_prefixes_.emplace_back();
    for (const check::CheckedRule& rule : checked->rules) {
      limit_prefixes_.back().push_back(
          rule.rule->limits.empty() ? "" : LimitKeyPrefix(rule, modules_.size() - 1));
    }
  }
  // Allowed calls are kept as long as the longest count() window asks.
  for (const check::CheckedModule* checked : modules) {
    longest_count_window_ = std::max(longest_count_window_, LongestCountWindow(*checked));
  }
}

// Evaluates one rule's conditions and limit key, in the order docs/semantics.md gives.
void Interpreter::EvaluateRule(const PreparedModule& module, const check::CheckedRule& rule,
                               const BoundRequest& request, int64_t now, int64_t& steps,
                               RuleOutcome& outcome) const {
  using Kind = RuleOutcome::Kind;
  Evaluator evaluator(module, &request, now, &counters_, &steps);
  outcome.kind = Kind::kPassed;
  const ast::Rule& ast_rule = *rule.rule;
  for (uint32_t i = 0; i < ast_rule.when.size(); ++i) {
    EvalResult result = evaluator.EvalCondition(*ast_rule.when[i]);
    outcome.clause = i;
    if (!result.ok()) {
      outcome.kind = Kind::kError;
      outcome.in_unless = false;
      outcome.error = std::move(result.error);
      return;
    }
    if (!result.value().As<bool>()) {
      outcome.kind = Kind::kWhenFalse;
      return;
    }
  }
  for (uint32_t i = 0; i < ast_rule.unless.size(); ++i) {
    EvalResult result = evaluator.EvalCondition(*ast_rule.unless[i]);
    outcome.clause = i;
    if (!result.ok()) {
      outcome.kind = Kind::kError;
      outcome.in_unless = true;
      outcome.error = std::move(result.error);
      return;
    }
    if (result.value().As<bool>()) {
      outcome.kind = Kind::kUnlessTrue;
      return;
    }
  }
  if (ast_rule.limits.empty()) return;
  const ast::Limit& limit = ast_rule.limits.front();
  if (!limit.key) {
    outcome.limit_key = request.principal;
    return;
  }
  EvalResult value = evaluator.Eval(*limit.key);
  if (!value.ok()) {
    outcome.kind = Kind::kKeyError;
    outcome.error = std::move(value.error);
    return;
  }
  outcome.limit_key = KeyText(value.value());
}

Decision Interpreter::Decide(const BoundRequest& request, int64_t clock_now,
                             Explanation* explain) const {
  DecisionRecord record;
  Decide(request, clock_now, record, explain);
  return record.ToDecision();
}

void Interpreter::Decide(const BoundRequest& request, int64_t clock_now, DecisionRecord& out,
                         Explanation* explain) const {
  int64_t now = request.time ? request.time->micros : clock_now;
  thread_local DecisionBuilder builder;
  thread_local RuleOutcome outcome;
  struct Unfinished {
    DecisionBuilder& builder;
    ~Unfinished() { builder.ReleasePending(); }
  } unfinished{builder};
  builder.Begin(counters_, now, explain);
  int64_t steps = budget_;  // shared by every rule of this decision
  for (size_t module_index = 0; module_index < modules_.size(); ++module_index) {
    const PreparedModule& module = *modules_[module_index];
    const check::CheckedModule& checked = *module.checked;
    if (checked.schema != request.schema) continue;
    if (!checked.agents.empty() && std::find(checked.agents.begin(), checked.agents.end(),
                                             request.principal) == checked.agents.end()) {
      continue;
    }
    builder.Policy(checked);
    for (size_t r = 0; r < checked.rules.size(); ++r) {
      const check::CheckedRule& rule = checked.rules[r];
      if (std::find(rule.operations.begin(), rule.operations.end(), request.operation) ==
          rule.operations.end()) {
        continue;
      }
      EvaluateRule(module, rule, request, now, steps, outcome);
      outcome.limit_prefix = &limit_prefixes_[module_index][r];
      builder.Rule(rule, module_index, outcome);
    }
  }
  builder.Finish(request.principal, *request.operation, longest_count_window_, out);
}

}  // namespace intent::runtime
