// Principal id -> a small integer, for the engine's per-call dispatch: an
// open-addressed table with a cheap hash, since a general hash map's
// hashing and modulo cost more than the rest of a small decision.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace intent::runtime::jit {

class PrincipalIndex {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  // `names` must be distinct; Find(names[i]) returns i.
  explicit PrincipalIndex(const std::vector<std::string>& names) {
    size_t capacity = 4;
    while (capacity < 2 * names.size()) capacity *= 2;
    mask_ = capacity - 1;
    slots_.assign(capacity, {std::string(), kNotFound});
    for (uint32_t i = 0; i < names.size(); ++i) {
      size_t at = Hash(names[i]) & mask_;
      while (slots_[at].value != kNotFound) at = (at + 1) & mask_;
      slots_[at] = {names[i], i};
    }
  }

  uint32_t Find(std::string_view name) const {
    for (size_t at = Hash(name) & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.value == kNotFound) return kNotFound;
      if (slot.name == name) return slot.value;
    }
  }

 private:
  struct Slot {
    std::string name;
    uint32_t value;
  };
  // Eight bytes per multiply: a byte-wise hash's dependent multiplies
  // cost more than the rest of the lookup.
  static uint64_t Hash(std::string_view text) {
    constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
    uint64_t hash = text.size() * kMultiplier;
    const char* p = text.data();
    size_t n = text.size();
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      hash = (hash ^ word) * kMultiplier;
      hash ^= hash >> 29;
    }
    uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    hash = (hash ^ tail) * kMultiplier;
    return hash ^ (hash >> 32);
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace intent::runtime::jit
