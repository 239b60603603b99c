// IR -> LLVM IR: one native function per rule and operation (jit_abi.h
// gives its signature and the helpers it calls).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "runtime/native/ir/ir.h"
#include "runtime/core/slots.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace intent::codegen {

// One LLVM module with its own context. Code is split into modules of a
// bounded number of functions: LLVM's time per module grows faster than
// linearly with its size (a single module of 10,000 rules took a minute).
struct GeneratedUnit {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
};

struct GeneratedCode {
  std::vector<GeneratedUnit> units;
  // functions[g][r]: the symbol of rule r of program.groups[g].
  std::vector<std::vector<std::string>> functions;
  // Data the code refers to by symbol (constant text and lists, sets,
  // regexes, time zones, count specs): defined at these addresses when
  // linked, so the printed IR stays free of addresses.
  std::vector<std::pair<std::string, const void*>> data;
};

// Generates code for `program`. Constant lists and strings are laid out
// as slots in `constants`, which (like `program`) must outlive the code.
GeneratedCode Generate(const ir::Program& program, runtime::Arena& constants);

// The most functions put in one module.
inline constexpr size_t kFunctionsPerUnit = 256;

}  // namespace intent::codegen
