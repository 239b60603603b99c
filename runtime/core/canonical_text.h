// The pieces of canonical JSON (runtime/bind/canonical_json.h) that need no
// parser: strings, and bound values written as a request would spell them.
// One spelling, so a typed request's digest follows the same rules.
#pragma once

#include <string>
#include <string_view>

#include "runtime/core/value.h"

namespace intent::runtime {

// `text` as a canonical JSON string: only '"', '\' and control characters
// escaped (\b \f \n \r \t, else \u00xx).
void AppendCanonicalString(std::string_view text, std::string& out);

// A bound value as canonical JSON: records as objects of their present
// fields (sorted by name), lists as arrays, emails and enum values as
// strings, timestamps as RFC 3339 UTC strings, durations as integer
// seconds when whole ("30s" is 30), else as their text ("1500ms").
void AppendCanonicalValue(const Value& value, std::string& out);
void AppendCanonicalRecord(const Record& record, std::string& out);

// The text whose SHA-256 is a call's digest (docs/approvals.md): the
// canonical JSON object {"bundle","context","input","operation",
// "principal"}, `input` and `context` being canonical JSON already.
std::string CallDigestText(std::string_view bundle, std::string_view principal,
                           std::string_view operation, std::string_view input,
                           std::string_view context);

}  // namespace intent::runtime
