// IR -> LLVM IR: one native function per rule and operation (jit_abi.h
// gives its signature and the helpers it calls).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/slots.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace intent::codegen {

struct GeneratedCode {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
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

}  // namespace intent::codegen
