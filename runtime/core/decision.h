// The result of deciding one request (docs/semantics.md): the public
// type itself (include/intent/decision.hpp), so both engines build what
// the API hands out.
#pragma once

#include "intent/decision.hpp"

namespace intent::runtime {

using intent::AskRecord;
using intent::Decision;
using intent::Effect;
using intent::Explanation;
using intent::RuleTrace;

const char* Spelling(Effect effect);  // "allow", "ask", "deny"

}  // namespace intent::runtime
