// The decision log (docs/embedding.md): one JSON line per decision, to a
// file, a stream or a callback. Deciding threads only copy the record into
// a bounded queue under a short lock; a background thread formats and
// writes. When the queue is full the record is dropped and counted, so a
// slow sink can never slow decisions down by more than that copy.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
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
  // Never waits for the sink.
  void Push(LogRecord record);
  DecisionLogStats stats() const;

 private:
  void Run();
  void Write(const std::string& line);

  std::atomic<bool> enabled_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<LogRecord> queue_;
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
