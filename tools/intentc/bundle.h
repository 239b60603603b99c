// Shared by the commands that run policies (eval, test): compile a bundle,
// printing its diagnostics, and decide JSON requests with the interpreter.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/compilation.h"
#include "runtime/core/counter_store.h"
#include "runtime/core/decision.h"
#include "runtime/interp/interpreter.h"
#include "runtime/native/jit/jit_engine.h"
#include "runtime/core/slots.h"

namespace intent::tools {

// kDefault is the JIT, falling back to the interpreter (with a note) if
// the JIT fails; an explicit `--engine jit` makes that failure an error.
enum class Engine { kDefault, kInterpreter, kJit };

// Adds `--engine interp|jit` to a command.
void AddEngineOption(CLI::App& command, Engine& engine);

// A compiled bundle with its engine and its own counters.
class LoadedBundle {
 public:
  // Compiles `inputs`; prints every diagnostic to stderr. Returns null when
  // there were errors (then `io_error` says whether files were unreadable).
  // If the JIT cannot be set up, says so and uses the interpreter, unless
  // `engine` is kJit (then null, with `io_error` set: exit status 2).
  static std::unique_ptr<LoadedBundle> Load(const std::vector<std::string>& inputs,
                                            const std::vector<std::string>& schemas, Engine engine,
                                            bool& io_error);

  // Decides one JSON request; an invalid request is a deny with its error.
  // With `explain`, records why each applicable rule matched or not.
  runtime::Decision Decide(std::string_view json, runtime::Explanation* explain = nullptr);

 private:
  std::unique_ptr<driver::Compilation> compilation_;
  runtime::InProcessCounterStore counters_;
  std::unique_ptr<runtime::Interpreter> interpreter_;
  std::unique_ptr<runtime::JitEngine> jit_;
  runtime::SlotRequest slots_;
};

// Reads a whole file ("-" is standard input); false when it cannot be read.
bool ReadInput(const std::string& path, std::string& text);

}  // namespace intent::tools
