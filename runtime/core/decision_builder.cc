// Decision semantics shared by the engines (docs/semantics.md).
#include "runtime/core/decision_builder.h"

#include <fmt/format.h>

#include "runtime/core/value_text.h"
#include "stdlib/duration.h"

namespace intent::runtime {

const char* Spelling(Effect effect) {
  switch (effect) {
    case Effect::kAllow: return "allow";
    case Effect::kAsk: return "ask";
    case Effect::kDeny: return "deny";
  }
  return "deny";
}

Decision DecisionRecord::ToDecision() const {
  Decision decision;
  decision.effect = effect;
  for (const check::CheckedRule* rule : rules) {
    decision.rules.push_back(rule->id);
    for (const ast::Name& reason : rule->rule->because) decision.reasons.push_back(reason.text);
  }
  decision.errors = errors;
  FillAsk(decision, principal);
  return decision;
}

void DecisionRecord::FillAsk(Decision& decision, std::string_view request_principal) const {
  if (effect != Effect::kAsk || operation == nullptr) return;
  AskRecord& ask = decision.ask.emplace();
  ask.principal = request_principal;
  ask.operation = operation->id;
  ask.time = now;
  ask.count_retain = longest_count_window;
  ask.limits.reserve(ask_limit_count);
  for (size_t i = 0; i < ask_limit_count; ++i) {
    ask.limits.push_back({ask_limits[i].key, ask_limits[i].window});
  }
}

std::string LimitKeyPrefix(const check::CheckedRule& rule, size_t module_index) {
  return rule.has_explicit_id ? fmt::format("limit:id:{}:{}:", rule.id.size(), rule.id)
                              : fmt::format("limit:rule:{}:{}:", module_index, rule.rule->id);
}

void DecisionBuilder::ReleaseReserved() {
  for (size_t i = 0; i < reserved_count_; ++i) {
    if (!reserved_[i].empty()) counters_->Release(reserved_[i]);  // empty: settled already
  }
  reserved_count_ = 0;
}

void DecisionBuilder::Trace(const check::CheckedRule& rule, const char* outcome,
                            std::string detail) {
  if (explain_ == nullptr) return;
  explain_->rules.push_back(
      {rule.id, ast::Spelling(rule.rule->effect), outcome, std::move(detail)});
}

std::string DecisionBuilder::Where(const check::CheckedRule& rule, bool in_unless,
                                   uint32_t clause) const {
  const auto& clauses = in_unless ? rule.rule->unless : rule.rule->when;
  return fmt::format("'{}' at line {}", in_unless ? "unless" : "when",
                     module_->module->file->LineOf(clauses[clause]->span.begin));
}

void DecisionBuilder::RuleInDetail(const check::CheckedRule& rule, size_t module_index,
                                   RuleOutcome& outcome) {
  using Kind = RuleOutcome::Kind;
  switch (outcome.kind) {
    case Kind::kWhenFalse:
    case Kind::kUnlessTrue:
      if (explain_ != nullptr) {
        bool in_unless = outcome.kind == Kind::kUnlessTrue;
        Trace(rule, "not matched",
              Where(rule, in_unless, outcome.clause) + (in_unless ? " is true" : " is false"));
      }
      return;
    case Kind::kError:
    case Kind::kKeyError: {
      std::string error =
          outcome.kind == Kind::kError
              ? Where(rule, outcome.in_unless, outcome.clause) + ": " + outcome.error
              : "limit key: " + outcome.error;
      // Fail closed: an error matches forbid and ask rules, not allow rules.
      errors_.push_back(fmt::format("{}: {}", rule.id, error));
      bool counts = rule.rule->effect != ast::Effect::kAllow;
      if (counts) matches_[static_cast<size_t>(rule.rule->effect)].push_back({&rule, -1});
      Trace(rule, counts ? "matched (error, fail closed)" : "not matched (error)",
            std::move(error));
      return;
    }
    case Kind::kPassed: break;
  }
  int32_t reservation = -1;
  std::string limit_state;
  if (!rule.rule->limits.empty()) {
    const ast::Limit& limit = rule.rule->limits.front();
    if (reserved_count_ == reserved_.size()) reserved_.emplace_back();
    std::string& key = reserved_[reserved_count_];
    if (outcome.limit_prefix != nullptr) {
      key.assign(*outcome.limit_prefix);
    } else {
      key = LimitKeyPrefix(rule, module_index);
    }
    key += outcome.limit_key;
    int64_t count = static_cast<const ast::IntLiteral&>(*limit.count).value;
    int64_t window = static_cast<const ast::DurationLiteral&>(*limit.window).microseconds;
    if (explain_ != nullptr) {
      limit_state =
          fmt::format("limit {} per {} for '{}': {} used", count, stdlib::FormatDuration(window),
                      outcome.limit_key, counters_->Count(key, window, now_));
    }
    // A rule whose limit is reached does not match.
    if (!counters_->Reserve(key, count, window, now_)) {
      Trace(rule, "limit reached", std::move(limit_state));
      return;
    }
    reservation = static_cast<int32_t>(reserved_count_++);
  }
  matches_[static_cast<size_t>(rule.rule->effect)].push_back({&rule, reservation});
  Trace(rule, "matched", std::move(limit_state));
}

void DecisionBuilder::Finish(std::string_view principal, const schema::Operation& operation,
                             int64_t longest_count_window, DecisionRecord& out) {
  out.Clear();
  const std::vector<Match>* deciding = nullptr;
  if (!matches_[2].empty()) {
    out.effect = Effect::kDeny;
    deciding = &matches_[2];
  } else if (!matches_[1].empty()) {
    out.effect = Effect::kAsk;
    deciding = &matches_[1];
  } else if (!matches_[0].empty()) {
    out.effect = Effect::kAllow;
    deciding = &matches_[0];
  } else {
    out.effect = !any_policy_ || any_default_deny_ ? Effect::kDeny : Effect::kAsk;
    if (explain_ != nullptr) {
      explain_->fallback = !any_policy_ ? "deny: no policy applies to this principal"
                                        : fmt::format(
                                              "{}: no rule matched; the most restrictive "
                                              "default applies",
                                              Spelling(out.effect));
    }
  }
  if (deciding != nullptr) {
    for (const Match& match : *deciding) out.rules.push_back(match.rule);
  }
  out.errors.swap(errors_);
  out.principal = principal;
  out.operation = &operation;
  out.now = now_;
  out.longest_count_window = longest_count_window;
  // Reserved limit slots become calls only for the rules that allowed it.
  for (const auto& list : matches_) {
    for (const Match& match : list) {
      if (match.reservation < 0) continue;
      std::string& key = reserved_[static_cast<size_t>(match.reservation)];
      if (out.effect == Effect::kAllow && &list == &matches_[0]) {
        counters_->Commit(key, now_);
      } else {
        if (out.effect == Effect::kAsk && &list == &matches_[1]) {
          // An approval reported later records the call under this key,
          // as a commit would have.
          if (out.ask_limit_count == out.ask_limits.size()) out.ask_limits.emplace_back();
          DecisionRecord::AskLimit& kept = out.ask_limits[out.ask_limit_count++];
          kept.key.assign(key);
          kept.window =
              static_cast<const ast::DurationLiteral&>(*match.rule->rule->limits.front().window)
                  .microseconds;
        }
        counters_->Release(key);
      }
      key.clear();  // settled
    }
  }
  reserved_count_ = 0;
  if (out.effect == Effect::kAllow && longest_count_window > 0) {
    counters_->Record(CountKey(principal, operation.id), now_, longest_count_window);
  }
}

}  // namespace intent::runtime
