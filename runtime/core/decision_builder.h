// Turns the per-rule outcomes an engine computed into a decision
// (docs/semantics.md): fail-closed errors, limits, the most restrictive effect,
// defaults, and the call record for count(). Both engines (interpreter and
// JIT) feed it, so they can differ only in how they evaluate conditions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/check/checked_module.h"
#include "runtime/core/counter_store.h"
#include "runtime/core/decision.h"

namespace intent::runtime {

// What an engine found for one applicable rule.
struct RuleOutcome {
  enum class Kind : uint8_t {
    kPassed,      // every when held, no unless did: matches unless its limit is reached
    kWhenFalse,   // `clause` is the index of the false `when`
    kUnlessTrue,  // `clause` is the index of the true `unless`
    kError,       // evaluating `clause` (a when, or an unless when in_unless) failed
    kKeyError,    // evaluating the limit key failed
  };
  Kind kind = Kind::kPassed;
  bool in_unless = false;  // kError: the failing clause is an `unless`
  uint32_t clause = 0;
  std::string error;      // kError, kKeyError: the message
  std::string limit_key;  // kPassed with a limit: KeyText of its key (or the principal)
  // kPassed with a limit: LimitKeyPrefix(rule, module_index), which engines
  // compute once per rule.
  const std::string* limit_prefix = nullptr;
};

// The start of the counter key of a rule's limit; the key's value follows.
// An explicit @id is unique in the bundle, so counters keyed by it could
// outlive a reload; FILE:LINE ids need not be unique (two rules on a line),
// so those use the rule's position.
std::string LimitKeyPrefix(const check::CheckedRule& rule, size_t module_index);

// A decision before its strings are made: rules by reference. Reusing one
// across calls keeps deciding free of allocations.
struct DecisionRecord {
  struct AskLimit {
    std::string key;
    int64_t window = 0;
  };
  Effect effect = Effect::kDeny;
  std::vector<const check::CheckedRule*> rules;  // in the order they matched
  std::vector<std::string> errors;
  // What reporting an approved ask records (AskRecord); set by Finish on
  // every decision, as views and numbers, so only an ask pays for strings.
  // Into the request the engine decided: valid only while it lives (the
  // tiered engine's interpreter decides on a copy that does not outlive
  // Decide, so FillAsk takes the principal from the caller).
  std::string_view principal;
  const schema::Operation* operation = nullptr;
  int64_t now = 0;
  int64_t longest_count_window = 0;
  // An ask's listed rules with a limit: their keys (the reserved slots are
  // given back; a reported approval records them). Reused: the first
  // ask_limit_count are this decision's.
  std::vector<AskLimit> ask_limits;
  size_t ask_limit_count = 0;
  void Clear() {
    effect = Effect::kDeny;
    rules.clear();
    errors.clear();
    principal = {};
    operation = nullptr;
    ask_limit_count = 0;
  }
  Decision ToDecision() const;
  // Sets decision.ask when this is an ask; `principal` is the request's,
  // from a request that is still alive.
  void FillAsk(Decision& decision, std::string_view principal) const;
};

// One instance per thread, reused: Begin() starts a decision, Policy() and
// Rule() report in evaluation order, Finish() decides.
class DecisionBuilder {
 public:
  DecisionBuilder() = default;
  DecisionBuilder(const DecisionBuilder&) = delete;
  DecisionBuilder& operator=(const DecisionBuilder&) = delete;
  ~DecisionBuilder() { ReleasePending(); }

  // Gives back the limit slots reserved by an unfinished decision (one an
  // exception interrupted), so a limit never shrinks for good.
  void ReleasePending() {
    if (reserved_count_ != 0) ReleaseReserved();
  }

  // Inline, as Policy() and Rule(): they run on every decision.
  void Begin(CounterStore& counters, int64_t now, Explanation* explain) {
    ReleasePending();
    counters_ = &counters;
    now_ = now;
    explain_ = explain;
    module_ = nullptr;
    any_policy_ = false;
    any_default_deny_ = false;
    for (auto& list : matches_) list.clear();
    errors_.clear();
  }
  // A policy that applies to the request (by schema and principal).
  void Policy(const check::CheckedModule& module) {
    module_ = &module;
    any_policy_ = true;
    any_default_deny_ = any_default_deny_ || module.default_effect == ast::DefaultEffect::kDeny;
  }
  // An applicable rule of the last policy; `module_index` is the policy's
  // position in the bundle (counters of rules without @id are keyed by it).
  void Rule(const check::CheckedRule& rule, size_t module_index, RuleOutcome& outcome) {
    // The common outcomes inline: a rule that did not match, or matched
    // without a limit, needs no bookkeeping beyond this unless explaining.
    if (explain_ == nullptr) {
      if (outcome.kind == RuleOutcome::Kind::kWhenFalse ||
          outcome.kind == RuleOutcome::Kind::kUnlessTrue) {
        return;
      }
      if (outcome.kind == RuleOutcome::Kind::kPassed && rule.rule->limits.empty()) {
        matches_[static_cast<size_t>(rule.rule->effect)].push_back({&rule, -1});
        return;
      }
    }
    RuleInDetail(rule, module_index, outcome);
  }
  // Decides; gives back or commits limit slots and records an allowed call
  // for count() when `longest_count_window` > 0. For an ask, keeps in
  // `out` what a reported approval records.
  void Finish(std::string_view principal, const schema::Operation& operation,
              int64_t longest_count_window, DecisionRecord& out);

 private:
  struct Match {
    const check::CheckedRule* rule;
    int32_t reservation;  // index into reserved_, or -1
  };
  void RuleInDetail(const check::CheckedRule& rule, size_t module_index, RuleOutcome& outcome);
  void ReleaseReserved();
  void Trace(const check::CheckedRule& rule, const char* outcome, std::string detail);
  std::string Where(const check::CheckedRule& rule, bool in_unless, uint32_t clause) const;

  CounterStore* counters_ = nullptr;
  int64_t now_ = 0;
  Explanation* explain_ = nullptr;
  const check::CheckedModule* module_ = nullptr;
  bool any_policy_ = false;
  bool any_default_deny_ = false;
  std::vector<Match> matches_[3];  // by effect: allow, ask, forbid
  // Limit slots reserved in this decision, reserved_[0..reserved_count_);
  // each is settled in Finish, or given back if the decision never finishes
  // (an exception). The strings are reused, so keys cost no allocation.
  std::vector<std::string> reserved_;
  size_t reserved_count_ = 0;
  std::vector<std::string> errors_;
};

}  // namespace intent::runtime
