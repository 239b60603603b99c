// The slot layout's arena and the conversion from the interpreter's values.
#include "runtime/slots.h"

#include <algorithm>

#include "runtime/request.h"

namespace intent::runtime {

void* Arena::Allocate(size_t bytes, size_t align) {
  if (!chunks_.empty()) {
    size_t start = (used_ + align - 1) & ~(align - 1);
    if (start + bytes <= chunks_.back().size) {
      used_ = start + bytes;
      return chunks_.back().data.get() + start;
    }
  }
  size_t size = std::max(kChunkBytes, bytes + align);
  chunks_.push_back({std::make_unique<std::byte[]>(size), size});
  // new[] aligns to at least alignof(max_align_t), which covers Slot.
  used_ = bytes;
  return chunks_.back().data.get();
}

// The next request of the same shape fits in the largest chunk.
void Arena::KeepLargestChunk() {
  auto largest = std::max_element(chunks_.begin(), chunks_.end(),
                                  [](const Chunk& a, const Chunk& b) { return a.size < b.size; });
  Chunk keep = std::move(*largest);
  chunks_.clear();
  chunks_.push_back(std::move(keep));
}

namespace {

Slot SlotOf(const Value& value, Arena& arena);

const Slot* FieldsOf(const std::vector<Value>& fields, Arena& arena) {
  Slot* slots = arena.Slots(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) slots[i] = SlotOf(fields[i], arena);
  return slots;
}

Slot SlotOf(const Value& value, Arena& arena) {
  struct Visitor {
    Arena& arena;
    Slot operator()(const Absent&) const { return AbsentSlot(); }
    Slot operator()(bool b) const { return {b ? 1u : 0u, 0}; }
    Slot operator()(int64_t i) const { return {static_cast<uint64_t>(i), 0}; }
    Slot operator()(const std::string& s) const { return StringSlot(s); }
    Slot operator()(const Email& e) const {
      // The slot needs "local@domain" contiguous; Email keeps them apart.
      size_t size = e.local.size() + 1 + e.domain.size();
      char* text = arena.Bytes(size);
      std::copy(e.local.begin(), e.local.end(), text);
      text[e.local.size()] = '@';
      std::copy(e.domain.begin(), e.domain.end(), text + e.local.size() + 1);
      return EmailSlot({text, size}, e.local.size());
    }
    Slot operator()(Timestamp t) const { return {static_cast<uint64_t>(t.micros), 0}; }
    Slot operator()(Duration d) const { return {static_cast<uint64_t>(d.micros), 0}; }
    Slot operator()(EnumValue e) const { return {e.index, 0}; }
    Slot operator()(const ListPtr& list) const {
      Slot* items = arena.Slots(list->size());
      for (size_t i = 0; i < list->size(); ++i) items[i] = SlotOf((*list)[i], arena);
      return {reinterpret_cast<uint64_t>(items), list->size()};
    }
    Slot operator()(const RecordPtr& record) const {
      return {reinterpret_cast<uint64_t>(FieldsOf(record->fields, arena)), 0};
    }
  };
  return std::visit(Visitor{arena}, value.storage());
}

}  // namespace

Slot SlotOfValue(const Value& value, Arena& arena) { return SlotOf(value, arena); }

void ToSlots(const BoundRequest& request, SlotRequest& out) {
  out.arena.Reset();
  out.schema = request.schema;
  out.operation = request.operation;
  out.principal = request.principal;
  out.input = FieldsOf(request.input.fields, out.arena);
  out.context = FieldsOf(request.context.fields, out.arena);
  out.time = request.time ? std::optional<int64_t>(request.time->micros) : std::nullopt;
}

}  // namespace intent::runtime
