// Code generation (see codegen.h): rule functions, and the split of the
// program into modules. Expressions are in emit_expr.cc.
#include "runtime/native/codegen/codegen.h"

#include "runtime/native/codegen/generator.h"

namespace intent::codegen {
namespace internal {

void Generator::EmitRule(const ir::RuleBody& body, const std::string& name) {
  auto* type = llvm::FunctionType::get(i32_, {ptr_}, false);
  function_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, module_);
  function_->addFnAttr(llvm::Attribute::NoUnwind);
  ctx_ = function_->getArg(0);
  builder_.SetInsertPoint(Block("entry"));
  auto outcome = [&](RuleOutcome::Kind kind, bool in_unless, uint32_t clause) {
    return I32(static_cast<uint32_t>(kind) | (in_unless ? jit_abi::kOutcomeUnlessBit : 0) |
               clause << jit_abi::kOutcomeClauseShift);
  };
  // Each clause: evaluate; an error exits with its position; a deciding
  // value (a false when, a true unless) exits with the clause's outcome.
  auto clause = [&](uint32_t node, bool in_unless, uint32_t position) {
    error_ = Block("error");
    llvm::BasicBlock* error = error_;
    llvm::Value* value = Emit(node).a;
    llvm::BasicBlock* next = Block("next");
    llvm::BasicBlock* stop = Block("stop");
    builder_.CreateCondBr(value, in_unless ? stop : next, in_unless ? next : stop);
    builder_.SetInsertPoint(stop);
    builder_.CreateRet(
        outcome(in_unless ? RuleOutcome::Kind::kUnlessTrue : RuleOutcome::Kind::kWhenFalse, false,
                position));
    builder_.SetInsertPoint(error);
    builder_.CreateRet(outcome(RuleOutcome::Kind::kError, in_unless, position));
    builder_.SetInsertPoint(next);
  };
  for (uint32_t i = 0; i < body.when.size(); ++i) clause(body.when[i], false, i);
  for (uint32_t i = 0; i < body.unless.size(); ++i) clause(body.unless[i], true, i);
  if (body.limit_key) {
    error_ = Block("key.error");
    llvm::BasicBlock* error = error_;
    auto [word, extra] = ToSlot(program_.nodes[*body.limit_key].rep, Emit(*body.limit_key));
    builder_.CreateStore(word, builder_.CreateConstGEP1_64(i64_, ctx_, jit_abi::kCtxKeyWord));
    builder_.CreateStore(extra, builder_.CreateConstGEP1_64(i64_, ctx_, jit_abi::kCtxKeyExtra));
    builder_.CreateRet(outcome(RuleOutcome::Kind::kPassed, false, 0));
    builder_.SetInsertPoint(error);
    builder_.CreateRet(outcome(RuleOutcome::Kind::kKeyError, false, 0));
  } else {
    builder_.CreateRet(outcome(RuleOutcome::Kind::kPassed, false, 0));
  }
  // Blocks left without a terminator (after an unconditional failure) are unreachable.
  for (llvm::BasicBlock& block : *function_) {
    if (block.getTerminator() == nullptr) {
      builder_.SetInsertPoint(&block);
      builder_.CreateUnreachable();
    }
  }
}

}  // namespace internal

GeneratedCode Generate(const ir::Program& program, runtime::Arena& constants) {
  using internal::Generator;
  using internal::SharedData;
  GeneratedCode out;
  SharedData shared;
  const auto& groups = program.groups;
  for (size_t first = 0; first < groups.size();) {
    size_t last = first;
    size_t functions = 0;
    while (last < groups.size() &&
           (functions == 0 || functions + groups[last].rules.size() <= kFunctionsPerUnit)) {
      functions += groups[last++].rules.size();
    }
    GeneratedUnit unit;
    unit.context = std::make_unique<llvm::LLVMContext>();
    unit.module =
        std::make_unique<llvm::Module>(fmt::format("intent.{}", out.units.size()), *unit.context);
    Generator(program, constants, shared, out, unit).Run(first, last);
    out.units.push_back(std::move(unit));
    first = last;
  }
  return out;
}

}  // namespace intent::codegen
