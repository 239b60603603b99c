// The binder is thread-safe (runtime/bind/bind_json.h: each thread has its own
// parser): threads binding at once, both ways, all get the request.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/bind/bind_json.h"
#include "tests/concurrency/run_threads.h"
#include "tests/unit/bind_fixture.h"

namespace intent::runtime::bind_test {
namespace {

TEST_F(BindJsonTest, ConcurrentBinds) {
  std::string json = SendRequest();
  std::vector<int> bound(4, 0);
  test_support::RunThreads(4, [&](int t) {
    for (int i = 0; i < 200; ++i) {
      BindResult result = BindRequestJson(json, schemas_);
      if (result.request && result.request->principal == "mail-bot") ++bound[t];
    }
  });
  EXPECT_EQ(bound, std::vector<int>(4, 200));
}

TEST_F(BindJsonTest, ConcurrentBindsIntoSlots) {
  std::string json = SendRequest();
  std::vector<int> bound(4, 0);
  test_support::RunThreads(4, [&](int t) {
    SlotRequest slots;  // one per thread, reused as intentc reuses it
    for (int i = 0; i < 200; ++i) {
      if (!BindRequestSlots(json, schemas_, slots) && slots.principal == "mail-bot") {
        ++bound[t];
      }
    }
  });
  EXPECT_EQ(bound, std::vector<int>(4, 200));
}

}  // namespace
}  // namespace intent::runtime::bind_test
