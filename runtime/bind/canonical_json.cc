#include "runtime/bind/canonical_json.h"

#include <simdjson.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "runtime/core/canonical_text.h"
#include "stdlib/json_number.h"

namespace intent::runtime {
namespace {

namespace ondemand = simdjson::ondemand;
constexpr size_t kMaxDepth = 1024;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// An exact number: integers within int64 in decimal, anything else as
// DIGITSeSCALE with no leading or trailing zero digit.
bool WriteNumber(std::string_view token, std::string& out) {
  int64_t integer = 0;
  switch (stdlib::ParseJsonInteger(token, integer)) {
    case stdlib::JsonInteger::kInteger: out += std::to_string(integer); return true;
    case stdlib::JsonInteger::kInvalid: return false;
    case stdlib::JsonInteger::kFraction:
    case stdlib::JsonInteger::kOutOfRange: break;
  }
  // Well-formed (ParseJsonInteger said so): sign, digits, fraction, exponent.
  while (!token.empty() && !IsDigit(token.back())) token.remove_suffix(1);
  size_t i = 0;
  bool negative = token[0] == '-';
  if (negative) ++i;
  std::string digits;
  int64_t scale = 0;
  while (i < token.size() && IsDigit(token[i])) digits += token[i++];
  if (i < token.size() && token[i] == '.') {
    ++i;
    while (i < token.size() && IsDigit(token[i])) {
      digits += token[i++];
      --scale;
    }
  }
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (token[i] == '+' || token[i] == '-') exponent_negative = token[i++] == '-';
    int64_t exponent = 0;
    while (i < token.size()) {
      // Beyond a billion the text is absurd; saturating keeps it one value.
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (token[i] - '0');
      ++i;
    }
    scale += exponent_negative ? -exponent : exponent;
  }
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++scale;
  }
  if (digits.empty()) {  // zero, unreachable: ParseJsonInteger reads it
    out += '0';
    return true;
  }
  if (negative) out += '-';
  out += digits;
  out += 'e';
  out += std::to_string(scale);
  return true;
}

bool Write(ondemand::value value, size_t depth, std::string& out);

bool WriteObject(ondemand::object object, size_t depth, std::string& out,
                 const types::RecordType* keep = nullptr) {
  std::vector<std::pair<std::string, std::string>> members;
  for (auto member_result : object) {
    ondemand::field member;
    if (std::move(member_result).get(member)) return false;
    std::string_view key;
    if (member.unescaped_key().get(key)) return false;
    std::string text;
    if (!Write(member.value(), depth + 1, text)) return false;
    if (keep != nullptr && (keep->FindField(key) == nullptr || text == "null")) continue;
    members.emplace_back(std::string(key), std::move(text));
  }
  std::sort(members.begin(), members.end());
  for (size_t i = 1; i < members.size(); ++i) {
    if (members[i].first == members[i - 1].first) return false;  // a duplicate key
  }
  out += '{';
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ',';
    AppendCanonicalString(members[i].first, out);
    out += ':';
    out += members[i].second;
  }
  out += '}';
  return true;
}

bool Write(ondemand::value value, size_t depth, std::string& out) {
  if (depth > kMaxDepth) return false;
  ondemand::json_type type;
  if (value.type().get(type)) return false;
  switch (type) {
    case ondemand::json_type::object: {
      ondemand::object object;
      if (value.get_object().get(object)) return false;
      return WriteObject(object, depth, out);
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      if (value.get_array().get(array)) return false;
      out += '[';
      bool first = true;
      for (auto element_result : array) {
        ondemand::value element;
        if (element_result.get(element)) return false;
        if (!first) out += ',';
        first = false;
        if (!Write(element, depth + 1, out)) return false;
      }
      out += ']';
      return true;
    }
    case ondemand::json_type::string: {
      std::string_view text;
      if (value.get_string().get(text)) return false;
      AppendCanonicalString(text, out);
      return true;
    }
    case ondemand::json_type::number: return WriteNumber(value.raw_json_token(), out);
    case ondemand::json_type::boolean: {
      bool flag = false;
      if (value.get_bool().get(flag)) return false;
      out += flag ? "true" : "false";
      return true;
    }
    case ondemand::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) || !is_null) return false;
      out += "null";
      return true;
    }
  }
  return false;
}

ondemand::parser& Parser() {
  thread_local ondemand::parser parser(simdjson::SIMDJSON_MAXSIZE_BYTES);
  return parser;
}

}  // namespace

std::optional<std::string> CanonicalJson(std::string_view json) {
  // Wrapped in an array: On-Demand reads a scalar document only as its own
  // type, and the array also rejects anything after the value.
  std::string wrapped = "[";
  wrapped += json;
  wrapped += "]";
  simdjson::padded_string padded(wrapped);
  ondemand::document document;
  if (Parser().iterate(padded).get(document)) return std::nullopt;
  ondemand::array array;
  if (document.get_array().get(array)) return std::nullopt;
  std::string out;
  size_t count = 0;
  for (auto element_result : array) {
    ondemand::value element;
    if (element_result.get(element)) return std::nullopt;
    if (++count > 1 || !Write(element, 1, out)) return std::nullopt;
  }
  if (count != 1) return std::nullopt;
  return out;
}

std::optional<CanonicalCall> CanonicalCallOf(std::string_view request_json,
                                             const types::RecordType& context) {
  simdjson::padded_string padded(request_json);
  ondemand::document document;
  if (Parser().iterate(padded).get(document)) return std::nullopt;
  ondemand::object request;
  if (document.get_object().get(request)) return std::nullopt;
  CanonicalCall call{"{}", "{}"};
  for (auto member_result : request) {
    ondemand::field member;
    if (std::move(member_result).get(member)) return std::nullopt;
    std::string_view key;
    if (member.unescaped_key().get(key)) return std::nullopt;
    bool is_input = key == "input";
    if (!is_input && key != "context") continue;  // principal, operation: from the bound request
    ondemand::value value = member.value();
    bool is_null = false;
    if (value.is_null().get(is_null)) return std::nullopt;
    if (is_null) continue;
    std::string text;
    if (is_input) {
      if (!Write(value, 1, text)) return std::nullopt;
      call.input = std::move(text);
    } else {
      ondemand::object object;
      if (value.get_object().get(object)) return std::nullopt;
      if (!WriteObject(object, 1, text, &context)) return std::nullopt;
      call.context = std::move(text);
    }
  }
  return call;
}

}  // namespace intent::runtime
