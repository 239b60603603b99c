// What both engines charge while deciding (the model and its constants:
// compiler/check/cost_model.h; docs/semantics.md, "Evaluation cost"). Both
// charge exactly these amounts at the same points of evaluation, so a
// request that runs out of budget fails closed alike under both (the
// differential tester runs scenarios on budgets of a few steps).
#pragma once

#include <cstdint>

#include "compiler/check/cost_model.h"
#include "runtime/core/slots.h"
#include "runtime/core/value.h"

namespace intent::runtime::cost {

using check::cost::BodyWeight;
using check::cost::Equality;
using check::cost::IsConstant;
using check::cost::kBytesPerStep;
using check::cost::kDefaultBudget;
using check::cost::kRegexUnitsPerStep;
using check::cost::Lookup;
using check::cost::Prefix;
using check::cost::Regex;
using check::cost::Search;
using check::cost::Text;

// The error of a rule that needed more than the decision had left.
inline constexpr const char* kBudgetExceeded =
    "evaluation budget exceeded: the request is too large for this policy";

// `x in L` (or `L contains x`) over a list that is not a constant: one step
// per element, and, for strings, the bytes of each element as long as x
// (only those are compared byte by byte).
int64_t Membership(const List& list, const Value& element);
// The same over a list as native code holds it: `count` slots, of strings
// when `strings`, looked up with a string of `length` bytes.
int64_t Membership(const Slot* items, uint64_t count, bool strings, uint64_t length);
// The bytes a value hashes as a map key or data list element (a string's
// or an email's text; 0 for the rest).
uint64_t KeyBytes(const Value& value);

}  // namespace intent::runtime::cost
