// The intentc subcommands: each registers its options on the CLI11 app and
// runs when selected. One file per subcommand.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace intent::tools {

// Registers `check` on `app`; `run` is set to the function that executes it
// and returns the process exit status.
void AddCheckCommand(CLI::App& app, std::function<int()>& run);
void AddEvalCommand(CLI::App& app, std::function<int()>& run);
void AddTestCommand(CLI::App& app, std::function<int()>& run);
void AddCompileCommand(CLI::App& app, std::function<int()>& run);
void AddBenchCommand(CLI::App& app, std::function<int()>& run);

}  // namespace intent::tools
