// Internal to the public API (include/intent/intent.hpp): what an Engine
// holds. A Snapshot is one loaded bundle with its engine; the Engine points
// to the current one atomically, so a reload swaps it while decisions in
// flight finish on the snapshot they started with.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/compilation.h"
#include "intent/intent.hpp"
#include "runtime/api/decision_log.h"
#include "runtime/bind/canonical_json.h"
#include "runtime/core/data.h"
#include "runtime/core/decision.h"
#include "runtime/core/slots.h"
#include "runtime/engine/tiered_engine.h"

namespace intent::api {

// One bundle in service: the compilation owns the checked modules the
// engine decides with.
// A data reload makes a new Snapshot that shares the compilation and the
// engine of the one it replaces (docs/data.md: no recompilation).
struct Snapshot {
  uint64_t generation = 0;
  std::shared_ptr<driver::Compilation> compilation;
  std::shared_ptr<runtime::TieredEngine> engine;
  std::shared_ptr<const runtime::DataSet> data;  // never null once loaded
  bool counts = false;                           // some rule has a limit or calls count()
  // SHA-256 over the bundle's policy and schema files (names and texts),
  // for approval digests: an approval is for the bundle that asked.
  std::string bundle_hash;
};

// The canonical input and context of the request being decided, computed
// only when an approval needs them (an ask, or a call presenting one): a
// function reference, so that deciding allocates nothing for it.
struct CallSource {
  const void* self = nullptr;
  std::optional<runtime::CanonicalCall> (*canonical)(const void* self,
                                                     const runtime::SlotRequest& slots) = nullptr;
  std::optional<runtime::CanonicalCall> operator()(const runtime::SlotRequest& slots) const {
    return canonical(self, slots);
  }
};

// Points bound `slots` at the snapshot's data documents for their schema.
void AttachData(const Snapshot& snapshot, runtime::SlotRequest& slots);

struct EngineState {
  EngineOptions options;
  std::shared_ptr<CounterStore> counters;
  std::shared_ptr<ApprovalStore> approvals;
  // The bundle in service. A mutex, not std::atomic<std::shared_ptr>:
  // both bounce one cache line per decision, and libstdc++ 12's atomic
  // load unlocks with relaxed order, which ThreadSanitizer reports.
  std::shared_ptr<const Snapshot> Current() const {
    std::lock_guard lock(current_mutex_);
    return current_;
  }
  std::shared_ptr<const Snapshot> Replace(std::shared_ptr<const Snapshot> next) {
    std::lock_guard lock(current_mutex_);
    std::swap(current_, next);
    return next;
  }

  std::mutex reload_mutex;  // one reload at a time; guards the members below
  uint64_t generations = 0;
  // Replaced snapshots, freed by a later reload once no decision holds
  // them: a deciding thread must never be the one that frees a snapshot,
  // since that waits for its background compile.
  std::vector<std::shared_ptr<const Snapshot>> retired;

  mutable DecisionLog log;

 private:
  mutable std::mutex current_mutex_;
  std::shared_ptr<const Snapshot> current_;

 public:  // deciding (const) pushes to it
  int64_t Now() const;
  // Makes `next` the snapshot in service, with the next generation; the
  // replaced one is retired. Under reload_mutex.
  void Install(std::shared_ptr<Snapshot> next);
  // A new snapshot of `paths`, or null with the diagnostics.
  // `io_error`, if given, says whether a file could not be read at all.
  std::shared_ptr<const Snapshot> Compile(const std::vector<std::string>& paths,
                                          std::vector<LoadDiagnostic>& diagnostics,
                                          bool* io_error = nullptr);
  // The one way a request is decided, whatever form it came in: `bind`
  // fills the slots from the request on the current snapshot (returning an
  // error text for a request that does not bind); then the snapshot's
  // engine decides, and the decision is logged. Never throws.
  // `call` gives the request's canonical input and context for approvals.
  template <typename Bind, typename Call>
  Decision DecideRequest(Bind&& bind, const Call& call, const DecideOptions& options) const;
  // Records a call an approval allowed, as an allow records it. Throws
  // what the counter store throws.
  void RecordApproved(const AskRecord& ask) const;

 private:
  // Decides bound slots on `snapshot`; never throws.
  Decision Decide(const Snapshot& snapshot, const runtime::SlotRequest& request, int64_t now,
                  const CallSource& call, const DecideOptions& options) const;
  // After the engines decided: an ask creates an approval, and a call that
  // presents one uses it (docs/approvals.md). Never throws.
  void SettleApproval(const Snapshot& snapshot, const runtime::SlotRequest& request, int64_t now,
                      const runtime::DecisionRecord& record, const CallSource& call,
                      Decision& decision) const;
  void Log(const runtime::SlotRequest* request, const Decision& decision, int64_t now,
           int64_t started_ns, std::string_view request_id) const;
};

// A request error as a decision: deny, the error, no rules.
Decision Denied(std::string error);
// Tells EngineOptions::on_approval, if set, of a transition; never throws.
void Notify(const EngineOptions& options, const Approval& approval);
// The bundle's hash (Snapshot::bundle_hash) over its sources so far.
std::string BundleHash(const driver::Compilation& compilation);
int64_t SteadyNanos();

template <typename Bind, typename Call>
Decision EngineState::DecideRequest(Bind&& bind, const Call& call,
                                    const DecideOptions& options) const {
  bool logging = log.enabled();
  int64_t started = logging ? SteadyNanos() : 0;
  std::shared_ptr<const Snapshot> snapshot = Current();
  int64_t now = Now();
  // One per thread: once warm, binding allocates nothing.
  thread_local runtime::SlotRequest slots;
  std::optional<std::string> error;
  try {
    error = bind(*snapshot, slots);
  } catch (...) {
    error = "internal error while binding the request";
  }
  if (!error) AttachData(*snapshot, slots);
  CallSource source{&call, [](const void* self, const runtime::SlotRequest& bound) {
                      return (*static_cast<const Call*>(self))(bound);
                    }};
  Decision decision =
      error ? Denied(std::move(*error)) : Decide(*snapshot, slots, now, source, options);
  if (logging) Log(error ? nullptr : &slots, decision, now, started, options.request_id);
  return decision;
}

}  // namespace intent::api

namespace intent {
struct Engine::Impl : api::EngineState {};
}  // namespace intent
