// Bundle loading and decisions for the intentc commands.
#include "tools/intentc/bundle.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "compiler/diag/render.h"
#include "runtime/bind/bind_json.h"

namespace intent::tools {

void AddEngineOption(CLI::App& command, Engine& engine) {
  static const std::map<std::string, Engine> kEngines = {{"interp", Engine::kInterpreter},
                                                         {"jit", Engine::kJit}};
  command
      .add_option("--engine", engine,
                  "interp (the reference interpreter) or jit (native code; the default, which "
                  "falls back to the interpreter if the JIT fails unless asked for explicitly)")
      ->transform(CLI::CheckedTransformer(kEngines, CLI::ignore_case))
      ->allow_extra_args(false);
}

std::unique_ptr<LoadedBundle> LoadedBundle::Load(const std::vector<std::string>& inputs,
                                                 const std::vector<std::string>& schemas,
                                                 Engine engine, bool& io_error) {
  driver::CompileOptions options;
  options.schema_paths = schemas;
  auto bundle = std::unique_ptr<LoadedBundle>(new LoadedBundle());
  bundle->compilation_ = driver::CompileBundle(inputs, options);
  const DiagnosticBag& diagnostics = bundle->compilation_->diagnostics;
  for (const Diagnostic& d : diagnostics.all()) std::cerr << RenderText(d);
  io_error = bundle->compilation_->io_error;
  if (diagnostics.HasErrors()) return nullptr;
  std::vector<const check::CheckedModule*> modules;
  for (const check::CheckedModule& module : bundle->compilation_->checked) {
    modules.push_back(&module);
  }
  if (engine != Engine::kInterpreter) {
    std::string error;
    bundle->jit_ = runtime::JitEngine::Create(modules, bundle->counters_, {}, &error);
    if (bundle->jit_) return bundle;
    if (engine == Engine::kJit) {
      std::cerr << "intentc: internal error: the JIT failed: " << error << "\n";
      io_error = true;
      return nullptr;
    }
    std::cerr << "intentc: the JIT is not available (" << error << "); using the interpreter\n";
  }
  bundle->interpreter_ = std::make_unique<runtime::Interpreter>(modules, bundle->counters_);
  return bundle;
}

runtime::Decision LoadedBundle::Decide(std::string_view json, runtime::Explanation* explain) {
  auto denied = [](const runtime::BindError& error) {
    runtime::Decision decision;
    decision.errors.push_back(error.ToString());
    return decision;
  };
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  if (jit_) {
    // Straight into the slots native code reads: no Values in between.
    if (auto error = runtime::BindRequestSlots(json, compilation_->schemas, slots_)) {
      return denied(*error);
    }
    return jit_->Decide(slots_, now, explain);
  }
  runtime::BindResult bound = runtime::BindRequestJson(json, compilation_->schemas);
  if (!bound.request) return denied(*bound.error);
  return interpreter_->Decide(*bound.request, now, explain);
}

bool ReadInput(const std::string& path, std::string& text) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    buffer << in.rdbuf();
  }
  text = buffer.str();
  return true;
}

}  // namespace intent::tools
