// Approvals (include/intent/approval_store.hpp): the rules of their states,
// which every store applies alike, and the default in-process store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "intent/approval_store.hpp"

namespace intent::runtime {

// The state `approval` reads as at `now`: a pending or approved approval
// is expired from its expiry on.
ApprovalState StateAt(const Approval& approval, int64_t now);

// Whether the call with `digest` may use `approval` at `now` (kOk), or why
// not. A store applies it under its own atomicity.
ApprovalOutcome CheckUse(const Approval& approval, const std::string& digest, int64_t now);

// Whether `approval` may be approved or denied at `now`.
ApprovalOutcome CheckResolve(const Approval& approval, int64_t now);

// What the outcome means, as a deny's error says it ("was already used").
const char* OutcomeText(ApprovalOutcome outcome);

class InProcessApprovalStore : public ApprovalStore {
 public:
  explicit InProcessApprovalStore(size_t capacity = 100'000) : capacity_(capacity) {}
  void Create(const Approval& approval) override;
  std::optional<Approval> Get(const std::string& id, int64_t now) override;
  std::vector<Approval> List(int64_t now, size_t max, bool pending_only) override;
  ApprovalResult Resolve(const std::string& id, bool approve, const std::string& by,
                         int64_t now) override;
  ApprovalResult Use(const std::string& id, const std::string& digest, int64_t now) override;

  size_t SizeForTesting();

 private:
  // Forgets approvals past their retention, and the oldest beyond capacity.
  void Evict(int64_t now);
  Approval Current(const Approval& approval, int64_t now) const;

  const size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Approval> approvals_;
  std::set<std::pair<int64_t, std::string>> by_created_;  // (created, id)
};

}  // namespace intent::runtime
