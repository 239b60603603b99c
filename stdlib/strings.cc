// ASCII case mapping, trimming and code point counting.
#include "stdlib/strings.h"

#include <cstring>

namespace intent::stdlib {

void LowerInto(std::string_view text, char* out) {
  for (char c : text) *out++ = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

void UpperInto(std::string_view text, char* out) {
  for (char c : text) *out++ = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string Lower(std::string_view text) {
  std::string out(text.size(), '\0');
  LowerInto(text, out.data());
  return out;
}

std::string Upper(std::string_view text) {
  std::string out(text.size(), '\0');
  UpperInto(text, out.data());
  return out;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\v\f\r";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

int64_t CodePointCount(std::string_view text) {
  int64_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool Contains(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  return memmem(text.data(), text.size(), needle.data(), needle.size()) != nullptr;
}

}  // namespace intent::stdlib
