// Values as text where both engines must spell them alike: limit and
// count keys, constant-set members, and the field paths of error messages.
#pragma once

#include <string>
#include <string_view>

#include "compiler/ast/ast.h"
#include "runtime/core/value.h"

namespace intent::runtime {

// A scalar as text, distinct for distinct values of one type: limit keys
// and the hash sets of constant lists use it.
std::string KeyText(const Value& value);

// "message.subject": how error messages name a field path (the JIT's
// messages use it too, so both engines word them alike).
std::string PathOf(const ast::Expr& expr);

// Key under which allowed calls of `principal` to `operation_id` are counted.
std::string CountKey(std::string_view principal, std::string_view operation_id);

}  // namespace intent::runtime
