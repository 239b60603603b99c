// Internal to the request binder (bind_json.cc): converts simdjson On-Demand
// values to runtime Values as their schema types say, tracking the path and
// nesting depth for error messages and limits.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/types/type.h"
#include "runtime/request.h"
#include "runtime/value.h"

namespace intent::runtime::bind_internal {

namespace ondemand = simdjson::ondemand;

// Binds values one at a time. Every Bind*/Skip* method returns false after
// recording the first error (later calls must not be made then): the caller
// simply stops. Strings viewed by the path point into the parser's buffer or
// the schema, so the error is formatted as soon as it happens.
class Binder {
 public:
  // `scratch` is working space, kept by the caller between binds so that
  // its memory is reused; it is cleared here.
  Binder(size_t max_depth, std::vector<Value>& scratch) : max_depth_(max_depth), scratch_(scratch) {
    scratch_.clear();
    path_.reserve(16);
  }

  // The path to the value being bound: "input", then ".message", "[2]".
  void PushName(std::string_view name) { path_.push_back({name, 0, false}); }
  void PushIndex(size_t index) { path_.push_back({{}, index, true}); }
  void Pop() { path_.pop_back(); }

  // Counts one more level of nesting; fails past the limit. Leave() undoes.
  bool Enter();
  void Leave() { --depth_; }

  // Records `message` at the current path (or for the whole request).
  bool Fail(std::string message);
  bool FailRequest(std::string message);
  // Records a simdjson error as what it says about the request's text.
  bool FailJson(simdjson::error_code error);

  // `value` as `type`; JSON null is Absent when `optional`.
  bool BindValue(ondemand::value value, const types::Type& type, bool optional, Value& out);
  // Opens `value` as an object, counting its depth (Leave() when done); sets
  // `is_null` instead for JSON null. For the request's own members.
  bool OpenObject(ondemand::value value, ondemand::object& object, bool& is_null);
  // A required JSON string (principal, operation).
  bool BindText(ondemand::value value, std::string_view& out);
  // The members of `object` as the fields of `type`, in declaration order.
  // Undeclared members are validated and ignored. When `time` is given, a
  // member "time" is the request time (context only).
  bool BindFields(ondemand::object object, const types::RecordType& type,
                  std::vector<Value>& fields, std::optional<Timestamp>* time);
  // The fields of a record whose object is missing: an error when one of
  // them is required, else all Absent.
  bool BindMissing(const types::RecordType& type, std::vector<Value>& fields);
  // Checks an ignored value for well-formed JSON, depth and duplicate keys.
  bool SkipValue(ondemand::value value);

  std::optional<BindError> TakeError() { return std::move(error_); }

 private:
  struct Step {
    std::string_view name;
    size_t index;
    bool is_index;
  };

  bool Expected(const types::Type& type);
  bool BindList(ondemand::value value, const types::Type& type, Value& out);
  bool BindRecord(ondemand::value value, const types::Type& type, Value& out);
  bool BindTime(ondemand::value value, std::optional<Timestamp>& time);
  // A JSON string's unescaped text (valid until the parser's next document).
  bool ReadString(ondemand::value value, std::string_view& out);
  // A JSON integer; `what` names the expected type in errors.
  bool ReadInteger(ondemand::value value, std::string_view what, int64_t& out);
  bool ReadTimestamp(ondemand::value value, ondemand::json_type json_type, int64_t& micros);
  bool ReadDuration(ondemand::value value, ondemand::json_type json_type, int64_t& micros);
  bool ConsumeNull(ondemand::value value);
  std::string PathString() const;

  size_t max_depth_;
  size_t depth_ = 0;
  // Elements of the lists being bound, innermost last: each list is then
  // allocated once at its final size instead of growing.
  std::vector<Value>& scratch_;
  std::vector<Step> path_;
  std::optional<BindError> error_;
};

// `text` fit for an error message: control characters escaped, long text
// cut (requests are hostile input and messages end up in logs).
std::string Printable(std::string_view text);

}  // namespace intent::runtime::bind_internal
