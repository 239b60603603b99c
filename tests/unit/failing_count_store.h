// A counter store whose count() queries all fail, as a shared store might
// when its server is gone (for the engines' exception tests).
#pragma once

#include <stdexcept>
#include <string>

#include "runtime/core/counter_store.h"

namespace intent::test_support {

class FailingCountStore : public runtime::CounterStore {
 public:
  int64_t Count(const std::string&, int64_t, int64_t) override {
    throw std::runtime_error("counter store unavailable");
  }
  void Record(const std::string& key, int64_t now, int64_t retain) override {
    inner.Record(key, now, retain);
  }
  bool Reserve(const std::string& key, int64_t limit, int64_t window, int64_t now) override {
    return inner.Reserve(key, limit, window, now);
  }
  void Commit(const std::string& key, int64_t now) override { inner.Commit(key, now); }
  void Release(const std::string& key) override { inner.Release(key); }
  runtime::InProcessCounterStore inner;
};

}  // namespace intent::test_support
