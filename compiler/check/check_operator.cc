// Typing of unary and binary operators (docs/language.md §7.3).
#include <fmt/format.h>
#include <re2/re2.h>

#include "compiler/check/checker_impl.h"
#include "compiler/check/cost_model.h"
#include "compiler/diag/wording.h"

namespace intent::check {
namespace {

bool IsError(const Type* type) { return type->Is(TypeKind::kError); }

bool Orderable(const Type* type) {
  return type->Is(TypeKind::kInt) || type->Is(TypeKind::kDuration) ||
         type->Is(TypeKind::kTimestamp) || type->Is(TypeKind::kString);
}

std::string EmailHelp(const Type* a, const Type* b) {
  bool email = a->Is(TypeKind::kEmail) || b->Is(TypeKind::kEmail);
  bool string = a->Is(TypeKind::kString) || b->Is(TypeKind::kString);
  return email && string ? "an email's parts are strings: use '.local' or '.domain'" : "";
}

}  // namespace

const Type* Checker::CheckUnary(const ast::Unary& unary) {
  const Type* operand = Check(*unary.operand);
  if (IsError(operand)) return unary.op == ast::UnaryOp::kNot ? arena_.Bool() : operand;
  if (unary.op == ast::UnaryOp::kNot) {
    if (!operand->Is(TypeKind::kBool)) {
      Report(DiagKind::kOperandType, unary.operand->span,
             fmt::format("'not' needs a bool, not {}", AQuoted(operand->ToString())));
    }
    return arena_.Bool();
  }
  if (!operand->Is(TypeKind::kInt) && !operand->Is(TypeKind::kDuration)) {
    Report(DiagKind::kOperandType, unary.operand->span,
           fmt::format("'-' needs an int or a duration, not {}", AQuoted(operand->ToString())));
    return arena_.Error();
  }
  return operand;
}

const Type* Checker::CheckBinary(const ast::Binary& binary) {
  switch (binary.op) {
    case ast::BinaryOp::kOr:
    case ast::BinaryOp::kAnd: return CheckLogical(binary);
    case ast::BinaryOp::kEq:
    case ast::BinaryOp::kNe:
    case ast::BinaryOp::kLt:
    case ast::BinaryOp::kLe:
    case ast::BinaryOp::kGt:
    case ast::BinaryOp::kGe: return CheckComparison(binary);
    case ast::BinaryOp::kIn:
    case ast::BinaryOp::kNotIn:
    case ast::BinaryOp::kContains: return CheckMembership(binary);
    case ast::BinaryOp::kStartsWith:
    case ast::BinaryOp::kEndsWith:
    case ast::BinaryOp::kMatches: return CheckStringOperator(binary);
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSub: return CheckArithmetic(binary);
  }
  return arena_.Error();
}

const Type* Checker::CheckLogical(const ast::Binary& binary) {
  const Type* lhs = Check(*binary.lhs);
  // The right side runs only when the left did not decide: for `and` the
  // left is true there, for `or` it is false. Its guards hold on the right.
  size_t facts_before = facts_.size();
  CollectFacts(*binary.lhs, binary.op == ast::BinaryOp::kAnd, facts_);
  const Type* rhs = Check(*binary.rhs);
  facts_.resize(facts_before);
  for (const auto& [side, type] :
       {std::pair{binary.lhs.get(), lhs}, std::pair{binary.rhs.get(), rhs}}) {
    if (IsError(type) || type->Is(TypeKind::kBool)) continue;
    Report(DiagKind::kOperandType, side->span,
           fmt::format("'{}' needs bool operands; this one is {}", ast::Spelling(binary.op),
                       AQuoted(type->ToString())));
  }
  return arena_.Bool();
}

const Type* Checker::CheckComparison(const ast::Binary& binary) {
  const Type* lhs = Check(*binary.lhs);
  const Type* rhs = Check(*binary.rhs);
  if (IsError(lhs) || IsError(rhs)) return arena_.Bool();
  if (lhs->Is(TypeKind::kList) && rhs->Is(TypeKind::kList)) {
    Report(DiagKind::kNotComparable, binary.op_span,
           fmt::format("lists cannot be compared with '{}'", ast::Spelling(binary.op)),
           "compare their size, or test elements with 'in' or 'all'");
    return arena_.Bool();
  }
  if (lhs != rhs) {
    if (const Type* converted = TryConvert(*binary.rhs, lhs)) {
      rhs = converted;
    } else if (const Type* converted_lhs = TryConvert(*binary.lhs, rhs)) {
      lhs = converted_lhs;
    }
  }
  if (lhs != rhs) {
    Report(DiagKind::kOperandType, binary.span,
           fmt::format("cannot compare {} with {}", AQuoted(lhs->ToString()),
                       AQuoted(rhs->ToString())),
           EmailHelp(lhs, rhs));
    return arena_.Bool();
  }
  bool equality = binary.op == ast::BinaryOp::kEq || binary.op == ast::BinaryOp::kNe;
  if (equality && !lhs->IsScalar()) {
    Report(DiagKind::kNotComparable, binary.op_span,
           fmt::format("values of type '{}' cannot be compared with '{}'", lhs->ToString(),
                       ast::Spelling(binary.op)),
           lhs->Is(TypeKind::kList)  ? "compare their size, or test elements with 'in' or 'all'"
           : lhs->Is(TypeKind::kMap) ? "look values up by key instead: 'm[k]', 'k in m'"
                                     : "compare their fields instead");
  } else if (!equality && !Orderable(lhs)) {
    Report(DiagKind::kNotComparable, binary.op_span,
           fmt::format("'{}' does not order values of type '{}'", ast::Spelling(binary.op),
                       lhs->ToString()),
           "ordering applies to int, duration, timestamp and string");
  }
  return arena_.Bool();
}

const Type* Checker::CheckMembership(const ast::Binary& binary) {
  const Type* lhs = Check(*binary.lhs);
  const Type* rhs = Check(*binary.rhs);
  if (IsError(lhs) || IsError(rhs)) return arena_.Bool();
  bool contains = binary.op == ast::BinaryOp::kContains;
  // Normalise to (element, list): `x in L` or `L contains x`.
  const ast::Expr& element_expr = contains ? *binary.rhs : *binary.lhs;
  const ast::Expr& list_expr = contains ? *binary.lhs : *binary.rhs;
  const Type* element = contains ? rhs : lhs;
  const Type* list = contains ? lhs : rhs;
  if (contains && list->Is(TypeKind::kString) && element->Is(TypeKind::kString)) {
    return arena_.Bool();  // substring test
  }
  if (list->Is(TypeKind::kMap)) {
    // `k in m`: whether the map has the key (a hash lookup).
    if (contains) {
      Report(DiagKind::kOperandType, binary.op_span,
             "'contains' does not look into maps; test a key with 'KEY in MAP'");
    } else if (element != list->key() && TryConvert(element_expr, list->key()) == nullptr) {
      Report(DiagKind::kOperandType, binary.span,
             fmt::format("'{}' looks for {} among the keys of '{}', which are '{}'",
                         ast::Spelling(binary.op), AQuoted(element->ToString()), list->ToString(),
                         list->key()->ToString()),
             EmailHelp(element, list->key()));
    }
    return arena_.Bool();
  }
  if (list->Is(TypeKind::kList) && !element->IsScalar()) {
    // Membership compares with '==', which lists and records do not have.
    Report(DiagKind::kNotComparable, binary.op_span,
           fmt::format("'{}' cannot look for {}: lists and records are not comparable",
                       ast::Spelling(binary.op), AQuoted(element->ToString())),
           "test the elements with 'any x in ...: ...' instead");
    return arena_.Bool();
  }
  if (!list->Is(TypeKind::kList)) {
    Report(
        DiagKind::kOperandType, list_expr.span,
        fmt::format("'{}' needs a list {}, not {}", ast::Spelling(binary.op),
                    contains ? "(or a string) on the left" : "on the right",
                    AQuoted(list->ToString())),
        !contains && list->Is(TypeKind::kString) ? "to look for a substring, use 'contains'" : "");
    return arena_.Bool();
  }
  if (list->element()->Is(TypeKind::kUnknown) || list->element() == element) return arena_.Bool();
  if (TryConvert(list_expr, arena_.ListOf(element)) != nullptr) return arena_.Bool();
  if (TryConvert(element_expr, list->element()) != nullptr) return arena_.Bool();
  Report(DiagKind::kOperandType, binary.span,
         fmt::format("'{}' looks for {} in a list of '{}'", ast::Spelling(binary.op),
                     AQuoted(element->ToString()), list->element()->ToString()),
         EmailHelp(element, list->element()));
  return arena_.Bool();
}

const Type* Checker::CheckStringOperator(const ast::Binary& binary) {
  const Type* lhs = Check(*binary.lhs);
  const Type* rhs = Check(*binary.rhs);
  for (const auto& [side, type] :
       {std::pair{binary.lhs.get(), lhs}, std::pair{binary.rhs.get(), rhs}}) {
    if (IsError(type) || type->Is(TypeKind::kString)) continue;
    Report(DiagKind::kOperandType, side->span,
           fmt::format("'{}' needs strings; this operand is {}", ast::Spelling(binary.op),
                       AQuoted(type->ToString())),
           type->Is(TypeKind::kEmail) ? "an email's parts are strings: use '.local' or '.domain'"
                                      : "");
  }
  if (binary.op != ast::BinaryOp::kMatches || !rhs->Is(TypeKind::kString)) return arena_.Bool();

  // The pattern must be known at compile time: a literal, or a let bound to one.
  const ast::Expr* pattern = binary.rhs.get();
  for (int hops = 0; pattern->kind == ast::ExprKind::kName && hops < 64; ++hops) {
    auto it = out_.names.find(pattern->id);
    if (it == out_.names.end() || it->second.kind != NameKind::kLet) break;
    pattern = it->second.let->value.get();
  }
  if (pattern->kind != ast::ExprKind::kString) {
    Report(DiagKind::kRegexNotLiteral, binary.rhs->span,
           "the pattern of 'matches' must be a string literal, or a let bound to one",
           "patterns are compiled and checked before the policy runs");
    return arena_.Bool();
  }
  const auto& literal = static_cast<const ast::StringLiteral&>(*pattern);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(cost::kRegexMaxMemory);
  auto regex = std::make_shared<const RE2>(literal.value, options);
  // A program too large for RE2's memory is too large for the budget too.
  if (regex->error_code() == RE2::ErrorPatternTooLarge) {
    Report(DiagKind::kRegexTooLarge, literal.span,
           fmt::format("regular expression is too large: it compiles to more than the {} RE2 "
                       "instructions a pattern may have",
                       cost::kMaxRegexProgramSize),
           "bounded repetitions multiply the program ('.{0,1000}' is 1000 copies of '.'); "
           "use a smaller bound, or '.*'");
    return arena_.Bool();
  }
  if (!regex->ok()) {
    Report(DiagKind::kInvalidRegex, literal.span,
           fmt::format("invalid regular expression: {}", regex->error()),
           "patterns use RE2 syntax (no backreferences or lookaround)");
    return arena_.Bool();
  }
  // A search costs up to text length x program size (the NFA), so a huge
  // program could not search even a short text within the budget.
  if (regex->ProgramSize() > cost::kMaxRegexProgramSize) {
    Report(DiagKind::kRegexTooLarge, literal.span,
           fmt::format("regular expression is too large: it compiles to {} RE2 instructions, "
                       "more than the {} a pattern may have",
                       regex->ProgramSize(), cost::kMaxRegexProgramSize),
           "bounded repetitions multiply the program ('.{0,1000}' is 1000 copies of '.'); "
           "use a smaller bound, or '.*'");
    return arena_.Bool();
  }
  out_.regexes[binary.id] = std::move(regex);
  return arena_.Bool();
}

const Type* Checker::CheckArithmetic(const ast::Binary& binary) {
  const Type* lhs = Check(*binary.lhs);
  const Type* rhs = Check(*binary.rhs);
  if (IsError(lhs) || IsError(rhs)) return arena_.Error();
  // A string literal next to a duration or timestamp is a timestamp.
  if (lhs->Is(TypeKind::kString) &&
      (rhs->Is(TypeKind::kDuration) || rhs->Is(TypeKind::kTimestamp))) {
    if (const Type* converted = TryConvert(*binary.lhs, arena_.Timestamp())) lhs = converted;
  }
  if (rhs->Is(TypeKind::kString) && lhs->Is(TypeKind::kTimestamp) &&
      binary.op == ast::BinaryOp::kSub) {
    if (const Type* converted = TryConvert(*binary.rhs, arena_.Timestamp())) rhs = converted;
  }
  bool add = binary.op == ast::BinaryOp::kAdd;
  TypeKind l = lhs->kind(), r = rhs->kind();
  if (l == TypeKind::kInt && r == TypeKind::kInt) return arena_.Int();
  if (l == TypeKind::kDuration && r == TypeKind::kDuration) return arena_.Duration();
  if (l == TypeKind::kTimestamp && r == TypeKind::kDuration) return arena_.Timestamp();
  if (add && l == TypeKind::kDuration && r == TypeKind::kTimestamp) return arena_.Timestamp();
  if (!add && l == TypeKind::kTimestamp && r == TypeKind::kTimestamp) return arena_.Duration();
  Report(DiagKind::kOperandType, binary.span,
         fmt::format("'{}' does not apply to {} and {}", ast::Spelling(binary.op),
                     AQuoted(lhs->ToString()), AQuoted(rhs->ToString())),
         l == TypeKind::kString && r == TypeKind::kString
             ? "strings cannot be joined with '+'"
             : "'+' and '-' work on ints, on durations, and on a timestamp with a duration");
  return arena_.Error();
}

}  // namespace intent::check
