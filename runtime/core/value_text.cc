// Values as text shared by both engines (see value_text.h).
#include "runtime/core/value_text.h"

#include <fmt/format.h>

namespace intent::runtime {

std::string PathOf(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kName) return static_cast<const ast::NameRef&>(expr).name;
  if (expr.kind != ast::ExprKind::kField) return "(...)";
  const auto& access = static_cast<const ast::FieldAccess&>(expr);
  return PathOf(*access.base) + "." + access.field.text;
}

std::string KeyText(const Value& value) {
  if (value.Is<std::string>()) return value.As<std::string>();
  if (value.Is<int64_t>()) return std::to_string(value.As<int64_t>());
  if (value.Is<bool>()) return value.As<bool>() ? "true" : "false";
  if (value.Is<Email>()) return value.As<Email>().local + "@" + value.As<Email>().domain;
  if (value.Is<Timestamp>()) return std::to_string(value.As<Timestamp>().micros);
  if (value.Is<Duration>()) return std::to_string(value.As<Duration>().micros);
  if (value.Is<EnumValue>()) {
    const EnumValue& e = value.As<EnumValue>();
    return e.type->values[e.index];
  }
  return "";
}

std::string CountKey(std::string_view principal, std::string_view operation_id) {
  // Principals are arbitrary strings: the length prefix keeps keys unambiguous.
  return fmt::format("count:{}:{}:{}", principal.size(), principal, operation_id);
}

}  // namespace intent::runtime
