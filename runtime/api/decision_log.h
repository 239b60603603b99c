// The decision log (docs/embedding.md): one JSON line per decision, to a
// file, a stream or a callback. Deciding threads only copy the record into
// a bounded buffer under a short lock; a background thread swaps the buffer
// out, then formats and writes. The buffers' records keep their strings'
// memory from round to round, so logging allocates nothing once warm. When
// the buffer is full the record is dropped and counted: a slow sink can
// never slow decisions down by more than that copy.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "intent/intent.hpp"

namespace intent::api {

struct LogRecord {
  int64_t time = 0;  // the decision's time, micros since the epoch
  std::string principal;
  std::string operation;
  Decision decision;
  int64_t latency_ns = 0;
  std::string request_id;  // empty: none given (DecideOptions::request_id)
  // Not a decision but an event, already a line (an approval decided by a
  // person): written as it is.
  std::string event;
};

// One log line, without the newline.
std::string LogLine(const LogRecord& record);

class DecisionLog {
 public:
  DecisionLog() = default;
  ~DecisionLog() { Stop(); }
  DecisionLog(const DecisionLog&) = delete;
  DecisionLog& operator=(const DecisionLog&) = delete;

  // Starts writing to the sink `options` names, after stopping any sink
  // before it. False with `error` when the options are unusable.
  bool Start(const DecisionLogOptions& options, std::string* error);
  // Writes what is queued, then stops.
  void Stop();
  // Cheap when off: one relaxed load.
  bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
  // Never waits for the sink. `principal` and `operation` may be empty
  // (a request that did not bind).
  void Push(int64_t time, std::string_view principal, std::string_view operation,
            const Decision& decision, int64_t latency_ns, std::string_view request_id = {});
  // An approval that a person approved or denied, as an event line:
  // {"time","event":"approval","approval":{...}}.
  void PushApproval(int64_t time, const Approval& approval);
  DecisionLogStats stats() const;

 private:
  void Run();
  // Queues a record, filled by `fill` under the lock; false when dropped.
  template <typename Fill>
  void Enqueue(Fill&& fill);
  void Write(const std::string& line);

  std::atomic<bool> enabled_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<LogRecord> pending_;  // [0, pending_count_) are waiting
  size_t pending_count_ = 0;
  size_t capacity_ = 0;
  bool stopping_ = false;
  uint64_t written_ = 0;
  uint64_t dropped_ = 0;
  // The sink, used by the writer thread only.
  std::unique_ptr<std::ofstream> file_;
  std::ostream* stream_ = nullptr;
  std::function<void(std::string_view)> callback_;
  std::thread writer_;
  std::mutex start_mutex_;  // one Start/Stop at a time
};

}  // namespace intent::api
