// Text -> AST for one policy file. Never throws: every problem becomes a
// diagnostic, and as much of the file as parsed is returned.
#pragma once

#include <cstddef>
#include <memory>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace intent::parse {

// Policies are small; a larger file is almost surely not a policy, and the
// limit bounds the memory one bad input can take.
inline constexpr size_t kMaxSourceBytes = 8u << 20;
// Nesting limits keep recursive descent (ours and ANTLR's) far from the
// end of the stack on pathological input such as 10,000 '('.
inline constexpr int kMaxBracketDepth = 64;
inline constexpr int kMaxRuleDepth = 800;
// Long operator chains (`a or b or ...`) are loops in the parser but a
// left-deep tree in the AST; this bounds the tree's height, and so the
// recursion of every later pass (checker, interpreter, code generator).
inline constexpr uint32_t kMaxExprHeight = 400;

std::unique_ptr<ast::Module> ParseModule(const SourceFile& file, DiagnosticBag& diagnostics);

}  // namespace intent::parse
