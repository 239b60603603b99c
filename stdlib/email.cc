// Email address validation and splitting.
#include "stdlib/email.h"

#include <array>

namespace intent::stdlib {
namespace {

// Letters, digits and '-': what a domain label is made of. A table, since
// EmailAt looks up every byte of every address the binder sees.
constexpr std::array<bool, 256> kLabelChars = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }
  return table;
}();

bool IsLabelChar(char c) { return kLabelChars[static_cast<unsigned char>(c)]; }

// Empty string when valid; otherwise the reason.
std::string Problem(std::string_view text) {
  size_t at = text.rfind('@');
  if (at == std::string_view::npos) return "it has no '@'";
  std::string_view local = text.substr(0, at);
  std::string_view domain = text.substr(at + 1);
  if (local.empty()) return "the part before '@' is empty";
  for (char c : local) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
      return "the part before '@' contains a space or control character";
    }
  }
  if (domain.empty()) return "the domain after '@' is empty";
  size_t label_length = 0;
  for (char c : domain) {
    if (c == '.') {
      if (label_length == 0) return "the domain has an empty label";
      label_length = 0;
    } else if (!IsLabelChar(c)) {
      return "the domain may contain only letters, digits, '-' and '.'";
    } else {
      ++label_length;
    }
  }
  if (label_length == 0) return "the domain has an empty label";
  return {};
}

}  // namespace

std::optional<size_t> EmailAt(std::string_view text) {
  // The rules of Problem() without building its message, in one pass: the
  // request binder checks every address of every request. Backwards over
  // the domain to the last '@', then over the local part.
  size_t at = text.size();
  bool label_empty = true;
  while (true) {
    if (at == 0) return std::nullopt;  // no '@'
    char c = text[--at];
    if (c == '@') break;
    if (c == '.') {
      if (label_empty) return std::nullopt;
      label_empty = true;
    } else if (IsLabelChar(c)) {
      label_empty = false;
    } else {
      return std::nullopt;
    }
  }
  // An empty first label, or an empty domain; then an empty local part.
  if (label_empty || at == 0) return std::nullopt;
  for (size_t i = 0; i < at; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c <= 0x20 || c == 0x7F) return std::nullopt;
  }
  return at;
}

std::optional<EmailParts> ParseEmail(std::string_view text) {
  std::optional<size_t> at = EmailAt(text);
  if (!at) return std::nullopt;
  EmailParts parts{std::string(text.substr(0, *at)), std::string(text.substr(*at + 1))};
  for (char& c : parts.domain) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return parts;
}

std::string ExplainInvalidEmail(std::string_view text) { return Problem(text); }

}  // namespace intent::stdlib
