// The opaque page tokens of AuthZEN search (docs/gateway.md, "Search"): where
// the next page starts in the candidate list, which bundle generation the
// list came from, and a hash of the request they continue, so that a token
// is refused once the bundle has changed or when it is sent with another
// question (AuthZEN 1.0, "Pagination": the request must stay identical).
// Tokens carry no secret: a client that forges one only skips candidates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace intent::gateway {

struct PageToken {
  uint64_t generation = 0;
  uint64_t offset = 0;  // the index of the next candidate to evaluate
  uint64_t request_hash = 0;
};

// URL-safe base64 text, without padding.
std::string EncodePageToken(const PageToken& token);
// Nullopt for any text EncodePageToken could not have made.
std::optional<PageToken> DecodePageToken(std::string_view text);
// FNV-1a, 64 bits: a fingerprint of a request's canonical JSON text.
uint64_t RequestHash(std::string_view text);

}  // namespace intent::gateway
