// The JIT's benchmarks (issue: native speed). One binary, one run:
//   (a) the gmail example on a fixed mixed request set: interpreter vs JIT
//       on pre-bound requests, and both from JSON text;
//   (b) a generated multi-tenant bundle, 1,000 agents x 8 rules, requests
//       spread over the agents;
//   (c) compile time (parse + check + codegen) for 10, 1,000, 10,000 rules;
//   (d) the hand-written floor for (a).
//
//   cmake --build --preset release --target intent_jit_bench
//   ./build-release/bench/intent_jit_bench
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench/bundle_writer.h"
#include "bench/gmail_floor.h"
#include "bench/gmail_requests.h"
#include "compiler/driver/compilation.h"
#include "runtime/bind/bind_json.h"
#include "runtime/interp/interpreter.h"
#include "runtime/native/jit/jit_engine.h"

namespace {

using namespace intent;

// A compiled bundle with both engines and its requests, pre-bound.
struct Bench {
  explicit Bench(const std::string& path, const std::vector<std::string>& texts) {
    compilation = driver::CompileBundle({path}, {});
    modules = compilation->bundle;
    interpreter = std::make_unique<runtime::Interpreter>(modules, counters);
    jit = runtime::JitEngine::Create(modules, counters, {}, &error);
    for (const std::string& json : texts) {
      runtime::BindResult bound = runtime::BindRequestJson(json, compilation->schemas);
      if (!bound.request) continue;
      requests.push_back(std::move(*bound.request));
    }
    slots.resize(requests.size());
    for (size_t i = 0; i < requests.size(); ++i) runtime::ToSlots(requests[i], slots[i]);
    this->texts = texts;
  }
  bool Ready(benchmark::State& state) const {
    if (compilation->diagnostics.HasErrors() || !jit || requests.size() != texts.size()) {
      state.SkipWithError(("bundle, JIT or request failed: " + error).c_str());
      return false;
    }
    return true;
  }

  std::unique_ptr<driver::Compilation> compilation;
  std::vector<const check::CheckedModule*> modules;
  runtime::InProcessCounterStore counters;
  std::unique_ptr<runtime::Interpreter> interpreter;
  std::unique_ptr<runtime::JitEngine> jit;
  std::string error;
  std::vector<runtime::BoundRequest> requests;
  std::vector<runtime::SlotRequest> slots;
  std::vector<std::string> texts;
};

Bench& Gmail() {
  static Bench bench(INTENT_SOURCE_DIR "/examples/gmail", bench::GmailMixedRequests());
  return bench;
}

// ---- (a) and (d): the gmail example ------------------------------------

void BM_Gmail_Interpreter_Prebound(benchmark::State& state) {
  Bench& b = Gmail();
  if (!b.Ready(state)) return;
  runtime::DecisionRecord record;
  size_t i = 0;
  for (auto _ : state) {
    b.interpreter->Decide(b.requests[i], 0, record);
    benchmark::DoNotOptimize(record.effect);
    i = (i + 1) % b.requests.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Gmail_Interpreter_Prebound);

void BM_Gmail_Jit_Prebound(benchmark::State& state, runtime::JitCodegenLevel level) {
  Bench& b = Gmail();
  if (!b.Ready(state)) return;
  auto jit = runtime::JitEngine::Create(b.modules, b.counters, {.codegen = level}, nullptr);
  runtime::DecisionRecord record;
  size_t i = 0;
  for (auto _ : state) {
    jit->Decide(b.slots[i], 0, record);
    benchmark::DoNotOptimize(record.effect);
    i = (i + 1) % b.slots.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Gmail_Jit_Prebound, codegen_none, runtime::JitCodegenLevel::kNone);
BENCHMARK_CAPTURE(BM_Gmail_Jit_Prebound, codegen_default, runtime::JitCodegenLevel::kDefault);

void BM_Gmail_Floor_Prebound(benchmark::State& state) {
  Bench& b = Gmail();
  if (!b.Ready(state)) return;
  // The floor must decide like the engines, or it is no floor: compared
  // on fresh counters, twice over the requests (the limit state moves).
  {
    runtime::InProcessCounterStore counters;
    bench::GmailFloor floor(*b.requests[0].schema, counters);
    runtime::InProcessCounterStore jit_counters;
    auto jit = runtime::JitEngine::Create(b.modules, jit_counters, {}, nullptr);
    for (size_t k = 0; k < 2 * b.slots.size(); ++k) {
      const runtime::SlotRequest& request = b.slots[k % b.slots.size()];
      bench::FloorDecision expected;
      floor.Decide(request, 0, expected);
      runtime::DecisionRecord record;
      jit->Decide(request, 0, record);
      bool same = expected.effect == record.effect &&
                  static_cast<size_t>(expected.rule_count) == record.rules.size();
      for (size_t r = 0; same && r < record.rules.size(); ++r) {
        same = record.rules[r]->id == expected.rules[r];
      }
      if (!same) {
        state.SkipWithError(
            ("the floor disagrees with the JIT on request " + std::to_string(k)).c_str());
        return;
      }
    }
  }
  bench::GmailFloor floor(*b.requests[0].schema, b.counters);
  bench::FloorDecision decision;
  size_t i = 0;
  for (auto _ : state) {
    floor.Decide(b.slots[i], 0, decision);
    benchmark::DoNotOptimize(decision.effect);
    i = (i + 1) % b.slots.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Gmail_Floor_Prebound);

void BM_Gmail_Interpreter_FromJson(benchmark::State& state) {
  Bench& b = Gmail();
  if (!b.Ready(state)) return;
  runtime::DecisionRecord record;
  size_t i = 0;
  for (auto _ : state) {
    runtime::BindResult bound = runtime::BindRequestJson(b.texts[i], b.compilation->schemas);
    b.interpreter->Decide(*bound.request, 0, record);
    benchmark::DoNotOptimize(record.effect);
    i = (i + 1) % b.texts.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Gmail_Interpreter_FromJson);

void BM_Gmail_Jit_FromJson(benchmark::State& state) {
  Bench& b = Gmail();
  if (!b.Ready(state)) return;
  runtime::DecisionRecord record;
  runtime::SlotRequest slots;
  size_t i = 0;
  for (auto _ : state) {
    runtime::BindResult bound = runtime::BindRequestJson(b.texts[i], b.compilation->schemas);
    runtime::ToSlots(*bound.request, slots);
    b.jit->Decide(slots, 0, record);
    benchmark::DoNotOptimize(record.effect);
    i = (i + 1) % b.texts.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Gmail_Jit_FromJson);

// As intentc feeds the JIT: bound straight into a reused SlotRequest.
void BM_Gmail_Jit_FromJsonSlots(benchmark::State& state) {
  Bench& b = Gmail();
  if (!b.Ready(state)) return;
  runtime::DecisionRecord record;
  runtime::SlotRequest slots;
  size_t i = 0;
  for (auto _ : state) {
    if (runtime::BindRequestSlots(b.texts[i], b.compilation->schemas, slots)) {
      state.SkipWithError("a request did not bind");
      return;
    }
    b.jit->Decide(slots, 0, record);
    benchmark::DoNotOptimize(record.effect);
    i = (i + 1) % b.texts.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Gmail_Jit_FromJsonSlots);

// ---- (b) the multi-tenant bundle ----------------------------------------

std::vector<std::string> TenantRequests() {
  std::vector<std::string> texts;
  const std::vector<std::string> operations = {"get", "send", "trash", "delete"};
  for (int k = 0; k < 64; ++k) {
    int agent = (k * 397) % 1000;  // spread over the agents
    std::string text = bench::GmailRequest(operations[k % 4], "news@news.example.com",
                                           "\"a@tenant" + std::to_string(agent) + ".example.com\"",
                                           k % 3 == 0, "");
    text.replace(text.find("mail-bot"), 8, "agent-" + std::to_string(agent));
    texts.push_back(text);
  }
  return texts;
}

Bench& Tenants() {
  static Bench* bench = [] {
    std::string dir = (std::filesystem::temp_directory_path() / "intent-bench-tenants").string();
    bench::WriteBundle(dir, 1000, 8);
    return new Bench(dir, TenantRequests());
  }();
  return *bench;
}

void BM_Tenants_Jit_Prebound(benchmark::State& state) {
  Bench& b = Tenants();
  if (!b.Ready(state)) return;
  runtime::DecisionRecord record;
  size_t i = 0;
  for (auto _ : state) {
    b.jit->Decide(b.slots[i], 0, record);
    benchmark::DoNotOptimize(record.effect);
    i = (i + 1) % b.slots.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Tenants_Jit_Prebound);

void BM_Tenants_Interpreter_Prebound(benchmark::State& state) {
  Bench& b = Tenants();
  if (!b.Ready(state)) return;
  runtime::DecisionRecord record;
  size_t i = 0;
  for (auto _ : state) {
    b.interpreter->Decide(b.requests[i], 0, record);
    benchmark::DoNotOptimize(record.effect);
    i = (i + 1) % b.requests.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Tenants_Interpreter_Prebound);

// ---- (c) compile time ----------------------------------------------------

// Parse + check + JIT compile of a bundle of range(0) rules (8 per policy).
void BM_Compile(benchmark::State& state, runtime::JitCodegenLevel level) {
  int rules = static_cast<int>(state.range(0));
  int per_policy = std::min(rules, 8);
  std::string dir =
      (std::filesystem::temp_directory_path() / ("intent-bench-compile-" + std::to_string(rules)))
          .string();
  std::filesystem::remove_all(dir);
  bench::WriteBundle(dir, rules / per_policy, per_policy);
  double check_ms = 0, interpreter_ms = 0, lower_ms = 0, codegen_ms = 0, native_ms = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto compilation = driver::CompileBundle({dir}, {});
    check_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const std::vector<const check::CheckedModule*>& modules = compilation->bundle;
    runtime::InProcessCounterStore counters;
    // With the tiered engine, decisions start once the interpreter is set up.
    start = std::chrono::steady_clock::now();
    runtime::Interpreter interpreter(modules, counters);
    interpreter_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::string error;
    runtime::JitOptions options{.codegen = level,
                                .compile_threads = static_cast<unsigned>(state.range(1))};
    auto jit = runtime::JitEngine::Create(modules, counters, options, &error);
    if (!jit) {
      state.SkipWithError(error.c_str());
      return;
    }
    lower_ms += jit->stats().lower_ms;
    codegen_ms += jit->stats().codegen_ms;
    native_ms += jit->stats().native_ms;
  }
  double n = static_cast<double>(state.iterations());
  state.counters["parse_check_ms"] = check_ms / n;
  state.counters["interpreter_ms"] = interpreter_ms / n;
  state.counters["lower_ms"] = lower_ms / n;
  state.counters["codegen_ms"] = codegen_ms / n;
  state.counters["native_ms"] = native_ms / n;
}
BENCHMARK_CAPTURE(BM_Compile, none, runtime::JitCodegenLevel::kNone)
    ->ArgsProduct({{10, 1000, 10000}, {0, 2}})
    ->ArgNames({"rules", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);
BENCHMARK_CAPTURE(BM_Compile, default, runtime::JitCodegenLevel::kDefault)
    ->Args({1000, 0})
    ->ArgNames({"rules", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
