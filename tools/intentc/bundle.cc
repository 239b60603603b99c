// Bundle loading for the intentc commands, through the public Engine.
#include "tools/intentc/bundle.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace intent::tools {

void AddEngineOption(CLI::App& command, EngineChoice& engine) {
  static const std::map<std::string, EngineChoice> kEngines = {
      {"interp", EngineChoice::kInterpreter}, {"jit", EngineChoice::kJit}};
  command
      .add_option("--engine", engine,
                  "interp (the reference interpreter) or jit (native code; the default, which "
                  "falls back to the interpreter if the JIT fails unless asked for explicitly)")
      ->transform(CLI::CheckedTransformer(kEngines, CLI::ignore_case))
      ->allow_extra_args(false);
}

std::unique_ptr<Engine> LoadEngine(const std::vector<std::string>& inputs,
                                   const std::vector<std::string>& schemas, EngineChoice engine,
                                   bool& io_error, int64_t evaluation_budget,
                                   const std::vector<std::string>& data) {
  EngineOptions options;
  options.schema_paths = schemas;
  options.data_paths = data;
  options.evaluation_budget = evaluation_budget;
  // Requests of any date are replayed against the machine's clock: the
  // bound on future times is for a gateway's live traffic.
  options.max_time_ahead = -1;
  // Nobody can approve a replayed request: an ask is the answer.
  options.create_approvals = false;
  options.jit = engine != EngineChoice::kInterpreter;
  options.wait_for_native = true;
  LoadResult loaded = Engine::Load(inputs, options);
  for (const LoadDiagnostic& diagnostic : loaded.diagnostics) std::cerr << diagnostic.text;
  io_error = loaded.io_error;
  if (!loaded.engine || !options.jit || loaded.engine->native()) return std::move(loaded.engine);
  std::string error = loaded.engine->native_error();
  if (engine == EngineChoice::kJit) {
    std::cerr << "intentc: internal error: the JIT failed: " << error << "\n";
    io_error = true;
    return nullptr;
  }
  std::cerr << "intentc: the JIT is not available (" << error << "); using the interpreter\n";
  return std::move(loaded.engine);
}

void AddDataOption(CLI::App& command, std::vector<std::string>& data) {
  command.add_option("--data", data,
                     "a data file or folder of *.json data files (docs/data.md), besides the "
                     "data/ folder next to each policy; may be repeated");
}

void AddBudgetOption(CLI::App& command, int64_t& budget) {
  command
      .add_option("--evaluation-budget", budget,
                  "evaluation steps one decision may take (docs/semantics.md, \"Evaluation "
                  "cost\"); a rule that needs more fails closed")
      ->check(CLI::Range(int64_t{1}, INT64_MAX));
}

std::optional<std::string> ReadInput(const std::string& path, std::string& text) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::error_code error;
    // A folder opens as a stream on Linux and reads as nothing.
    if (std::filesystem::is_directory(path, error)) {
      return "'" + path + "' is a folder; give a file (or - for standard input)";
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read '" + path + "'";
    buffer << in.rdbuf();
  }
  text = buffer.str();
  return std::nullopt;
}

}  // namespace intent::tools
