// The result of deciding one request (spec section 8).
#pragma once

#include <string>
#include <vector>

namespace intent::runtime {

enum class Effect { kAllow, kAsk, kDeny };
const char* Spelling(Effect effect);  // "allow", "ask", "deny"

struct Decision {
  Effect effect = Effect::kDeny;
  // The matching rules whose effect is the decision; empty when it came
  // from a default or from an invalid request.
  std::vector<std::string> rules;
  std::vector<std::string> reasons;  // the `because` texts of those rules
  // Evaluation errors (fail-closed) and request errors, "RULE: message".
  std::vector<std::string> errors;
};

// Why a decision came out as it did (`intentc eval --explain`): one entry
// per applicable rule, in evaluation order.
struct RuleTrace {
  std::string rule;     // the rule id
  std::string effect;   // "allow", "ask" or "forbid"
  std::string outcome;  // "matched", "not matched", "limit reached", ...
  std::string detail;   // which condition decided it, the error, the limit state
};

struct Explanation {
  std::vector<RuleTrace> rules;
  std::string fallback;  // set when a default (or no policy) decided
};

}  // namespace intent::runtime
