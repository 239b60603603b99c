// The answer for one call, as the library gives it to an embedder and as
// both engines build it: one type from the engines to the C++ API, so a
// decision is never converted field by field on its way out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "intent/export.h"

namespace intent {

enum class Effect { kAllow, kAsk, kDeny };

// "allow", "ask" or "deny".
INTENT_API const char* EffectName(Effect effect);

// Why one applicable rule came out as it did (DecideOptions::explain).
struct RuleTrace {
  std::string rule;     // the rule id
  std::string effect;   // "allow", "ask" or "forbid"
  std::string outcome;  // "matched", "not matched", "limit reached", ...
  std::string detail;   // which condition decided it, the error, the limit state
};

// Every applicable rule's outcome in evaluation order, and, when a default
// (or no policy) decided, why.
struct Explanation {
  std::vector<RuleTrace> rules;
  std::string fallback;
};

// The answer for one call (docs/semantics.md).
struct Decision {
  Effect effect = Effect::kDeny;
  // The matching rules whose effect is the decision (their @id, or
  // FILE:LINE); empty when a default decided or the request was invalid.
  std::vector<std::string> rules;
  std::vector<std::string> reasons;  // the `because` texts of those rules
  // Evaluation errors (fail-closed: "RULE: 'when' at line N: message") and
  // request errors ("input.message.to[2]: expected email").
  std::vector<std::string> errors;
  // Set when the decision was asked to explain itself.
  std::optional<Explanation> explanation;
};

// The decision as one line of JSON: {"decision":..,"rules":..,"reasons":..,
// "errors":..}, with an "explain" member when it carries an explanation.
INTENT_API std::string DecisionJson(const Decision& decision);

}  // namespace intent
