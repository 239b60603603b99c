// Intent's runtime library, for gateways that embed the policy engine
// (docs/embedding.md). Load a bundle of .intent files with their schemas
// into an Engine, then decide every API call an agent makes: from the
// request's JSON text, or from a TypedRequest whose fields were resolved
// once. One Engine serves any number of threads; Reload() swaps in a new
// bundle while calls are in flight.
//
// Nothing here throws: failures are values (LoadResult's diagnostics, a
// deny Decision with its errors).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "intent/approval_store.hpp"
#include "intent/counter_store.hpp"
#include "intent/decision.hpp"
#include "intent/export.h"

namespace intent {

// A problem found while loading a bundle.
struct LoadDiagnostic {
  std::string severity;  // "error" or "warning"
  std::string code;      // e.g. "E0204"
  std::string file;      // empty when the problem has no file
  int line = 0;          // 1-based; 0 when not positioned
  int column = 0;
  std::string message;
  std::string text;  // rendered as `intentc check` prints it, source line and caret included
};

// Evaluation steps one decision may take by default (EngineOptions).
inline constexpr int64_t kDefaultEvaluationBudget = 500'000;

struct EngineOptions {
  // Schema files or folders of *.schema.json, besides the `schemas/`
  // folder next to each policy file.
  std::vector<std::string> schema_paths;
  // Data files or folders of *.json (docs/data.md), besides the `data/`
  // folder next to each policy file. Reload() and ReloadData() read them
  // again.
  std::vector<std::string> data_paths;
  // Native code (LLVM ORC JIT) once it is compiled in the background; the
  // interpreter decides until then, and for good if the JIT is off or fails.
  bool jit = true;
  // Load (and Reload) wait until the native code is ready, or failed,
  // instead of returning at once while it compiles in the background; see
  // native() and native_error(). For tools that must decide natively from
  // the first call; a gateway leaves it off.
  bool wait_for_native = false;
  // The counters behind count() and limit; null: an in-process store. A
  // shared store lets replicas share counts. It is kept across reloads, so
  // the counters of rules whose @id is unchanged carry over.
  std::shared_ptr<CounterStore> counters;
  // Where approvals live (docs/approvals.md); null: an in-process store. A
  // shared store lets an approval made on one replica be used on another.
  std::shared_ptr<ApprovalStore> approvals;
  // How long an approval stays open when its ask rules give no `approve
  // within`, in microseconds.
  int64_t approval_ttl = int64_t{15} * 60 * 1'000'000;
  // Whether an ask creates an approval (and carries it in
  // Decision::approval). Tools that only replay requests turn it off;
  // a call presenting `context.approval` is checked either way.
  bool create_approvals = true;
  // Called after every transition this engine makes to an approval
  // (created pending by an ask, approved or denied by ResolveApproval,
  // used by a retried call), with the approval as it now is: for a
  // gateway's notifications and metrics. Runs on the deciding thread: it
  // must be quick and must not call back into the engine; what it throws
  // is ignored.
  std::function<void(const Approval&)> on_approval;
  // The clock for requests that give no context.time: microseconds since
  // the Unix epoch. Null: the system clock.
  std::function<int64_t()> clock;
  // The steps one decision may take, all rules together (docs/semantics.md,
  // "Evaluation cost"). A rule that would need more fails closed with the
  // error "evaluation budget exceeded". The default bounds the worst
  // decision near 10 ms; raise it only if your requests need it. Below 1,
  // every rule that charges anything fails closed.
  int64_t evaluation_budget = kDefaultEvaluationBudget;
  // How far ahead of the clock a request's context.time may be, in
  // microseconds, when the bundle counts calls (a limit or count()): a call
  // recorded in the future would make every later call at the present time
  // too old to count. Such a request is denied ("context.time is ... ahead
  // of the engine's clock"). Negative: no bound (intentc, which replays
  // requests of any date).
  int64_t max_time_ahead = int64_t{300} * 1'000'000;
};

// Where decision log lines go: exactly one of path, stream or callback.
// Each decision becomes one JSON line (docs/embedding.md lists its
// members), written by a background thread so that deciding never waits
// for the sink: when `capacity` lines are waiting, further ones are dropped
// and counted (DecisionLogStats).
struct DecisionLogOptions {
  std::string path;  // appended to
  std::ostream* stream = nullptr;
  std::function<void(std::string_view line)> callback;  // the line has no newline
  size_t capacity = 65536;
};

struct DecisionLogStats {
  uint64_t written = 0;
  uint64_t dropped = 0;
};

// What one decision should carry besides its answer.
struct DecideOptions {
  // Fill Decision::explanation: each applicable rule's outcome and why.
  bool explain = false;
  // The caller's id for the request this decision serves (a gateway's
  // X-Request-ID), written to the decision log line as "request_id" when
  // not empty, so that a log line can be matched to its HTTP request.
  // Copied when logged: it need only live for the call.
  std::string_view request_id = {};
};

class Engine;

// An operation and the fields a gateway fills, resolved once: a
// TypedRequest made from it is decided without any JSON. Paths are
// "input.FIELD[.FIELD...]" or "context.FIELD". Stays valid across reloads
// (it is resolved again, once, when the schema changed).
class INTENT_API PreparedOperation {
 public:
  PreparedOperation(PreparedOperation&&) noexcept;
  PreparedOperation& operator=(PreparedOperation&&) noexcept;
  ~PreparedOperation();
  const std::string& operation() const;
  size_t field_count() const;

 private:
  friend class Engine;
  friend class TypedRequest;
  struct Impl;
  explicit PreparedOperation(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// A request with typed values. Field i is the i-th path given to
// Engine::Prepare. Setters copy what they are given; unset fields are
// absent (an error at decide time if the schema requires them). Values are
// checked against the schema when deciding, with the same errors as JSON.
// Reusable: Clear() and set again. Not for two threads at once.
class INTENT_API TypedRequest {
 public:
  explicit TypedRequest(const PreparedOperation& operation);
  TypedRequest(TypedRequest&&) noexcept;
  TypedRequest& operator=(TypedRequest&&) noexcept;
  ~TypedRequest();

  void SetPrincipal(std::string_view principal);
  // context.time, in microseconds since the Unix epoch.
  void SetTime(int64_t unix_micros);
  void SetBool(size_t field, bool value);
  void SetInt(size_t field, int64_t value);
  // Strings, emails and enum values alike.
  void SetString(size_t field, std::string_view value);
  void SetTimestamp(size_t field, int64_t unix_micros);
  void SetDuration(size_t field, int64_t micros);
  void SetStrings(size_t field, std::span<const std::string_view> values);
  void SetInts(size_t field, std::span<const int64_t> values);
  // context.approval: the id of the approval this call presents.
  void SetApproval(std::string_view approval_id);
  void Clear();  // every field absent, no principal, no time, no approval

 private:
  friend class Engine;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct LoadResult;

// An operation of a bundle's schemas (docs/language.md §9).
struct OperationInfo {
  std::string id;        // "gmail.messages.send"
  std::string schema;    // "gmail"
  std::string resource;  // "messages"
  std::string name;      // "send"
  std::string verb;      // "send"
  std::string http;      // the schema's "http" mapping ("POST /gmail/v1/..."), or ""
};

class INTENT_API Engine {
 public:
  // Compiles the .intent files and folders in `paths` with their schemas.
  static LoadResult Load(const std::vector<std::string>& paths, const EngineOptions& options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Decides a request given as JSON text ({"principal", "operation",
  // "input", "context"}). An invalid request is a deny with its error.
  // Thread-safe.
  Decision Decide(std::string_view request_json, const DecideOptions& options = {}) const;
  // Decides a typed request. Thread-safe (for distinct requests).
  Decision Decide(const TypedRequest& request, const DecideOptions& options = {}) const;

  // Records an ask that a person approved as the allow it has become: the
  // call counts for count() and for the limits of the ask rules the
  // decision lists, at the decision's request time, in this engine's
  // counter store. Report each approval once: every call records one more
  // call. False (with `error`) for a decision that is not an ask, or when
  // the counter store fails. Thread-safe.
  bool ReportApproval(const Decision& decision, std::string* error = nullptr) const;

  // Approvals (docs/approvals.md). An ask creates one; a person approves or
  // denies it here; the same call, decided again with `context.approval`
  // set to its id, is then allowed once (and recorded for count() and
  // limit as ReportApproval would). Thread-safe; never throws: a failing
  // store is an outcome kError (or nothing, for the readers).
  //
  // The approval `id` as it is now; nullopt when unknown.
  std::optional<Approval> GetApproval(const std::string& id) const;
  // Newest first, at most `max`; only pending ones when `pending_only`.
  std::vector<Approval> ListApprovals(bool pending_only = false, size_t max = 1000) const;
  // Approves (or denies) a pending approval, recording who. Logged.
  ApprovalResult ResolveApproval(const std::string& id, bool approve, const std::string& by) const;

  // Resolves `operation` ("gmail.messages.send") and the paths of the
  // fields to be set, in the current bundle's schemas. Null (with
  // `error`) for an unknown operation or path, or a field holding records.
  std::unique_ptr<PreparedOperation> Prepare(std::string_view operation,
                                             const std::vector<std::string>& field_paths,
                                             std::string* error) const;

  // Compiles `paths` (with the schema paths given at Load) and, when they
  // compile without errors, makes them the bundle every later decision
  // uses; calls in flight finish on the old one. On errors the running
  // bundle stays and the diagnostics are returned. Thread-safe.
  std::vector<LoadDiagnostic> Reload(const std::vector<std::string>& paths);
  // Reads the bundle's data files again (docs/data.md) and, when they all
  // bind to their declared types, swaps them in at once: no recompilation,
  // and counters are kept. On errors the running data stays and the
  // diagnostics are returned. Counts as a new generation. Thread-safe.
  std::vector<LoadDiagnostic> ReloadData();
  // How many bundles have been in service: 1 after Load, +1 per reload.
  uint64_t generation() const;
  // The operations of the current bundle's schemas, sorted by id: for
  // gateways that map their own requests (AuthZEN, HTTP routes, MCP tools)
  // onto operations.
  std::vector<OperationInfo> Operations() const;
  // The keys of the current data document `name` of schema `schema`
  // (docs/data.md), sorted: a map's keys as text (emails as
  // "local@domain", ints in decimal), or a list's elements when they are
  // strings, emails or ints. Empty when there is no such document. For
  // gateways that enumerate candidates (AuthZEN search).
  std::vector<std::string> DataKeys(std::string_view schema, std::string_view name) const;
  // Whether the current bundle runs as native code yet.
  bool native() const;
  // Why the current bundle does not run as native code: empty while it
  // compiles, once it is native, or when the JIT is off. A failed native
  // compile never stops the engine: the interpreter keeps deciding.
  std::string native_error() const;

  // Starts (or replaces) the decision log; false with `error` if the file
  // cannot be opened or the options name no single sink.
  bool SetDecisionLog(const DecisionLogOptions& options, std::string* error);
  // Stops the log after writing every line still waiting.
  void StopDecisionLog();
  DecisionLogStats decision_log_stats() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct LoadResult {
  std::unique_ptr<Engine> engine;  // null when there were errors
  std::vector<LoadDiagnostic> diagnostics;
  // A file or folder could not be read at all (rather than read and found
  // wrong): for a tool's exit status.
  bool io_error = false;
};

}  // namespace intent
