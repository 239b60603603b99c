// Code for IR expressions (see generator.h).
#include <llvm/IR/CFG.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>

#include "runtime/core/value.h"
#include "runtime/native/codegen/generator.h"
#include "stdlib/timestamp.h"

namespace intent::codegen::internal {
namespace {

// Open-coded string compares stay small: a few short constants inline,
// anything larger goes to a helper.
constexpr size_t kInlineTextBytes = 64;
constexpr size_t kInlineSetSize = 16;

bool IsShortTextSet(const std::vector<std::string>& strings) {
  if (strings.size() > kInlineSetSize) return false;
  for (const std::string& text : strings) {
    if (text.size() > kInlineTextBytes) return false;
  }
  return true;
}

}  // namespace

const std::string* Generator::ShortConstantText(uint32_t index) const {
  const Node& node = program_.nodes[index];
  if (node.op != Op::kConst || node.rep != Rep::kString) return nullptr;
  const runtime::Value& value = program_.constants[node.a];
  if (!value.Is<std::string>()) return nullptr;
  const std::string& text = value.As<std::string>();
  return text.size() <= kInlineTextBytes ? &text : nullptr;
}

CgValue Generator::EmitConst(const Node& node) {
  const runtime::Value& value = program_.constants[node.a];
  if (value.Is<bool>()) return {llvm::ConstantInt::get(i1_, value.As<bool>() ? 1 : 0), nullptr};
  auto slot = shared_.constant_slots.find(node.a);
  if (slot == shared_.constant_slots.end()) {
    slot = shared_.constant_slots.emplace(node.a, runtime::SlotOfValue(value, constants_)).first;
  }
  const runtime::Slot& s = slot->second;
  switch (node.rep) {
    case Rep::kBool:
    case Rep::kInt:
    case Rep::kRecord: return {I64(s.word), nullptr};
    default: {
      // Text and items live at fixed addresses: refer to them by symbol.
      llvm::Value* address =
          Data(fmt::format("intent.const.{}", node.a),
               reinterpret_cast<const void*>(s.word));  // NOLINT(performance-no-int-to-ptr)
      return {address, I64(node.rep == Rep::kEmail ? s.extra : runtime::LengthOf(s))};
    }
  }
}

CgValue Generator::Emit(uint32_t index) {
  const Node& node = program_.nodes[index];
  switch (node.op) {
    case Op::kConst: return EmitConst(node);
    case Op::kFail: {
      FailWith(Helper::kFail, {I32(node.a)});
      // Code after an unconditional failure is unreachable; keep the block well formed.
      builder_.SetInsertPoint(Block("dead"));
      llvm::Value* zero = node.rep == Rep::kBool ? llvm::ConstantInt::get(i1_, 0) : I64(0);
      return {zero, I64(0)};
    }
    case Op::kInputField: return ReadField(node, CtxField(jit_abi::kCtxInput));
    case Op::kContextField: return ReadField(node, CtxField(jit_abi::kCtxContext));
    case Op::kDataField: return ReadField(node, CtxField(jit_abi::kCtxData));
    case Op::kMapGet: return EmitMapGet(node);
    case Op::kInMap: {
      llvm::Value* found = builder_.CreateICmpNE(MapFind(node), I64(0));
      return {node.b == ir::kNegated ? builder_.CreateNot(found) : found, nullptr};
    }
    case Op::kField: return ReadField(node, Emit(node.args[0]).a);
    case Op::kEmailLocal: {
      CgValue email = Emit(node.args[0]);
      llvm::Value* at = builder_.CreateAnd(builder_.CreateLShr(email.b, 32), I64(0x7FFFFFFF));
      return {email.a, at};
    }
    case Op::kEmailDomain: {
      CgValue email = Emit(node.args[0]);
      llvm::Value* at = builder_.CreateAnd(builder_.CreateLShr(email.b, 32), I64(0x7FFFFFFF));
      llvm::Value* start = builder_.CreateAdd(at, I64(1));
      return {builder_.CreateAdd(email.a, start), builder_.CreateSub(Length(email.b), start)};
    }
    case Op::kNow: return {CtxField(jit_abi::kCtxNow), nullptr};
    case Op::kToday:
      return {Call(Helper::kStartOfDay,
                   {Data(fmt::format("intent.tz.{}", node.a), &program_.timezones[node.a]),
                    CtxField(jit_abi::kCtxNow)}),
              nullptr};
    case Op::kPrincipal:
      return {CtxField(jit_abi::kCtxPrincipal), CtxField(jit_abi::kCtxPrincipalLength)};
    case Op::kVariable: return variables_.at(node.a);
    case Op::kIndex: return EmitIndex(node);
    case Op::kMakeList: return EmitMakeList(node);
    case Op::kNot: return {builder_.CreateNot(Emit(node.args[0]).a), nullptr};
    case Op::kNegate: {
      llvm::Value* value = Emit(node.args[0]).a;
      Check(builder_.CreateICmpNE(value, I64(uint64_t{1} << 63)), Helper::kFailFixed,
            {I32(jit_abi::kErrorOverflow)});
      return {builder_.CreateNeg(value), nullptr};
    }
    case Op::kAnd:
    case Op::kOr: return EmitLogic(index);
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: return EmitCompare(node);
    case Op::kInSet:
    case Op::kInList: return EmitMembership(node);
    case Op::kStrContains:
    case Op::kStartsWith:
    case Op::kEndsWith: {
      CgValue lhs = Emit(node.args[0]);
      CgValue rhs = Emit(node.args[1]);
      Helper helper = node.op == Op::kStrContains  ? Helper::kStrContains
                      : node.op == Op::kStartsWith ? Helper::kStrStarts
                                                   : Helper::kStrEnds;
      llvm::Value* a = StringLength(lhs);
      llvm::Value* b = StringLength(rhs);
      Charge(TextCost(node.op == Op::kStrContains ? builder_.CreateAdd(a, b) : Min(a, b)));
      return {StringHelper(helper, lhs, rhs), nullptr};
    }
    case Op::kMatches: {
      CgValue text = Emit(node.args[0]);
      Emit(node.args[1]);  // the pattern: a constant, compiled once as regexes[a]
      llvm::Value* regex = Data(fmt::format("intent.re.{}", node.a), program_.regexes[node.a]);
      // cost::Regex: text bytes times program size, per kRegexUnitsPerStep.
      int program_size = std::max(program_.regexes[node.a]->ProgramSize(), 1);
      Charge(builder_.CreateUDiv(
          builder_.CreateMul(StringLength(text), I64(static_cast<uint64_t>(program_size))),
          I64(runtime::cost::kRegexUnitsPerStep)));
      return {Call(Helper::kMatches, {regex, text.a, StringLength(text)}), nullptr};
    }
    case Op::kAdd:
    case Op::kSub: return EmitArithmetic(node);
    case Op::kCall: return EmitCall(node);
    case Op::kAll:
    case Op::kAny:
    case Op::kNone: return EmitQuantifier(index);
    case Op::kHas: return EmitHas(node);
    case Op::kCount:
      return {Call(Helper::kCount,
                   {ctx_, Data(fmt::format("intent.count.{}", node.a), &program_.counts[node.a])}),
              nullptr};
  }
  return {I64(0), nullptr};
}

CgValue Generator::EmitLogic(uint32_t index) {
  const Node& node = program_.nodes[index];
  bool is_or = node.op == Op::kOr;
  llvm::Value* lhs = Emit(node.args[0]).a;
  llvm::BasicBlock* decided = builder_.GetInsertBlock();
  llvm::BasicBlock* right = Block(is_or ? "or.rhs" : "and.rhs");
  llvm::BasicBlock* done = Block(is_or ? "or.done" : "and.done");
  if (is_or) {
    builder_.CreateCondBr(lhs, done, right);
  } else {
    builder_.CreateCondBr(lhs, right, done);
  }
  builder_.SetInsertPoint(right);
  llvm::Value* rhs = Emit(node.args[1]).a;
  llvm::BasicBlock* right_end = builder_.GetInsertBlock();
  builder_.CreateBr(done);
  builder_.SetInsertPoint(done);
  llvm::PHINode* phi = builder_.CreatePHI(i1_, 2);
  phi->addIncoming(llvm::ConstantInt::get(i1_, is_or ? 1 : 0), decided);
  phi->addIncoming(rhs, right_end);
  return {phi, nullptr};
}

CgValue Generator::EmitCompare(const Node& node) {
  Rep rep = program_.nodes[node.args[0]].rep;
  CgValue lhs = Emit(node.args[0]);
  CgValue rhs = Emit(node.args[1]);
  // Two strings that are not constants: cost::Equality or cost::Prefix.
  // Against a constant, at most the constant's bytes are read: free.
  if (rep == Rep::kString && program_.nodes[node.args[0]].op != Op::kConst &&
      program_.nodes[node.args[1]].op != Op::kConst) {
    llvm::Value* a = StringLength(lhs);
    llvm::Value* b = StringLength(rhs);
    if (node.op == Op::kEq || node.op == Op::kNe) {
      Charge(builder_.CreateSelect(builder_.CreateICmpEQ(a, b), TextCost(a), I64(0)));
    } else {
      Charge(TextCost(Min(a, b)));
    }
  }
  if (node.op == Op::kEq || node.op == Op::kNe) {
    llvm::Value* equal;
    if (rep == Rep::kString || rep == Rep::kEmail) {
      const std::string* constant = ShortConstantText(node.args[1]);
      const std::string* left_constant = ShortConstantText(node.args[0]);
      if (constant != nullptr) {
        equal = EmitStringIn(lhs, {*constant});
      } else if (left_constant != nullptr) {
        equal = EmitStringIn(rhs, {*left_constant});
      } else {
        equal = StringHelper(Helper::kStrEq, lhs, rhs);
      }
    } else {
      equal = builder_.CreateICmpEQ(lhs.a, rhs.a);
    }
    return {node.op == Op::kEq ? equal : builder_.CreateNot(equal), nullptr};
  }
  llvm::Value* left = lhs.a;
  llvm::Value* right = rhs.a;
  if (rep == Rep::kString) {
    left = Call(Helper::kStrCmp, {lhs.a, lhs.b, rhs.a, rhs.b});
    right = I32(0);
  }
  switch (node.op) {
    case Op::kLt: return {builder_.CreateICmpSLT(left, right), nullptr};
    case Op::kLe: return {builder_.CreateICmpSLE(left, right), nullptr};
    case Op::kGt: return {builder_.CreateICmpSGT(left, right), nullptr};
    default: return {builder_.CreateICmpSGE(left, right), nullptr};
  }
}

CgValue Generator::EmitMembership(const Node& node) {
  llvm::Value* found;
  if (node.op == Op::kInSet) {
    const ir::ConstSet& set = program_.sets[node.a];
    CgValue element = Emit(node.args[0]);
    llvm::Value* address = Data(fmt::format("intent.set.{}", node.a), &set);
    switch (set.element) {
      case Rep::kBool:
        found = builder_.CreateSelect(element.a, llvm::ConstantInt::get(i1_, set.has_true),
                                      llvm::ConstantInt::get(i1_, set.has_false));
        break;
      case Rep::kString:
      case Rep::kEmail:
        if (IsShortTextSet(set.strings)) {
          found = EmitStringIn(element, {set.strings.begin(), set.strings.end()});
        } else {
          found = Call(Helper::kSetStr, {address, element.a, StringLength(element)});
        }
        break;
      default: found = Call(Helper::kSetInt, {address, element.a}); break;
    }
  } else {
    CgValue first = Emit(node.args[0]);
    CgValue second = Emit(node.args[1]);
    CgValue list = node.a == 1 ? first : second;
    CgValue element = node.a == 1 ? second : first;
    Rep rep = program_.nodes[node.args[node.a == 1 ? 1 : 0]].rep;
    auto [word, extra] = ToSlot(rep, element);
    Charge(Call(Helper::kListCost, {ctx_, I32(static_cast<uint32_t>(rep)), list.a, list.b, extra}));
    found = Call(Helper::kListHas,
                 {ctx_, I32(static_cast<uint32_t>(rep)), list.a, list.b, word, extra});
  }
  return {node.b == ir::kNegated ? builder_.CreateNot(found) : found, nullptr};
}

llvm::Value* Generator::EmitStringIn(CgValue text,
                                     const std::vector<std::string_view>& candidates) {
  llvm::Value* length = StringLength(text);
  llvm::BasicBlock* found = Block("str.found");
  llvm::BasicBlock* done = Block("str.done");
  // One length test per distinct length, then the candidates of that length.
  std::vector<std::string_view> sorted = candidates;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](std::string_view a, std::string_view b) { return a.size() < b.size(); });
  for (size_t i = 0; i < sorted.size();) {
    size_t size = sorted[i].size();
    llvm::BasicBlock* other_length = Block("str.length");
    llvm::BasicBlock* bytes = Block("str.bytes");
    builder_.CreateCondBr(builder_.CreateICmpEQ(length, I64(size)), bytes, other_length);
    builder_.SetInsertPoint(bytes);
    for (; i < sorted.size() && sorted[i].size() == size; ++i) {
      llvm::BasicBlock* next = Block("str.next");
      builder_.CreateCondBr(EmitBytesEqual(text.a, sorted[i]), found, next);
      builder_.SetInsertPoint(next);
    }
    builder_.CreateBr(other_length);
    builder_.SetInsertPoint(other_length);
  }
  llvm::BasicBlock* missing = builder_.GetInsertBlock();
  builder_.CreateBr(done);
  builder_.SetInsertPoint(found);
  builder_.CreateBr(done);
  builder_.SetInsertPoint(done);
  llvm::PHINode* phi = builder_.CreatePHI(i1_, 2);
  phi->addIncoming(llvm::ConstantInt::get(i1_, 1), found);
  phi->addIncoming(llvm::ConstantInt::get(i1_, 0), missing);
  return phi;
}

// `address` holds at least constant.size() bytes (the lengths are equal).
// Words of 8, 4, 2 or 1 bytes cover the constant; the last word may
// overlap the one before it, so no load reads past the text.
llvm::Value* Generator::EmitBytesEqual(llvm::Value* address, std::string_view constant) {
  size_t n = constant.size();
  if (n == 0) return llvm::ConstantInt::get(i1_, 1);
  size_t width = n >= 8 ? 8 : n >= 4 ? 4 : n >= 2 ? 2 : 1;
  llvm::Type* word = builder_.getIntNTy(static_cast<unsigned>(width * 8));
  llvm::Value* difference = nullptr;
  for (size_t offset = 0; offset < n; offset += width) {
    size_t at = std::min(offset, n - width);
    uint64_t expected = 0;
    std::memcpy(&expected, constant.data() + at, width);  // little-endian, as the loads
    llvm::Value* pointer = builder_.CreateIntToPtr(builder_.CreateAdd(address, I64(at)),
                                                   llvm::PointerType::getUnqual(word));
    llvm::LoadInst* load = builder_.CreateAlignedLoad(word, pointer, llvm::MaybeAlign(1));
    llvm::Value* x = builder_.CreateXor(load, llvm::ConstantInt::get(word, expected));
    difference = difference == nullptr ? x : builder_.CreateOr(difference, x);
  }
  return builder_.CreateICmpEQ(difference, llvm::ConstantInt::get(word, 0));
}

CgValue Generator::EmitArithmetic(const Node& node) {
  llvm::Value* lhs = Emit(node.args[0]).a;
  llvm::Value* rhs = Emit(node.args[1]).a;
  llvm::Intrinsic::ID id = node.op == Op::kAdd ? llvm::Intrinsic::sadd_with_overflow
                                               : llvm::Intrinsic::ssub_with_overflow;
  llvm::Value* pair = builder_.CreateBinaryIntrinsic(id, lhs, rhs);
  llvm::Value* result = builder_.CreateExtractValue(pair, 0);
  Check(builder_.CreateNot(builder_.CreateExtractValue(pair, 1)), Helper::kFailFixed,
        {I32(jit_abi::kErrorOverflow)});
  if (node.b == 1) {  // a timestamp: beyond year 9999 no calendar function could use it
    llvm::Value* in_range = builder_.CreateAnd(
        builder_.CreateICmpSGE(result, I64(static_cast<uint64_t>(stdlib::kMinTimestampMicros))),
        builder_.CreateICmpSLE(result, I64(static_cast<uint64_t>(stdlib::kMaxTimestampMicros))));
    Check(in_range, Helper::kFailFixed, {I32(jit_abi::kErrorTimestampRange)});
  }
  return {result, nullptr};
}

CgValue Generator::EmitCall(const Node& node) {
  CgValue arg = Emit(node.args[0]);
  auto function = static_cast<ir::Function>(node.a);
  auto zone = [&] {
    return Data(fmt::format("intent.tz.{}", node.b), &program_.timezones[node.b]);
  };
  // Helpers returning a string write (address, length) to a stack pair.
  auto string_out = [&](Helper helper, bool with_ctx) -> CgValue {
    llvm::Value* out = StackPair();
    std::vector<llvm::Value*> args = {arg.a, StringLength(arg), out};
    if (with_ctx) args.insert(args.begin(), ctx_);
    Call(helper, args);
    return {builder_.CreateLoad(i64_, out),
            builder_.CreateLoad(i64_, builder_.CreateConstGEP1_64(i64_, out, 1))};
  };
  // lower, upper, trim and size read (and the first two copy) the whole string.
  if (program_.nodes[node.args[0]].rep == Rep::kString) Charge(TextCost(StringLength(arg)));
  switch (function) {
    case ir::Function::kLower: return string_out(Helper::kLower, true);
    case ir::Function::kUpper: return string_out(Helper::kUpper, true);
    case ir::Function::kTrim: return string_out(Helper::kTrim, false);
    case ir::Function::kSizeString:
      return {Call(Helper::kCodePoints, {arg.a, StringLength(arg)}), nullptr};
    case ir::Function::kSizeList: return {arg.b, nullptr};
    case ir::Function::kHour: return {Call(Helper::kHour, {zone(), arg.a}), nullptr};
    case ir::Function::kDate: return {Call(Helper::kStartOfDay, {zone(), arg.a}), nullptr};
    case ir::Function::kWeekday: {
      llvm::Value* out = StackPair();
      Call(Helper::kWeekday, {zone(), arg.a, out});
      return {builder_.CreateLoad(i64_, out),
              builder_.CreateLoad(i64_, builder_.CreateConstGEP1_64(i64_, out, 1))};
    }
    case ir::Function::kDays:
    case ir::Function::kHours:
    case ir::Function::kMinutes: {
      char unit = function == ir::Function::kDays    ? 'd'
                  : function == ir::Function::kHours ? 'h'
                                                     : 'm';
      llvm::Value* out = StackPair();
      llvm::Value* ok = Call(Helper::kDuration, {arg.a, I32(unit), out});
      Check(ok, Helper::kFailFixed, {I32(jit_abi::kErrorOverflow)});
      return {builder_.CreateLoad(i64_, out), nullptr};
    }
  }
  return {I64(0), nullptr};
}

CgValue Generator::EmitIndex(const Node& node) {
  CgValue list = Emit(node.args[0]);
  llvm::Value* index = Emit(node.args[1]).a;
  // Unsigned: a negative index is out of range too.
  Check(builder_.CreateICmpULT(index, list.b), Helper::kFailIndex, {index, list.b});
  auto [word, extra] = LoadSlot(list.a, index);
  return FromSlot(node.rep, word, extra);
}

llvm::Value* Generator::MapFind(const Node& node) {
  // Key first for kInMap, map first for kMapGet: evaluation order.
  bool map_first = node.op == Op::kMapGet;
  CgValue first = Emit(node.args[0]);
  CgValue second = Emit(node.args[1]);
  return FindKey(node, map_first ? first : second, map_first ? second : first);
}

llvm::Value* Generator::FindKey(const Node& node, CgValue map, CgValue key) {
  Rep rep = program_.nodes[node.args[node.op == Op::kMapGet ? 1 : 0]].rep;
  auto [word, extra] = ToSlot(rep, key);
  // cost::Lookup: hashing the key's text.
  if (rep == Rep::kString || rep == Rep::kEmail) Charge(TextCost(Length(extra)));
  return Call(Helper::kMapFind, {map.a, I32(static_cast<uint32_t>(rep)), word, extra});
}

CgValue Generator::EmitMapGet(const Node& node) {
  if (node.b == ir::kAbsentMakesHasFalse) return EmitHasMapGet(node);
  llvm::Value* slot = MapFind(node);
  Check(builder_.CreateICmpNE(slot, I64(0)), Helper::kFail, {I32(node.b)});
  auto [word, extra] = LoadSlot(slot, I64(0));
  return FromSlot(node.rep, word, extra);
}

// `m[k]` on a `has` path (`has data.m[a].inner[b]`): a missing key makes
// the `has` false. So does an absent map (a missing entry or optional field
// before it), but only once its key is read: the interpreter reads every
// key on the path, so its errors and its cost count either way.
CgValue Generator::EmitHasMapGet(const Node& node) {
  llvm::BasicBlock* has_false = has_false_;
  llvm::BasicBlock* map_absent = Block("key.map_absent");
  has_false_ = map_absent;
  CgValue map = Emit(node.args[0]);
  has_false_ = has_false;
  CgValue key = Emit(node.args[1]);
  llvm::Value* slot = FindKey(node, map, key);
  llvm::BasicBlock* pass = Block("key.present");
  builder_.CreateCondBr(builder_.CreateICmpNE(slot, I64(0)), pass, has_false);
  if (llvm::pred_empty(map_absent)) {
    map_absent->eraseFromParent();  // a data document: never absent
  } else {
    builder_.SetInsertPoint(map_absent);
    Emit(node.args[1]);
    builder_.CreateBr(has_false);
  }
  builder_.SetInsertPoint(pass);
  auto [word, extra] = LoadSlot(slot, I64(0));
  return FromSlot(node.rep, word, extra);
}

CgValue Generator::EmitMakeList(const Node& node) {
  std::vector<std::pair<llvm::Value*, llvm::Value*>> items;
  for (uint32_t arg : node.args) {
    Rep rep = program_.nodes[arg].rep;
    CgValue item = Emit(arg);
    // The interpreter copies a string into the new list: charged as read.
    if (rep == Rep::kString && program_.nodes[arg].op != Op::kConst) {
      Charge(TextCost(StringLength(item)));
    }
    items.push_back(ToSlot(rep, item));
  }
  llvm::Value* base = Call(Helper::kAllocSlots, {ctx_, I64(items.size())});
  llvm::Value* words = builder_.CreateIntToPtr(base, ptr_);
  for (size_t i = 0; i < items.size(); ++i) {
    builder_.CreateStore(items[i].first, builder_.CreateConstGEP1_64(i64_, words, 2 * i));
    builder_.CreateStore(items[i].second, builder_.CreateConstGEP1_64(i64_, words, 2 * i + 1));
  }
  return {base, I64(items.size())};
}

CgValue Generator::EmitQuantifier(uint32_t index) {
  const Node& node = program_.nodes[index];
  CgValue list = Emit(node.args[0]);
  const types::Type* element_type = program_.nodes[node.args[0]].type->element();
  Rep element = element_type != nullptr ? ir::RepOf(element_type) : Rep::kInt;
  // all: true unless some body is false; any: false unless some is true;
  // none: true unless some is true. Stops at the deciding element.
  bool stop_on = node.op != Op::kAll;
  bool stopped_result = node.op == Op::kAny;
  llvm::BasicBlock* entry = builder_.GetInsertBlock();
  llvm::BasicBlock* header = Block("q.next");
  llvm::BasicBlock* body = Block("q.body");
  llvm::BasicBlock* done = Block("q.done");
  builder_.CreateBr(header);
  builder_.SetInsertPoint(header);
  llvm::PHINode* i = builder_.CreatePHI(i64_, 2);
  i->addIncoming(I64(0), entry);
  builder_.CreateCondBr(builder_.CreateICmpULT(i, list.b), body, done);
  builder_.SetInsertPoint(body);
  Charge(I64(node.a));  // the element's weight (cost::BodyWeight)
  auto [word, extra] = LoadSlot(list.a, i);
  variables_[index] = FromSlot(element, word, extra);
  llvm::Value* value = Emit(node.args[1]).a;
  llvm::BasicBlock* body_end = builder_.GetInsertBlock();
  llvm::BasicBlock* step = Block("q.step");
  llvm::Value* stop = stop_on ? value : builder_.CreateNot(value);
  builder_.CreateCondBr(stop, done, step);
  builder_.SetInsertPoint(step);
  i->addIncoming(builder_.CreateAdd(i, I64(1)), step);
  builder_.CreateBr(header);
  builder_.SetInsertPoint(done);
  llvm::PHINode* result = builder_.CreatePHI(i1_, 2);
  result->addIncoming(llvm::ConstantInt::get(i1_, stopped_result ? 0 : 1), header);
  result->addIncoming(llvm::ConstantInt::get(i1_, stopped_result ? 1 : 0), body_end);
  variables_.erase(index);
  return {result, nullptr};
}

CgValue Generator::EmitHas(const Node& node) {
  llvm::BasicBlock* outer = has_false_;
  has_false_ = Block("has.absent");
  Emit(node.args[0]);
  llvm::BasicBlock* present_end = builder_.GetInsertBlock();
  llvm::BasicBlock* done = Block("has.done");
  builder_.CreateBr(done);
  builder_.SetInsertPoint(has_false_);
  builder_.CreateBr(done);
  builder_.SetInsertPoint(done);
  llvm::PHINode* result = builder_.CreatePHI(i1_, 2);
  result->addIncoming(llvm::ConstantInt::get(i1_, 1), present_end);
  result->addIncoming(llvm::ConstantInt::get(i1_, 0), has_false_);
  has_false_ = outer;
  return {result, nullptr};
}

}  // namespace intent::codegen::internal
