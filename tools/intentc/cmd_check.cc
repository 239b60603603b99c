// `intentc check`: parse and type-check policies, print every diagnostic.
// Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage or I/O.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "compiler/diag/render.h"
#include "compiler/driver/compilation.h"
#include "runtime/bind/bind_data.h"
#include "tools/intentc/bundle.h"
#include "tools/intentc/commands.h"

namespace intent::tools {
namespace {

struct CheckOptions {
  std::vector<std::string> schemas;
  std::vector<std::string> data;
  std::string format = "text";
  bool warnings_as_errors = false;
  std::vector<std::string> inputs;
};

int RunCheck(const CheckOptions& options) {
  driver::CompileOptions compile_options;
  compile_options.schema_paths = options.schemas;
  compile_options.data_paths = options.data;
  std::unique_ptr<driver::Compilation> compilation =
      driver::CompileBundle(options.inputs, compile_options);
  // Data files are checked against their declared types too.
  driver::Compilation& c = *compilation;
  runtime::LoadData(c.data_paths, c.schemas, c.sources, c.diagnostics, &c.io_error);
  const DiagnosticBag& diagnostics = compilation->diagnostics;

  RenderOptions render;
  render.warnings_as_errors = options.warnings_as_errors;
  if (options.format == "json") {
    std::cout << RenderJson(diagnostics.all(), render);
  } else {
    for (const Diagnostic& d : diagnostics.all()) std::cerr << RenderText(d, render);
  }

  size_t errors = diagnostics.ErrorCount();
  size_t warnings = diagnostics.WarningCount();
  if (options.warnings_as_errors) {
    errors += warnings;
    warnings = 0;
  }
  if (options.format == "text") {
    if (errors + warnings > 0) {
      std::cerr << fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s",
                               warnings, warnings == 1 ? "" : "s");
    } else {
      std::cerr << fmt::format("ok: {} polic{}, {} rule{}\n", compilation->modules.size(),
                               compilation->modules.size() == 1 ? "y" : "ies",
                               compilation->RuleCount(), compilation->RuleCount() == 1 ? "" : "s");
    }
  }
  if (compilation->io_error) return 2;
  return errors > 0 ? 1 : 0;
}

}  // namespace

void AddCheckCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* check = app.add_subcommand("check", "Parse and type-check policies");
  check
      ->add_option("--schema", options->schemas,
                   "Schema file or folder of *.schema.json (repeatable)")
      ->allow_extra_args(false);
  AddDataOption(*check, options->data);
  check->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  check->add_flag("--Werror", options->warnings_as_errors, "Treat warnings as errors (-Werror)");
  check->add_option("inputs", options->inputs, "Policy files or folders")->required();
  check->callback([options, &run] { run = [options] { return RunCheck(*options); }; });
}

}  // namespace intent::tools
