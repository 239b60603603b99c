// A request bound to its operation's schema as Values: the form the
// reference interpreter evaluates (docs/language.md §9.7). Requests are
// bound into slots first (slots.h, what native code reads; the binder in
// runtime/bind); FromSlots makes this form from them. Also the binder's
// limits and errors, which both forms share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "compiler/check/cost_model.h"
#include "compiler/schema/schema.h"
#include "runtime/core/value.h"

namespace intent::runtime {

class DataSet;

struct BoundRequest {
  std::string principal;
  const schema::Schema* schema = nullptr;
  const schema::Operation* operation = nullptr;
  Record input;    // type == &operation->input
  Record context;  // type == &schema->context; absent fields are Absent
  // `context.time` when the request gives it; otherwise the engine's clock.
  std::optional<Timestamp> time;
  // The schema's data documents (runtime/core/data.h), and the set they
  // belong to; null without data.
  const Record* data = nullptr;
  const DataSet* data_set = nullptr;
};

// Why a request was rejected; the path names the offending part, e.g.
// "input.message.to[2]" with message "expected email".
struct BindError {
  std::string path;
  std::string message;
  std::string ToString() const { return path.empty() ? message : path + ": " + message; }
};

// The longest list a request may hold, by default.
inline constexpr size_t kMaxListLength = check::cost::kMaxListLength;

struct BindOptions {
  // Requests are small; the limits keep one hostile request from costing
  // much memory or stack.
  size_t max_bytes = check::cost::kMaxRequestBytes;
  size_t max_depth = 64;
  // Elements of any one list: the checker's cost estimates assume it
  // (docs/semantics.md, "Evaluation cost").
  size_t max_list_length = kMaxListLength;
};

struct BindResult {
  std::optional<BoundRequest> request;  // set exactly when `error` is not
  std::optional<BindError> error;
};

}  // namespace intent::runtime
