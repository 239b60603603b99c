// The request binder's scalars (strings, numbers, emails, enums, times) and
// its errors: what each failure says, and the path it says it at.
#include <algorithm>
#include <charconv>
#include <cstring>

#include "compiler/schema/json_locator.h"
#include "runtime/bind/bind_value.h"
#include "stdlib/duration.h"
#include "stdlib/email.h"
#include "stdlib/json_number.h"
#include "stdlib/timestamp.h"

namespace intent::runtime::bind_internal {
namespace {

using types::TypeKind;
using JsonType = ondemand::json_type;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

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
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return kUnclosedJson;
    default: return "malformed JSON";
  }
}

}  // namespace

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

std::optional<BindError> Binder::TakeError() {
  if (error_ && path_wanted_) {
    std::string path;
    for (auto step = unwound_.rbegin(); step != unwound_.rend(); ++step) {
      if (step->is_index) {
        path += "[" + std::to_string(step->index) + "]";
      } else {
        if (!path.empty()) path += '.';
        path += Printable(step->name);
      }
    }
    error_->path = std::move(path);
  }
  return std::move(error_);
}

std::string Binder::ErrorJsonPath(std::string root) const {
  for (auto step = unwound_.rbegin(); step != unwound_.rend(); ++step) {
    root = step->is_index ? schema::JsonIndexPath(root, step->index)
                          : schema::JsonChildPath(root, step->name);
  }
  return root;
}

bool Binder::Fail(std::string message) {
  if (!error_) {
    error_ = BindError{"", std::move(message)};
    path_wanted_ = true;
  }
  return false;
}

bool Binder::FailRequest(std::string message) {
  if (!error_) error_ = BindError{"", std::move(message)};
  return false;
}

bool Binder::FailJson(simdjson::error_code error) {
  if (!error_) json_error_ = true;
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

bool Binder::Expected(const types::Type& type, std::string_view detail) {
  return Fail("expected " + ExpectedText(type) + std::string(detail));
}

std::string_view Binder::Copy(std::string_view text) {
  char* copy = arena_.Bytes(text.size());
  if (!text.empty()) std::memcpy(copy, text.data(), text.size());
  return {copy, text.size()};
}

bool Binder::ConsumeNull(ondemand::value value) {
  bool is_null = false;
  // A token starting with 'n' that is not "null" is reported as a type error.
  if (value.is_null().get(is_null) || !is_null) return FailJson(simdjson::N_ATOM_ERROR);
  return true;
}

bool Binder::ReadBool(ondemand::value value, bool& out) {
  // simdjson reports "tru" as a type error; the JSON type was checked
  // already, so it is a malformed literal.
  if (auto error = value.get_bool().get(out)) {
    return FailJson(error == simdjson::INCORRECT_TYPE ? simdjson::T_ATOM_ERROR : error);
  }
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
  // simdjson reads only integers spelt as integers; 1.0 and 1e3 are
  // integers too (stdlib/json_number.h). A failed get leaves the value in
  // place, and the parent's iterator steps over it as over a skipped one.
  switch (stdlib::ParseJsonInteger(value.raw_json_token(), out)) {
    case stdlib::JsonInteger::kInteger: return true;
    case stdlib::JsonInteger::kOutOfRange:
      return Fail("expected " + std::string(what) + " (out of range)");
    case stdlib::JsonInteger::kFraction: return Fail("expected " + std::string(what));
    case stdlib::JsonInteger::kInvalid: break;
  }
  return FailJson(error == simdjson::INCORRECT_TYPE ? simdjson::NUMBER_ERROR : error);
}

bool Binder::SkipNumber(ondemand::value value) {
  int64_t ignored = 0;
  if (stdlib::ParseJsonInteger(value.raw_json_token(), ignored) == stdlib::JsonInteger::kInvalid) {
    return FailJson(simdjson::NUMBER_ERROR);
  }
  return true;
}

bool Binder::ReadEmail(ondemand::value value, const types::Type& type, Slot& out) {
  std::string_view text;
  if (!ReadString(value, text)) return false;
  std::optional<size_t> at = stdlib::EmailAt(text);
  if (!at) return Expected(type);
  out = CopyEmail(text, *at);
  return true;
}

Slot Binder::CopyEmail(std::string_view text, size_t at) {
  char* copy = arena_.Bytes(text.size());
  std::memcpy(copy, text.data(), text.size());
  // Domains compare ignoring case: stored lower-cased.
  std::transform(copy + at + 1, copy + text.size(), copy + at + 1, [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return EmailSlot({copy, text.size()}, at);
}

bool Binder::ReadEnum(ondemand::value value, const types::Type& type, Slot& out) {
  std::string_view text;
  if (!ReadString(value, text)) return false;
  const std::vector<std::string>& values = type.enumeration()->values;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == text) {
      out = {i, 0};
      return true;
    }
  }
  return Expected(type);
}

bool Binder::ReadTimestamp(ondemand::value value, JsonType json_type, int64_t& micros) {
  if (json_type == JsonType::string) {
    std::string_view text;
    if (!ReadString(value, text)) return false;
    bool out_of_range = false;
    std::optional<int64_t> parsed = stdlib::ParseTimestamp(text, &out_of_range);
    if (out_of_range) return Fail("expected timestamp (out of range: years 0000 to 9999)");
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

bool Binder::BindTime(ondemand::value value, std::optional<int64_t>& time) {
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  if (json_type == JsonType::null) return ConsumeNull(value);  // as if not given
  int64_t micros = 0;
  if (!ReadTimestamp(value, json_type, micros)) return false;
  time = micros;
  return true;
}

bool Binder::BindApproval(ondemand::value value, std::optional<std::string_view>& approval) {
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  if (json_type == JsonType::null) return ConsumeNull(value);  // as if not given
  if (json_type != JsonType::string) return Fail("expected string (an approval id)");
  std::string_view text;
  if (!ReadString(value, text)) return false;
  approval = Copy(text);
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

}  // namespace intent::runtime::bind_internal
