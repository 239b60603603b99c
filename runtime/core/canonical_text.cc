#include "runtime/core/canonical_text.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "runtime/core/value_text.h"
#include "stdlib/duration.h"
#include "stdlib/timestamp.h"

namespace intent::runtime {

void AppendCanonicalString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void AppendCanonicalRecord(const Record& record, std::string& out) {
  std::vector<std::pair<std::string_view, const Value*>> fields;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    const Value& field = record.fields[i];
    if (!field.Is<Absent>()) fields.emplace_back(record.type->fields[i].name, &field);
  }
  std::sort(fields.begin(), fields.end());
  out += '{';
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    AppendCanonicalString(fields[i].first, out);
    out += ':';
    AppendCanonicalValue(*fields[i].second, out);
  }
  out += '}';
}

std::string CallDigestText(std::string_view bundle, std::string_view principal,
                           std::string_view operation, std::string_view input,
                           std::string_view context) {
  // The members in key order: the text is itself canonical JSON.
  std::string out = "{\"bundle\":";
  AppendCanonicalString(bundle, out);
  out += ",\"context\":";
  out += context;
  out += ",\"input\":";
  out += input;
  out += ",\"operation\":";
  AppendCanonicalString(operation, out);
  out += ",\"principal\":";
  AppendCanonicalString(principal, out);
  out += '}';
  return out;
}

void AppendCanonicalValue(const Value& value, std::string& out) {
  const Value::Storage& storage = value.storage();
  if (const auto* flag = std::get_if<bool>(&storage)) {
    out += *flag ? "true" : "false";
  } else if (const auto* number = std::get_if<int64_t>(&storage)) {
    out += std::to_string(*number);
  } else if (const auto* text = std::get_if<std::string>(&storage)) {
    AppendCanonicalString(*text, out);
  } else if (const auto* email = std::get_if<Email>(&storage)) {
    AppendCanonicalString(email->local + "@" + email->domain, out);
  } else if (const auto* time = std::get_if<Timestamp>(&storage)) {
    AppendCanonicalString(stdlib::FormatTimestamp(time->micros), out);
  } else if (const auto* duration = std::get_if<Duration>(&storage)) {
    if (duration->micros % stdlib::kMicrosPerSecond == 0) {
      out += std::to_string(duration->micros / stdlib::kMicrosPerSecond);
    } else {
      AppendCanonicalString(stdlib::FormatDuration(duration->micros), out);
    }
  } else if (const auto* enumerated = std::get_if<EnumValue>(&storage)) {
    AppendCanonicalString(enumerated->type->values[enumerated->index], out);
  } else if (const auto* list = std::get_if<ListPtr>(&storage)) {
    out += '[';
    for (size_t i = 0; i < (*list)->size(); ++i) {
      if (i > 0) out += ',';
      AppendCanonicalValue((**list)[i], out);
    }
    out += ']';
  } else if (const auto* record = std::get_if<RecordPtr>(&storage)) {
    AppendCanonicalRecord(**record, out);
  } else {
    out += "null";  // Absent; maps are data, never in a request
  }
}

}  // namespace intent::runtime
