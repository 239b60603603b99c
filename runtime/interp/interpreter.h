// The reference interpreter (docs/semantics.md): decides a bound request by
// walking the checked AST. It defines the language's semantics; the JIT
// must agree with it on every input.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/check/checked_module.h"
#include "runtime/core/cost.h"
#include "runtime/core/counter_store.h"
#include "runtime/core/decision.h"
#include "runtime/core/decision_builder.h"
#include "runtime/core/request.h"
#include "runtime/core/value.h"
#include "stdlib/timezone.h"

namespace intent::runtime {

// What the interpreter precomputes for one policy module.
struct PreparedModule {
  const check::CheckedModule* checked = nullptr;
  stdlib::Timezone timezone = stdlib::Timezone::Utc();
  // Values of constant expressions: every let, and every node the checker
  // marked for literal conversion (already converted).
  std::unordered_map<const ast::Let*, Value> lets;
  std::unordered_map<ast::NodeId, Value> converted;
  // For `x in L`, `x not in L` and `L contains x` with a constant list L:
  // the KeyText of its elements, keyed by the operator's node.
  struct ConstantSet {
    std::unordered_set<std::string> keys;
    size_t longest_text = 0;  // a longer string cannot be a member: it is not hashed
  };
  std::unordered_map<ast::NodeId, std::shared_ptr<const ConstantSet>> sets;
  // Every largest constant expression of the rules (cost::IsConstant),
  // computed once: its value, or the error it always fails with. By node
  // id: folded_index[id] is an index into folded, or kNotFolded.
  struct Folded {
    Value value;
    std::string error;
  };
  static constexpr uint32_t kNotFolded = UINT32_MAX;
  std::vector<uint32_t> folded_index;
  std::vector<Folded> folded;
};

// Whether `expr` is computed once when the module is prepared: a converted
// literal or a constant (cost::IsConstant). The IR folds the same nodes.
bool IsFolded(const PreparedModule& prepared, const ast::Expr& expr);

// Computes a module's constants (lets, converted literals, membership sets).
std::unique_ptr<PreparedModule> PrepareModule(const check::CheckedModule& checked);

// The longest count() window of a module's rules (0 without count()).
int64_t LongestCountWindow(const check::CheckedModule& checked);

class Interpreter {
 public:
  // `modules` must outlive the interpreter; so must `counters`.
  // Thread-safe: Decide may be called concurrently.
  // `budget`: the steps one decision may take (runtime/core/cost.h).
  Interpreter(const std::vector<const check::CheckedModule*>& modules, CounterStore& counters,
              int64_t budget = cost::kDefaultBudget);

  // Decides `request` at `now` (microseconds since the epoch), unless the
  // request carries its own time (`context.time`). With `explain`, also
  // records why each applicable rule matched or not. An exception from the
  // CounterStore propagates (reserved limit slots are given back first).
  Decision Decide(const BoundRequest& request, int64_t now, Explanation* explain = nullptr) const;
  // The same, into `out` (reusing its memory).
  void Decide(const BoundRequest& request, int64_t now, DecisionRecord& out,
              Explanation* explain = nullptr) const;

 private:
  void EvaluateRule(const PreparedModule& module, const check::CheckedRule& rule,
                    const BoundRequest& request, int64_t now, int64_t& steps,
                    RuleOutcome& outcome) const;

  std::vector<std::unique_ptr<PreparedModule>> modules_;
  // LimitKeyPrefix of each rule with a limit, by module and rule.
  std::vector<std::vector<std::string>> limit_prefixes_;
  CounterStore& counters_;
  int64_t longest_count_window_ = 0;
  int64_t budget_;
};

}  // namespace intent::runtime
