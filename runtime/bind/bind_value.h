// Internal to the request binder (bind_json.cc): converts simdjson On-Demand
// values to slots as their schema types say, tracking nesting depth for the
// limit and, on error only, the path for the message.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/types/type.h"
#include "runtime/core/request.h"
#include "runtime/core/slots.h"

namespace intent::runtime::bind_internal {

namespace ondemand = simdjson::ondemand;

// What a simdjson INCOMPLETE_ARRAY_OR_OBJECT error says about a request.
inline constexpr const char* kUnclosedJson = "malformed JSON (unclosed object or array)";

// What a value of `type` must be, for "expected ..." errors: the type as
// written, or the enum's values.
std::string ExpectedText(const types::Type& type);

// Working space kept by the caller between binds so that its memory is
// reused; each stack is used innermost last.
struct Scratch {
  std::vector<Slot> items;             // elements of the lists being bound
  std::vector<std::string_view> keys;  // undeclared keys of the objects being walked
};

// The context members that are the request's own, not the schema's
// (S0012): the request time and the id of the approval a retried call
// presents (docs/approvals.md).
struct ReservedContext {
  std::optional<int64_t>& time;
  std::optional<std::string_view>& approval;
};

// Binds values one at a time into `arena`. Every Bind*/Skip* method returns
// false after recording the first error (later calls must not be made
// then): the caller simply stops, adding its step of the path with
// Unwind(). So the path costs nothing until something fails.
class Binder {
 public:
  Binder(size_t max_depth, size_t max_list_length, Arena& arena, Scratch& scratch)
      : max_depth_(max_depth), max_list_length_(max_list_length), arena_(arena), scratch_(scratch) {
    scratch_.items.clear();
    scratch_.keys.clear();
  }

  // Adds the step into a member named `name` (or element `index`) to the
  // failed value's path; returns false for `return Unwind(...)`.
  bool Unwind(std::string_view name) { return Step({name, 0, false}); }
  bool UnwindIndex(size_t index) { return Step({{}, index, true}); }

  // Counts one more level of nesting; fails past the limit. Leave() undoes.
  bool Enter();
  void Leave() { --depth_; }

  // Records `message` at the current path (or for the whole request).
  bool Fail(std::string message);
  bool FailRequest(std::string message);
  // Records a simdjson error as what it says about the request's text.
  bool FailJson(simdjson::error_code error);

  // `value` as `type`; JSON null is absent when `optional`.
  bool BindValue(ondemand::value value, const types::Type& type, bool optional, Slot& out);
  // Opens `value` as an object, counting its depth (Leave() when done); sets
  // `is_null` instead for JSON null. For the request's own members.
  bool OpenObject(ondemand::value value, ondemand::object& object, bool& is_null);
  // A required JSON string (principal, operation), viewed in the parser's
  // buffer (valid until the parser's next document or rewind).
  bool BindText(ondemand::value value, std::string_view& out);
  // The members of `object` as the fields of `type`, in declaration order,
  // into `fields` (one slot per field). Undeclared members are validated and
  // ignored. When `reserved` is given (the context only), its members
  // "time" and "approval" are bound there.
  bool BindFields(ondemand::object object, const types::RecordType& type, Slot* fields,
                  ReservedContext* reserved);
  // The fields of a record whose object is missing: an error when one of
  // them is required, else all absent.
  bool BindMissing(const types::RecordType& type, Slot* fields);
  // Checks an ignored value for well-formed JSON, depth and duplicate keys.
  bool SkipValue(ondemand::value value);

  // Whether the error is malformed JSON rather than a value of the wrong type.
  bool json_error() const { return json_error_; }
  // The error, its path built from the unwound steps.
  std::optional<BindError> TakeError();
  // The failed value's path as a JSON path under `root` ("$.users.alice"),
  // as schema diagnostics print them: for data files.
  std::string ErrorJsonPath(std::string root) const;

 private:
  struct PathStep {
    std::string_view name;
    size_t index;
    bool is_index;
  };

  bool Step(PathStep step) {
    if (path_wanted_) unwound_.push_back(step);
    return false;
  }
  // "expected T" (and `detail`), or the enum's values.
  bool Expected(const types::Type& type, std::string_view detail = {});
  bool BindList(ondemand::value value, const types::Type& type, Slot& out);
  bool BindRecord(ondemand::value value, const types::Type& type, Slot& out);
  // A data document's map (docs/data.md): `out` holds the address of its
  // key and value slots in pairs, and their count; the data loader hashes
  // them. Keys of `type` (string, email or int) are read from their text.
  bool BindMap(ondemand::value value, const types::Type& type, Slot& out);
  bool ReadKey(std::string_view key, const types::Type& type, Slot& out);
  bool BindTime(ondemand::value value, std::optional<int64_t>& time);
  // A JSON string copied into the arena, or null as absent.
  bool BindApproval(ondemand::value value, std::optional<std::string_view>& approval);
  // A JSON string's unescaped text (valid until the parser's next document).
  bool ReadString(ondemand::value value, std::string_view& out);
  // A JSON integer; `what` names the expected type in errors.
  bool ReadInteger(ondemand::value value, std::string_view what, int64_t& out);
  bool ReadBool(ondemand::value value, bool& out);
  bool ReadEmail(ondemand::value value, const types::Type& type, Slot& out);
  // An email's text ('@' at `at`) copied into the arena, its domain lower-cased.
  Slot CopyEmail(std::string_view text, size_t at);
  bool ReadEnum(ondemand::value value, const types::Type& type, Slot& out);
  bool ReadTimestamp(ondemand::value value, ondemand::json_type json_type, int64_t& micros);
  bool ReadDuration(ondemand::value value, ondemand::json_type json_type, int64_t& micros);
  bool ConsumeNull(ondemand::value value);
  // Checks a number's spelling only: its value may not fit any C++ type.
  bool SkipNumber(ondemand::value value);
  // `text` copied into the arena: slots outlive the parser's buffer.
  std::string_view Copy(std::string_view text);

  size_t max_depth_;
  size_t max_list_length_;
  size_t depth_ = 0;
  Arena& arena_;
  Scratch& scratch_;
  std::optional<BindError> error_;
  bool path_wanted_ = false;
  bool json_error_ = false;        // the error is about a value, not the whole text
  std::vector<PathStep> unwound_;  // innermost first
};

// `text` fit for an error message: control characters escaped, long text
// cut (requests are hostile input and messages end up in logs).
std::string Printable(std::string_view text);

}  // namespace intent::runtime::bind_internal
