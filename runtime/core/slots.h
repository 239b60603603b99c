// A request in the flat layout that native (JIT) code reads: every record
// is an array of Slots, one per field in the schema's declaration order, so
// a field read is a load at an offset known when the policy is compiled.
//
// Values by type:
//   bool, int, timestamp, duration   word = the value (micros for times)
//   enum                             word = index into the enum's values
//   string                           word = address of the UTF-8 bytes, extra = length
//   email                            word = address of "local@domain" (domain lower-cased),
//                                    extra = length | offset of the '@' << 32
//   list<T>                          word = address of `length` Slots, extra = length
//   record                           word = address of its field Slots
//   map (data only)                  word = address of its DataMap, extra = size
// An absent optional field has kAbsentBit set in `extra` (nothing else is
// meaningful then). Lengths are below 2^31: requests are at most 1 MiB.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/schema/schema.h"

namespace intent::runtime {

struct Slot {
  uint64_t word = 0;
  uint64_t extra = 0;
};
static_assert(sizeof(Slot) == 16);

inline constexpr uint64_t kAbsentBit = uint64_t{1} << 63;
inline constexpr uint64_t kLengthMask = 0xFFFFFFFFu;

inline bool IsAbsent(const Slot& slot) { return (slot.extra & kAbsentBit) != 0; }
inline std::string_view TextOf(const Slot& slot) {
  return {reinterpret_cast<const char*>(slot.word), static_cast<size_t>(slot.extra & kLengthMask)};
}
inline const Slot* ItemsOf(const Slot& slot) { return reinterpret_cast<const Slot*>(slot.word); }
inline size_t LengthOf(const Slot& slot) { return static_cast<size_t>(slot.extra & kLengthMask); }
inline size_t EmailAtOf(const Slot& slot) {
  return static_cast<size_t>((slot.extra >> 32) & 0x7FFFFFFFu);
}
inline Slot StringSlot(std::string_view text) {
  return {reinterpret_cast<uint64_t>(text.data()), text.size()};
}
inline Slot EmailSlot(std::string_view text, size_t at) {
  return {reinterpret_cast<uint64_t>(text.data()), text.size() | (uint64_t{at} << 32)};
}
inline Slot AbsentSlot() { return {0, kAbsentBit}; }

// Bump allocation for one request's slots and strings. Reset() keeps one
// chunk as large as the request used (up to kKeptBytes), so a reused arena
// stops allocating once warm without pinning one huge request's memory.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&& other) noexcept { *this = std::move(other); }
  Arena& operator=(Arena&& other) noexcept {
    chunks_ = std::move(other.chunks_);
    base_ = std::exchange(other.base_, kNothing);
    used_ = std::exchange(other.used_, 0);
    size_ = std::exchange(other.size_, 0);
    other.chunks_.clear();
    return *this;
  }

  Slot* Slots(size_t count) {
    return static_cast<Slot*>(Allocate(count * sizeof(Slot), alignof(Slot)));
  }
  char* Bytes(size_t count) { return static_cast<char*>(Allocate(count, 1)); }
  void* Allocate(size_t bytes, size_t align) {
    // Inline: the binder allocates once per string, list and record.
    size_t start = (used_ + align - 1) & ~(align - 1);
    if (start + bytes <= size_) {
      used_ = start + bytes;
      return base_ + start;
    }
    return Grow(bytes, align);
  }
  // Inline: the JIT resets its arena for every decision.
  void Reset() {
    if (chunks_.size() > 1 || size_ > kKeptBytes) KeepOneChunk();
    used_ = 0;
  }

 private:
  static constexpr size_t kChunkBytes = 4096;
  static constexpr size_t kKeptBytes = size_t{256} * 1024;
  struct Chunk {
    std::unique_ptr<std::byte[]> data;
    size_t size = 0;
  };
  void* Grow(size_t bytes, size_t align);
  void AddChunk(size_t size);
  void KeepOneChunk();

  // What empty allocations point to before the first chunk: never null.
  alignas(std::max_align_t) static inline std::byte kNothing[1];

  std::vector<Chunk> chunks_;
  std::byte* base_ = kNothing;  // chunks_.back(), or kNothing
  size_t used_ = 0;             // bytes used in it
  size_t size_ = 0;             // its size
};

class DataSet;  // runtime/core/data.h
struct Record;  // runtime/core/value.h

// A request bound to its operation, in slots. The slots point into `arena`
// (and, when converted from a BoundRequest, into that request's strings).
struct SlotRequest {
  const schema::Schema* schema = nullptr;
  const schema::Operation* operation = nullptr;
  std::string_view principal;
  const Slot* input = nullptr;    // operation->input's fields
  const Slot* context = nullptr;  // schema->context's fields
  std::optional<int64_t> time;    // `context.time`, when the request gives it
  // `context.approval`, the id of the approval a retried call presents
  // (docs/approvals.md); in `arena`.
  std::optional<std::string_view> approval;
  // The data documents decided with (runtime/core/data.h): the schema's in
  // both forms, and the set they belong to. Null without data.
  const Slot* data = nullptr;
  const Record* data_record = nullptr;
  const DataSet* data_set = nullptr;
  Arena arena;
};

struct BoundRequest;
class Value;

// A value in slot form; lists and emails are laid out in `arena`, strings
// point into `value`, which must outlive the slot.
Slot SlotOfValue(const Value& value, Arena& arena);

// Converts a bound request to slots. The result points into `request`'s
// strings: `request` must outlive it and not change.
void ToSlots(const BoundRequest& request, SlotRequest& out);

// The interpreter's value of a slot holding a value of `type` (the value
// owns its strings; a map stays a reference to its DataMap).
Value ValueOfSlot(const Slot& slot, const types::Type& type);

// Converts slots back to the interpreter's values, reading each slot as its
// schema type says. `request` must hold a bound request (schema and
// operation set); the result owns its strings.
BoundRequest FromSlots(const SlotRequest& request);

}  // namespace intent::runtime
