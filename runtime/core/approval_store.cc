#include "runtime/core/approval_store.h"

#include <algorithm>

namespace intent::runtime {

ApprovalState StateAt(const Approval& approval, int64_t now) {
  bool open =
      approval.state == ApprovalState::kPending || approval.state == ApprovalState::kApproved;
  return open && now >= approval.expires ? ApprovalState::kExpired : approval.state;
}

ApprovalOutcome CheckUse(const Approval& approval, const std::string& digest, int64_t now) {
  switch (StateAt(approval, now)) {
    case ApprovalState::kPending: return ApprovalOutcome::kPending;
    case ApprovalState::kDenied: return ApprovalOutcome::kDenied;
    case ApprovalState::kExpired: return ApprovalOutcome::kExpired;
    case ApprovalState::kUsed: return ApprovalOutcome::kUsed;
    case ApprovalState::kApproved: break;
  }
  return approval.digest == digest ? ApprovalOutcome::kOk : ApprovalOutcome::kOtherCall;
}

ApprovalOutcome CheckResolve(const Approval& approval, int64_t now) {
  return StateAt(approval, now) == ApprovalState::kPending ? ApprovalOutcome::kOk
                                                           : ApprovalOutcome::kNotPending;
}

const char* OutcomeText(ApprovalOutcome outcome) {
  switch (outcome) {
    case ApprovalOutcome::kOk: return "ok";
    case ApprovalOutcome::kUnknown: return "is unknown (no approval has this id)";
    case ApprovalOutcome::kNotPending: return "was already decided";
    case ApprovalOutcome::kPending: return "is still pending: nobody has approved it yet";
    case ApprovalOutcome::kDenied: return "was denied";
    case ApprovalOutcome::kExpired: return "has expired";
    case ApprovalOutcome::kUsed: return "was already used: an approval allows its call once";
    case ApprovalOutcome::kOtherCall:
      return "is for another call: the principal, operation, input, context or bundle differ";
    case ApprovalOutcome::kError: return "could not be checked";
  }
  return "could not be checked";
}

Approval InProcessApprovalStore::Current(const Approval& approval, int64_t now) const {
  Approval copy = approval;
  copy.state = StateAt(approval, now);
  return copy;
}

void InProcessApprovalStore::Evict(int64_t now) {
  // Oldest first: an approval created earlier mostly expires earlier. One
  // with a longer window may outlive a later one; it is kept until it
  // reaches the front.
  while (!by_created_.empty()) {
    auto oldest = by_created_.begin();
    auto it = approvals_.find(oldest->second);
    bool forgotten = it == approvals_.end() || it->second.expires + kApprovalRetention <= now;
    if (!forgotten && approvals_.size() <= capacity_) break;
    if (it != approvals_.end()) approvals_.erase(it);
    by_created_.erase(oldest);
  }
}

void InProcessApprovalStore::Create(const Approval& approval) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = approvals_.emplace(approval.id, approval);
  if (!inserted) return;  // ids are random: a repeat is the same approval
  by_created_.emplace(approval.created, approval.id);
  Evict(approval.created);
}

std::optional<Approval> InProcessApprovalStore::Get(const std::string& id, int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = approvals_.find(id);
  if (it == approvals_.end() || it->second.expires + kApprovalRetention <= now) return std::nullopt;
  return Current(it->second, now);
}

std::vector<Approval> InProcessApprovalStore::List(int64_t now, size_t max, bool pending_only) {
  std::lock_guard lock(mutex_);
  std::vector<Approval> out;
  for (auto it = by_created_.rbegin(); it != by_created_.rend() && out.size() < max; ++it) {
    auto found = approvals_.find(it->second);
    if (found == approvals_.end() || found->second.expires + kApprovalRetention <= now) continue;
    if (pending_only && StateAt(found->second, now) != ApprovalState::kPending) continue;
    out.push_back(Current(found->second, now));
  }
  return out;
}

ApprovalResult InProcessApprovalStore::Resolve(const std::string& id, bool approve,
                                               const std::string& by, int64_t now) {
  std::lock_guard lock(mutex_);
  ApprovalResult result;
  auto it = approvals_.find(id);
  if (it == approvals_.end() || it->second.expires + kApprovalRetention <= now) {
    result.outcome = ApprovalOutcome::kUnknown;
    return result;
  }
  Approval& approval = it->second;
  result.outcome = CheckResolve(approval, now);
  if (result.outcome == ApprovalOutcome::kOk) {
    approval.state = approve ? ApprovalState::kApproved : ApprovalState::kDenied;
    approval.decided_by = by;
    approval.decided = now;
  }
  result.approval = Current(approval, now);
  return result;
}

ApprovalResult InProcessApprovalStore::Use(const std::string& id, const std::string& digest,
                                           int64_t now) {
  std::lock_guard lock(mutex_);
  ApprovalResult result;
  auto it = approvals_.find(id);
  if (it == approvals_.end() || it->second.expires + kApprovalRetention <= now) {
    result.outcome = ApprovalOutcome::kUnknown;
    return result;
  }
  Approval& approval = it->second;
  result.outcome = CheckUse(approval, digest, now);
  if (result.outcome == ApprovalOutcome::kOk) {
    approval.state = ApprovalState::kUsed;
    approval.used = now;
  }
  result.approval = Current(approval, now);
  return result;
}

size_t InProcessApprovalStore::SizeForTesting() {
  std::lock_guard lock(mutex_);
  return approvals_.size();
}

}  // namespace intent::runtime
