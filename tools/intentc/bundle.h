// Shared by the commands that run policies (eval, test): load a bundle
// into the public intent::Engine, the same engine every embedder uses,
// printing its diagnostics.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "intent/intent.hpp"

namespace intent::tools {

// kDefault is native code, falling back to the interpreter (with a note)
// if the JIT fails; an explicit `--engine jit` makes that failure an error.
enum class EngineChoice { kDefault, kInterpreter, kJit };

// Adds `--engine interp|jit` to a command.
void AddEngineOption(CLI::App& command, EngineChoice& engine);
// Adds `--evaluation-budget N` (EngineOptions::evaluation_budget).
void AddBudgetOption(CLI::App& command, int64_t& budget);

// Loads `inputs` with their schemas, printing every diagnostic to stderr.
// Native code is compiled before this returns, so that every decision is
// made by the chosen engine. Null when there were errors (then `io_error`
// says whether files were unreadable, or the JIT failed when asked for
// explicitly: exit status 2).
std::unique_ptr<Engine> LoadEngine(const std::vector<std::string>& inputs,
                                   const std::vector<std::string>& schemas, EngineChoice engine,
                                   bool& io_error,
                                   int64_t evaluation_budget = kDefaultEvaluationBudget,
                                   const std::vector<std::string>& data = {});
// Adds `--data PATH` (repeatable): data files or folders (docs/data.md).
void AddDataOption(CLI::App& command, std::vector<std::string>& data);

// Reads a whole file ("-" is standard input). Returns why it could not:
// "cannot read 'PATH'", or that PATH is a folder, not a file.
std::optional<std::string> ReadInput(const std::string& path, std::string& text);

}  // namespace intent::tools
