// The C API (include/intent/intent.h) over the C++ Engine. Every entry
// point catches everything: no exception crosses into C.
#include <cstdlib>
#include <cstring>
#include <string>

#include "intent/intent.h"
#include "intent/intent.hpp"

struct intent_engine {
  std::unique_ptr<intent::Engine> engine;
};

struct intent_decision {
  intent::Decision decision;
  std::string json;
};

namespace {

char* CopyString(const std::string& text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

void SetMessage(char** message, const std::string& text) {
  if (message != nullptr) *message = CopyString(text);
}

std::vector<std::string> Strings(const char* const* items, size_t count) {
  std::vector<std::string> out;
  for (size_t i = 0; i < count; ++i) out.emplace_back(items[i]);
  return out;
}

bool AllNonNull(const char* const* items, size_t count) {
  if (count > 0 && items == nullptr) return false;
  for (size_t i = 0; i < count; ++i) {
    if (items[i] == nullptr) return false;
  }
  return true;
}

std::string Rendered(const std::vector<intent::LoadDiagnostic>& diagnostics) {
  std::string text;
  for (const intent::LoadDiagnostic& d : diagnostics) text += d.text;
  return text;
}

bool HasErrors(const std::vector<intent::LoadDiagnostic>& diagnostics) {
  for (const intent::LoadDiagnostic& d : diagnostics) {
    if (d.severity == "error") return true;
  }
  return false;
}

const char* Item(const std::vector<std::string>& items, size_t index) {
  return index < items.size() ? items[index].c_str() : nullptr;
}

}  // namespace

extern "C" {

const char* intent_version(void) { return "0.1.0"; }

intent_status intent_engine_load(const char* const* paths, size_t path_count,
                                 const char* const* schema_paths, size_t schema_count, int use_jit,
                                 intent_engine** engine, char** message) {
  if (message != nullptr) *message = nullptr;
  if (engine == nullptr || path_count == 0 || !AllNonNull(paths, path_count) ||
      !AllNonNull(schema_paths, schema_count)) {
    SetMessage(message, "intent_engine_load: null or empty argument");
    return INTENT_INVALID_ARGUMENT;
  }
  *engine = nullptr;
  try {
    intent::EngineOptions options;
    options.schema_paths = Strings(schema_paths, schema_count);
    options.jit = use_jit != 0;
    intent::LoadResult loaded = intent::Engine::Load(Strings(paths, path_count), options);
    if (!loaded.engine) {
      SetMessage(message, Rendered(loaded.diagnostics));
      return loaded.io_error ? INTENT_IO_FAILED : INTENT_LOAD_FAILED;
    }
    if (!loaded.diagnostics.empty()) SetMessage(message, Rendered(loaded.diagnostics));
    *engine = new intent_engine{std::move(loaded.engine)};
    return INTENT_OK;
  } catch (const std::exception& error) {
    SetMessage(message, std::string("internal error: ") + error.what());
    return INTENT_INTERNAL;
  } catch (...) {
    SetMessage(message, "internal error");
    return INTENT_INTERNAL;
  }
}

intent_status intent_engine_reload(intent_engine* engine, const char* const* paths,
                                   size_t path_count, char** message) {
  if (message != nullptr) *message = nullptr;
  if (engine == nullptr || path_count == 0 || !AllNonNull(paths, path_count)) {
    SetMessage(message, "intent_engine_reload: null or empty argument");
    return INTENT_INVALID_ARGUMENT;
  }
  try {
    std::vector<intent::LoadDiagnostic> diagnostics =
        engine->engine->Reload(Strings(paths, path_count));
    if (!diagnostics.empty()) SetMessage(message, Rendered(diagnostics));
    return HasErrors(diagnostics) ? INTENT_LOAD_FAILED : INTENT_OK;
  } catch (...) {
    SetMessage(message, "internal error");
    return INTENT_INTERNAL;
  }
}

intent_status intent_engine_reload_data(intent_engine* engine, char** message) {
  if (message != nullptr) *message = nullptr;
  if (engine == nullptr) {
    SetMessage(message, "intent_engine_reload_data: null engine");
    return INTENT_INVALID_ARGUMENT;
  }
  try {
    std::vector<intent::LoadDiagnostic> diagnostics = engine->engine->ReloadData();
    if (!diagnostics.empty()) SetMessage(message, Rendered(diagnostics));
    return HasErrors(diagnostics) ? INTENT_LOAD_FAILED : INTENT_OK;
  } catch (...) {
    SetMessage(message, "internal error");
    return INTENT_INTERNAL;
  }
}

uint64_t intent_engine_generation(const intent_engine* engine) {
  return engine == nullptr ? 0 : engine->engine->generation();
}

void intent_engine_free(intent_engine* engine) { delete engine; }

intent_status intent_decide_json(const intent_engine* engine, const char* json, size_t length,
                                 intent_decision** decision) {
  if (engine == nullptr || (json == nullptr && length > 0) || decision == nullptr) {
    return INTENT_INVALID_ARGUMENT;
  }
  *decision = nullptr;
  try {
    auto result = std::make_unique<intent_decision>();
    result->decision =
        engine->engine->Decide(std::string_view(json == nullptr ? "" : json, length));
    *decision = result.release();
    return INTENT_OK;
  } catch (...) {
    return INTENT_INTERNAL;
  }
}

intent_effect intent_decision_effect(const intent_decision* decision) {
  if (decision == nullptr) return INTENT_DENY;
  return static_cast<intent_effect>(decision->decision.effect);
}

size_t intent_decision_rule_count(const intent_decision* d) {
  return d == nullptr ? 0 : d->decision.rules.size();
}
const char* intent_decision_rule(const intent_decision* d, size_t index) {
  return d == nullptr ? nullptr : Item(d->decision.rules, index);
}
size_t intent_decision_reason_count(const intent_decision* d) {
  return d == nullptr ? 0 : d->decision.reasons.size();
}
const char* intent_decision_reason(const intent_decision* d, size_t index) {
  return d == nullptr ? nullptr : Item(d->decision.reasons, index);
}
size_t intent_decision_error_count(const intent_decision* d) {
  return d == nullptr ? 0 : d->decision.errors.size();
}
const char* intent_decision_error(const intent_decision* d, size_t index) {
  return d == nullptr ? nullptr : Item(d->decision.errors, index);
}

const char* intent_decision_json(const intent_decision* decision) {
  if (decision == nullptr) return nullptr;
  auto* mutable_decision = const_cast<intent_decision*>(decision);
  try {
    // Made on first use: most callers read the effect only.
    if (mutable_decision->json.empty()) {
      mutable_decision->json = intent::DecisionJson(decision->decision);
    }
  } catch (...) {
    return "{\"decision\":\"deny\",\"rules\":[],\"reasons\":[],\"errors\":[\"internal error\"]}";
  }
  return mutable_decision->json.c_str();
}

void intent_decision_free(intent_decision* decision) { delete decision; }

intent_status intent_engine_report_approval(const intent_engine* engine,
                                            const intent_decision* decision, char** message) {
  if (message != nullptr) *message = nullptr;
  if (engine == nullptr || decision == nullptr) {
    SetMessage(message, "intent_engine_report_approval: null argument");
    return INTENT_INVALID_ARGUMENT;
  }
  try {
    if (decision->decision.effect != intent::Effect::kAsk) {
      SetMessage(message,
                 std::string("only an ask can be reported as approved; this decision is ") +
                     intent::EffectName(decision->decision.effect));
      return INTENT_INVALID_ARGUMENT;
    }
    std::string error;
    if (engine->engine->ReportApproval(decision->decision, &error)) return INTENT_OK;
    SetMessage(message, error);
    return INTENT_INTERNAL;
  } catch (...) {
    SetMessage(message, "internal error");
    return INTENT_INTERNAL;
  }
}

const char* intent_decision_approval_id(const intent_decision* d) {
  return d == nullptr || !d->decision.approval ? nullptr : d->decision.approval->id.c_str();
}
const char* intent_decision_approval_digest(const intent_decision* d) {
  return d == nullptr || !d->decision.approval ? nullptr : d->decision.approval->digest.c_str();
}
const char* intent_decision_approval_state(const intent_decision* d) {
  return d == nullptr || !d->decision.approval ? nullptr : d->decision.approval->state.c_str();
}
int64_t intent_decision_approval_expires(const intent_decision* d) {
  return d == nullptr || !d->decision.approval ? 0 : d->decision.approval->expires;
}

intent_status intent_engine_resolve_approval(const intent_engine* engine, const char* id,
                                             int approve, const char* by, char** message) {
  if (message != nullptr) *message = nullptr;
  if (engine == nullptr || id == nullptr || by == nullptr) {
    SetMessage(message, "intent_engine_resolve_approval: null argument");
    return INTENT_INVALID_ARGUMENT;
  }
  try {
    intent::ApprovalResult result = engine->engine->ResolveApproval(id, approve != 0, by);
    switch (result.outcome) {
      case intent::ApprovalOutcome::kOk: return INTENT_OK;
      case intent::ApprovalOutcome::kError:
        SetMessage(message, "approval store: " + result.error);
        return INTENT_INTERNAL;
      case intent::ApprovalOutcome::kUnknown:
        SetMessage(message, "no approval has this id");
        return INTENT_INVALID_ARGUMENT;
      default:
        SetMessage(message, std::string("the approval is no longer pending; it is ") +
                                (result.approval ? intent::ApprovalStateName(result.approval->state)
                                                 : "decided"));
        return INTENT_INVALID_ARGUMENT;
    }
  } catch (...) {
    SetMessage(message, "internal error");
    return INTENT_INTERNAL;
  }
}

intent_status intent_engine_approval_json(const intent_engine* engine, const char* id,
                                          char** json) {
  if (json != nullptr) *json = nullptr;
  if (engine == nullptr || id == nullptr || json == nullptr) return INTENT_INVALID_ARGUMENT;
  try {
    std::optional<intent::Approval> approval = engine->engine->GetApproval(id);
    if (!approval) return INTENT_INVALID_ARGUMENT;
    SetMessage(json, intent::ApprovalJson(*approval));
    return *json != nullptr ? INTENT_OK : INTENT_INTERNAL;
  } catch (...) {
    return INTENT_INTERNAL;
  }
}

intent_status intent_engine_log_to_file(intent_engine* engine, const char* path, char** message) {
  if (message != nullptr) *message = nullptr;
  if (engine == nullptr || path == nullptr) return INTENT_INVALID_ARGUMENT;
  try {
    intent::DecisionLogOptions options;
    options.path = path;
    std::string error;
    if (!engine->engine->SetDecisionLog(options, &error)) {
      SetMessage(message, error);
      return INTENT_IO_FAILED;
    }
    return INTENT_OK;
  } catch (...) {
    return INTENT_INTERNAL;
  }
}

intent_status intent_engine_log_to_callback(intent_engine* engine, intent_log_callback callback,
                                            void* user) {
  if (engine == nullptr || callback == nullptr) return INTENT_INVALID_ARGUMENT;
  try {
    intent::DecisionLogOptions options;
    options.callback = [callback, user](std::string_view line) {
      callback(line.data(), line.size(), user);
    };
    return engine->engine->SetDecisionLog(options, nullptr) ? INTENT_OK : INTENT_INTERNAL;
  } catch (...) {
    return INTENT_INTERNAL;
  }
}

void intent_engine_log_stop(intent_engine* engine) {
  if (engine == nullptr) return;
  try {
    engine->engine->StopDecisionLog();
  } catch (...) {
  }
}

void intent_string_free(char* text) { std::free(text); }

}  // extern "C"
