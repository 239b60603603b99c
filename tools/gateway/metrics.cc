// Prometheus text exposition (see metrics.h).
#include "tools/gateway/metrics.h"

#include <fmt/format.h>

namespace intent::gateway {

void Histogram::Observe(double seconds) {
  size_t bucket = kBounds.size();
  for (size_t i = 0; i < kBounds.size(); ++i) {
    if (seconds <= kBounds[i]) {
      bucket = i;
      break;
    }
  }
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_nanos_.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

std::string Histogram::Text(const std::string& name, const std::string& help) const {
  std::string out = fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, kBounds[i], cumulative);
  }
  cumulative += buckets_[kBounds.size()].load(std::memory_order_relaxed);
  out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n", name, cumulative);
  out += fmt::format("{}_sum {:.9f}\n", name,
                     static_cast<double>(sum_nanos_.load(std::memory_order_relaxed)) / 1e9);
  out += fmt::format("{}_count {}\n", name, count_.load(std::memory_order_relaxed));
  return out;
}

void Metrics::Decision(Endpoint endpoint, Effect effect, double seconds) {
  decisions_[static_cast<size_t>(endpoint)][static_cast<size_t>(effect)].fetch_add(
      1, std::memory_order_relaxed);
  decision_seconds_.Observe(seconds);
}

void Metrics::Response(int status, double seconds) {
  if (status >= 100 && status < 600) {
    responses_[static_cast<size_t>(status - 100)].fetch_add(1, std::memory_order_relaxed);
  }
  request_seconds_.Observe(seconds);
}

void Metrics::Reload(bool ok) { (ok ? reloads_ok_ : reloads_failed_).fetch_add(1); }

std::string Metrics::Text(const Engine& engine) const {
  std::string out =
      "# HELP intent_decisions_total Decisions made, by endpoint and effect.\n"
      "# TYPE intent_decisions_total counter\n";
  const char* endpoints[] = {"decide", "authzen"};
  for (size_t e = 0; e < 2; ++e) {
    for (Effect effect : {Effect::kAllow, Effect::kAsk, Effect::kDeny}) {
      out +=
          fmt::format("intent_decisions_total{{endpoint=\"{}\",effect=\"{}\"}} {}\n", endpoints[e],
                      EffectName(effect), decisions_[e][static_cast<size_t>(effect)].load());
    }
  }
  out += decision_seconds_.Text("intent_decision_duration_seconds",
                                "Time to decide one request, binding included.");
  out +=
      "# HELP intent_http_responses_total HTTP responses, by status code.\n"
      "# TYPE intent_http_responses_total counter\n";
  for (size_t i = 0; i < responses_.size(); ++i) {
    uint64_t n = responses_[i].load(std::memory_order_relaxed);
    if (n > 0) out += fmt::format("intent_http_responses_total{{code=\"{}\"}} {}\n", i + 100, n);
  }
  out += request_seconds_.Text("intent_http_request_duration_seconds",
                               "Time from a complete request to its response being ready.");
  out += fmt::format(
      "# HELP intent_reloads_total Bundle reloads, by result.\n"
      "# TYPE intent_reloads_total counter\n"
      "intent_reloads_total{{result=\"ok\"}} {}\n"
      "intent_reloads_total{{result=\"failed\"}} {}\n",
      reloads_ok_.load(), reloads_failed_.load());
  DecisionLogStats log = engine.decision_log_stats();
  out += fmt::format(
      "# HELP intent_bundle_generation Bundles in service since start: 1, +1 per reload.\n"
      "# TYPE intent_bundle_generation gauge\n"
      "intent_bundle_generation {}\n"
      "# HELP intent_bundle_native Whether the bundle runs as native code.\n"
      "# TYPE intent_bundle_native gauge\n"
      "intent_bundle_native {}\n"
      "# HELP intent_decision_log_lines_total Decision log lines, by outcome.\n"
      "# TYPE intent_decision_log_lines_total counter\n"
      "intent_decision_log_lines_total{{outcome=\"written\"}} {}\n"
      "intent_decision_log_lines_total{{outcome=\"dropped\"}} {}\n",
      engine.generation(), engine.native() ? 1 : 0, log.written, log.dropped);
  out +=
      "# HELP intent_approval_transitions_total Approvals that entered each state through this "
      "gateway.\n"
      "# TYPE intent_approval_transitions_total counter\n";
  for (ApprovalState state : {ApprovalState::kPending, ApprovalState::kApproved,
                              ApprovalState::kDenied, ApprovalState::kUsed}) {
    out += fmt::format("intent_approval_transitions_total{{state=\"{}\"}} {}\n",
                       ApprovalStateName(state), approvals_[static_cast<size_t>(state)].load());
  }
  // Read from the store: with Redis, every replica's pending approvals.
  out += fmt::format(
      "# HELP intent_approvals_pending Approvals waiting for a person (at most 10000 counted).\n"
      "# TYPE intent_approvals_pending gauge\n"
      "intent_approvals_pending {}\n",
      engine.ListApprovals(/*pending_only=*/true, 10000).size());
  return out;
}

void Metrics::Approval(ApprovalState state) {
  approvals_[static_cast<size_t>(state)].fetch_add(1, std::memory_order_relaxed);
}

}  // namespace intent::gateway
