// The floor for benchmark (d): examples/gmail decided by hand-written C++
// on pre-bound (slot) requests, with the bundle's exact semantics for
// valid requests: which rules match, the most restrictive effect, the
// trash limit. No generated code can beat it by much; the JIT is measured
// against it.
#pragma once

#include <array>
#include <cstdint>

#include "compiler/schema/schema.h"
#include "runtime/core/counter_store.h"
#include "runtime/core/decision.h"
#include "runtime/core/slots.h"

namespace intent::bench {

struct FloorDecision {
  runtime::Effect effect = runtime::Effect::kDeny;
  std::array<const char*, 8> rules{};  // ids of the deciding rules
  int rule_count = 0;
};

class GmailFloor {
 public:
  // `schema` is the gmail schema the requests are bound to.
  GmailFloor(const schema::Schema& schema, runtime::CounterStore& counters);
  void Decide(const runtime::SlotRequest& request, int64_t now, FloorDecision& out) const;

 private:
  const schema::Operation* Find(const schema::Schema& schema, const char* id) const;

  runtime::CounterStore& counters_;
  const schema::Operation* get_;
  const schema::Operation* list_;
  const schema::Operation* search_;
  const schema::Operation* send_;
  const schema::Operation* trash_;
  const schema::Operation* delete_;
  const schema::Operation* create_draft_;
  const schema::Operation* send_draft_;
};

}  // namespace intent::bench
