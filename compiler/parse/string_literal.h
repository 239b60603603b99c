// Decoding of string literals: escapes \" \\ \n \t \u{HEX} (docs/language.md §3.4).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace intent::parse {

struct EscapeProblem {
  uint32_t offset;  // byte offset of the backslash (or the character) within the literal
  uint32_t length;  // bytes of the bad escape
  std::string message;
  // A raw control character rather than a bad escape (E0107, not E0103).
  bool control_character = false;
};

struct DecodedString {
  std::string value;
  std::vector<EscapeProblem> problems;
};

// `literal` includes the opening quote and, when present, the closing one.
DecodedString DecodeStringLiteral(std::string_view literal);

}  // namespace intent::parse
