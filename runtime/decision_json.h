// The decision JSON of spec section 8:
// {"decision": "ask", "rules": [...], "reasons": [...], "errors": [...]}.
#pragma once

#include <string>

#include "runtime/decision.h"

namespace intent::runtime {

// One line, no trailing newline.
std::string DecisionToJson(const Decision& decision);

}  // namespace intent::runtime
