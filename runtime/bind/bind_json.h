// Binds a request's JSON text (docs/language.md §9.7) to its operation's schema:
// the entry point through which every request reaches the engines.
#pragma once

#include <optional>
#include <string_view>

#include "compiler/schema/schema.h"
#include "runtime/core/request.h"
#include "runtime/core/slots.h"

namespace intent::runtime {

// Parses `json` as a request and binds it to the operation it names in
// `schemas`, converting every declared value to its schema type as it goes.
//
// The request is an object with exactly these members: "principal" (string),
// "operation" (the full id SCHEMA.RESOURCE.OP), "input" (an object; required
// when the operation has input fields) and "context" (an object, optional;
// "time" in it is the request time, an RFC 3339 string or integer Unix
// seconds). Any other top-level member is an error: that level is our own
// protocol, and a misspelt member must not be silently dropped. Members of
// "input", of its records and of "context" that the schema does not declare
// are ignored (still checked to be well-formed JSON): real API payloads
// carry more than a schema models, and a gateway may send the same context
// for every API.
//
// Returns the bound request, or the first error, naming the offending path
// ("input.message.to[2]: expected email"). Malformed JSON (anywhere, ignored
// members included), duplicate keys, requests over `options.max_bytes` or
// nested deeper than `options.max_depth` (at most 1024, whatever the option
// says: binding recurses once per level) are errors too.
//
// Never throws. Thread-safe: concurrent calls are fine (each thread has its
// own parser); `schemas` must not change meanwhile. The result points into
// `schemas`, which must outlive it, and not into `json`.
BindResult BindRequestJson(std::string_view json, const schema::SchemaSet& schemas,
                           const BindOptions& options = {});

// The same binding (the same checks, the same errors) into slots, for native
// code: BindRequestJson is this followed by FromSlots. The bound values,
// strings included, are written into `out.arena` (reset first), so a
// reused `out` allocates nothing once its arena is warm. Returns the error,
// or nullopt when `out` holds the bound request; after an error `out` holds
// none (null schema and operation). `out` points into `schemas`, not into
// `json`. Requests are at most 2^31 - 1 bytes whatever `options` say.
std::optional<BindError> BindRequestSlots(std::string_view json, const schema::SchemaSet& schemas,
                                          SlotRequest& out, const BindOptions& options = {});

}  // namespace intent::runtime
