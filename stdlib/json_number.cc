#include "stdlib/json_number.h"

#include <string>

namespace intent::stdlib {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

JsonInteger ParseJsonInteger(std::string_view token, int64_t& out) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  size_t i = 0;
  const size_t n = token.size();
  bool negative = i < n && token[i] == '-';
  if (negative) ++i;
  // The significant digits, integer and fraction parts run together, and
  // the power of ten they are scaled by.
  std::string digits;
  int64_t scale = 0;
  if (i < n && token[i] == '0') {
    ++i;
  } else if (i < n && IsDigit(token[i])) {
    while (i < n && IsDigit(token[i])) digits += token[i++];
  } else {
    return JsonInteger::kInvalid;
  }
  if (i < n && token[i] == '.') {
    ++i;
    size_t start = i;
    while (i < n && IsDigit(token[i])) {
      digits += token[i++];
      --scale;
    }
    if (i == start) return JsonInteger::kInvalid;
  }
  if (i < n && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < n && (token[i] == '+' || token[i] == '-')) exponent_negative = token[i++] == '-';
    size_t start = i;
    int64_t exponent = 0;
    while (i < n && IsDigit(token[i])) {
      // Saturates: an exponent past a million is out of any range here.
      if (exponent < 1'000'000) exponent = exponent * 10 + (token[i] - '0');
      ++i;
    }
    if (i == start) return JsonInteger::kInvalid;
    scale += exponent_negative ? -exponent : exponent;
  }
  if (i != n) return JsonInteger::kInvalid;
  // Leading zeros carry nothing; trailing zeros move into the scale.
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    out = 0;
    return JsonInteger::kInteger;
  }
  digits.erase(0, first);
  while (digits.back() == '0') {
    digits.pop_back();
    ++scale;
  }
  if (scale < 0) return JsonInteger::kFraction;
  if (static_cast<int64_t>(digits.size()) + scale > 19) return JsonInteger::kOutOfRange;
  // At most 19 digits: accumulates in uint64 without overflow.
  uint64_t magnitude = 0;
  for (char c : digits) magnitude = magnitude * 10 + static_cast<uint64_t>(c - '0');
  for (int64_t k = 0; k < scale; ++k) magnitude *= 10;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (magnitude > limit) return JsonInteger::kOutOfRange;
  out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return JsonInteger::kInteger;
}

}  // namespace intent::stdlib
