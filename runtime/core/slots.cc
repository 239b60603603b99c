// The slot layout's arena and the conversion from the interpreter's values.
#include "runtime/core/slots.h"

#include <algorithm>
#include <memory>
#include <string>

#include "runtime/core/data.h"
#include "runtime/core/request.h"

namespace intent::runtime {

void Arena::AddChunk(size_t size) {
  // Uninitialised: every byte handed out is written before it is read.
  chunks_.push_back({std::make_unique_for_overwrite<std::byte[]>(size), size});
  // new[] aligns to at least alignof(max_align_t), which covers Slot.
  base_ = chunks_.back().data.get();
  size_ = size;
  used_ = 0;
}

void* Arena::Grow(size_t bytes, size_t align) {
  // Doubling keeps the number of chunks (and so of allocations until the
  // arena is warm) logarithmic in the request's size.
  AddChunk(std::max({kChunkBytes, bytes + align, 2 * size_}));
  return Allocate(bytes, align);
}

void Arena::KeepOneChunk() {
  // One chunk for all of it, so that the next request of this shape fits.
  size_t total = 0;
  for (const Chunk& chunk : chunks_) total += chunk.size;
  chunks_.clear();
  AddChunk(std::min(total, kKeptBytes));
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
    Slot operator()(const MapRef& map) const {
      return {reinterpret_cast<uint64_t>(map.map), map.map->size()};
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
  out.approval.reset();
  out.data = request.data_set != nullptr ? request.data_set->SlotsOf(request.schema) : nullptr;
  out.data_record = request.data;
  out.data_set = request.data_set;
}

namespace {

Value ValueOf(const Slot& slot, const types::Type& type) { return ValueOfSlot(slot, type); }

std::vector<Value> FieldValues(const Slot* slots, const types::RecordType& type) {
  std::vector<Value> fields;
  fields.reserve(type.fields.size());
  for (size_t i = 0; i < type.fields.size(); ++i) {
    fields.push_back(ValueOf(slots[i], *type.fields[i].type));
  }
  return fields;
}

}  // namespace

Value ValueOfSlot(const Slot& slot, const types::Type& type) {
  if (IsAbsent(slot)) return Absent{};
  switch (type.kind()) {
    case types::TypeKind::kBool: return slot.word != 0;
    case types::TypeKind::kInt: return static_cast<int64_t>(slot.word);
    case types::TypeKind::kString: return std::string(TextOf(slot));
    case types::TypeKind::kEmail: {
      std::string_view text = TextOf(slot);
      size_t at = EmailAtOf(slot);
      return Email{std::string(text.substr(0, at)), std::string(text.substr(at + 1))};
    }
    case types::TypeKind::kTimestamp: return Timestamp{static_cast<int64_t>(slot.word)};
    case types::TypeKind::kDuration: return Duration{static_cast<int64_t>(slot.word)};
    case types::TypeKind::kEnum:
      return EnumValue{type.enumeration(), static_cast<uint32_t>(slot.word)};
    case types::TypeKind::kList: {
      auto list = std::make_shared<List>();
      list->reserve(LengthOf(slot));
      for (size_t i = 0; i < LengthOf(slot); ++i) {
        list->push_back(ValueOf(ItemsOf(slot)[i], *type.element()));
      }
      return ListPtr(std::move(list));
    }
    case types::TypeKind::kRecord: {
      auto record = std::make_shared<Record>();
      record->type = type.record();
      record->fields = FieldValues(ItemsOf(slot), *type.record());
      return RecordPtr(std::move(record));
    }
    case types::TypeKind::kMap:
      return MapRef{
          reinterpret_cast<const DataMap*>(slot.word)};  // NOLINT(performance-no-int-to-ptr)
    case types::TypeKind::kError:
    case types::TypeKind::kUnknown: break;  // never the type of a schema field
  }
  return Absent{};
}

BoundRequest FromSlots(const SlotRequest& request) {
  BoundRequest out;
  out.principal = std::string(request.principal);
  out.schema = request.schema;
  out.operation = request.operation;
  out.input.type = &request.operation->input;
  out.input.fields = FieldValues(request.input, request.operation->input);
  out.context.type = &request.schema->context;
  out.context.fields = FieldValues(request.context, request.schema->context);
  if (request.time) out.time = Timestamp{*request.time};
  out.data = request.data_record;
  out.data_set = request.data_set;
  return out;
}

}  // namespace intent::runtime
