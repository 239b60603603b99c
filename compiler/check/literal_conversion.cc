// Compile-time conversion of string literals to email, timestamp and enum
// values (docs/language.md §7.4): `message.sender == "boss@example.com"` is checked
// here, once, instead of on every request.
#include <fmt/format.h>

#include "compiler/check/checker_impl.h"
#include "stdlib/email.h"
#include "stdlib/timestamp.h"

namespace intent::check {
namespace {

bool Convertible(const Type* type) {
  return type->Is(TypeKind::kEmail) || type->Is(TypeKind::kTimestamp) || type->Is(TypeKind::kEnum);
}

}  // namespace

void Checker::CollectConstantStrings(const ast::Expr& expr,
                                     std::vector<const ast::StringLiteral*>& out,
                                     bool& all_constant, int depth) {
  (void)depth;
  const ast::Expr* e = &expr;
  // Follow lets to their values (bounded: cycles were reported already).
  for (int hops = 0; e->kind == ast::ExprKind::kName && hops < 64; ++hops) {
    auto it = out_.names.find(e->id);
    if (it == out_.names.end() || it->second.kind != NameKind::kLet) break;
    e = it->second.let->value.get();
  }
  if (e->kind == ast::ExprKind::kString) {
    out.push_back(static_cast<const ast::StringLiteral*>(e));
  } else {
    all_constant = false;
  }
}

const Type* Checker::TryConvert(const ast::Expr& expr, const Type* wanted) {
  bool is_list = wanted->Is(TypeKind::kList);
  const Type* element = is_list ? wanted->element() : wanted;
  if (!Convertible(element)) return nullptr;

  std::vector<const ast::StringLiteral*> literals;
  bool all_constant = true;
  if (is_list) {
    const ast::Expr* e = &expr;
    for (int hops = 0; e->kind == ast::ExprKind::kName && hops < 64; ++hops) {
      auto it = out_.names.find(e->id);
      if (it == out_.names.end() || it->second.kind != NameKind::kLet) break;
      e = it->second.let->value.get();
    }
    if (e->kind != ast::ExprKind::kList) return nullptr;
    for (const ast::ExprPtr& item : static_cast<const ast::ListLiteral&>(*e).elements) {
      CollectConstantStrings(*item, literals, all_constant);
    }
  } else {
    CollectConstantStrings(expr, literals, all_constant);
  }
  if (!all_constant) return nullptr;
  for (const ast::StringLiteral* literal : literals) ValidateConverted(*literal, element);
  out_.conversions[expr.id] = wanted;
  return Record(expr, wanted);
}

bool Checker::ValidateConverted(const ast::StringLiteral& literal, const Type* wanted) {
  auto [it, inserted] = validated_.emplace(std::pair{literal.id, wanted}, true);
  if (!inserted) return it->second;
  bool ok = true;
  // Diagnostics point at the literal, which may sit in a `let` of this file.
  if (wanted->Is(TypeKind::kEmail)) {
    if (!stdlib::ParseEmail(literal.value)) {
      ok = false;
      Report(DiagKind::kInvalidEmail, literal.span,
             fmt::format("\"{}\" is not an email address: {}", literal.value,
                         stdlib::ExplainInvalidEmail(literal.value)));
    }
  } else if (wanted->Is(TypeKind::kTimestamp)) {
    bool out_of_range = false;
    if (!stdlib::ParseTimestamp(literal.value, &out_of_range)) {
      ok = false;
      Report(DiagKind::kInvalidTimestamp, literal.span,
             out_of_range ? fmt::format("\"{}\" is outside the years 0000 to 9999 once its "
                                        "offset is applied",
                                        literal.value)
                          : fmt::format("\"{}\" is not an RFC 3339 timestamp", literal.value),
             out_of_range ? "timestamps are instants from 0000-01-01T00:00:00Z to "
                            "9999-12-31T23:59:59.999999Z"
                          : "write a date and time with a zone, like \"2026-01-01T09:00:00Z\" or "
                            "\"2026-01-01T09:00:00+01:00\"");
    }
  } else if (wanted->Is(TypeKind::kEnum)) {
    const types::EnumType& enumeration = *wanted->enumeration();
    if (!enumeration.Contains(literal.value)) {
      ok = false;
      std::string suggestion = SuggestName(literal.value, enumeration.values);
      std::string values;
      for (const std::string& v : enumeration.values)
        values += (values.empty() ? "'" : ", '") + v + "'";
      Report(DiagKind::kInvalidEnumValue, literal.span,
             suggestion.empty()
                 ? fmt::format("\"{}\" is not a value of '{}'", literal.value, enumeration.name)
                 : fmt::format("\"{}\" is not a value of '{}'; did you mean '{}'?", literal.value,
                               enumeration.name, suggestion),
             fmt::format("'{}' is one of {}", enumeration.name, values));
    }
  }
  it->second = ok;
  return ok;
}

}  // namespace intent::check
