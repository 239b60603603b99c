// `intentc bench`: how fast a bundle decides its own traffic. Compiles the
// bundle (timing each stage), then decides the requests of a JSON-lines
// file over and over with the interpreter and the JIT: ns per decision on
// pre-bound requests and from JSON text. Exit status: 0 measured, 1 the
// policy does not compile, 2 usage or I/O error (or no request binds).
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>

#include "compiler/diag/render.h"
#include "compiler/driver/compilation.h"
#include "runtime/bind/bind_json.h"
#include "runtime/core/counter_store.h"
#include "runtime/interp/interpreter.h"
#include "runtime/native/jit/jit_engine.h"
#include "tools/intentc/bundle.h"
#include "tools/intentc/commands.h"

namespace intent::tools {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchOptions {
  std::vector<std::string> schemas;
  std::string policy;
  std::string requests;
  EngineChoice engine = EngineChoice::kDefault;  // kDefault: both engines
  double seconds = 0.5;                          // per engine and mode
};

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Calls `decide(i)` round-robin over `count` requests for about `seconds`;
// returns ns per call. Time is read every `batch` calls so that reading
// the clock does not count.
template <typename Decide>
double NanosPerDecision(size_t count, double seconds, Decide decide) {
  constexpr size_t kBatch = 256;
  for (size_t i = 0; i < count; ++i) decide(i);  // warm up
  size_t calls = 0;
  Clock::time_point start = Clock::now();
  Clock::time_point end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  Clock::time_point now = start;
  size_t i = 0;
  while (now < end) {
    for (size_t k = 0; k < kBatch; ++k) {
      decide(i);
      i = i + 1 == count ? 0 : i + 1;
    }
    calls += kBatch;
    now = Clock::now();
  }
  return std::chrono::duration<double, std::nano>(now - start).count() / static_cast<double>(calls);
}

// The requests of a JSON-lines file, bound once; the ones that do not bind
// are left out (the first one's error is shown).
struct Workload {
  std::vector<std::string> texts;
  std::vector<runtime::BoundRequest> bound;
  std::vector<runtime::SlotRequest> slots;  // parallel to `bound`
  size_t invalid = 0;
};

Workload BindWorkload(const std::string& text, const schema::SchemaSet& schemas) {
  Workload workload;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    runtime::BindResult result = runtime::BindRequestJson(line, schemas);
    if (!result.request) {
      if (workload.invalid == 0) {
        std::cerr << "intentc: request " << workload.texts.size() + workload.invalid + 1
                  << " is left out: " << result.error->ToString() << "\n";
      }
      ++workload.invalid;
      continue;
    }
    workload.texts.push_back(line);
    workload.bound.push_back(std::move(*result.request));
  }
  workload.slots.resize(workload.bound.size());
  for (size_t i = 0; i < workload.bound.size(); ++i) {
    runtime::ToSlots(workload.bound[i], workload.slots[i]);
  }
  return workload;
}

void PrintRow(const char* engine, double ready_ms, double prebound_ns, double json_ns) {
  std::cout << fmt::format("{:<8} {:>12.1f} {:>20.0f} {:>20.0f}\n", engine, ready_ms, prebound_ns,
                           json_ns);
}

// The engines are measured below the public API: pre-bound requests (the
// engine alone) have no form there that every request can take.
void MeasureInterpreter(const driver::Compilation& compilation, const Workload& workload,
                        int64_t now, double seconds) {
  runtime::InProcessCounterStore counters;
  runtime::DecisionRecord record;
  Clock::time_point start = Clock::now();
  runtime::Interpreter interpreter(compilation.bundle, counters);
  double ready = MillisSince(start);
  double prebound = NanosPerDecision(workload.bound.size(), seconds, [&](size_t i) {
    interpreter.Decide(workload.bound[i], now, record);
  });
  double json = NanosPerDecision(workload.texts.size(), seconds, [&](size_t i) {
    runtime::BindResult result = runtime::BindRequestJson(workload.texts[i], compilation.schemas);
    interpreter.Decide(*result.request, now, record);
  });
  PrintRow("interp", ready, prebound, json);
}

// False (with the error printed) when the JIT cannot compile the bundle.
bool MeasureJit(const driver::Compilation& compilation, const Workload& workload, int64_t now,
                double seconds) {
  runtime::InProcessCounterStore counters;
  runtime::DecisionRecord record;
  runtime::SlotRequest reused;
  std::string error;
  Clock::time_point start = Clock::now();
  std::unique_ptr<runtime::JitEngine> jit =
      runtime::JitEngine::Create(compilation.bundle, counters, {}, &error);
  double ready = MillisSince(start);
  if (!jit) {
    std::cerr << "intentc: internal error: the JIT failed: " << error << "\n";
    return false;
  }
  double prebound = NanosPerDecision(workload.slots.size(), seconds, [&](size_t i) {
    jit->Decide(workload.slots[i], now, record);
  });
  double json = NanosPerDecision(workload.texts.size(), seconds, [&](size_t i) {
    if (!runtime::BindRequestSlots(workload.texts[i], compilation.schemas, reused)) {
      jit->Decide(reused, now, record);
    }
  });
  PrintRow("jit", ready, prebound, json);
  return true;
}

int RunBench(const BenchOptions& options) {
  std::string text;
  if (auto error = ReadInput(options.requests, text)) {
    std::cerr << "intentc: " << *error << "\n";
    return 2;
  }
  if (options.seconds <= 0) {
    std::cerr << "intentc: --seconds must be positive\n";
    return 2;
  }
  Clock::time_point start = Clock::now();
  driver::CompileOptions compile;
  compile.schema_paths = options.schemas;
  std::unique_ptr<driver::Compilation> compilation =
      driver::CompileBundle({options.policy}, compile);
  double check_ms = MillisSince(start);
  for (const Diagnostic& d : compilation->diagnostics.all()) std::cerr << RenderText(d);
  if (compilation->diagnostics.HasErrors()) return compilation->io_error ? 2 : 1;

  Workload workload = BindWorkload(text, compilation->schemas);
  if (workload.texts.empty()) {
    std::cerr << "intentc: no request in '" << options.requests
              << "' binds to the bundle's schemas; give one JSON request per line\n";
    return 2;
  }
  std::cout << fmt::format("bundle: {} rules in {} files; parse + check {:.1f} ms\n",
                           compilation->RuleCount(), compilation->bundle.size(), check_ms);
  std::cout << fmt::format("requests: {} ({} left out: they do not bind)\n", workload.texts.size(),
                           workload.invalid);
  std::cout << fmt::format("{:<8} {:>12} {:>20} {:>20}\n", "engine", "ready (ms)",
                           "pre-bound (ns/dec)", "from JSON (ns/dec)");
  // Decisions at the requests' own context.time; the clock otherwise.
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  if (options.engine != EngineChoice::kJit) {
    MeasureInterpreter(*compilation, workload, now, options.seconds);
  }
  if (options.engine != EngineChoice::kInterpreter &&
      !MeasureJit(*compilation, workload, now, options.seconds)) {
    return 2;
  }
  return 0;
}

}  // namespace

void AddBenchCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* bench = app.add_subcommand(
      "bench",
      "Measure compile time and ns per decision on requests (both engines unless --engine)");
  bench
      ->add_option("--schema", options->schemas,
                   "Schema file or folder of *.schema.json (repeatable)")
      ->allow_extra_args(false);
  AddEngineOption(*bench, options->engine);
  bench
      ->add_option("--seconds", options->seconds,
                   "How long to decide per engine and mode (default 0.5)")
      ->allow_extra_args(false);
  bench->add_option("policy", options->policy, "Policy file or folder")->required();
  bench->add_option("requests", options->requests, "A JSON-lines file of requests, or -")
      ->required();
  bench->callback([options, &run] { run = [options] { return RunBench(*options); }; });
}

}  // namespace intent::tools
