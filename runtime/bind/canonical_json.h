// Canonical JSON: one text per JSON value, whatever its spelling, so that a
// digest of it names the value and not the way it was written
// (docs/approvals.md, "The digest"). Objects have their members sorted by
// key (bytewise, UTF-8) and no whitespace; strings escape only '"', '\'
// and control characters (\b \f \n \r \t, else \u00xx); numbers are exact:
// an integer within int64 in decimal, whatever its spelling (1.0, 1e0),
// and any other number as its significant digits and a power of ten
// ("15e-1" for 1.5), never through a double.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/types/type.h"

namespace intent::runtime {

// The canonical text of the JSON value `json`, or nullopt when it is not
// one (malformed, nested deeper than 1024, or with a duplicate key).
std::optional<std::string> CanonicalJson(std::string_view json);

// The parts of a call that a digest covers besides its principal and
// operation, as canonical JSON.
struct CanonicalCall {
  std::string input;    // the whole input, undeclared members too ({} when absent or null)
  std::string context;  // the fields `context` declares, nulls dropped ({} when none)
};

// The canonical input and context of a request given as JSON text (a
// request that bound: the binder checked it), or nullopt when it is not one.
std::optional<CanonicalCall> CanonicalCallOf(std::string_view request_json,
                                             const types::RecordType& context);

}  // namespace intent::runtime
