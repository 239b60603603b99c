// The counters behind `count()` and `limit` (docs/semantics.md, "Counting and limits"), as an
// interface: the engine's default is an in-process store; a store shared
// by several gateway replicas (Redis, say) implements the same five calls.
//
// Keys are opaque strings made by the engine; times are microseconds since
// the Unix epoch, windows are microseconds. Every method may be called by
// many threads at once. A method that throws makes the decision a deny
// with an error (fail closed); reserved slots are given back first.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "intent/export.h"

namespace intent {

// Thrown by a store that cannot count a request's time exactly: it is
// older than the history the store keeps. The decision is a deny with this
// message as its error (not an "internal error"): counting must never
// under-count, and a limit never allow more than its bound in any window.
class INTENT_API CounterTimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class INTENT_API CounterStore {
 public:
  virtual ~CounterStore() = default;
  // Calls recorded under `key` at times t with `now - window < t <= now`;
  // throws CounterTimeError when that window reaches before the history kept.
  virtual int64_t Count(const std::string& key, int64_t window, int64_t now) = 0;
  // Records one call under `key` at `now`, to be kept for at least `retain`
  // (the longest window that may count it).
  virtual void Record(const std::string& key, int64_t now, int64_t retain) = 0;
  // Reserves one of `limit` slots under `key` for a call at `now` (reserved
  // slots count as taken). False when that call would put more than `limit`
  // calls into any window of length `window` that holds it: the one ending
  // at `now` and, when calls later than `now` are recorded (request times
  // out of order), those ending after it. Throws CounterTimeError when the
  // window ending at `now` reaches before the history kept. A limit is
  // exact under concurrency only if Reserve is atomic with other Reserves.
  virtual bool Reserve(const std::string& key, int64_t limit, int64_t window, int64_t now) = 0;
  // Turns a reservation into a recorded call, or gives it back.
  virtual void Commit(const std::string& key, int64_t now) = 0;
  virtual void Release(const std::string& key) = 0;
};

// The default store: in process, thread-safe, memory bounded (expired
// entries are dropped).
INTENT_API std::shared_ptr<CounterStore> MakeInProcessCounterStore();

}  // namespace intent
