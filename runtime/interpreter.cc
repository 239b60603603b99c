// Decision semantics (spec section 5): applicable rules, fail-closed
// evaluation, the most restrictive effect, defaults, limits and counting.
#include "runtime/interpreter.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "runtime/evaluator.h"
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
      prepared.lets.emplace(&let, std::move(value.value));
      progress = true;
    }
    for (const auto& [id, type] : prepared.checked->conversions) {
      if (prepared.converted.count(id) > 0 || nodes.count(id) == 0) continue;
      EvalResult value = evaluator.Eval(*nodes[id]);
      if (!value.ok()) continue;
      prepared.converted.emplace(id, ConvertConstant(value.value, type));
      progress = true;
    }
  }
  // A membership test against a constant list looks its element up in a
  // hash set built once here, instead of scanning the list per request.
  Evaluator evaluator(prepared, nullptr, 0, nullptr);
  for (const ast::Binary* binary : memberships) {
    const ast::Expr& list = binary->op == ast::BinaryOp::kContains ? *binary->lhs : *binary->rhs;
    EvalResult value = evaluator.Eval(list);
    if (!value.ok() || !value.value.Is<ListPtr>()) continue;  // not a constant list
    auto set = std::make_shared<std::unordered_set<std::string>>();
    for (const Value& item : *value.value.As<ListPtr>()) set->insert(KeyText(item));
    prepared.sets.emplace(binary->id, std::move(set));
  }
}

// Limit slots reserved during one decision. Each is settled (committed or
// given back) when the decision is known; any left unsettled, because an
// exception interrupted the decision, are given back on destruction so a
// limit never shrinks for good.
class Reservations {
 public:
  explicit Reservations(CounterStore& store) : store_(store) {}
  Reservations(const Reservations&) = delete;
  Reservations& operator=(const Reservations&) = delete;
  ~Reservations() {
    for (const std::string& key : pending_) store_.Release(key);
  }
  // Returns false when the limit is reached (nothing is reserved then).
  bool Reserve(const std::string& key, int64_t limit, int64_t window, int64_t now) {
    if (!store_.Reserve(key, limit, window, now)) return false;
    pending_.push_back(key);
    return true;
  }
  void Settle(const std::string& key, bool commit, int64_t now) {
    auto it = std::find(pending_.begin(), pending_.end(), key);
    if (it == pending_.end()) return;
    pending_.erase(it);
    if (commit) {
      store_.Commit(key, now);
    } else {
      store_.Release(key);
    }
  }

 private:
  CounterStore& store_;
  std::vector<std::string> pending_;
};

struct Match {
  const check::CheckedRule* rule;
  std::string limit_key;  // non-empty: a slot is reserved under it
};

}  // namespace

const char* Spelling(Effect effect) {
  switch (effect) {
    case Effect::kAllow: return "allow";
    case Effect::kAsk: return "ask";
    case Effect::kDeny: return "deny";
  }
  return "deny";
}

Interpreter::Interpreter(const std::vector<const check::CheckedModule*>& modules,
                         CounterStore& counters)
    : counters_(counters) {
  for (const check::CheckedModule* checked : modules) {
    auto prepared = std::make_unique<PreparedModule>();
    prepared->checked = checked;
    stdlib::Timezone zone = stdlib::Timezone::Find(checked->timezone);
    if (zone.valid()) prepared->timezone = zone;
    PrepareConstants(*prepared);
    modules_.push_back(std::move(prepared));
  }
  // Allowed calls are kept as long as the longest count() window asks.
  for (const auto& module : modules_) {
    for (const ast::Rule& rule : module->checked->module->rules) {
      auto visit = [&](const ast::Expr& e) {
        if (e.kind != ast::ExprKind::kCount) return;
        const auto& window = *static_cast<const ast::Count&>(e).window;
        if (window.kind == ast::ExprKind::kDuration) {
          longest_count_window_ = std::max(
              longest_count_window_, static_cast<const ast::DurationLiteral&>(window).microseconds);
        }
      };
      for (const auto& e : rule.when) Walk(*e, visit);
      for (const auto& e : rule.unless) Walk(*e, visit);
      for (const auto& limit : rule.limits) {
        if (limit.key) Walk(*limit.key, visit);
      }
    }
  }
}

Decision Interpreter::Decide(const BoundRequest& request, int64_t clock_now,
                             Explanation* explain) const {
  int64_t now = request.time ? request.time->micros : clock_now;
  Decision decision;
  std::vector<Match> matches[3];  // by effect: allow, ask, forbid
  Reservations reservations(counters_);
  bool any_policy = false;
  bool any_default_deny = false;

  for (size_t module_index = 0; module_index < modules_.size(); ++module_index) {
    const auto& module = modules_[module_index];
    const check::CheckedModule& checked = *module->checked;
    if (checked.schema != request.schema) continue;
    if (!checked.agents.empty() && std::find(checked.agents.begin(), checked.agents.end(),
                                             request.principal) == checked.agents.end()) {
      continue;
    }
    any_policy = true;
    any_default_deny = any_default_deny || checked.default_effect == ast::DefaultEffect::kDeny;
    const SourceFile& file = *checked.module->file;

    for (const check::CheckedRule& rule : checked.rules) {
      if (std::find(rule.operations.begin(), rule.operations.end(), request.operation) ==
          rule.operations.end()) {
        continue;
      }
      auto trace = [&](const char* outcome, std::string detail) {
        if (explain == nullptr) return;
        explain->rules.push_back(
            {rule.id, ast::Spelling(rule.rule->effect), outcome, std::move(detail)});
      };
      auto where = [&](const char* clause, const ast::Expr& condition) {
        return fmt::format("'{}' at line {}", clause, file.LineOf(condition.span.begin));
      };
      Evaluator evaluator(*module, &request, now, &counters_);
      std::string error;
      // The clause that stopped the rule; described only when explaining,
      // since formatting it on every decision would dominate its cost.
      const ast::Expr* stopped_at = nullptr;
      const char* stopped_clause = nullptr;
      for (const auto& condition : rule.rule->when) {
        EvalResult result = evaluator.EvalCondition(*condition);
        if (!result.ok()) error = where("when", *condition) + ": " + result.error;
        if (result.ok() && !result.value.As<bool>()) {
          stopped_at = condition.get();
          stopped_clause = "when";
        }
        if (!error.empty() || stopped_at != nullptr) break;
      }
      for (size_t i = 0; error.empty() && stopped_at == nullptr && i < rule.rule->unless.size();
           ++i) {
        const ast::Expr& condition = *rule.rule->unless[i];
        EvalResult result = evaluator.EvalCondition(condition);
        if (!result.ok()) error = where("unless", condition) + ": " + result.error;
        if (result.ok() && result.value.As<bool>()) {
          stopped_at = &condition;
          stopped_clause = "unless";
        }
      }
      std::string limit_key;
      std::string limit_state;
      if (error.empty() && stopped_at == nullptr && !rule.rule->limits.empty()) {
        const ast::Limit& limit = rule.rule->limits.front();
        std::string key = request.principal;
        if (limit.key) {
          EvalResult value = evaluator.Eval(*limit.key);
          if (value.ok()) {
            key = KeyText(value.value);
          } else {
            error = "limit key: " + value.error;
          }
        }
        if (error.empty()) {
          // An explicit @id is unique in the bundle; FILE:LINE ids need not
          // be (two rules on a line), so those use the rule's position.
          limit_key = rule.has_explicit_id
                          ? fmt::format("limit:id:{}:{}:{}", rule.id.size(), rule.id, key)
                          : fmt::format("limit:rule:{}:{}:{}", module_index, rule.rule->id, key);
          int64_t count = static_cast<const ast::IntLiteral&>(*limit.count).value;
          int64_t window = static_cast<const ast::DurationLiteral&>(*limit.window).microseconds;
          if (explain != nullptr) {
            limit_state = fmt::format("limit {} per {} for '{}': {} used", count,
                                      stdlib::FormatDuration(window), key,
                                      counters_.Count(limit_key, window, now));
          }
          // A rule whose limit is reached does not match.
          if (!reservations.Reserve(limit_key, count, window, now)) {
            trace("limit reached", limit_state);
            continue;
          }
        }
      }
      size_t effect = static_cast<size_t>(rule.rule->effect);
      if (!error.empty()) {
        // Fail closed: an error matches forbid and ask rules, not allow rules.
        decision.errors.push_back(fmt::format("{}: {}", rule.id, error));
        bool counts = rule.rule->effect != ast::Effect::kAllow;
        if (counts) matches[effect].push_back({&rule, ""});
        trace(counts ? "matched (error, fail closed)" : "not matched (error)", error);
        continue;
      }
      if (stopped_at != nullptr) {
        if (explain != nullptr) {
          trace("not matched",
                where(stopped_clause, *stopped_at) +
                    (std::string_view(stopped_clause) == "when" ? " is false" : " is true"));
        }
        continue;
      }
      matches[effect].push_back({&rule, limit_key});
      trace("matched", limit_state);
    }
  }

  const std::vector<Match>* deciding = nullptr;
  if (!matches[2].empty()) {
    decision.effect = Effect::kDeny;
    deciding = &matches[2];
  } else if (!matches[1].empty()) {
    decision.effect = Effect::kAsk;
    deciding = &matches[1];
  } else if (!matches[0].empty()) {
    decision.effect = Effect::kAllow;
    deciding = &matches[0];
  } else {
    decision.effect = !any_policy || any_default_deny ? Effect::kDeny : Effect::kAsk;
    if (explain != nullptr) {
      explain->fallback = !any_policy ? "deny: no policy applies to this principal"
                                      : fmt::format(
                                            "{}: no rule matched; the most restrictive "
                                            "default applies",
                                            Spelling(decision.effect));
    }
  }
  if (deciding != nullptr) {
    for (const Match& match : *deciding) {
      decision.rules.push_back(match.rule->id);
      for (const ast::Name& reason : match.rule->rule->because) {
        decision.reasons.push_back(reason.text);
      }
    }
  }
  // Reserved limit slots become calls only for the rules that allowed it.
  for (const auto& list : matches) {
    for (const Match& match : list) {
      if (match.limit_key.empty()) continue;
      reservations.Settle(match.limit_key,
                          decision.effect == Effect::kAllow && &list == &matches[0], now);
    }
  }
  if (decision.effect == Effect::kAllow && longest_count_window_ > 0) {
    counters_.Record(CountKey(request.principal, request.operation->id), now,
                     longest_count_window_);
  }
  return decision;
}

}  // namespace intent::runtime
