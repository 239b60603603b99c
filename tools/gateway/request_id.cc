// Request ids (see request_id.h).
#include "tools/gateway/request_id.h"

#include <cstdint>
#include <random>

namespace intent::gateway {

std::string NewRequestId() {
  // Not for secrets: ids need only be unique enough to tell requests apart.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  uint64_t high = generator();
  uint64_t low = generator();
  high = (high & ~uint64_t{0xf000}) | 0x4000;                    // version 4
  low = (low & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);  // RFC 9562 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(36, '-');
  int position = 0;
  auto put = [&](uint64_t value, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (position == 8 || position == 13 || position == 18 || position == 23) ++position;
      id[position++] = kHex[(value >> (4 * i)) & 0xf];
    }
  };
  put(high, 16);
  put(low, 16);
  return id;
}

}  // namespace intent::gateway
