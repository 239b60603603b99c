// Approvals: what makes `ask` real (docs/approvals.md). An ask decision
// creates a pending approval for that exact call (its digest); a person
// approves or denies it; the same call, sent again with `context.approval`
// set to the approval's id, is allowed once.
//
// The store is an interface, like the counter store: the engine's default
// keeps approvals in process; a store shared by several gateway replicas
// (Redis) implements the same calls. Times are microseconds since the Unix
// epoch, on the engine's clock. Every method may be called by many threads
// at once, and Resolve and Use must be atomic: of two racing calls on one
// approval, exactly one makes the transition. A method that throws makes
// the caller's answer a failure with the error (fail closed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "intent/export.h"

namespace intent {

// pending → approved | denied | expired; approved → used | expired. A
// pending or approved approval reads as expired from its expiry on.
enum class ApprovalState { kPending, kApproved, kDenied, kExpired, kUsed };

// "pending", "approved", "denied", "expired" or "used".
INTENT_API const char* ApprovalStateName(ApprovalState state);

// One approval, as a store keeps it and a person is shown it.
struct Approval {
  std::string id;      // 32 hex digits from a CSPRNG
  std::string digest;  // the call's SHA-256 (docs/approvals.md), 64 hex digits
  std::string principal;
  std::string operation;  // "gmail.messages.send"
  // The call as canonical JSON, as the digest covers it: what a person
  // approving is shown. Arguments come from agents: treat them as hostile.
  std::string input;
  std::string context;               // the declared context fields, without `time`
  std::string bundle;                // the SHA-256 of the bundle that asked
  std::vector<std::string> rules;    // the ask rules that asked
  std::vector<std::string> reasons;  // their `because` texts
  int64_t created = 0;
  int64_t expires = 0;
  ApprovalState state = ApprovalState::kPending;
  std::string decided_by;  // who approved or denied it
  int64_t decided = 0;     // when; 0 while pending
  int64_t used = 0;        // when the approved call was allowed; 0 until then
};

// Why a transition did not happen.
enum class ApprovalOutcome {
  kOk,
  kUnknown,     // no approval has this id (or it was forgotten long after expiry)
  kNotPending,  // approve/deny: it was already decided, used or expired
  kPending,     // use: nobody has approved it yet
  kDenied,      // use: a person denied it
  kExpired,     // use: it expired
  kUsed,        // use: the approved call was already made once
  kOtherCall,   // use: its digest is another call's
  kError,       // the store failed; `error` says how
};

struct ApprovalResult {
  ApprovalOutcome outcome = ApprovalOutcome::kError;
  std::optional<Approval> approval;  // as it is now, when the id is known
  std::string error;                 // kError: the store's failure
};

// How long an approval stays readable (as decided, used or expired) after
// it expires, before a store may forget it.
inline constexpr int64_t kApprovalRetention = int64_t{24} * 3600 * 1'000'000;

class INTENT_API ApprovalStore {
 public:
  virtual ~ApprovalStore() = default;
  // Keeps a new approval (state pending; its id is new).
  virtual void Create(const Approval& approval) = 0;
  // The approval as of `now`; nullopt when the id is unknown.
  virtual std::optional<Approval> Get(const std::string& id, int64_t now) = 0;
  // Approvals as of `now`, newest first, at most `max`; only pending ones
  // when `pending_only`.
  virtual std::vector<Approval> List(int64_t now, size_t max, bool pending_only) = 0;
  // pending → approved (when `approve`) or denied, by `by` at `now`.
  virtual ApprovalResult Resolve(const std::string& id, bool approve, const std::string& by,
                                 int64_t now) = 0;
  // approved, unexpired, unused and for the call `digest` → used at `now`.
  virtual ApprovalResult Use(const std::string& id, const std::string& digest, int64_t now) = 0;
};

// The approval as one JSON object: {"id","digest","state","principal",
// "operation","input","context","rules","reasons","created","expires",
// "decided_by","decided","used","bundle"}, times as RFC 3339 UTC (null
// when not yet), input and context as JSON values.
INTENT_API std::string ApprovalJson(const Approval& approval);

// The default store: in process, thread-safe, memory bounded (approvals
// are forgotten kApprovalRetention after they expire, and the oldest first
// beyond 100,000).
INTENT_API std::shared_ptr<ApprovalStore> MakeInProcessApprovalStore();

}  // namespace intent
