// The decision JSON (docs/semantics.md, "The decision"):
// {"decision": "ask", "rules": [...], "reasons": [...], "errors": [...]}.
#pragma once

#include <string>

#include "runtime/core/decision.h"

namespace intent::runtime {

// One line, no trailing newline. With an explanation, an "explain" member
// lists every applicable rule's outcome and, when a default decided, why.
std::string DecisionToJson(const Decision& decision);
// With an explanation kept beside the decision (the engines' own Decide
// takes one by pointer).
std::string DecisionToJson(const Decision& decision, const Explanation* explain);

}  // namespace intent::runtime
