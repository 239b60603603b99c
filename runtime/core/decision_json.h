// The decision JSON of spec section 8:
// {"decision": "ask", "rules": [...], "reasons": [...], "errors": [...]}.
#pragma once

#include <string>

#include "runtime/core/decision.h"

namespace intent::runtime {

// One line, no trailing newline. With `explain`, an "explain" member lists
// every applicable rule's outcome and, when a default decided, why.
std::string DecisionToJson(const Decision& decision, const Explanation* explain = nullptr);

}  // namespace intent::runtime
