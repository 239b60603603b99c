#include "tools/gateway/webhook.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tools/gateway/http_client.h"

namespace intent::gateway {
namespace {

std::string Hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

std::string DeliveryId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return "unknown";
  return Hex(bytes, sizeof bytes);
}

}  // namespace

std::string WebhookSignature(const std::string& secret, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac,
           &size) == nullptr) {
    return "";
  }
  return "sha256=" + Hex(mac, size);
}

Webhook::Webhook(WebhookOptions options) : options_(std::move(options)) {
  worker_ = std::thread([this] { Run(); });
}

Webhook::~Webhook() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    stop_deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  }
  wake_.notify_all();
  worker_.join();
}

void Webhook::Notify(const Approval& approval) {
  if (approval.state != ApprovalState::kPending) return;  // a POST per new approval
  Delivery delivery;
  delivery.id = DeliveryId();
  // The approval as the API shows it, and what to do with it.
  delivery.body = R"({"event":"approval.pending","approval":)" + ApprovalJson(approval) +
                  R"(,"links":{"approval":"/v1/approvals/)" + approval.id + R"("}})";
  delivery.due = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.capacity) {
      ++stats_.dropped;
      return;
    }
    queue_.push_back(std::move(delivery));
  }
  wake_.notify_one();
}

WebhookStats Webhook::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

bool Webhook::Attempt(Delivery& delivery) {
  HttpCall call;
  call.method = "POST";
  call.url = options_.url;
  call.body = delivery.body;
  call.timeout = options_.timeout;
  call.headers = {{"Content-Type", "application/json"},
                  {"X-Intent-Event", "approval.pending"},
                  {"X-Intent-Delivery", delivery.id},
                  {kSignatureHeader, WebhookSignature(options_.secret, delivery.body)}};
  HttpResult result = Fetch(call);
  ++delivery.attempts;
  std::lock_guard lock(mutex_);
  if (result.status >= 200 && result.status < 300) {
    ++stats_.delivered;
    return true;
  }
  // A 4xx other than 429 will not change by retrying: the receiver refuses it.
  bool refused = result.status >= 400 && result.status < 500 && result.status != 429;
  if (refused || delivery.attempts >= options_.max_attempts) {
    ++stats_.failed;
    return true;
  }
  auto backoff = options_.first_backoff * (int64_t{1} << std::min(delivery.attempts - 1, 16));
  delivery.due = std::chrono::steady_clock::now() +
                 std::min<std::chrono::milliseconds>(backoff, std::chrono::seconds(30));
  return false;
}

void Webhook::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stopping_ && (queue_.empty() || std::chrono::steady_clock::now() >= stop_deadline_)) {
      stats_.failed += queue_.size();
      queue_.clear();
      return;
    }
    if (queue_.empty()) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      continue;
    }
    auto next =
        std::min_element(queue_.begin(), queue_.end(),
                         [](const Delivery& a, const Delivery& b) { return a.due < b.due; });
    auto now = std::chrono::steady_clock::now();
    if (next->due > now) {
      auto until = stopping_ ? std::min(next->due, stop_deadline_) : next->due;
      wake_.wait_until(lock, until);
      continue;
    }
    Delivery delivery = std::move(*next);
    queue_.erase(next);
    lock.unlock();
    bool done = Attempt(delivery);
    lock.lock();
    if (!done) queue_.push_back(std::move(delivery));
  }
}

}  // namespace intent::gateway
