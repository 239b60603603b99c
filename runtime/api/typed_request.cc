// Typed requests (include/intent/intent.hpp): an operation's field paths
// resolved to slot positions once per bundle, and values copied into
// slots per decision with the binder's checks and error texts, without
// JSON.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "compiler/source/source_file.h"
#include "runtime/api/engine_state.h"
#include "runtime/bind/bind_value.h"
#include "runtime/core/canonical_text.h"
#include "stdlib/email.h"
#include "stdlib/timestamp.h"

namespace intent {
namespace api {
namespace {

using types::TypeKind;

// Where each path goes in the bundle one snapshot holds.
struct Layout {
  const EngineState* engine = nullptr;
  uint64_t generation = 0;
  const schema::Schema* schema = nullptr;
  const schema::Operation* operation = nullptr;
  struct Record {
    const types::RecordType* type;
    int parent;    // index into records; -1 for input (0) and context (1)
    size_t field;  // its field in the parent
    std::string path;
  };
  struct Field {
    int record;
    size_t field;
    const types::Type* type;
    std::string path;
  };
  std::vector<Record> records;
  std::vector<Field> fields;
};

bool Fits(const Layout& layout, const EngineState& engine, const Snapshot& snapshot) {
  return layout.engine == &engine && layout.generation == snapshot.generation;
}

std::shared_ptr<const Layout> Resolve(const EngineState& engine, const Snapshot& snapshot,
                                      std::string_view operation_id,
                                      const std::vector<std::string>& paths, std::string* error) {
  auto fail = [&](std::string message) {
    if (error != nullptr) *error = std::move(message);
    return nullptr;
  };
  auto layout = std::make_shared<Layout>();
  layout->engine = &engine;
  layout->generation = snapshot.generation;
  layout->operation = snapshot.compilation->schemas.FindOperation(operation_id, &layout->schema);
  if (layout->operation == nullptr) {
    return fail("unknown operation '" + std::string(operation_id) + "'");
  }
  layout->records.push_back({&layout->operation->input, -1, 0, "input"});
  layout->records.push_back({&layout->schema->context, -1, 0, "context"});
  for (const std::string& path : paths) {
    int record;
    size_t at;
    if (path.starts_with("input.")) {
      record = 0;
      at = 6;
    } else if (path.starts_with("context.")) {
      record = 1;
      at = 8;
    } else {
      return fail("field path '" + path + "' must start with 'input.' or 'context.'");
    }
    if (path == "context.time") return fail("context.time is set with SetTime");
    for (;;) {
      size_t dot = path.find('.', at);
      std::string_view name = std::string_view(path).substr(at, dot - at);
      const types::RecordType& type = *layout->records[static_cast<size_t>(record)].type;
      const types::Field* field = type.FindField(name);
      if (field == nullptr) {
        return fail("'" + path.substr(0, dot) + "' is not a field of " +
                    (type.name.empty() ? std::string(operation_id) + "'s input" : type.name));
      }
      size_t index = static_cast<size_t>(field - type.fields.data());
      if (dot == std::string::npos) {
        const types::Type* leaf = field->type;
        if (leaf->Is(TypeKind::kRecord) ||
            (leaf->Is(TypeKind::kList) && !leaf->element()->IsScalar())) {
          return fail("'" + path + "' holds " + leaf->ToString() +
                      ": name its fields one by one (lists of records need JSON)");
        }
        layout->fields.push_back({record, index, leaf, path});
        break;
      }
      if (!field->type->Is(TypeKind::kRecord)) {
        return fail("'" + path.substr(0, dot) + "' is " + field->type->ToString() +
                    ", not a record");
      }
      std::string prefix = path.substr(0, dot);
      auto known = std::find_if(layout->records.begin(), layout->records.end(),
                                [&](const Layout::Record& r) { return r.path == prefix; });
      if (known == layout->records.end()) {
        layout->records.push_back({field->type->record(), record, index, prefix});
        known = layout->records.end() - 1;
      }
      record = static_cast<int>(known - layout->records.begin());
      at = dot + 1;
    }
  }
  return layout;
}

}  // namespace

// A value as the gateway set it, before it meets a schema type.
struct TypedValue {
  enum class Kind : uint8_t {
    kUnset,
    kBool,
    kInt,
    kString,
    kTimestamp,
    kDuration,
    kStrings,
    kInts
  };
  Kind kind = Kind::kUnset;
  int64_t number = 0;
  std::string text;
  std::vector<std::string> texts;
  std::vector<int64_t> ints;
};

}  // namespace api

struct PreparedOperation::Impl {
  std::string operation;
  std::vector<std::string> paths;
  // The layout for the latest bundle it was used with, shared by the
  // requests made from it (each keeps its own copy: see TypedRequest::Impl).
  mutable std::mutex mutex;
  mutable std::shared_ptr<const api::Layout> layout;

  std::shared_ptr<const api::Layout> For(const api::EngineState& engine,
                                         const api::Snapshot& snapshot, std::string* error) const {
    std::lock_guard lock(mutex);
    if (!layout || !api::Fits(*layout, engine, snapshot)) {
      std::shared_ptr<const api::Layout> fresh =
          api::Resolve(engine, snapshot, operation, paths, error);
      if (!fresh) return nullptr;
      layout = std::move(fresh);
    }
    return layout;
  }
};

PreparedOperation::PreparedOperation(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedOperation::PreparedOperation(PreparedOperation&&) noexcept = default;
PreparedOperation& PreparedOperation::operator=(PreparedOperation&&) noexcept = default;
PreparedOperation::~PreparedOperation() = default;
const std::string& PreparedOperation::operation() const { return impl_->operation; }
size_t PreparedOperation::field_count() const { return impl_->paths.size(); }

struct TypedRequest::Impl {
  std::shared_ptr<const PreparedOperation::Impl> prepared;
  // The prepared layout, kept here so that deciding locks nothing until a
  // reload makes it stale (a request is used by one thread at a time).
  mutable std::shared_ptr<const api::Layout> layout;
  std::string principal;
  std::optional<int64_t> time;
  std::optional<std::string> approval;
  std::vector<api::TypedValue> values;

  api::TypedValue& At(size_t field) {
    // An index past the prepared fields is kept, and reported when deciding.
    if (field >= values.size()) values.resize(field + 1);
    return values[field];
  }
};

TypedRequest::TypedRequest(const PreparedOperation& operation) : impl_(std::make_unique<Impl>()) {
  impl_->prepared = operation.impl_;
  impl_->values.resize(operation.field_count());
}
TypedRequest::TypedRequest(TypedRequest&&) noexcept = default;
TypedRequest& TypedRequest::operator=(TypedRequest&&) noexcept = default;
TypedRequest::~TypedRequest() = default;

void TypedRequest::SetPrincipal(std::string_view principal) { impl_->principal = principal; }
void TypedRequest::SetTime(int64_t unix_micros) { impl_->time = unix_micros; }

namespace {
void SetNumber(api::TypedValue& value, api::TypedValue::Kind kind, int64_t number) {
  value.kind = kind;
  value.number = number;
}
}  // namespace

void TypedRequest::SetBool(size_t field, bool value) {
  SetNumber(impl_->At(field), api::TypedValue::Kind::kBool, value ? 1 : 0);
}
void TypedRequest::SetInt(size_t field, int64_t value) {
  SetNumber(impl_->At(field), api::TypedValue::Kind::kInt, value);
}
void TypedRequest::SetTimestamp(size_t field, int64_t unix_micros) {
  SetNumber(impl_->At(field), api::TypedValue::Kind::kTimestamp, unix_micros);
}
void TypedRequest::SetDuration(size_t field, int64_t micros) {
  SetNumber(impl_->At(field), api::TypedValue::Kind::kDuration, micros);
}
void TypedRequest::SetString(size_t field, std::string_view value) {
  api::TypedValue& slot = impl_->At(field);
  slot.kind = api::TypedValue::Kind::kString;
  slot.text.assign(value);
}
void TypedRequest::SetStrings(size_t field, std::span<const std::string_view> values) {
  api::TypedValue& slot = impl_->At(field);
  slot.kind = api::TypedValue::Kind::kStrings;
  slot.texts.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) slot.texts[i].assign(values[i]);
}
void TypedRequest::SetInts(size_t field, std::span<const int64_t> values) {
  api::TypedValue& slot = impl_->At(field);
  slot.kind = api::TypedValue::Kind::kInts;
  slot.ints.assign(values.begin(), values.end());
}
void TypedRequest::SetApproval(std::string_view approval_id) {
  impl_->approval.emplace(approval_id);
}
void TypedRequest::Clear() {
  impl_->principal.clear();
  impl_->time.reset();
  impl_->approval.reset();
  for (api::TypedValue& value : impl_->values) value.kind = api::TypedValue::Kind::kUnset;
}

namespace api {
namespace {

using Kind = TypedValue::Kind;

// One scalar of `type` from a value of `kind`; the binder's error texts.
std::optional<std::string> ScalarSlot(const types::Type& type, Kind kind, int64_t number,
                                      std::string_view text, runtime::Arena& arena,
                                      runtime::Slot& out) {
  auto expected = [&](std::string_view detail = {}) {
    return "expected " + runtime::bind_internal::ExpectedText(type) + std::string(detail);
  };
  switch (type.kind()) {
    case TypeKind::kBool:
      if (kind != Kind::kBool) return expected();
      out = {static_cast<uint64_t>(number), 0};
      return std::nullopt;
    case TypeKind::kInt:
      if (kind != Kind::kInt) return expected();
      out = {static_cast<uint64_t>(number), 0};
      return std::nullopt;
    case TypeKind::kTimestamp:
      if (kind != Kind::kTimestamp) return expected();
      if (!stdlib::InTimestampRange(number)) {
        return expected(" (out of range: years 0000 to 9999)");
      }
      out = {static_cast<uint64_t>(number), 0};
      return std::nullopt;
    case TypeKind::kDuration:
      if (kind != Kind::kDuration) return expected();
      out = {static_cast<uint64_t>(number), 0};
      return std::nullopt;
    case TypeKind::kString:
      if (kind != Kind::kString) return expected();
      if (FindInvalidUtf8(text) >= 0) return expected(" (invalid UTF-8)");
      out = runtime::StringSlot(text);
      return std::nullopt;
    case TypeKind::kEmail: {
      if (kind != Kind::kString) return expected();
      std::optional<size_t> at = stdlib::EmailAt(text);
      if (!at) return expected();
      char* copy = arena.Bytes(text.size());
      std::memcpy(copy, text.data(), text.size());
      // Domains compare ignoring case: stored lower-cased, as the binder does.
      std::transform(copy + *at + 1, copy + text.size(), copy + *at + 1, [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      });
      out = runtime::EmailSlot({copy, text.size()}, *at);
      return std::nullopt;
    }
    case TypeKind::kEnum: {
      if (kind != Kind::kString) return expected();
      const std::vector<std::string>& values = type.enumeration()->values;
      auto it = std::find(values.begin(), values.end(), text);
      if (it == values.end()) return expected();
      out = {static_cast<uint64_t>(it - values.begin()), 0};
      return std::nullopt;
    }
    default: return expected();
  }
}

}  // namespace

// Fills `out` from `request` as `layout` says; the error as the binder
// words it ("input.message.to[1]: expected email") otherwise.
struct TypedParts {
  std::string_view principal;
  std::optional<int64_t> time;
  const std::vector<TypedValue>& values;
};

std::optional<std::string> BuildSlots(const Layout& layout, const TypedParts& request,
                                      runtime::SlotRequest& out) {
  if (request.values.size() > layout.fields.size()) {
    return "field " + std::to_string(request.values.size() - 1) + " was set, but " +
           layout.operation->id + " was prepared with " + std::to_string(layout.fields.size()) +
           " fields";
  }
  if (request.time && !stdlib::InTimestampRange(*request.time)) {
    return "context.time: expected timestamp (out of range: years 0000 to 9999)";
  }
  out.arena.Reset();
  out.schema = layout.schema;
  out.operation = layout.operation;
  out.principal = request.principal;
  out.time = request.time;
  out.approval.reset();
  thread_local std::vector<runtime::Slot*> records;
  thread_local std::vector<char> present;
  records.assign(layout.records.size(), nullptr);
  present.assign(layout.records.size(), 0);
  present[0] = present[1] = 1;
  for (size_t r = 0; r < layout.records.size(); ++r) {
    size_t count = layout.records[r].type->fields.size();
    records[r] = out.arena.Slots(count);
    std::fill(records[r], records[r] + count, runtime::AbsentSlot());
  }
  for (size_t i = 0; i < request.values.size(); ++i) {
    const TypedValue& value = request.values[i];
    if (value.kind == Kind::kUnset) continue;
    const Layout::Field& field = layout.fields[i];
    runtime::Slot& slot = records[static_cast<size_t>(field.record)][field.field];
    if (field.type->Is(TypeKind::kList)) {
      const types::Type& element = *field.type->element();
      size_t n = value.kind == Kind::kStrings ? value.texts.size() : value.ints.size();
      if (value.kind != Kind::kStrings && value.kind != Kind::kInts) {
        return field.path + ": expected " + field.type->ToString();
      }
      if (n > runtime::kMaxListLength) {  // as the JSON binder (runtime/core/request.h)
        return fmt::format("{}: a list of more than {} elements (the limit is {})", field.path,
                           runtime::kMaxListLength, runtime::kMaxListLength);
      }
      runtime::Slot* items = out.arena.Slots(n);
      for (size_t k = 0; k < n; ++k) {
        bool text = value.kind == Kind::kStrings;
        std::optional<std::string> error = ScalarSlot(
            element, text ? Kind::kString : Kind::kInt, text ? 0 : value.ints[k],
            text ? std::string_view(value.texts[k]) : std::string_view(), out.arena, items[k]);
        if (error) return field.path + "[" + std::to_string(k) + "]: " + *error;
      }
      slot = {reinterpret_cast<uint64_t>(items), n};
    } else if (std::optional<std::string> error =
                   ScalarSlot(*field.type, value.kind, value.number, value.text, out.arena, slot)) {
      return field.path + ": " + *error;
    }
    // The records on the way to a set field are present.
    for (int r = field.record; r >= 0 && !present[static_cast<size_t>(r)];
         r = layout.records[static_cast<size_t>(r)].parent) {
      present[static_cast<size_t>(r)] = 1;
    }
  }
  // Children come after their parents: link the present ones.
  for (size_t r = 2; r < layout.records.size(); ++r) {
    if (!present[r]) continue;
    const Layout::Record& record = layout.records[r];
    records[static_cast<size_t>(record.parent)][record.field] = {
        reinterpret_cast<uint64_t>(records[r]), 0};
  }
  for (size_t r = 0; r < layout.records.size(); ++r) {
    if (!present[r]) continue;
    const types::RecordType& type = *layout.records[r].type;
    for (size_t f = 0; f < type.fields.size(); ++f) {
      if (!type.fields[f].optional && runtime::IsAbsent(records[r][f])) {
        return layout.records[r].path + "." + type.fields[f].name + ": missing required field";
      }
    }
  }
  out.input = records[0];
  out.context = records[1];
  return std::nullopt;
}

}  // namespace api

std::unique_ptr<PreparedOperation> Engine::Prepare(std::string_view operation,
                                                   const std::vector<std::string>& field_paths,
                                                   std::string* error) const {
  try {
    auto impl = std::make_shared<PreparedOperation::Impl>();
    impl->operation = std::string(operation);
    impl->paths = field_paths;
    std::shared_ptr<const api::Snapshot> snapshot = impl_->Current();
    if (!impl->For(*impl_, *snapshot, error)) return nullptr;
    return std::unique_ptr<PreparedOperation>(new PreparedOperation(std::move(impl)));
  } catch (const std::exception& e) {
    if (error != nullptr) *error = std::string("internal error: ") + e.what();
    return nullptr;
  }
}

Decision Engine::Decide(const TypedRequest& request, const DecideOptions& options) const {
  const api::EngineState& state = *impl_;
  return state.DecideRequest(
      [&](const api::Snapshot& snapshot,
          runtime::SlotRequest& slots) -> std::optional<std::string> {
        std::string resolve_error;
        std::shared_ptr<const api::Layout>& layout = request.impl_->layout;
        if (!layout || !api::Fits(*layout, state, snapshot)) {
          layout = request.impl_->prepared->For(state, snapshot, &resolve_error);
        }
        // Null when the bundle was reloaded with a schema that lost the
        // operation or a path.
        if (!layout) return "request: " + resolve_error;
        std::optional<std::string> error = api::BuildSlots(
            *layout, {request.impl_->principal, request.impl_->time, request.impl_->values}, slots);
        // The request outlives the decision: the slots may point into it.
        if (!error && request.impl_->approval) slots.approval = *request.impl_->approval;
        return error;
      },
      [](const runtime::SlotRequest& slots) -> std::optional<runtime::CanonicalCall> {
        // The bound values, spelt as a JSON request would spell them
        // (runtime/core/canonical_text.h).
        runtime::BoundRequest bound = runtime::FromSlots(slots);
        runtime::CanonicalCall call;
        runtime::AppendCanonicalRecord(bound.input, call.input);
        runtime::AppendCanonicalRecord(bound.context, call.context);
        return call;
      },
      options);
}

}  // namespace intent
