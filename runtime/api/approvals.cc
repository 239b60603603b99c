// Approvals in the engine (docs/approvals.md): an ask creates one for the
// exact call; the same call presenting an approved one is allowed once.
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>

#include "runtime/api/engine_state.h"
#include "runtime/core/approval_store.h"
#include "runtime/core/canonical_text.h"
#include "runtime/core/crypto.h"
#include "runtime/core/value_text.h"
#include "stdlib/timestamp.h"

namespace intent {

const char* ApprovalStateName(ApprovalState state) {
  switch (state) {
    case ApprovalState::kPending: return "pending";
    case ApprovalState::kApproved: return "approved";
    case ApprovalState::kDenied: return "denied";
    case ApprovalState::kExpired: return "expired";
    case ApprovalState::kUsed: return "used";
  }
  return "pending";
}

std::string ApprovalJson(const Approval& approval) {
  auto time = [](int64_t micros) {
    return micros == 0 ? nlohmann::ordered_json()
                       : nlohmann::ordered_json(stdlib::FormatTimestamp(micros));
  };
  // Canonical JSON texts, shown as values (as text if one were not JSON).
  auto value = [](const std::string& text) {
    nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::ordered_json(text) : parsed;
  };
  nlohmann::ordered_json json;
  json["id"] = approval.id;
  json["digest"] = approval.digest;
  json["state"] = ApprovalStateName(approval.state);
  json["principal"] = approval.principal;
  json["operation"] = approval.operation;
  json["input"] = value(approval.input);
  json["context"] = value(approval.context);
  json["rules"] = approval.rules;
  json["reasons"] = approval.reasons;
  json["created"] = time(approval.created);
  json["expires"] = time(approval.expires);
  json["decided_by"] = approval.decided_by.empty() ? nlohmann::ordered_json()
                                                   : nlohmann::ordered_json(approval.decided_by);
  json["decided"] = time(approval.decided);
  json["used"] = time(approval.used);
  json["bundle"] = approval.bundle;
  // Arguments come from agents: invalid UTF-8 is replaced, never thrown.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::shared_ptr<ApprovalStore> MakeInProcessApprovalStore() {
  return std::make_shared<runtime::InProcessApprovalStore>();
}

namespace api {
namespace {

ApprovalTicket TicketOf(const Approval& approval) {
  return {approval.id, approval.digest, approval.created, approval.expires,
          ApprovalStateName(approval.state)};
}

// The id as an error may quote it: ids are hex; anything else came from an
// agent and is not echoed.
std::string Quoted(std::string_view id) {
  bool plain = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  return plain ? fmt::format("approval '{}'", id) : std::string("the approval given");
}

// The shortest `approve within` of the ask rules that asked, else the
// engine's default: several rules asking, the most cautious wins.
int64_t WindowOf(const runtime::DecisionRecord& record, int64_t fallback) {
  int64_t window = 0;
  for (const check::CheckedRule* rule : record.rules) {
    if (rule->approve_within > 0 && (window == 0 || rule->approve_within < window)) {
      window = rule->approve_within;
    }
  }
  return window > 0 ? window : fallback;
}

}  // namespace

void Notify(const EngineOptions& options, const Approval& approval) {
  if (!options.on_approval) return;
  try {
    options.on_approval(approval);
  } catch (...) {
    // A listener's failure is its own: the transition stands.
  }
}

namespace {

void FailWith(Decision& decision, std::string error) {
  decision.effect = Effect::kDeny;
  decision.rules.clear();
  decision.reasons.clear();
  decision.ask.reset();
  decision.errors.push_back(std::move(error));
}

}  // namespace

void EngineState::RecordApproved(const AskRecord& ask) const {
  // As DecisionBuilder::Finish records an allowed call: for count(), then
  // under each listed rule's limit (Record, not Commit: the slot reserved
  // while deciding was given back).
  if (ask.count_retain > 0) {
    counters->Record(runtime::CountKey(ask.principal, ask.operation), ask.time, ask.count_retain);
  }
  for (const AskRecord::Limit& limit : ask.limits)
    counters->Record(limit.key, ask.time, limit.window);
}

void EngineState::SettleApproval(const Snapshot& snapshot, const runtime::SlotRequest& request,
                                 int64_t now, const runtime::DecisionRecord& record,
                                 const CallSource& call, Decision& decision) const {
  // An approval turns an ask into an allow, nothing else: a forbid still
  // denies, an allow needs none.
  if (decision.effect != Effect::kAsk) return;
  try {
    std::optional<runtime::CanonicalCall> canonical = call(request);
    if (!canonical) {
      FailWith(decision, "internal error: the call could not be put in canonical form");
      return;
    }
    std::string digest = runtime::Sha256Hex(
        runtime::CallDigestText(snapshot.bundle_hash, request.principal, request.operation->id,
                                canonical->input, canonical->context));
    if (request.approval) {
      std::string id(*request.approval);
      ApprovalResult used = approvals->Use(id, digest, now);
      if (used.approval) decision.approval = TicketOf(*used.approval);
      if (used.outcome != ApprovalOutcome::kOk) {
        FailWith(decision, fmt::format("context.approval: {} {}", Quoted(id),
                                       runtime::OutcomeText(used.outcome)));
        return;
      }
      // Used: the call is the allow it was approved to be, counted as one.
      if (used.approval) Notify(options, *used.approval);
      RecordApproved(*decision.ask);
      decision.effect = Effect::kAllow;
      decision.ask.reset();
      return;
    }
    Approval approval;
    approval.id = runtime::RandomHex(16);
    approval.digest = std::move(digest);
    approval.principal = request.principal;
    approval.operation = request.operation->id;
    approval.input = std::move(canonical->input);
    approval.context = std::move(canonical->context);
    approval.bundle = snapshot.bundle_hash;
    approval.rules = decision.rules;
    approval.reasons = decision.reasons;
    approval.created = now;
    approval.expires = now + WindowOf(record, options.approval_ttl);
    approvals->Create(approval);
    decision.approval = TicketOf(approval);
    Notify(options, approval);
  } catch (const std::exception& error) {
    // The store failed: fail closed, and say so.
    decision.approval.reset();
    FailWith(decision, std::string("approval store: ") + error.what());
  } catch (...) {
    decision.approval.reset();
    FailWith(decision, "approval store: internal error");
  }
}

}  // namespace api

std::optional<Approval> Engine::GetApproval(const std::string& id) const {
  try {
    return impl_->approvals->Get(id, impl_->Now());
  } catch (...) {
    return std::nullopt;
  }
}

std::vector<Approval> Engine::ListApprovals(bool pending_only, size_t max) const {
  try {
    return impl_->approvals->List(impl_->Now(), max, pending_only);
  } catch (...) {
    return {};
  }
}

ApprovalResult Engine::ResolveApproval(const std::string& id, bool approve,
                                       const std::string& by) const {
  ApprovalResult result;
  int64_t now = impl_->Now();
  try {
    result = impl_->approvals->Resolve(id, approve, by, now);
  } catch (const std::exception& error) {
    result = {ApprovalOutcome::kError, std::nullopt, error.what()};
  } catch (...) {
    result = {ApprovalOutcome::kError, std::nullopt, "internal error"};
  }
  if (result.outcome == ApprovalOutcome::kOk && result.approval) {
    impl_->log.PushApproval(now, *result.approval);
    api::Notify(impl_->options, *result.approval);
  }
  return result;
}

}  // namespace intent
