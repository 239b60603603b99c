// The two cryptographic primitives approvals need, from OpenSSL's libcrypto
// (Debian libssl-dev): a call's digest and an unguessable approval id.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace intent::runtime {

// SHA-256 of `bytes`, as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

// `bytes` bytes from OpenSSL's CSPRNG as lower-case hex. Throws
// std::runtime_error when the generator fails (the caller fails closed).
std::string RandomHex(size_t bytes);

}  // namespace intent::runtime
