// The decision log's queue and writer thread.
#include "runtime/api/decision_log.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "stdlib/timestamp.h"

namespace intent::api {
namespace {

// How long a logged line may wait before the writer takes it.
constexpr std::chrono::milliseconds kRound{2};

}  // namespace

std::string LogLine(const LogRecord& record) {
  if (!record.event.empty()) return record.event;
  nlohmann::ordered_json json;
  json["time"] = stdlib::FormatTimestamp(record.time);
  json["principal"] = record.principal;
  json["operation"] = record.operation;
  json["decision"] = EffectName(record.decision.effect);
  json["rules"] = record.decision.rules;
  json["reasons"] = record.decision.reasons;
  json["errors"] = record.decision.errors;
  if (record.decision.approval) {
    const ApprovalTicket& approval = *record.decision.approval;
    json["approval"] = {
        {"id", approval.id}, {"digest", approval.digest}, {"state", approval.state}};
  }
  json["latency_us"] = static_cast<double>(record.latency_ns) / 1000.0;
  // Last, and only when given, so that lines without one keep their shape.
  if (!record.request_id.empty()) json["request_id"] = record.request_id;
  // Request text quoted in errors may hold invalid UTF-8: replace, not throw.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool DecisionLog::Start(const DecisionLogOptions& options, std::string* error) {
  std::lock_guard start(start_mutex_);
  int sinks = (options.path.empty() ? 0 : 1) + (options.stream != nullptr ? 1 : 0) +
              (options.callback ? 1 : 0);
  if (sinks != 1 || options.capacity == 0) {
    if (error != nullptr) {
      *error = sinks != 1 ? "the decision log needs exactly one of a path, a stream or a callback"
                          : "the decision log's capacity must be at least 1";
    }
    return false;
  }
  std::unique_ptr<std::ofstream> file;
  if (!options.path.empty()) {
    file = std::make_unique<std::ofstream>(options.path, std::ios::app | std::ios::binary);
    if (!*file) {
      if (error != nullptr) *error = "cannot open the decision log '" + options.path + "'";
      return false;
    }
  }
  if (writer_.joinable()) {
    enabled_.store(false, std::memory_order_relaxed);
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
  }
  std::lock_guard lock(mutex_);
  file_ = std::move(file);
  stream_ = options.stream;
  callback_ = options.callback;
  capacity_ = options.capacity;
  stopping_ = false;
  writer_ = std::thread([this] { Run(); });
  enabled_.store(true, std::memory_order_relaxed);
  return true;
}

void DecisionLog::Stop() {
  std::lock_guard start(start_mutex_);
  enabled_.store(false, std::memory_order_relaxed);
  if (!writer_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
  file_.reset();
  stream_ = nullptr;
  callback_ = nullptr;
}

template <typename Fill>
void DecisionLog::Enqueue(Fill&& fill) {
  bool wake;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || pending_count_ >= capacity_) {
      ++dropped_;
      return;
    }
    if (pending_count_ == pending_.size()) pending_.emplace_back();
    fill(pending_[pending_count_++]);
    // Waking the writer is a system call: done only when the buffer fills
    // up; otherwise the writer finds the lines on its next round.
    wake = pending_count_ == capacity_ / 2 + 1;
  }
  if (wake) wake_.notify_one();
}

void DecisionLog::Push(int64_t time, std::string_view principal, std::string_view operation,
                       const Decision& decision, int64_t latency_ns, std::string_view request_id) {
  Enqueue([&](LogRecord& record) {
    // Assignments reuse the record's memory from earlier rounds.
    record.time = time;
    record.principal.assign(principal);
    record.operation.assign(operation);
    record.decision.effect = decision.effect;
    record.decision.rules = decision.rules;
    record.decision.reasons = decision.reasons;
    record.decision.errors = decision.errors;
    record.decision.approval = decision.approval;
    record.latency_ns = latency_ns;
    record.request_id.assign(request_id);
    record.event.clear();
  });
}

void DecisionLog::PushApproval(int64_t time, const Approval& approval) {
  if (!enabled()) return;
  nlohmann::ordered_json json;
  json["time"] = stdlib::FormatTimestamp(time);
  json["event"] = "approval";
  json["approval"] = {{"id", approval.id},
                      {"state", ApprovalStateName(approval.state)},
                      {"by", approval.decided_by},
                      {"principal", approval.principal},
                      {"operation", approval.operation},
                      {"digest", approval.digest}};
  std::string line = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Enqueue([&](LogRecord& record) { record.event = std::move(line); });
}

DecisionLogStats DecisionLog::stats() const {
  std::lock_guard lock(mutex_);
  return {written_, dropped_};
}

void DecisionLog::Run() {
  std::vector<LogRecord> batch;
  for (;;) {
    size_t count;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kRound, [this] { return stopping_ || pending_count_ > capacity_ / 2; });
      if (pending_count_ == 0 && stopping_) break;
      batch.swap(pending_);
      count = pending_count_;
      pending_count_ = 0;
    }
    if (count == 0) continue;
    for (size_t i = 0; i < count; ++i) Write(LogLine(batch[i]));
    if (file_) file_->flush();
    if (stream_ != nullptr) stream_->flush();
    std::lock_guard lock(mutex_);
    written_ += count;
  }
}

void DecisionLog::Write(const std::string& line) {
  if (callback_) {
    // A callback that throws loses its line, not the log.
    try {
      callback_(line);
    } catch (...) {
    }
    return;
  }
  std::ostream& out = file_ ? *file_ : *stream_;
  out << line << '\n';
}

}  // namespace intent::api
