// Interpreter cost per decision on the gmail example over a fixed mixed
// request set: on pre-bound requests, and from JSON text (binding included);
// and binding alone, to Values and to slots (what native code reads).
//
//   ./build-release/bench/intent_interpreter_bench
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <vector>

#include "bench/gmail_requests.h"
#include "compiler/driver/compilation.h"
#include "runtime/bind/bind_json.h"
#include "runtime/core/slots.h"
#include "runtime/interp/interpreter.h"

namespace {

using namespace intent;

struct Fixture {
  Fixture() {
    compilation = driver::CompileBundle({INTENT_SOURCE_DIR "/examples/gmail"}, {});
    const std::vector<const check::CheckedModule*>& modules = compilation->bundle;
    interpreter = std::make_unique<runtime::Interpreter>(modules, counters);
    for (const std::string& json : bench::GmailMixedRequests()) {
      runtime::BindResult bound = runtime::BindRequestJson(json, compilation->schemas);
      if (bound.request) requests.push_back(std::move(*bound.request));
      texts.push_back(json);
    }
  }
  std::unique_ptr<driver::Compilation> compilation;
  runtime::InProcessCounterStore counters;
  std::unique_ptr<runtime::Interpreter> interpreter;
  std::vector<runtime::BoundRequest> requests;
  std::vector<std::string> texts;
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

void BM_InterpreterPrebound(benchmark::State& state) {
  Fixture& f = Shared();
  if (f.compilation->diagnostics.HasErrors() || f.requests.size() != f.texts.size()) {
    state.SkipWithError("the gmail example or a request did not compile");
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.interpreter->Decide(f.requests[i], 0));
    i = (i + 1) % f.requests.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InterpreterPrebound);

void BM_InterpreterFromJson(benchmark::State& state) {
  Fixture& f = Shared();
  size_t i = 0;
  for (auto _ : state) {
    runtime::BindResult bound = runtime::BindRequestJson(f.texts[i], f.compilation->schemas);
    if (bound.request) benchmark::DoNotOptimize(f.interpreter->Decide(*bound.request, 0));
    i = (i + 1) % f.texts.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InterpreterFromJson);

void BM_BindOnly(benchmark::State& state) {
  Fixture& f = Shared();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(runtime::BindRequestJson(f.texts[i], f.compilation->schemas));
    i = (i + 1) % f.texts.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BindOnly);

void BM_BindSlotsOnly(benchmark::State& state) {
  Fixture& f = Shared();
  // Reused, as a server thread would: its arena is warm after the first.
  runtime::SlotRequest slots;
  for (const std::string& text : f.texts) {
    if (runtime::BindRequestSlots(text, f.compilation->schemas, slots)) {
      state.SkipWithError("a request did not bind");
      return;
    }
  }
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(runtime::BindRequestSlots(f.texts[i], f.compilation->schemas, slots));
    benchmark::DoNotOptimize(slots.input);
    i = (i + 1) % f.texts.size();
  }
  state.SetItemsProcessed(state.iterations());
  size_t bytes = 0;
  for (const std::string& text : f.texts) bytes += text.size();
  state.counters["request_bytes"] =
      static_cast<double>(bytes) / static_cast<double>(f.texts.size());
}
BENCHMARK(BM_BindSlotsOnly);

}  // namespace

BENCHMARK_MAIN();
