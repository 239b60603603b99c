// Schema-directed conversion of JSON values (simdjson On-Demand) to runtime
// Values: reads only what the schema declares and converts as it goes.
#include "runtime/bind_value.h"

#include <charconv>
#include <cstddef>
#include <iterator>
#include <memory>
#include <set>
#include <utility>

#include "stdlib/duration.h"
#include "stdlib/email.h"
#include "stdlib/timestamp.h"

namespace intent::runtime::bind_internal {
namespace {

using types::TypeKind;
using JsonType = ondemand::json_type;

// How a JSON number token is spelt: the binder's integers must be written
// as integers, and "too big" deserves a different message from "1.5".
enum class NumberSyntax { kInteger, kFraction, kInvalid };

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

NumberSyntax ClassifyNumber(std::string_view token) {
  // On-Demand's raw token runs up to the next structural character.
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  size_t i = 0;
  const size_t n = token.size();
  auto digits = [&] {
    size_t start = i;
    while (i < n && IsDigit(token[i])) ++i;
    return i > start;
  };
  if (i < n && token[i] == '-') ++i;
  if (i < n && token[i] == '0') {
    ++i;
  } else if (!digits()) {
    return NumberSyntax::kInvalid;
  }
  bool fraction = false;
  if (i < n && token[i] == '.') {
    ++i;
    if (!digits()) return NumberSyntax::kInvalid;
    fraction = true;
  }
  if (i < n && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < n && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digits()) return NumberSyntax::kInvalid;
    fraction = true;
  }
  if (i != n) return NumberSyntax::kInvalid;
  return fraction ? NumberSyntax::kFraction : NumberSyntax::kInteger;
}

// "30s", "-15m": an optional sign, digits and one unit letter.
enum class DurationSyntax { kOk, kInvalid, kOutOfRange };

DurationSyntax ParseDurationText(std::string_view text, int64_t& micros) {
  if (text.size() < 2) return DurationSyntax::kInvalid;
  char unit = text.back();
  std::string_view number = text.substr(0, text.size() - 1);
  std::string_view digits = number.substr(number[0] == '-' ? 1 : 0);
  if (digits.empty()) return DurationSyntax::kInvalid;
  for (char c : digits) {
    if (!IsDigit(c)) return DurationSyntax::kInvalid;
  }
  if (!stdlib::MicrosPerUnit(unit)) return DurationSyntax::kInvalid;
  int64_t amount = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), amount);
  if (error != std::errc() || end != number.data() + number.size()) {
    return DurationSyntax::kOutOfRange;  // digits were checked: only the range can fail
  }
  std::optional<int64_t> result = stdlib::DurationFromUnits(amount, unit);
  if (!result) return DurationSyntax::kOutOfRange;
  micros = *result;
  return DurationSyntax::kOk;
}

// What an error says was expected: the type, or an enum's values.
std::string ExpectedText(const types::Type& type) {
  if (!type.Is(TypeKind::kEnum)) return type.ToString();
  constexpr size_t kMaxListed = 10;
  const std::vector<std::string>& values = type.enumeration()->values;
  std::string text = "one of ";
  for (size_t i = 0; i < values.size() && i < kMaxListed; ++i) {
    if (i > 0) text += ", ";
    text += "'" + values[i] + "'";
  }
  if (values.size() > kMaxListed) text += ", ...";
  return text;
}

std::string JsonErrorText(simdjson::error_code error) {
  switch (error) {
    case simdjson::EMPTY: return "request is empty";
    case simdjson::UTF8_ERROR: return "request is not valid UTF-8";
    case simdjson::MEMALLOC: return "out of memory";
    case simdjson::CAPACITY: return "request is too large for the parser";
    case simdjson::UNCLOSED_STRING: return "malformed JSON (unclosed string)";
    case simdjson::UNESCAPED_CHARS:
      return "malformed JSON (unescaped control character in a string)";
    case simdjson::STRING_ERROR: return "malformed JSON (invalid escape in a string)";
    case simdjson::NUMBER_ERROR: return "malformed JSON (invalid number)";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "malformed JSON (invalid literal)";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "malformed JSON (unclosed object or array)";
    default: return "malformed JSON";
  }
}

// Which declared fields of one object have been seen: a bit each, on the
// stack for the usual record of at most 64 fields.
class SeenFields {
 public:
  explicit SeenFields(size_t count) {
    if (count > 64) more_.resize(count - 64);
  }
  // Marks `index`; returns whether it was already marked.
  bool TestAndSet(size_t index) {
    if (index >= 64) {
      bool was = more_[index - 64];
      more_[index - 64] = true;
      return was;
    }
    uint64_t bit = uint64_t{1} << index;
    bool was = (bits_ & bit) != 0;
    bits_ |= bit;
    return was;
  }
  bool Test(size_t index) const {
    return index >= 64 ? static_cast<bool>(more_[index - 64])
                       : (bits_ & (uint64_t{1} << index)) != 0;
  }

 private:
  uint64_t bits_ = 0;
  std::vector<bool> more_;
};

// Index of the field named `key`, or fields.size(). Members usually come in
// declaration order, so the search starts at `hint`.
size_t FindField(const types::RecordType& type, std::string_view key, size_t hint) {
  const size_t count = type.fields.size();
  for (size_t step = 0; step < count; ++step) {
    size_t index = hint + step < count ? hint + step : hint + step - count;
    if (type.fields[index].name == key) return index;
  }
  return count;
}

// simdjson reports "tru" as a type error; the JSON type was checked already,
// so it is a malformed literal.
simdjson::error_code AtomError(simdjson::error_code error) {
  return error == simdjson::INCORRECT_TYPE ? simdjson::T_ATOM_ERROR : error;
}

std::string DuplicateKey(std::string_view key) { return "duplicate key '" + Printable(key) + "'"; }

}  // namespace

std::string Printable(std::string_view text) {
  constexpr size_t kMaxBytes = 64;
  bool cut = text.size() > kMaxBytes;
  if (cut) {
    size_t end = kMaxBytes;
    // Do not split a UTF-8 sequence: back off over continuation bytes.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
  }
  std::string out;
  out.reserve(text.size() + 3);
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  if (cut) out += "...";
  return out;
}

std::string Binder::PathString() const {
  std::string path;
  for (const Step& step : path_) {
    if (step.is_index) {
      path += "[" + std::to_string(step.index) + "]";
    } else {
      if (!path.empty()) path += '.';
      path += Printable(step.name);
    }
  }
  return path;
}

bool Binder::Fail(std::string message) {
  if (!error_) error_ = BindError{PathString(), std::move(message)};
  return false;
}

bool Binder::FailRequest(std::string message) {
  if (!error_) error_ = BindError{"", std::move(message)};
  return false;
}

bool Binder::FailJson(simdjson::error_code error) {
  switch (error) {
    // Properties of the whole text, not of the value at hand.
    case simdjson::EMPTY:
    case simdjson::UTF8_ERROR:
    case simdjson::MEMALLOC:
    case simdjson::CAPACITY: return FailRequest(JsonErrorText(error));
    case simdjson::DEPTH_ERROR:
      return FailRequest("nested deeper than " + std::to_string(max_depth_) + " levels");
    default: return Fail(JsonErrorText(error));
  }
}

bool Binder::Enter() {
  // Checked here rather than by simdjson, whose On-Demand front end only
  // checks depth in development builds.
  if (++depth_ > max_depth_) return FailJson(simdjson::DEPTH_ERROR);
  return true;
}

bool Binder::Expected(const types::Type& type) { return Fail("expected " + ExpectedText(type)); }

bool Binder::ConsumeNull(ondemand::value value) {
  bool is_null = false;
  // A token starting with 'n' that is not "null" is reported as a type error.
  if (value.is_null().get(is_null) || !is_null) return FailJson(simdjson::N_ATOM_ERROR);
  return true;
}

bool Binder::ReadString(ondemand::value value, std::string_view& out) {
  // The document was checked to be UTF-8 when parsing started; unescaping
  // rejects bad escapes and lone surrogates.
  if (auto error = value.get_string().get(out)) return FailJson(error);
  return true;
}

bool Binder::ReadInteger(ondemand::value value, std::string_view what, int64_t& out) {
  auto error = value.get_int64().get(out);
  if (!error) return true;
  // simdjson reports a fraction and an integer beyond 64 bits alike; the
  // spelling tells them apart (and a failed get leaves the value in place).
  switch (ClassifyNumber(value.raw_json_token())) {
    case NumberSyntax::kInteger: return Fail("expected " + std::string(what) + " (out of range)");
    case NumberSyntax::kFraction: return Fail("expected " + std::string(what));
    case NumberSyntax::kInvalid: break;
  }
  return FailJson(error == simdjson::INCORRECT_TYPE ? simdjson::NUMBER_ERROR : error);
}

bool Binder::ReadTimestamp(ondemand::value value, JsonType json_type, int64_t& micros) {
  if (json_type == JsonType::string) {
    std::string_view text;
    if (!ReadString(value, text)) return false;
    std::optional<int64_t> parsed = stdlib::ParseTimestamp(text);
    if (!parsed) return Fail("expected timestamp");
    micros = *parsed;
    return true;
  }
  if (json_type != JsonType::number) return Fail("expected timestamp");
  int64_t seconds = 0;
  if (!ReadInteger(value, "timestamp", seconds)) return false;
  if (__builtin_mul_overflow(seconds, stdlib::kMicrosPerSecond, &micros) ||
      !stdlib::InTimestampRange(micros)) {
    return Fail("expected timestamp (out of range: years 0000 to 9999)");
  }
  return true;
}

bool Binder::ReadDuration(ondemand::value value, JsonType json_type, int64_t& micros) {
  if (json_type == JsonType::string) {
    std::string_view text;
    if (!ReadString(value, text)) return false;
    switch (ParseDurationText(text, micros)) {
      case DurationSyntax::kOk: return true;
      case DurationSyntax::kInvalid: return Fail("expected duration");
      case DurationSyntax::kOutOfRange: return Fail("expected duration (out of range)");
    }
    return Fail("expected duration");
  }
  if (json_type != JsonType::number) return Fail("expected duration");
  int64_t seconds = 0;
  if (!ReadInteger(value, "duration", seconds)) return false;
  std::optional<int64_t> result = stdlib::DurationFromUnits(seconds, 's');
  if (!result) return Fail("expected duration (out of range)");
  micros = *result;
  return true;
}

bool Binder::BindText(ondemand::value value, std::string_view& out) {
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  if (json_type == JsonType::null) {
    if (!ConsumeNull(value)) return false;
    return Fail("expected string, found null");
  }
  if (json_type != JsonType::string) return Fail("expected string");
  return ReadString(value, out);
}

bool Binder::OpenObject(ondemand::value value, ondemand::object& object, bool& is_null) {
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  is_null = json_type == JsonType::null;
  if (is_null) return ConsumeNull(value);
  if (json_type != JsonType::object) return Fail("expected object");
  if (!Enter()) return false;
  if (auto error = value.get_object().get(object)) return FailJson(error);
  return true;
}

bool Binder::BindValue(ondemand::value value, const types::Type& type, bool optional, Value& out) {
  // Dispatch on the JSON type first: a failed get then means malformed
  // JSON ("tru"), not a value of the wrong type.
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  if (json_type == JsonType::null) {
    if (!ConsumeNull(value)) return false;
    if (!optional) return Fail("expected " + ExpectedText(type) + ", found null");
    out = Absent{};
    return true;
  }
  switch (type.kind()) {
    case TypeKind::kBool: {
      if (json_type != JsonType::boolean) return Expected(type);
      bool flag = false;
      if (auto error = value.get_bool().get(flag)) return FailJson(AtomError(error));
      out = flag;
      return true;
    }
    case TypeKind::kInt: {
      if (json_type != JsonType::number) return Expected(type);
      int64_t number = 0;
      if (!ReadInteger(value, "int", number)) return false;
      out = number;
      return true;
    }
    case TypeKind::kString: {
      if (json_type != JsonType::string) return Expected(type);
      std::string_view text;
      if (!ReadString(value, text)) return false;
      out = std::string(text);
      return true;
    }
    case TypeKind::kEmail: {
      if (json_type != JsonType::string) return Expected(type);
      std::string_view text;
      if (!ReadString(value, text)) return false;
      std::optional<stdlib::EmailParts> parts = stdlib::ParseEmail(text);
      if (!parts) return Expected(type);
      out = Email{std::move(parts->local), std::move(parts->domain)};
      return true;
    }
    case TypeKind::kTimestamp: {
      int64_t micros = 0;
      if (!ReadTimestamp(value, json_type, micros)) return false;
      out = Timestamp{micros};
      return true;
    }
    case TypeKind::kDuration: {
      int64_t micros = 0;
      if (!ReadDuration(value, json_type, micros)) return false;
      out = Duration{micros};
      return true;
    }
    case TypeKind::kEnum: {
      if (json_type != JsonType::string) return Expected(type);
      std::string_view text;
      if (!ReadString(value, text)) return false;
      const std::vector<std::string>& values = type.enumeration()->values;
      for (size_t i = 0; i < values.size(); ++i) {
        if (values[i] == text) {
          out = EnumValue{type.enumeration(), static_cast<uint32_t>(i)};
          return true;
        }
      }
      return Expected(type);
    }
    case TypeKind::kList:
      if (json_type != JsonType::array) return Expected(type);
      return BindList(value, type, out);
    case TypeKind::kRecord:
      if (json_type != JsonType::object) return Expected(type);
      return BindRecord(value, type, out);
    case TypeKind::kError:
    case TypeKind::kUnknown: break;
  }
  return Fail("cannot bind a value of type " + type.ToString());
}

bool Binder::BindList(ondemand::value value, const types::Type& type, Value& out) {
  if (!Enter()) return false;
  ondemand::array array;
  if (auto error = value.get_array().get(array)) return FailJson(error);
  const size_t start = scratch_.size();
  size_t index = 0;
  for (auto element_result : array) {
    ondemand::value element;
    if (auto error = element_result.get(element)) return FailJson(error);
    PushIndex(index++);
    // Bound into a local first: an inner list may grow (move) scratch_.
    // Elements are never optional: null in a list<T> is an error.
    Value bound;
    if (!BindValue(element, *type.element(), /*optional=*/false, bound)) return false;
    scratch_.push_back(std::move(bound));
    Pop();
  }
  Leave();
  auto first = scratch_.begin() + static_cast<std::ptrdiff_t>(start);
  out = ListPtr(std::make_shared<List>(std::make_move_iterator(first),
                                       std::make_move_iterator(scratch_.end())));
  scratch_.erase(first, scratch_.end());
  return true;
}

bool Binder::BindRecord(ondemand::value value, const types::Type& type, Value& out) {
  if (!Enter()) return false;
  ondemand::object object;
  if (auto error = value.get_object().get(object)) return FailJson(error);
  auto record = std::make_shared<Record>();
  record->type = type.record();
  if (!BindFields(object, *type.record(), record->fields, nullptr)) return false;
  Leave();
  out = RecordPtr(std::move(record));
  return true;
}

bool Binder::BindTime(ondemand::value value, std::optional<Timestamp>& time) {
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  if (json_type == JsonType::null) return ConsumeNull(value);  // as if not given
  int64_t micros = 0;
  if (!ReadTimestamp(value, json_type, micros)) return false;
  time = Timestamp{micros};
  return true;
}

bool Binder::BindFields(ondemand::object object, const types::RecordType& type,
                        std::vector<Value>& fields, std::optional<Timestamp>* time) {
  const size_t count = type.fields.size();
  fields.assign(count, Value());
  // On-Demand does not detect duplicate keys; a duplicate could show the
  // policy one value and the API another, so each object tracks its keys.
  SeenFields seen(count);
  bool time_seen = false;
  // Undeclared keys are rare; std::set allocates only when used and, unlike
  // a hash set, cannot be flooded with colliding keys.
  std::set<std::string_view> undeclared;
  size_t next = 0;
  for (auto member_result : object) {
    ondemand::field member;
    if (auto error = std::move(member_result).get(member)) return FailJson(error);
    // Unescaped, so that "\u0069d" is the field "id" and not an unknown key.
    std::string_view key;
    if (auto error = member.unescaped_key().get(key)) return FailJson(error);
    size_t index = FindField(type, key, next);
    if (index < count) {
      if (seen.TestAndSet(index)) return Fail(DuplicateKey(key));
      const types::Field& field = type.fields[index];
      PushName(field.name);
      if (!BindValue(member.value(), *field.type, field.optional, fields[index])) return false;
      Pop();
      next = index + 1;
    } else if (time != nullptr && key == "time") {
      if (std::exchange(time_seen, true)) return Fail(DuplicateKey(key));
      PushName("time");
      if (!BindTime(member.value(), *time)) return false;
      Pop();
    } else {
      if (!undeclared.insert(key).second) return Fail(DuplicateKey(key));
      PushName(key);
      if (!SkipValue(member.value())) return false;
      Pop();
    }
  }
  for (size_t i = 0; i < count; ++i) {
    if (!seen.Test(i) && !type.fields[i].optional) {
      PushName(type.fields[i].name);
      return Fail("missing required field");
    }
  }
  return true;
}

bool Binder::BindMissing(const types::RecordType& type, std::vector<Value>& fields) {
  fields.assign(type.fields.size(), Value());
  for (const types::Field& field : type.fields) {
    if (!field.optional) {
      PushName(field.name);
      return Fail("missing required field");
    }
  }
  return true;
}

bool Binder::SkipValue(ondemand::value value) {
  // On-Demand would skip an unread value without checking it; walking it
  // instead rejects malformed JSON wherever it is. Recursion is bounded by
  // Enter().
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  switch (json_type) {
    case JsonType::object: {
      if (!Enter()) return false;
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return FailJson(error);
      std::set<std::string_view> keys;
      for (auto member_result : object) {
        ondemand::field member;
        if (auto error = std::move(member_result).get(member)) return FailJson(error);
        std::string_view key;
        if (auto error = member.unescaped_key().get(key)) return FailJson(error);
        if (!keys.insert(key).second) return Fail(DuplicateKey(key));
        PushName(key);
        if (!SkipValue(member.value())) return false;
        Pop();
      }
      Leave();
      return true;
    }
    case JsonType::array: {
      if (!Enter()) return false;
      ondemand::array array;
      if (auto error = value.get_array().get(array)) return FailJson(error);
      size_t index = 0;
      for (auto element_result : array) {
        ondemand::value element;
        if (auto error = element_result.get(element)) return FailJson(error);
        PushIndex(index++);
        if (!SkipValue(element)) return false;
        Pop();
      }
      Leave();
      return true;
    }
    case JsonType::string: {
      std::string_view text;
      return ReadString(value, text);
    }
    case JsonType::number:
      // Checked by spelling only (its value may not fit any C++ type); the
      // parent's iterator steps over it.
      if (ClassifyNumber(value.raw_json_token()) == NumberSyntax::kInvalid) {
        return FailJson(simdjson::NUMBER_ERROR);
      }
      return true;
    case JsonType::boolean: {
      bool flag = false;
      if (auto error = value.get_bool().get(flag)) return FailJson(AtomError(error));
      return true;
    }
    case JsonType::null: return ConsumeNull(value);
  }
  return FailJson(simdjson::TAPE_ERROR);
}

}  // namespace intent::runtime::bind_internal
