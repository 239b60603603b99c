// Email addresses as the language sees them (docs/language.md §7.5): `.local` is the part
// before the last '@', `.domain` the part after it, lower-cased.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace intent::stdlib {

struct EmailParts {
  std::string local;
  std::string domain;  // lower case
};

// Parses an address; returns nullopt when `text` is not one. Accepted:
// a non-empty local part without spaces or control characters, '@', and a
// domain of dot-separated labels of letters, digits and '-' (no empty label).
std::optional<EmailParts> ParseEmail(std::string_view text);

// Where the '@' that splits a valid address is (as ParseEmail accepts it),
// without copying; nullopt when `text` is not an address.
std::optional<size_t> EmailAt(std::string_view text);

// Why `text` is not an address, for diagnostics ("has no '@'").
std::string ExplainInvalidEmail(std::string_view text);

}  // namespace intent::stdlib
