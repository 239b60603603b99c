// Page tokens (see page_token.h): base64url of "v1.GENERATION.OFFSET.HASH",
// the numbers in lower-case hexadecimal.
#include "tools/gateway/page_token.h"

#include <charconv>

namespace intent::gateway {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Far longer than any token made here; refuses huge inputs before decoding.
constexpr size_t kMaxTokenLength = 128;

std::string Base64Url(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    size_t value = kAlphabet.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

// One hexadecimal field up to the next '.' (or the end), advancing `text`.
bool TakeHex(std::string_view& text, uint64_t& value) {
  size_t end = text.find('.');
  std::string_view field = text.substr(0, end);
  if (field.empty() || field.size() > 16) return false;
  auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value, 16);
  if (ec != std::errc() || ptr != field.data() + field.size()) return false;
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return true;
}

std::string Hex(uint64_t value) {
  char buffer[17];
  auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, 16);
  return std::string(buffer, ptr);
}

}  // namespace

std::string EncodePageToken(const PageToken& token) {
  return Base64Url("v1." + Hex(token.generation) + "." + Hex(token.offset) + "." +
                   Hex(token.request_hash));
}

std::optional<PageToken> DecodePageToken(std::string_view text) {
  if (text.empty() || text.size() > kMaxTokenLength) return std::nullopt;
  std::optional<std::string> plain = FromBase64Url(text);
  if (!plain) return std::nullopt;
  std::string_view rest = *plain;
  if (rest.substr(0, 3) != "v1.") return std::nullopt;
  rest.remove_prefix(3);
  PageToken token;
  if (!TakeHex(rest, token.generation) || !TakeHex(rest, token.offset) ||
      !TakeHex(rest, token.request_hash) || !rest.empty()) {
    return std::nullopt;
  }
  // Only what EncodePageToken writes: no other spelling of the same token.
  if (EncodePageToken(token) != text) return std::nullopt;
  return token;
}

uint64_t RequestHash(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace intent::gateway
