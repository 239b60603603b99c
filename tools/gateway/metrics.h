// The gateway's metrics in the Prometheus text exposition format
// (docs/gateway.md, "Metrics"): counters and histograms kept with atomics,
// so that recording never takes a lock on the decision path.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "intent/intent.hpp"

namespace intent::gateway {

// A histogram of durations in seconds, with fixed buckets.
class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds = {
      0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.1, 1.0};
  void Observe(double seconds);
  // The metric's lines (# HELP, # TYPE, buckets, sum and count).
  std::string Text(const std::string& name, const std::string& help) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};  // the last: +Inf
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_nanos_{0};
};

class Metrics {
 public:
  enum class Endpoint { kDecide, kAuthZen };
  void Decision(Endpoint endpoint, Effect effect, double seconds);
  void Response(int status, double seconds);
  void Reload(bool ok);
  // An approval entered `state` (EngineOptions::on_approval).
  void Approval(ApprovalState state);

  // Everything, with the engine's own gauges (bundle generation, native
  // code, decision log lines written and dropped).
  std::string Text(const Engine& engine) const;

 private:
  // By endpoint, then effect (allow, ask, deny).
  std::array<std::array<std::atomic<uint64_t>, 3>, 2> decisions_{};
  Histogram decision_seconds_;
  // By status code: 100..599.
  std::array<std::atomic<uint64_t>, 500> responses_{};
  Histogram request_seconds_;
  std::atomic<uint64_t> reloads_ok_{0};
  std::atomic<uint64_t> reloads_failed_{0};
  std::array<std::atomic<uint64_t>, 5> approvals_{};  // by ApprovalState
};

}  // namespace intent::gateway
