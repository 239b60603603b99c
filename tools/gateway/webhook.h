// The approval webhook (--webhook URL --webhook-secret-file F;
// docs/approvals.md, "The webhook"): a POST per new approval, signed with
// HMAC-SHA256 over the exact body like GitHub's webhooks, delivered by a
// thread of its own with retries and backoff, so that a receiver that is
// down or slow never delays a decision.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "intent/intent.hpp"

namespace intent::gateway {

// The signature header's name and value for `body`: "sha256=" and the
// HMAC-SHA256 of the body under `secret`, in lower-case hex.
inline constexpr const char* kSignatureHeader = "X-Intent-Signature-256";
std::string WebhookSignature(const std::string& secret, const std::string& body);

struct WebhookOptions {
  std::string url;
  std::string secret;
  int max_attempts = 6;                          // the first and five retries
  std::chrono::milliseconds first_backoff{500};  // doubled per retry, at most 30 s
  std::chrono::milliseconds timeout{5000};       // per attempt
  size_t capacity = 1000;                        // deliveries waiting; more are dropped
};

struct WebhookStats {
  uint64_t delivered = 0;
  uint64_t failed = 0;   // gave up after the last attempt, or refused (4xx)
  uint64_t dropped = 0;  // the queue was full
};

class Webhook {
 public:
  explicit Webhook(WebhookOptions options);
  // Stops: deliveries still waiting get one second to finish.
  ~Webhook();
  Webhook(const Webhook&) = delete;
  Webhook& operator=(const Webhook&) = delete;

  // Queues the POST for a new (pending) approval; never waits.
  void Notify(const Approval& approval);
  WebhookStats stats() const;

 private:
  struct Delivery {
    std::string id;
    std::string body;
    int attempts = 0;
    std::chrono::steady_clock::time_point due;
  };
  void Run();
  // One attempt: true when done with it (delivered, or refused for good).
  bool Attempt(Delivery& delivery);

  const WebhookOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Delivery> queue_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point stop_deadline_;
  WebhookStats stats_;
  std::thread worker_;
};

}  // namespace intent::gateway
