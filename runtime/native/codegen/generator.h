// Internal to code generation: the generator of one LLVM module, shared by
// codegen.cc (rules, modules) and emit_expr.cc (expressions). Each IR node
// becomes straight-line code producing up to two i64s (its representation
// in runtime/core/slots.h; bools are i1); a failing operation calls a helper that
// records the message and branches to the clause's error exit. Evaluation
// order and short-circuits are the interpreter's.
#pragma once

#include <fmt/format.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/ErrorHandling.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/core/cost.h"
#include "runtime/core/decision_builder.h"
#include "runtime/native/abi/jit_abi.h"
#include "runtime/native/codegen/codegen.h"

namespace intent::codegen::internal {

using ir::Node;
using ir::Op;
using ir::Rep;
using runtime::RuleOutcome;
namespace jit_abi = runtime::jit;
using jit_abi::Helper;

// A value in registers: `a` (i1 for bools, else i64) and, for strings,
// emails and lists, `b` (length, or email length | '@' offset << 32).
struct CgValue {
  llvm::Value* a = nullptr;
  llvm::Value* b = nullptr;
};

// What the units share: constants are laid out, and data symbols named, once.
struct SharedData {
  std::unordered_map<uint32_t, runtime::Slot> constant_slots;
  std::unordered_set<std::string> names;
};

class Generator {
 public:
  Generator(const ir::Program& program, runtime::Arena& constants, SharedData& shared,
            GeneratedCode& out, GeneratedUnit& unit)
      : program_(program),
        constants_(constants),
        shared_(shared),
        out_(out),
        context_(*unit.context),
        module_(*unit.module),
        builder_(context_) {
    i1_ = llvm::Type::getInt1Ty(context_);
    i32_ = llvm::Type::getInt32Ty(context_);
    i64_ = llvm::Type::getInt64Ty(context_);
    ptr_ = llvm::Type::getInt64PtrTy(context_);
  }

  // Generates the functions of groups [first, last).
  void Run(size_t first, size_t last) {
    for (size_t g = first; g < last; ++g) {
      const ir::Group& group = program_.groups[g];
      out_.functions.emplace_back();
      for (size_t r = 0; r < group.rules.size(); ++r) {
        std::string name = fmt::format("rule.{}.{}", g, r);
        EmitRule(group.rules[r], name);
        out_.functions.back().push_back(name);
      }
    }
  }

 private:
  // ---- helpers and symbols ----------------------------------------------
  llvm::Type* LlvmType(jit_abi::AbiType type) {
    switch (type) {
      case jit_abi::AbiType::kVoid: return builder_.getVoidTy();
      case jit_abi::AbiType::kI1: return i1_;
      case jit_abi::AbiType::kI32: return i32_;
      case jit_abi::AbiType::kI64: return i64_;
      case jit_abi::AbiType::kI64Ptr: return ptr_;
    }
    return i64_;
  }
  // The helper's type as jit_helpers.def declares it, never as the call site has it.
  llvm::FunctionType* HelperType(const jit_abi::HelperSignature& signature) {
    std::vector<llvm::Type*> params;
    for (size_t i = 0; i < signature.param_count; ++i) {
      params.push_back(LlvmType(signature.params[i]));
    }
    return llvm::FunctionType::get(LlvmType(signature.result), params, false);
  }
  llvm::Value* Call(Helper helper, const std::vector<llvm::Value*>& args) {
    const jit_abi::HelperSignature& signature = jit_abi::SignatureOf(helper);
    llvm::FunctionType* type = HelperType(signature);
    // A mismatch is a code generation bug: stop before it becomes a wrong call.
    bool matches = args.size() == type->getNumParams();
    for (size_t i = 0; matches && i < args.size(); ++i) {
      matches = args[i]->getType() == type->getParamType(static_cast<unsigned>(i));
    }
    if (!matches) {
      llvm::report_fatal_error(llvm::Twine("code generation: a call of ") + signature.name +
                               " does not match its declaration in jit_helpers.def");
    }
    return builder_.CreateCall(module_.getOrInsertFunction(signature.name, type), args);
  }
  // The address of a data symbol, as an i64.
  llvm::Value* Data(const std::string& name, const void* address) {
    llvm::GlobalVariable* global = module_.getGlobalVariable(name);
    if (global == nullptr) {
      global = new llvm::GlobalVariable(module_, llvm::Type::getInt8Ty(context_), true,
                                        llvm::GlobalValue::ExternalLinkage, nullptr, name);
      if (shared_.names.insert(name).second) out_.data.emplace_back(name, address);
    }
    return builder_.CreatePtrToInt(global, i64_);
  }
  llvm::Value* I64(uint64_t value) { return llvm::ConstantInt::get(i64_, value); }
  llvm::Value* I32(uint32_t value) { return llvm::ConstantInt::get(i32_, value); }
  llvm::Value* CtxField(unsigned index) {
    return builder_.CreateLoad(i64_, builder_.CreateConstGEP1_64(i64_, ctx_, index));
  }
  llvm::BasicBlock* Block(const char* name) {
    return llvm::BasicBlock::Create(context_, name, function_);
  }
  // Records `message` (a helper call) and leaves for the clause's error exit.
  void FailWith(Helper helper, std::vector<llvm::Value*> args) {
    args.insert(args.begin(), ctx_);
    Call(helper, args);
    builder_.CreateBr(error_);
  }
  // Continues in a fresh block when `ok` holds; fails with the helper's message otherwise.
  void Check(llvm::Value* ok, Helper helper, std::vector<llvm::Value*> args) {
    llvm::BasicBlock* pass = Block("ok");
    llvm::BasicBlock* fail = Block("fail");
    builder_.CreateCondBr(ok, pass, fail);
    builder_.SetInsertPoint(fail);
    FailWith(helper, std::move(args));
    builder_.SetInsertPoint(pass);
  }
  // Spends `steps` (an i64) of the decision's budget (runtime/core/cost.h);
  // fails the clause when not that many are left, as the interpreter does.
  // A charge of 0 always passes.
  void Charge(llvm::Value* steps) {
    auto* constant = llvm::dyn_cast<llvm::ConstantInt>(steps);
    if (constant != nullptr && constant->isZero()) return;
    llvm::Value* field = builder_.CreateConstGEP1_64(i64_, ctx_, jit_abi::kCtxSteps);
    llvm::Value* left = builder_.CreateSub(builder_.CreateLoad(i64_, field), steps);
    builder_.CreateStore(left, field);
    llvm::Value* ok = builder_.CreateICmpSGE(left, I64(0));
    if (constant == nullptr) ok = builder_.CreateOr(ok, builder_.CreateICmpEQ(steps, I64(0)));
    Check(ok, Helper::kFailFixed, {I32(jit_abi::kErrorBudget)});
  }
  llvm::Value* Min(llvm::Value* a, llvm::Value* b) {
    return builder_.CreateSelect(builder_.CreateICmpULT(a, b), a, b);
  }
  // cost::Text(length) for an i64 length.
  llvm::Value* TextCost(llvm::Value* length) {
    return builder_.CreateUDiv(length, I64(runtime::cost::kBytesPerStep));
  }
  // Stack space for a helper's out-parameter, in the entry block so that
  // a call inside a loop does not grow the stack per iteration.
  llvm::Value* StackPair() {
    llvm::IRBuilder<> entry(&function_->getEntryBlock(), function_->getEntryBlock().begin());
    return entry.CreateAlloca(i64_, I64(2));
  }
  llvm::Value* Length(llvm::Value* extra) { return builder_.CreateAnd(extra, I64(0xFFFFFFFFu)); }

  // ---- slots --------------------------------------------------------------
  // Reads slot `index` of the slot array at `base` (an i64 address).
  std::pair<llvm::Value*, llvm::Value*> LoadSlot(llvm::Value* base, llvm::Value* index) {
    llvm::Value* words = builder_.CreateIntToPtr(base, ptr_);
    llvm::Value* at = builder_.CreateShl(index, 1);
    llvm::Value* word = builder_.CreateLoad(i64_, builder_.CreateGEP(i64_, words, at));
    llvm::Value* extra =
        builder_.CreateLoad(i64_, builder_.CreateGEP(i64_, words, builder_.CreateAdd(at, I64(1))));
    return {word, extra};
  }
  CgValue FromSlot(Rep rep, llvm::Value* word, llvm::Value* extra) {
    switch (rep) {
      case Rep::kBool: return {builder_.CreateICmpNE(word, I64(0)), nullptr};
      case Rep::kInt:
      case Rep::kRecord:
      case Rep::kMap: return {word, nullptr};
      case Rep::kEmail: return {word, extra};
      case Rep::kString:
      case Rep::kList: return {word, Length(extra)};
    }
    return {word, nullptr};
  }
  std::pair<llvm::Value*, llvm::Value*> ToSlot(Rep rep, CgValue value) {
    switch (rep) {
      case Rep::kBool: return {builder_.CreateZExt(value.a, i64_), I64(0)};
      case Rep::kInt:
      case Rep::kRecord:
      case Rep::kMap: return {value.a, I64(0)};
      default: return {value.a, value.b};
    }
  }
  // A field read: absent optional values fail, or make `has` false.
  CgValue ReadField(const Node& node, llvm::Value* base) {
    auto [word, extra] = LoadSlot(base, I64(node.a));
    if (node.b != ir::kNoMessage) {
      llvm::Value* present = builder_.CreateICmpSGE(extra, I64(0));  // bit 63 clear
      if (node.b == ir::kAbsentMakesHasFalse) {
        llvm::BasicBlock* pass = Block("present");
        builder_.CreateCondBr(present, pass, has_false_);
        builder_.SetInsertPoint(pass);
      } else {
        Check(present, Helper::kFail, {I32(node.b)});
      }
    }
    return FromSlot(node.rep, word, extra);
  }

  // ---- expressions --------------------------------------------------------
  CgValue Emit(uint32_t index);
  CgValue EmitConst(const Node& node);
  CgValue EmitLogic(uint32_t index);
  CgValue EmitCompare(const Node& node);
  CgValue EmitMembership(const Node& node);
  CgValue EmitArithmetic(const Node& node);
  CgValue EmitCall(const Node& node);
  CgValue EmitQuantifier(uint32_t index);
  CgValue EmitHas(const Node& node);
  CgValue EmitIndex(const Node& node);
  CgValue EmitMakeList(const Node& node);
  // kMapGet and kInMap: the address of the key's value slot, or 0.
  llvm::Value* MapFind(const Node& node);
  llvm::Value* FindKey(const Node& node, CgValue map, CgValue key);
  CgValue EmitMapGet(const Node& node);
  CgValue EmitHasMapGet(const Node& node);
  // Whether `text` equals one of `candidates`, open-coded (lengths first,
  // then unaligned word loads against constants): no call, no memcmp.
  llvm::Value* EmitStringIn(CgValue text, const std::vector<std::string_view>& candidates);
  // The text of constant node `index` when it is a string short enough to open-code.
  const std::string* ShortConstantText(uint32_t index) const;
  llvm::Value* EmitBytesEqual(llvm::Value* address, std::string_view constant);
  llvm::Value* StringHelper(Helper helper, CgValue a, CgValue b) {
    return Call(helper, {a.a, StringLength(a), b.a, StringLength(b)});
  }
  // The byte length of a string or email value.
  llvm::Value* StringLength(CgValue value) { return Length(value.b); }

  void EmitRule(const ir::RuleBody& body, const std::string& name);

  const ir::Program& program_;
  runtime::Arena& constants_;
  SharedData& shared_;
  GeneratedCode& out_;
  llvm::LLVMContext& context_;
  llvm::Module& module_;
  llvm::IRBuilder<> builder_;
  llvm::Type* i1_;
  llvm::Type* i32_;
  llvm::Type* i64_;
  llvm::Type* ptr_;
  llvm::Function* function_ = nullptr;
  llvm::Value* ctx_ = nullptr;
  llvm::BasicBlock* error_ = nullptr;      // the current clause's error exit
  llvm::BasicBlock* has_false_ = nullptr;  // inside `has`: where absence goes
  std::unordered_map<uint32_t, CgValue> variables_;
};

}  // namespace intent::codegen::internal
