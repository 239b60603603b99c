// Email addresses as the language sees them (docs/language.md §7.5): exactly
// one RFC 5321 mailbox. `.local` is the local part as written (quotes
// included), `.domain` the host name after the '@' that ends it, lower-cased.
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

// Parses an address; returns nullopt when `text` is not exactly one.
// Accepted: a local part that is a dot-atom (RFC 5322 atext, and UTF-8 as
// RFC 6531 allows, in dot-separated non-empty atoms) or a quoted string
// (in which '@', ',' and spaces stay part of the local part), at most 64
// bytes; '@'; and a host name of dot-separated labels of letters, digits
// and '-', none empty, none beginning or ending with '-', at most 63
// characters each and 253 in all (IDNA A-labels such as "xn--bcher-kva"
// are host names). No display names, brackets, comments, separators,
// white space or address literals.
std::optional<EmailParts> ParseEmail(std::string_view text);

// Where the '@' that splits a valid address is (as ParseEmail accepts it),
// without copying; nullopt when `text` is not an address.
std::optional<size_t> EmailAt(std::string_view text);

// Why `text` is not an address, for diagnostics ("has no '@'").
std::string ExplainInvalidEmail(std::string_view text);

}  // namespace intent::stdlib
