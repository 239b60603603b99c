// `intentc compile`: shows what each stage makes of a bundle — the AST,
// the typed AST, the JIT's IR, LLVM IR or assembly. Exit status: 0, 1 the
// policy does not compile, 2 usage or I/O error.
#include <fmt/format.h>

#include <iostream>
#include <map>

#include "compiler/diag/render.h"
#include "compiler/driver/compilation.h"
#include "runtime/native/jit/jit_engine.h"
#include "tools/intentc/commands.h"

namespace intent::tools {
namespace {

struct CompileOptions {
  std::vector<std::string> schemas;
  std::string policy;
  std::string emit = "llvm";
  runtime::JitCodegenLevel level = runtime::JitCodegenLevel::kNone;
};

int RunCompile(const CompileOptions& options) {
  driver::CompileOptions compile;
  compile.schema_paths = options.schemas;
  std::unique_ptr<driver::Compilation> compilation =
      driver::CompileBundle({options.policy}, compile);
  for (const Diagnostic& d : compilation->diagnostics.all()) std::cerr << RenderText(d);
  if (compilation->io_error) return 2;
  if (compilation->diagnostics.HasErrors()) return 1;
  if (options.emit == "ast" || options.emit == "typed-ast") {
    for (const check::CheckedModule& module : compilation->checked) {
      std::cout << "# " << module.module->file->path() << "\n";
      if (options.emit == "ast") {
        std::cout << ast::Dump(*module.module);
      } else {
        std::cout << ast::Dump(*module.module,
                               [&](const ast::Expr& e) { return module.TypeOf(e)->ToString(); });
      }
    }
    return 0;
  }
  const std::vector<const check::CheckedModule*>& modules = compilation->bundle;
  std::string error;
  std::string text =
      runtime::EmitJitStage(modules, options.emit, {.codegen = options.level}, &error);
  std::cout << text;
  if (!error.empty()) {
    std::cerr << "intentc: " << error << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

void AddCompileCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<CompileOptions>();
  CLI::App* compile = app.add_subcommand("compile", "Show what the compiler generates");
  compile
      ->add_option("--schema", options->schemas,
                   "Schema file or folder of *.schema.json (repeatable)")
      ->allow_extra_args(false);
  compile
      ->add_option("--emit", options->emit,
                   "Stage to print: ast, typed-ast, ir, llvm (default) or asm")
      ->check(CLI::IsMember({"ast", "typed-ast", "ir", "llvm", "asm"}));
  static const std::map<std::string, runtime::JitCodegenLevel> kLevels = {
      {"none", runtime::JitCodegenLevel::kNone},
      {"less", runtime::JitCodegenLevel::kLess},
      {"default", runtime::JitCodegenLevel::kDefault}};
  compile
      ->add_option("--codegen", options->level,
                   "LLVM code generation level for asm: none (default), less, default")
      ->transform(CLI::CheckedTransformer(kLevels, CLI::ignore_case));
  compile->add_option("policy", options->policy, "Policy file or folder")->required();
  compile->callback([options, &run] { run = [options] { return RunCompile(*options); }; });
}

}  // namespace intent::tools
