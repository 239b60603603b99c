// Email address validation and splitting: one RFC 5321 mailbox, nothing
// more. Anything a mail server could read as two recipients, a display
// name or a route ("x@evil.com,y@example.com", "Bob <b@example.com>") is
// not an address, so that `r.domain in company` cannot be fooled.
#include "stdlib/email.h"

#include <array>

namespace intent::stdlib {
namespace {

// RFC 5321 limits: 64 octets of local part, a domain name of at most 253
// characters in labels of at most 63.
constexpr size_t kMaxLocal = 64;
constexpr size_t kMaxDomain = 253;
constexpr size_t kMaxLabel = 63;

enum CharClass : uint8_t {
  kOther = 0,
  kLabel = 1,  // letters, digits, '-': a domain label (LDH; IDNA A-labels are LDH too)
  kAtext = 2,  // RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~
  kQtext = 4,  // allowed inside a quoted local part: printable ASCII but '"' and '\'
};

// A table, since EmailAt looks at every byte of every address the binder sees.
constexpr std::array<uint8_t, 256> kClass = [] {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    uint8_t k = 0;
    if (alnum || c == '-') k |= kLabel;
    if (alnum) k |= kAtext;
    for (char special : std::string_view("!#$%&'*+-/=?^_`{|}~")) {
      if (c == special) k |= kAtext;
    }
    // UTF-8 beyond ASCII, as SMTPUTF8 (RFC 6531) allows in local parts.
    if (c >= 0x80) k |= kAtext | kQtext;
    if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') k |= kQtext;
    table[c] = k;
  }
  return table;
}();

bool Is(char c, CharClass k) { return (kClass[static_cast<unsigned char>(c)] & k) != 0; }

struct Analysis {
  size_t at = 0;             // the '@' that splits the address, when valid
  std::string_view problem;  // empty when valid
};

// Why `c` cannot stand unquoted in a local part.
std::string_view LocalCharProblem(char c) {
  switch (c) {
    case ',':
    case ';': return "it names more than one address: ',' and ';' separate recipients";
    case '<':
    case '>':
      return "it has a display name or brackets: write the bare address, like a@example.com";
    case ' ':
    case '\t': return "the part before '@' contains white space";
    case '@': return "the part before '@' is empty";
    default: break;
  }
  if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
    return "the part before '@' contains a control character";
  }
  return "the part before '@' has a character that must be quoted (such as '(' ')' '[' ']' ':' "
         "'\\' or '\"')";
}

Analysis Analyze(std::string_view text) {
  Analysis result;
  auto fail = [&](std::string_view why) {
    result.problem = why;
    return result;
  };
  // The local part: a quoted string, or dot-separated atoms.
  size_t i = 0;
  if (!text.empty() && text[0] == '"') {
    for (i = 1;; ++i) {
      if (i >= text.size()) return fail("the quoted part before '@' has no closing '\"'");
      char c = text[i];
      if (c == '"') break;
      if (c == '\\') {
        // quoted-pair: a backslash and one printable ASCII character
        if (++i >= text.size() || text[i] < 0x20 || text[i] > 0x7E) {
          return fail(
              "the quoted part before '@' has a '\\' not followed by a printable character");
        }
      } else if (!Is(c, kQtext)) {
        return fail("the quoted part before '@' contains a control character");
      }
    }
    ++i;  // past the closing quote
    if (i >= text.size() || text[i] != '@') {
      return fail(i >= text.size() ? "it has no '@'" : "the quoted part must be followed by '@'");
    }
  } else {
    bool atom_empty = true;
    for (; i < text.size() && text[i] != '@'; ++i) {
      char c = text[i];
      if (c == '.') {
        if (atom_empty) return fail("the part before '@' has an empty part between dots");
        atom_empty = true;
      } else if (Is(c, kAtext)) {
        atom_empty = false;
      } else {
        return fail(LocalCharProblem(c));
      }
    }
    if (i >= text.size()) return fail("it has no '@'");
    if (i == 0) return fail("the part before '@' is empty");
    if (atom_empty) return fail("the part before '@' has an empty part between dots");
  }
  if (i > kMaxLocal) return fail("the part before '@' is longer than 64 bytes");
  result.at = i;
  // The domain: a host name of labels of letters, digits and '-'.
  std::string_view domain = text.substr(i + 1);
  if (domain.empty()) return fail("the domain after '@' is empty");
  if (domain.size() > kMaxDomain) return fail("the domain is longer than 253 characters");
  size_t label_start = 0;
  for (size_t k = 0; k <= domain.size(); ++k) {
    if (k < domain.size() && domain[k] != '.') {
      char c = domain[k];
      if (Is(c, kLabel)) continue;
      if (c == '@') return fail("it has more than one '@' outside quotes");
      if (c == ',' || c == ';') {
        return fail("it names more than one address: ',' and ';' separate recipients");
      }
      if (c == '>' || c == '<' || c == '[' || c == ']') {
        return fail("the domain must be a host name, without brackets");
      }
      return fail("the domain may contain only letters, digits, '-' and '.'");
    }
    size_t length = k - label_start;
    if (length == 0) return fail("the domain has an empty label");
    if (length > kMaxLabel) return fail("a domain label is longer than 63 characters");
    if (domain[label_start] == '-' || domain[k - 1] == '-') {
      return fail("a domain label may not begin or end with '-'");
    }
    label_start = k + 1;
  }
  return result;
}

}  // namespace

std::optional<size_t> EmailAt(std::string_view text) {
  Analysis analysis = Analyze(text);
  if (!analysis.problem.empty()) return std::nullopt;
  return analysis.at;
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

std::string ExplainInvalidEmail(std::string_view text) {
  std::string_view problem = Analyze(text).problem;
  if (problem.empty()) return {};
  // Whatever character the scan stopped at, these say best what is wrong;
  // worked out here, off the binder's path, where every valid address goes.
  if (text.find('@') == std::string_view::npos) return "it has no '@'";
  if (text[0] != '"' && text.find_first_of("<>") != std::string_view::npos) {
    return std::string(LocalCharProblem('<'));
  }
  return std::string(problem);
}

}  // namespace intent::stdlib
