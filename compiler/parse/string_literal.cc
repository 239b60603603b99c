// String literal escapes.
#include "compiler/parse/string_literal.h"

#include <fmt/format.h>

namespace intent::parse {
namespace {

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

DecodedString DecodeStringLiteral(std::string_view literal) {
  DecodedString result;
  size_t end = literal.size();
  if (end >= 2 && literal.back() == '"') --end;  // closing quote
  for (size_t i = 1; i < end; ++i) {
    char c = literal[i];
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      // Invisible in an editor and in a review: a NUL, an escape sequence
      // or a raw tab must be written so that a reader sees it.
      result.problems.push_back(
          {static_cast<uint32_t>(i), 1,
           fmt::format("control character U+{:04X} in a string; write it as an escape "
                       "(\\t, \\n or \\u{{{:x}}})",
                       static_cast<unsigned>(static_cast<unsigned char>(c)),
                       static_cast<unsigned>(static_cast<unsigned char>(c))),
           true});
      continue;
    }
    if (c != '\\') {
      result.value += c;
      continue;
    }
    if (i + 1 >= end) {
      result.problems.push_back(
          {static_cast<uint32_t>(i), 1, "a string cannot end with a lone '\\'"});
      break;
    }
    char next = literal[i + 1];
    switch (next) {
      case '"':
        result.value += '"';
        ++i;
        continue;
      case '\\':
        result.value += '\\';
        ++i;
        continue;
      case 'n':
        result.value += '\n';
        ++i;
        continue;
      case 't':
        result.value += '\t';
        ++i;
        continue;
      case 'u': {
        size_t close = literal.find('}', i);
        bool braced =
            i + 2 < end && literal[i + 2] == '{' && close != std::string_view::npos && close < end;
        uint32_t cp = 0;
        bool ok = braced && close - (i + 3) >= 1 && close - (i + 3) <= 6;
        for (size_t k = i + 3; ok && k < close; ++k) {
          char h = literal[k];
          int digit = (h >= '0' && h <= '9')   ? h - '0'
                      : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                      : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                               : -1;
          if (digit < 0) ok = false;
          cp = cp * 16 + static_cast<uint32_t>(digit < 0 ? 0 : digit);
        }
        if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          uint32_t length = braced ? static_cast<uint32_t>(close - i + 1) : 2;
          result.problems.push_back(
              {static_cast<uint32_t>(i), length,
               "'\\u' must be followed by 1 to 6 hex digits of a Unicode scalar value in "
               "braces, like '\\u{e9}'"});
          i += length - 1;
          continue;
        }
        AppendUtf8(result.value, cp);
        i = close;
        continue;
      }
      default: {
        // Report the escape as written (one code point after the backslash).
        size_t length = 2;
        while (i + length < end &&
               (static_cast<unsigned char>(literal[i + length]) & 0xC0) == 0x80) {
          ++length;
        }
        result.problems.push_back(
            {static_cast<uint32_t>(i), static_cast<uint32_t>(length),
             fmt::format("unknown escape '{}' in string; the escapes are \\\" \\\\ \\n \\t and "
                         "\\u{{...}}",
                         literal.substr(i, length))});
        i += length - 1;
      }
    }
  }
  return result;
}

}  // namespace intent::parse
