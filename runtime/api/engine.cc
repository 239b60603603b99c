// The public Engine (include/intent/intent.hpp): loading, deciding from
// JSON, reloading, the decision log.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>

#include "compiler/diag/render.h"
#include "runtime/api/engine_state.h"
#include "runtime/bind/bind_data.h"
#include "runtime/bind/bind_json.h"
#include "runtime/core/counter_store.h"
#include "runtime/core/crypto.h"
#include "runtime/core/decision_json.h"
#include "runtime/core/value_text.h"

namespace intent {
namespace api {

// The public default is the cost model's (compiler/check/cost_model.h).
static_assert(kDefaultEvaluationBudget == runtime::cost::kDefaultBudget);

Decision Denied(std::string error) {
  Decision decision;
  decision.errors.push_back(std::move(error));
  return decision;
}

int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

namespace {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
  }
  return "error";
}

std::vector<LoadDiagnostic> Convert(const DiagnosticBag& bag) {
  std::vector<LoadDiagnostic> out;
  for (const intent::Diagnostic& d : bag.all()) {
    LoadDiagnostic diagnostic;
    diagnostic.severity = SeverityName(d.severity);
    diagnostic.code = std::string(InfoOf(d.kind).code);
    if (d.file != nullptr) {
      diagnostic.file = d.file->path();
      if (d.positioned) {
        LineColumn position = d.file->Locate(d.span.begin);
        diagnostic.line = static_cast<int>(position.line);
        diagnostic.column = static_cast<int>(position.column);
      }
    }
    diagnostic.message = d.message;
    diagnostic.text = RenderText(d);
    out.push_back(std::move(diagnostic));
  }
  return out;
}

LoadDiagnostic InternalError(const std::exception& error) {
  LoadDiagnostic diagnostic;
  diagnostic.severity = "error";
  diagnostic.message = std::string("internal error: ") + error.what();
  diagnostic.text = diagnostic.message + "\n";
  return diagnostic;
}

}  // namespace

std::string BundleHash(const driver::Compilation& compilation) {
  // Names without folders: replicas load one bundle from different places.
  std::vector<std::string> files;
  for (const std::unique_ptr<SourceFile>& source : compilation.sources) {
    std::string name = std::filesystem::path(source->path()).filename().string();
    files.push_back(runtime::Sha256Hex(name) + runtime::Sha256Hex(source->text()));
  }
  std::sort(files.begin(), files.end());
  std::string all;
  for (const std::string& file : files) all += file;
  return runtime::Sha256Hex(all);
}

int64_t EngineState::Now() const {
  if (options.clock) return options.clock();
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::shared_ptr<const Snapshot> EngineState::Compile(const std::vector<std::string>& paths,
                                                     std::vector<LoadDiagnostic>& diagnostics,
                                                     bool* io_error) {
  auto snapshot = std::make_shared<Snapshot>();
  driver::CompileOptions compile;
  compile.schema_paths = options.schema_paths;
  compile.data_paths = options.data_paths;
  snapshot->compilation = driver::CompileBundle(paths, compile);
  driver::Compilation& c = *snapshot->compilation;
  // Before the data files join the sources: data is state, like counters,
  // and a data reload must not void the approvals pending.
  snapshot->bundle_hash = BundleHash(c);
  if (!c.diagnostics.HasErrors()) {
    snapshot->data =
        runtime::LoadData(c.data_paths, c.schemas, c.sources, c.diagnostics, &c.io_error);
  }
  diagnostics = Convert(c.diagnostics);
  if (io_error != nullptr) *io_error = c.io_error;
  if (c.diagnostics.HasErrors() || !snapshot->data) return nullptr;
  for (const check::CheckedModule* module : snapshot->compilation->bundle) {
    bool limits = std::any_of(module->rules.begin(), module->rules.end(),
                              [](const check::CheckedRule& r) { return !r.rule->limits.empty(); });
    snapshot->counts = snapshot->counts || limits || runtime::LongestCountWindow(*module) > 0;
  }
  runtime::TieredOptions tiered;
  tiered.use_jit = options.jit;
  tiered.jit.evaluation_budget = options.evaluation_budget;
  snapshot->engine =
      std::make_unique<runtime::TieredEngine>(snapshot->compilation->bundle, *counters, tiered);
  if (options.jit && options.wait_for_native) snapshot->engine->WaitForNative();
  return snapshot;
}

void AttachData(const Snapshot& snapshot, runtime::SlotRequest& slots) {
  const runtime::DataSet* data = snapshot.data.get();
  slots.data_set = data;
  slots.data = data != nullptr ? data->SlotsOf(slots.schema) : nullptr;
  slots.data_record = data != nullptr ? data->RecordOf(slots.schema) : nullptr;
}

void EngineState::Install(std::shared_ptr<Snapshot> next) {
  next->generation = ++generations;
  std::shared_ptr<const Snapshot> old = Replace(std::move(next));
  // Free what no decision holds any more, here and not on a deciding thread.
  std::erase_if(retired, [](const auto& r) { return r.use_count() == 1; });
  if (old && old.use_count() > 1) retired.push_back(std::move(old));
}

Decision EngineState::Decide(const Snapshot& snapshot, const runtime::SlotRequest& request,
                             int64_t now, const CallSource& call,
                             const DecideOptions& options) const {
  thread_local runtime::DecisionRecord record;
  // A call dated far ahead would, once counted, make later calls at the
  // present time too old to count (docs/semantics.md, "Counting and limits").
  if (snapshot.counts && request.time && this->options.max_time_ahead >= 0 &&
      *request.time - now > this->options.max_time_ahead) {
    return Denied(fmt::format(
        "context.time is {} s ahead of the engine's clock; a bundle that counts calls accepts at "
        "most {} s",
        (*request.time - now) / 1'000'000, this->options.max_time_ahead / 1'000'000));
  }
  try {
    std::optional<Explanation> explanation;
    if (options.explain) explanation.emplace();
    snapshot.engine->Decide(request, now, record, explanation ? &*explanation : nullptr);
    // Straight from the record: one copy of each string, not two.
    Decision decision;
    decision.effect = static_cast<Effect>(record.effect);
    decision.rules.reserve(record.rules.size());
    for (const check::CheckedRule* rule : record.rules) {
      decision.rules.push_back(rule->id);
      for (const ast::Name& reason : rule->rule->because) decision.reasons.push_back(reason.text);
    }
    decision.errors = record.errors;
    record.FillAsk(decision, request.principal);
    decision.explanation = std::move(explanation);
    if (request.approval || (decision.effect == Effect::kAsk && this->options.create_approvals)) {
      SettleApproval(snapshot, request, now, record, call, decision);
    }
    return decision;
  } catch (const CounterTimeError& error) {
    // A request time the counters cannot count exactly: fail closed, and
    // say so as what it is, a problem of the request.
    return Denied(error.what());
  } catch (const std::exception& error) {
    // A counter store that failed: fail closed.
    return Denied(std::string("internal error: ") + error.what());
  } catch (...) {
    return Denied("internal error");
  }
}

void EngineState::Log(const runtime::SlotRequest* request, const Decision& decision, int64_t now,
                      int64_t started_ns, std::string_view request_id) const {
  bool bound = request != nullptr && request->operation != nullptr;
  log.Push(bound && request->time ? *request->time : now, bound ? request->principal : "",
           bound ? std::string_view(request->operation->id) : "", decision,
           SteadyNanos() - started_ns, request_id);
}

}  // namespace api

const char* EffectName(Effect effect) { return runtime::Spelling(effect); }

std::string DecisionJson(const Decision& decision) { return runtime::DecisionToJson(decision); }

std::shared_ptr<CounterStore> MakeInProcessCounterStore() {
  return std::make_shared<runtime::InProcessCounterStore>();
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Engine::~Engine() {
  if (!impl_) return;
  impl_->log.Stop();
}

LoadResult Engine::Load(const std::vector<std::string>& paths, const EngineOptions& options) {
  LoadResult result;
  try {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->counters = options.counters ? options.counters : MakeInProcessCounterStore();
    impl->approvals = options.approvals ? options.approvals : MakeInProcessApprovalStore();
    std::shared_ptr<const api::Snapshot> snapshot =
        impl->Compile(paths, result.diagnostics, &result.io_error);
    if (!snapshot) return result;
    impl->Install(std::const_pointer_cast<api::Snapshot>(std::move(snapshot)));
    result.engine = std::unique_ptr<Engine>(new Engine(std::move(impl)));
  } catch (const std::exception& error) {
    result.engine.reset();
    result.diagnostics.push_back(api::InternalError(error));
  }
  return result;
}

Decision Engine::Decide(std::string_view request_json, const DecideOptions& options) const {
  return impl_->DecideRequest(
      [&](const api::Snapshot& snapshot,
          runtime::SlotRequest& slots) -> std::optional<std::string> {
        auto error = runtime::BindRequestSlots(request_json, snapshot.compilation->schemas, slots);
        if (error) return error->ToString();
        return std::nullopt;
      },
      [&](const runtime::SlotRequest& slots) {
        return runtime::CanonicalCallOf(request_json, slots.schema->context);
      },
      options);
}

std::vector<LoadDiagnostic> Engine::Reload(const std::vector<std::string>& paths) {
  std::vector<LoadDiagnostic> diagnostics;
  api::EngineState& state = *impl_;
  std::lock_guard lock(state.reload_mutex);
  std::shared_ptr<const api::Snapshot> snapshot;
  try {
    snapshot = state.Compile(paths, diagnostics);
  } catch (const std::exception& error) {
    diagnostics.push_back(api::InternalError(error));
    return diagnostics;
  }
  if (!snapshot) return diagnostics;
  state.Install(std::const_pointer_cast<api::Snapshot>(std::move(snapshot)));
  return diagnostics;
}

std::vector<LoadDiagnostic> Engine::ReloadData() {
  std::vector<LoadDiagnostic> diagnostics;
  api::EngineState& state = *impl_;
  std::lock_guard lock(state.reload_mutex);
  try {
    std::shared_ptr<const api::Snapshot> current = state.Current();
    const driver::Compilation& c = *current->compilation;
    // Diagnostics point into the data files' sources: they live here.
    std::vector<std::unique_ptr<SourceFile>> sources;
    DiagnosticBag bag;
    bool io_error = false;
    std::shared_ptr<const runtime::DataSet> data =
        runtime::LoadData(c.data_paths, c.schemas, sources, bag, &io_error);
    diagnostics = api::Convert(bag);
    if (!data || bag.HasErrors()) return diagnostics;
    auto next = std::make_shared<api::Snapshot>(*current);
    next->data = std::move(data);
    state.Install(std::move(next));
  } catch (const std::exception& error) {
    diagnostics.push_back(api::InternalError(error));
  }
  return diagnostics;
}

bool Engine::ReportApproval(const Decision& decision, std::string* error) const {
  auto fail = [&](std::string text) {
    if (error != nullptr) *error = std::move(text);
    return false;
  };
  if (decision.effect != Effect::kAsk || !decision.ask) {
    return fail(std::string("only an ask can be reported as approved; this decision is ") +
                EffectName(decision.effect));
  }
  const AskRecord& ask = *decision.ask;
  try {
    impl_->RecordApproved(ask);
  } catch (const std::exception& failure) {
    return fail(std::string("internal error: ") + failure.what());
  } catch (...) {
    return fail("internal error");
  }
  return true;
}

uint64_t Engine::generation() const { return impl_->Current()->generation; }

std::vector<OperationInfo> Engine::Operations() const {
  std::shared_ptr<const api::Snapshot> snapshot = impl_->Current();
  const schema::SchemaSet& schemas = snapshot->compilation->schemas;
  std::vector<OperationInfo> out;
  for (const std::string& name : schemas.Names()) {
    const schema::Schema* schema = schemas.Find(name);
    if (schema == nullptr) continue;
    for (const auto& operation : schema->operations) {
      out.push_back({operation->id, name, operation->resource, operation->name, operation->verb,
                     operation->http});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const OperationInfo& a, const OperationInfo& b) { return a.id < b.id; });
  return out;
}

std::vector<std::string> Engine::DataKeys(std::string_view schema_name,
                                          std::string_view name) const {
  std::vector<std::string> keys;
  try {
    std::shared_ptr<const api::Snapshot> snapshot = impl_->Current();
    const schema::Schema* schema = snapshot->compilation->schemas.Find(schema_name);
    const runtime::Record* record =
        snapshot->data && schema ? snapshot->data->RecordOf(schema) : nullptr;
    if (record == nullptr) return keys;
    for (size_t i = 0; i < schema->data.fields.size() && i < record->fields.size(); ++i) {
      if (schema->data.fields[i].name != name) continue;
      const runtime::Value& value = record->fields[i];
      if (value.Is<runtime::MapRef>()) {
        keys = value.As<runtime::MapRef>().map->KeyTexts();
      } else if (value.Is<runtime::ListPtr>()) {
        for (const runtime::Value& element : *value.As<runtime::ListPtr>()) {
          if (element.Is<std::string>() || element.Is<int64_t>() || element.Is<runtime::Email>()) {
            keys.push_back(runtime::KeyText(element));
          }
        }
      }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  } catch (const std::exception&) {
    keys.clear();  // out of memory: nothing, never an exception
  }
  return keys;
}

bool Engine::native() const { return impl_->Current()->engine->NativeReady(); }

std::string Engine::native_error() const { return impl_->Current()->engine->JitError(); }

bool Engine::SetDecisionLog(const DecisionLogOptions& options, std::string* error) {
  return impl_->log.Start(options, error);
}

void Engine::StopDecisionLog() { impl_->log.Stop(); }

DecisionLogStats Engine::decision_log_stats() const { return impl_->log.stats(); }

}  // namespace intent
