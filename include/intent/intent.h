/* Intent's runtime library as a C API, for gateways in C, Go, Rust, Python
 * or Node (FFI). The same engine as include/intent/intent.hpp: load a
 * bundle, decide requests given as JSON text, reload, log decisions.
 *
 * Ownership: every object a function returns through an out-parameter is
 * the caller's and is freed with its own *_free function; strings returned
 * by accessors belong to the object they came from. No function throws or
 * aborts on bad input; failures are status codes with a message.
 * Thread safety: any number of threads may call intent_decide_json on one
 * engine while another thread calls intent_engine_reload. */
#ifndef INTENT_INTENT_H
#define INTENT_INTENT_H

#include <stddef.h>
#include <stdint.h>

#include "intent/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum intent_status {
  INTENT_OK = 0,
  INTENT_INVALID_ARGUMENT = 1, /* a null pointer or a bad option */
  INTENT_LOAD_FAILED = 2,      /* the bundle has errors; the message lists them */
  INTENT_IO_FAILED = 3,        /* a file could not be opened */
  INTENT_INTERNAL = 4          /* a bug: please report the message */
} intent_status;

typedef enum intent_effect { INTENT_ALLOW = 0, INTENT_ASK = 1, INTENT_DENY = 2 } intent_effect;

typedef struct intent_engine intent_engine;
typedef struct intent_decision intent_decision;

/* "0.1.0" */
INTENT_API const char* intent_version(void);

/* Loads the .intent files and folders `paths[0..path_count)`, with schema
 * files or folders `schema_paths[0..schema_count)` (may be 0) besides the
 * schemas/ folder next to each policy. `use_jit`: 1 for native code once
 * compiled, 0 for the interpreter only. On INTENT_LOAD_FAILED (the bundle
 * has errors) and INTENT_IO_FAILED (a path could not be read at all, e.g.
 * it does not exist), *message holds the diagnostics as `intentc check`
 * prints them; free it with intent_string_free. `message` may be null. */
INTENT_API intent_status intent_engine_load(const char* const* paths, size_t path_count,
                                            const char* const* schema_paths, size_t schema_count,
                                            int use_jit, intent_engine** engine, char** message);

/* Replaces the engine's bundle atomically (with the schema paths given at
 * load). On errors the running bundle stays, and *message says why. */
INTENT_API intent_status intent_engine_reload(intent_engine* engine, const char* const* paths,
                                              size_t path_count, char** message);

/* Reads the bundle's data files again (the data/ folder beside each policy;
 * docs/data.md) and swaps them in atomically, without recompiling and
 * keeping counters. On errors the running data stay, and *message says
 * why. */
INTENT_API intent_status intent_engine_reload_data(intent_engine* engine, char** message);

/* 1 after load, +1 per successful reload. */
INTENT_API uint64_t intent_engine_generation(const intent_engine* engine);

INTENT_API void intent_engine_free(intent_engine* engine);

/* Decides a request given as JSON text of `length` bytes. An invalid
 * request is INTENT_OK with a deny decision carrying its error. */
INTENT_API intent_status intent_decide_json(const intent_engine* engine, const char* json,
                                            size_t length, intent_decision** decision);

INTENT_API intent_effect intent_decision_effect(const intent_decision* decision);
/* The matching rule ids, the `because` reasons and the errors. */
INTENT_API size_t intent_decision_rule_count(const intent_decision* decision);
INTENT_API const char* intent_decision_rule(const intent_decision* decision, size_t index);
INTENT_API size_t intent_decision_reason_count(const intent_decision* decision);
INTENT_API const char* intent_decision_reason(const intent_decision* decision, size_t index);
INTENT_API size_t intent_decision_error_count(const intent_decision* decision);
INTENT_API const char* intent_decision_error(const intent_decision* decision, size_t index);
/* The decision as one line of JSON (docs/semantics.md). */
INTENT_API const char* intent_decision_json(const intent_decision* decision);
INTENT_API void intent_decision_free(intent_decision* decision);

/* Records an ask decision that a person approved as the allow it has
 * become: the call counts for count() and for the limits of the ask rules
 * the decision lists, at the decision's request time. Report each approval
 * once: every call records one more call. INTENT_INVALID_ARGUMENT (with
 * *message) for a null argument or a decision that is not an ask;
 * INTENT_INTERNAL when the counter store fails. `message` may be null. */
INTENT_API intent_status intent_engine_report_approval(const intent_engine* engine,
                                                       const intent_decision* decision,
                                                       char** message);

/* Approvals (docs/approvals.md). An ask decision carries the approval it
 * created; a call presenting one in context.approval carries it too. The
 * id and digest are NULL, and the expiry 0, when the decision carries
 * none. Expiry: microseconds since the Unix epoch. */
INTENT_API const char* intent_decision_approval_id(const intent_decision* decision);
INTENT_API const char* intent_decision_approval_digest(const intent_decision* decision);
INTENT_API const char* intent_decision_approval_state(const intent_decision* decision);
INTENT_API int64_t intent_decision_approval_expires(const intent_decision* decision);

/* Approves (`approve` 1) or denies (0) the pending approval `id`, recording
 * `by` as who decided. INTENT_INVALID_ARGUMENT (with *message) for a null
 * argument, an unknown id or an approval no longer pending;
 * INTENT_INTERNAL when the approval store fails. `message` may be null. */
INTENT_API intent_status intent_engine_resolve_approval(const intent_engine* engine, const char* id,
                                                        int approve, const char* by,
                                                        char** message);

/* The approval `id` as a JSON object (ApprovalJson in approval_store.hpp),
 * into *json (free it with intent_string_free). INTENT_INVALID_ARGUMENT
 * for a null argument or an unknown id. */
INTENT_API intent_status intent_engine_approval_json(const intent_engine* engine, const char* id,
                                                     char** json);

/* The decision log: one JSON line per decision, appended to the file at
 * `path`, or passed to `callback` (on the log's own thread; `line` is not
 * NUL-terminated past `length` and is valid during the call only). */
typedef void (*intent_log_callback)(const char* line, size_t length, void* user);
INTENT_API intent_status intent_engine_log_to_file(intent_engine* engine, const char* path,
                                                   char** message);
INTENT_API intent_status intent_engine_log_to_callback(intent_engine* engine,
                                                       intent_log_callback callback, void* user);
/* Writes what is waiting, then stops logging. */
INTENT_API void intent_engine_log_stop(intent_engine* engine);

INTENT_API void intent_string_free(char* text);

#ifdef __cplusplus
}
#endif

#endif /* INTENT_INTENT_H */
