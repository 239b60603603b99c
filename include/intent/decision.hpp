// The answer for one call, as the library gives it to an embedder and as
// both engines build it: one type from the engines to the C++ API, so a
// decision is never converted field by field on its way out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intent/export.h"

namespace intent {

enum class Effect { kAllow, kAsk, kDeny };

// "allow", "ask" or "deny".
INTENT_API const char* EffectName(Effect effect);

// Why one applicable rule came out as it did (DecideOptions::explain).
struct RuleTrace {
  std::string rule;     // the rule id
  std::string effect;   // "allow", "ask" or "forbid"
  std::string outcome;  // "matched", "not matched", "limit reached", ...
  std::string detail;   // which condition decided it, the error, the limit state
};

// Every applicable rule's outcome in evaluation order, and, when a default
// (or no policy) decided, why.
struct Explanation {
  std::vector<RuleTrace> rules;
  std::string fallback;
};

// What Engine::ReportApproval records for an ask that a person approved:
// the call as an allow would have recorded it (docs/semantics.md,
// "Counting and limits"). Plain data, so a gateway can keep it while the
// person decides.
struct AskRecord {
  std::string principal;
  std::string operation;  // the operation id, e.g. "gmail.messages.send"
  // The request time the decision used (context.time, else the engine's
  // clock), in microseconds since the Unix epoch: the call is recorded then.
  int64_t time = 0;
  // The longest count() window of the bundle that decided, which is how
  // long the call is kept; 0 when no count() could see it.
  int64_t count_retain = 0;
  // One limit counter of a rule the decision lists: an opaque key made by
  // the engine and the limit's window in microseconds.
  struct Limit {
    std::string key;
    int64_t window = 0;
  };
  std::vector<Limit> limits;  // one per listed rule with a limit
};

// The approval a decision is about (docs/approvals.md): the one an ask
// created (pending), or the one a retried call presented (used when it
// allowed the call; its state when it could not).
struct ApprovalTicket {
  std::string id;
  std::string digest;   // the call's SHA-256, 64 hex digits
  int64_t created = 0;  // microseconds since the Unix epoch, the engine's clock
  int64_t expires = 0;
  std::string state;  // "pending", "approved", "denied", "expired" or "used"
};

// The answer for one call (docs/semantics.md).
struct Decision {
  Effect effect = Effect::kDeny;
  // The matching rules whose effect is the decision (their @id, or
  // FILE:LINE); empty when a default decided or the request was invalid.
  std::vector<std::string> rules;
  std::vector<std::string> reasons;  // the `because` texts of those rules
  // Evaluation errors (fail-closed: "RULE: 'when' at line N: message") and
  // request errors ("input.message.to[2]: expected email").
  std::vector<std::string> errors;
  // Set when the decision was asked to explain itself.
  std::optional<Explanation> explanation;
  // Set exactly when the effect is ask (an invalid request is a deny), for
  // Engine::ReportApproval. Allow and deny decisions carry none, so they
  // cost no extra allocation.
  std::optional<AskRecord> ask;
  // Set for an ask that created an approval, and for a call that presented
  // one in `context.approval` (docs/approvals.md).
  std::optional<ApprovalTicket> approval;
};

// The decision as one line of JSON: {"decision":..,"rules":..,"reasons":..,
// "errors":..}, with an "approval" member ({"id","digest","expires",
// "state"}) when it carries one and an "explain" member when it carries an
// explanation.
INTENT_API std::string DecisionJson(const Decision& decision);

}  // namespace intent
