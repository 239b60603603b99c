// Internal to the public API (include/intent/intent.hpp): what an Engine
// holds. A Snapshot is one loaded bundle with its engine; the Engine points
// to the current one atomically, so a reload swaps it while decisions in
// flight finish on the snapshot they started with.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "compiler/driver/compilation.h"
#include "intent/intent.hpp"
#include "runtime/api/decision_log.h"
#include "runtime/core/decision.h"
#include "runtime/core/slots.h"
#include "runtime/engine/tiered_engine.h"

namespace intent::api {

struct Snapshot {
  uint64_t generation = 0;
  std::unique_ptr<driver::Compilation> compilation;
  std::vector<const check::CheckedModule*> modules;
  std::unique_ptr<runtime::TieredEngine> engine;
};

struct EngineState {
  EngineOptions options;
  std::shared_ptr<CounterStore> counters;
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
  // A new snapshot of `paths`, or null with the diagnostics.
  std::shared_ptr<const Snapshot> Compile(const std::vector<std::string>& paths,
                                          std::vector<LoadDiagnostic>& diagnostics);
  // Decides bound slots on `snapshot`; never throws.
  Decision Decide(const Snapshot& snapshot, const runtime::SlotRequest& request, int64_t now) const;
  void Log(const runtime::SlotRequest* request, const Decision& decision, int64_t now,
           int64_t started_ns) const;
};

// A request error as a decision: deny, the error, no rules.
Decision Denied(std::string error);
Decision FromRuntime(const runtime::Decision& decision);
int64_t SteadyNanos();

}  // namespace intent::api

namespace intent {
struct Engine::Impl : api::EngineState {};
}  // namespace intent
