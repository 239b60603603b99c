// The differential tester: random well-typed bundles and random requests
// (ill-formed ones included), decided by the reference interpreter and by
// the JIT; every decision, rule list, reason, error and explanation must
// be identical. Any mismatch is printed with the seed that reproduces it
// (and the scenario is written to a folder, to become a conformance case).
//
//   intent_differential [--pairs N] [--first-seed S] [--keep DIR]
//
// Exit status: 0 no mismatch, 1 mismatches (or a scenario that did not
// compile: a generator bug), 2 usage error.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>

#include "compiler/diag/render.h"
#include "compiler/driver/compilation.h"
#include "runtime/bind/bind_data.h"
#include "runtime/bind/bind_json.h"
#include "runtime/core/decision_json.h"
#include "runtime/interp/interpreter.h"
#include "runtime/native/jit/jit_engine.h"
#include "tests/differential/generator.h"

namespace {

using namespace intent;
namespace fs = std::filesystem;

struct Options {
  uint64_t pairs = 20000;
  uint64_t first_seed = 0;
  std::string keep = "differential-mismatches";
};

struct Tally {
  uint64_t pairs = 0;
  uint64_t bound = 0;  // pairs whose request bound (and so reached the engines)
  uint64_t scenarios = 0;
  uint64_t mismatches = 0;
  uint64_t broken_scenarios = 0;
};

// Decides every request of one scenario with both engines.
void RunScenario(uint64_t seed, const fs::path& work, const Options& options, Tally& tally) {
  difftest::Scenario scenario = difftest::GenerateScenario(seed);
  fs::path dir = work / fmt::format("seed-{}", seed);
  difftest::WriteScenario(scenario, dir.string());
  auto compilation = driver::CompileBundle({dir.string()}, {});
  ++tally.scenarios;
  // The data files in `data/` beside the policies, as the public Engine
  // loads them: one DataSet that both engines read.
  std::shared_ptr<const runtime::DataSet> data;
  if (!compilation->diagnostics.HasErrors()) {
    data = runtime::LoadData(compilation->data_paths, compilation->schemas, compilation->sources,
                             compilation->diagnostics);
  }
  if (compilation->diagnostics.HasErrors() || !data) {
    ++tally.broken_scenarios;
    std::cerr << fmt::format("seed {}: the generated bundle or its data do not load:\n", seed);
    for (const Diagnostic& d : compilation->diagnostics.all()) std::cerr << RenderText(d);
    fs::copy(dir, fs::path(options.keep) / dir.filename(),
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    return;
  }
  const std::vector<const check::CheckedModule*>& modules = compilation->bundle;
  // Separate counters: each engine must count for itself to agree.
  runtime::InProcessCounterStore interpreter_counters;
  runtime::InProcessCounterStore jit_counters;
  // One scenario in three runs on a budget of a few steps, so that rules
  // run out of it at every kind of charge: both engines must charge alike
  // (runtime/core/cost.h) and so fail the same rule at the same point.
  const int64_t budget =
      seed % 3 == 0 ? static_cast<int64_t>(1 + (seed / 3) % 97) : runtime::cost::kDefaultBudget;
  runtime::Interpreter interpreter(modules, interpreter_counters, budget);
  std::string error;
  auto jit =
      runtime::JitEngine::Create(modules, jit_counters, {.evaluation_budget = budget}, &error);
  if (!jit) {
    ++tally.broken_scenarios;
    std::cerr << fmt::format("seed {}: the JIT failed: {}\n", seed, error);
    return;
  }
  runtime::SlotRequest slots;
  bool kept = false;
  for (size_t i = 0; i < scenario.requests.size(); ++i) {
    ++tally.pairs;
    runtime::BindResult bound =
        runtime::BindRequestJson(scenario.requests[i], compilation->schemas);
    if (!bound.request) continue;  // both engines get the binder's deny
    ++tally.bound;
    bound.request->data = data->RecordOf(bound.request->schema);
    bound.request->data_set = data.get();
    runtime::Explanation interpreter_why;
    runtime::Explanation jit_why;
    // A counter store that cannot count a request time exactly throws
    // (the public Engine turns that into a deny); both engines must throw
    // alike, each on its own counters.
    std::string want;
    try {
      runtime::Decision expected =
          interpreter.Decide(*bound.request, scenario.request_now[i], &interpreter_why);
      want = runtime::DecisionToJson(expected, &interpreter_why);
    } catch (const intent::CounterTimeError& e) {
      want = std::string("refused: ") + e.what();
    }
    // The JIT gets the binder's own slots, as intentc gives them, not the
    // interpreter's values flattened.
    std::string got;
    if (auto slot_error =
            runtime::BindRequestSlots(scenario.requests[i], compilation->schemas, slots)) {
      got = "not bound into slots: " + slot_error->ToString();
    } else {
      slots.data_set = data.get();
      slots.data = data->SlotsOf(slots.schema);
      slots.data_record = data->RecordOf(slots.schema);
      try {
        runtime::Decision actual = jit->Decide(slots, scenario.request_now[i], &jit_why);
        got = runtime::DecisionToJson(actual, &jit_why);
      } catch (const intent::CounterTimeError& e) {
        got = std::string("refused: ") + e.what();
      }
    }
    if (want == got) continue;
    ++tally.mismatches;
    std::cerr << fmt::format(
        "MISMATCH seed {} request {}:\n  request:     {}\n  interpreter: {}\n  jit:         {}\n",
        seed, i, scenario.requests[i], want, got);
    if (!kept) {
      fs::copy(dir, fs::path(options.keep) / dir.filename(),
               fs::copy_options::recursive | fs::copy_options::overwrite_existing);
      kept = true;
    }
  }
  fs::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--pairs") {
      options.pairs = std::stoull(argv[i + 1]);
    } else if (flag == "--first-seed") {
      options.first_seed = std::stoull(argv[i + 1]);
    } else if (flag == "--keep") {
      options.keep = argv[i + 1];
    } else {
      std::cerr << "usage: intent_differential [--pairs N] [--first-seed S] [--keep DIR]\n";
      return 2;
    }
  }
  if (argc % 2 == 0) {
    std::cerr << "usage: intent_differential [--pairs N] [--first-seed S] [--keep DIR]\n";
    return 2;
  }
  fs::path work = fs::temp_directory_path() / fmt::format("intent-differential-{}", getpid());
  fs::create_directories(work);
  fs::create_directories(options.keep);
  auto start = std::chrono::steady_clock::now();
  Tally tally;
  try {
    for (uint64_t seed = options.first_seed; tally.pairs < options.pairs; ++seed) {
      RunScenario(seed, work, options, tally);
    }
  } catch (const std::exception& e) {
    std::cerr << "intent_differential: " << e.what() << "\n";
    fs::remove_all(work);
    return 2;
  }
  fs::remove_all(work);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << fmt::format(
      "{} pairs ({} bound requests) over {} scenarios in {:.1f} s: {} mismatches, {} broken "
      "scenarios\n",
      tally.pairs, tally.bound, tally.scenarios, seconds, tally.mismatches, tally.broken_scenarios);
  return tally.mismatches == 0 && tally.broken_scenarios == 0 ? 0 : 1;
}
