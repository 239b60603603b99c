// The public API as a gateway links it (libintent.so): decisions from JSON
// and from typed requests, with and without the decision log, and on two
// threads while the bundle is reloaded every few milliseconds.
//
//   cmake --build --preset release --target intent_api_bench
//   ./build-release/bench/intent_api_bench
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/gmail_requests.h"
#include "intent/intent.hpp"

namespace {

const std::string kGmail = INTENT_SOURCE_DIR "/examples/gmail";

intent::Engine& Gmail() {
  static std::unique_ptr<intent::Engine> engine = [] {
    intent::LoadResult loaded = intent::Engine::Load({kGmail});
    return std::move(loaded.engine);
  }();
  return *engine;
}

const std::vector<std::string>& Requests() {
  static const std::vector<std::string> requests = intent::bench::GmailMixedRequests();
  return requests;
}

void WaitForNative(intent::Engine& engine) {
  while (!engine.native()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void BM_Api_Json(benchmark::State& state) {
  intent::Engine& engine = Gmail();
  WaitForNative(engine);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.Decide(Requests()[i]));
    i = (i + 1) % Requests().size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Api_Json);

// The same, with every decision logged (to a callback that drops the
// line, so that the cost measured is the log's, not a disk's).
void BM_Api_Json_Logged(benchmark::State& state) {
  intent::Engine& engine = Gmail();
  WaitForNative(engine);
  std::atomic<uint64_t> lines{0};
  intent::DecisionLogOptions options;
  options.callback = [&](std::string_view) { lines.fetch_add(1, std::memory_order_relaxed); };
  if (!engine.SetDecisionLog(options, nullptr)) {
    state.SkipWithError("the decision log did not start");
    return;
  }
  intent::DecisionLogStats before = engine.decision_log_stats();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.Decide(Requests()[i]));
    i = (i + 1) % Requests().size();
  }
  engine.StopDecisionLog();
  intent::DecisionLogStats after = engine.decision_log_stats();
  state.counters["dropped"] = static_cast<double>(after.dropped - before.dropped);
  state.counters["written"] = static_cast<double>(after.written - before.written);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Api_Json_Logged);

void BM_Api_Typed(benchmark::State& state) {
  intent::Engine& engine = Gmail();
  WaitForNative(engine);
  std::string error;
  auto send = engine.Prepare(
      "gmail.messages.send",
      {"input.message.id", "input.message.sender", "input.message.to", "input.message.unread",
       "input.message.received", "input.message.labels", "input.message.size"},
      &error);
  if (!send) {
    state.SkipWithError(error.c_str());
    return;
  }
  intent::TypedRequest request(*send);
  request.SetPrincipal("mail-bot");
  request.SetTime(1795860000LL * 1'000'000);
  request.SetString(0, "m1");
  request.SetString(1, "me@example.com");
  std::vector<std::string_view> to = {"a@example.com", "x@elsewhere.net"};
  request.SetStrings(2, to);
  request.SetBool(3, false);
  request.SetTimestamp(4, 1795852800LL * 1'000'000);
  request.SetStrings(5, {});
  request.SetInt(6, 1200);
  for (auto _ : state) benchmark::DoNotOptimize(engine.Decide(request));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Api_Typed);

// The JSON send request of BM_Api_Typed, for a like-for-like ratio.
void BM_Api_Json_Send(benchmark::State& state) {
  intent::Engine& engine = Gmail();
  WaitForNative(engine);
  const std::string& send = Requests()[3];
  for (auto _ : state) benchmark::DoNotOptimize(engine.Decide(send));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Api_Json_Send);

// Two threads deciding on one engine, no reloads: the baseline of the next.
void BM_Api_Json_TwoThreads(benchmark::State& state) {
  intent::Engine& engine = Gmail();
  WaitForNative(engine);
  size_t i = static_cast<size_t>(state.thread_index());
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.Decide(Requests()[i]));
    i = (i + 1) % Requests().size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Api_Json_TwoThreads)->Threads(2)->UseRealTime();

// Decisions on the benchmark's threads while a reloader swaps the bundle
// every 5 ms (each reload also starts a background JIT compile).
void BM_Api_Json_WhileReloading(benchmark::State& state) {
  static std::unique_ptr<intent::Engine> engine;
  static std::thread reloader;
  static std::atomic<bool> stop{false};
  static std::atomic<uint64_t> reloads{0};
  if (state.thread_index() == 0) {
    engine = std::move(intent::Engine::Load({kGmail}).engine);
    stop = false;
    reloads = 0;
    reloader = std::thread([] {
      while (!stop) {
        if (engine->Reload({kGmail}).empty()) ++reloads;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  }
  // Google Benchmark starts the timing of all threads together.
  size_t i = static_cast<size_t>(state.thread_index());
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine->Decide(Requests()[i]));
    i = (i + 1) % Requests().size();
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    stop = true;
    reloader.join();
    state.counters["reloads"] = static_cast<double>(reloads.load());
    engine.reset();
  }
}
BENCHMARK(BM_Api_Json_WhileReloading)->Threads(2)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
