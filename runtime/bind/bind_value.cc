// Schema-directed conversion of JSON values (simdjson On-Demand) to slots:
// reads only what the schema declares and converts as it goes. Scalars and
// errors are in bind_scalar.cc.
#include "runtime/bind/bind_value.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <set>
#include <utility>

#include "stdlib/email.h"

namespace intent::runtime::bind_internal {
namespace {

using types::TypeKind;
using JsonType = ondemand::json_type;

// Which declared fields of one object have been seen: a bit each, on the
// stack for the usual record of at most 64 fields.
class SeenFields {
 public:
  explicit SeenFields(size_t count) {
    if (count > 64) more_.resize(count - 64);
  }
  // Marks `index`; returns whether it was already marked.
  bool TestAndSet(size_t index) {
    if (index >= 64) {
      bool was = more_[index - 64];
      more_[index - 64] = true;
      return was;
    }
    uint64_t bit = uint64_t{1} << index;
    bool was = (bits_ & bit) != 0;
    bits_ |= bit;
    return was;
  }
  bool Test(size_t index) const {
    return index >= 64 ? static_cast<bool>(more_[index - 64])
                       : (bits_ & (uint64_t{1} << index)) != 0;
  }

 private:
  uint64_t bits_ = 0;
  std::vector<bool> more_;
};

// The undeclared keys of one object, to find duplicates (On-Demand does not).
// A few are scanned on the shared stack, which allocates nothing once warm;
// past that a std::set, which unlike a hash set cannot be flooded with
// colliding keys.
class KeySet {
 public:
  explicit KeySet(std::vector<std::string_view>& stack) : stack_(stack), start_(stack.size()) {}
  KeySet(const KeySet&) = delete;
  KeySet& operator=(const KeySet&) = delete;
  ~KeySet() { stack_.resize(start_); }

  // Adds `key`; returns false when it was there already.
  bool Insert(std::string_view key) {
    if (many_) return many_->insert(key).second;
    if (std::find(stack_.begin() + static_cast<std::ptrdiff_t>(start_), stack_.end(), key) !=
        stack_.end()) {
      return false;
    }
    stack_.push_back(key);
    if (stack_.size() - start_ > kScanned) {
      many_.emplace(stack_.begin() + static_cast<std::ptrdiff_t>(start_), stack_.end());
    }
    return true;
  }

 private:
  static constexpr size_t kScanned = 16;
  std::vector<std::string_view>& stack_;
  size_t start_;
  std::optional<std::set<std::string_view>> many_;
};

// Index of the field named `key`, or fields.size(). Members usually come in
// declaration order, so the search starts at `hint`.
size_t FindField(const types::RecordType& type, std::string_view key, size_t hint) {
  const size_t count = type.fields.size();
  for (size_t step = 0; step < count; ++step) {
    size_t index = hint + step < count ? hint + step : hint + step - count;
    if (type.fields[index].name == key) return index;
  }
  return count;
}

std::string DuplicateKey(std::string_view key) { return "duplicate key '" + Printable(key) + "'"; }

}  // namespace

bool Binder::OpenObject(ondemand::value value, ondemand::object& object, bool& is_null) {
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  is_null = json_type == JsonType::null;
  if (is_null) return ConsumeNull(value);
  if (json_type != JsonType::object) return Fail("expected object");
  if (!Enter()) return false;
  if (auto error = value.get_object().get(object)) return FailJson(error);
  return true;
}

bool Binder::BindValue(ondemand::value value, const types::Type& type, bool optional, Slot& out) {
  // Dispatch on the JSON type first: a failed get then means malformed
  // JSON ("tru"), not a value of the wrong type.
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  if (json_type == JsonType::null) {
    if (!ConsumeNull(value)) return false;
    if (!optional) return Expected(type, ", found null");
    out = AbsentSlot();
    return true;
  }
  switch (type.kind()) {
    case TypeKind::kBool: {
      if (json_type != JsonType::boolean) return Expected(type);
      bool flag = false;
      if (!ReadBool(value, flag)) return false;
      out = {flag ? 1u : 0u, 0};
      return true;
    }
    case TypeKind::kInt: {
      if (json_type != JsonType::number) return Expected(type);
      int64_t number = 0;
      if (!ReadInteger(value, "int", number)) return false;
      out = {static_cast<uint64_t>(number), 0};
      return true;
    }
    case TypeKind::kString: {
      if (json_type != JsonType::string) return Expected(type);
      std::string_view text;
      if (!ReadString(value, text)) return false;
      out = StringSlot(Copy(text));
      return true;
    }
    case TypeKind::kEmail:
      if (json_type != JsonType::string) return Expected(type);
      return ReadEmail(value, type, out);
    case TypeKind::kTimestamp:
    case TypeKind::kDuration: {
      int64_t micros = 0;
      bool ok = type.Is(TypeKind::kTimestamp) ? ReadTimestamp(value, json_type, micros)
                                              : ReadDuration(value, json_type, micros);
      if (!ok) return false;
      out = {static_cast<uint64_t>(micros), 0};
      return true;
    }
    case TypeKind::kEnum:
      if (json_type != JsonType::string) return Expected(type);
      return ReadEnum(value, type, out);
    case TypeKind::kList:
      if (json_type != JsonType::array) return Expected(type);
      return BindList(value, type, out);
    case TypeKind::kRecord:
      if (json_type != JsonType::object) return Expected(type);
      return BindRecord(value, type, out);
    case TypeKind::kMap:
      if (json_type != JsonType::object) return Expected(type);
      return BindMap(value, type, out);
    case TypeKind::kError:
    case TypeKind::kUnknown: break;
  }
  return Fail("cannot bind a value of type " + type.ToString());
}

bool Binder::BindList(ondemand::value value, const types::Type& type, Slot& out) {
  if (!Enter()) return false;
  ondemand::array array;
  if (auto error = value.get_array().get(array)) return FailJson(error);
  // Elements wait on the scratch stack (inner lists above them), so that
  // the list takes its final size in the arena at once.
  std::vector<Slot>& items = scratch_.items;
  const size_t start = items.size();
  size_t index = 0;  // not items.size() - start: a failed inner list leaves its items
  for (auto element_result : array) {
    ondemand::value element;
    if (auto error = element_result.get(element)) return FailJson(error);
    if (index == max_list_length_) {
      return Fail(fmt::format("a list of more than {} elements (the limit is {})", max_list_length_,
                              max_list_length_));
    }
    // Elements are never optional: null in a list<T> is an error.
    Slot bound;
    if (!BindValue(element, *type.element(), /*optional=*/false, bound)) return UnwindIndex(index);
    items.push_back(bound);
    ++index;
  }
  Leave();
  const size_t length = items.size() - start;
  Slot* slots = arena_.Slots(length);
  std::copy(items.begin() + static_cast<std::ptrdiff_t>(start), items.end(), slots);
  items.resize(start);
  out = {reinterpret_cast<uint64_t>(slots), length};
  return true;
}

bool Binder::BindMap(ondemand::value value, const types::Type& type, Slot& out) {
  if (!Enter()) return false;
  ondemand::object object;
  if (auto error = value.get_object().get(object)) return FailJson(error);
  // Key and value slots, in pairs, wait on the scratch stack like a list's.
  std::vector<Slot>& items = scratch_.items;
  const size_t start = items.size();
  size_t count = 0;
  for (auto member_result : object) {
    ondemand::field member;
    if (auto error = std::move(member_result).get(member)) return FailJson(error);
    std::string_view key;
    if (auto error = member.unescaped_key().get(key)) return FailJson(error);
    if (count == max_list_length_) {
      return Fail(fmt::format("a map of more than {} entries (the limit is {})", max_list_length_,
                              max_list_length_));
    }
    Slot key_slot;
    if (!ReadKey(key, *type.key(), key_slot)) return Unwind(key);
    Slot bound;
    if (!BindValue(member.value(), *type.element(), /*optional=*/false, bound)) {
      return Unwind(key);
    }
    items.push_back(key_slot);
    items.push_back(bound);
    ++count;
  }
  Leave();
  Slot* slots = arena_.Slots(2 * count);
  std::copy(items.begin() + static_cast<std::ptrdiff_t>(start), items.end(), slots);
  items.resize(start);
  out = {reinterpret_cast<uint64_t>(slots), count};
  return true;
}

bool Binder::ReadKey(std::string_view key, const types::Type& type, Slot& out) {
  if (type.Is(TypeKind::kInt)) {
    int64_t number = 0;
    auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), number);
    if (error != std::errc() || end != key.data() + key.size() || key.empty()) {
      return Fail("expected an int key, found \"" + Printable(key) + "\"");
    }
    out = {static_cast<uint64_t>(number), 0};
    return true;
  }
  if (type.Is(TypeKind::kEmail)) {
    std::optional<size_t> at = stdlib::EmailAt(key);
    if (!at) return Fail("expected an email key, found \"" + Printable(key) + "\"");
    out = CopyEmail(key, *at);
    return true;
  }
  out = StringSlot(Copy(key));
  return true;
}

bool Binder::BindRecord(ondemand::value value, const types::Type& type, Slot& out) {
  if (!Enter()) return false;
  ondemand::object object;
  if (auto error = value.get_object().get(object)) return FailJson(error);
  Slot* fields = arena_.Slots(type.record()->fields.size());
  if (!BindFields(object, *type.record(), fields, nullptr)) return false;
  Leave();
  out = {reinterpret_cast<uint64_t>(fields), 0};
  return true;
}

bool Binder::BindFields(ondemand::object object, const types::RecordType& type, Slot* fields,
                        ReservedContext* reserved) {
  const size_t count = type.fields.size();
  std::fill(fields, fields + count, AbsentSlot());
  // On-Demand does not detect duplicate keys; a duplicate could show the
  // policy one value and the API another, so each object tracks its keys.
  SeenFields seen(count);
  bool time_seen = false;
  bool approval_seen = false;
  KeySet undeclared(scratch_.keys);
  size_t next = 0;
  for (auto member_result : object) {
    ondemand::field member;
    if (auto error = std::move(member_result).get(member)) return FailJson(error);
    std::string_view key;
    size_t index = count;
    if (next < count && member.key().unsafe_is_equal(type.fields[next].name)) {
      // The usual case, the next field spelt plainly, without unescaping the
      // key. Field names are identifiers: no quote or backslash to mislead.
      index = next;
      key = type.fields[next].name;
    } else {
      // Unescaped, so that "\u0069d" is the field "id" and not an unknown key.
      if (auto error = member.unescaped_key().get(key)) return FailJson(error);
      index = FindField(type, key, next);
    }
    if (index < count) {
      if (seen.TestAndSet(index)) return Fail(DuplicateKey(key));
      const types::Field& field = type.fields[index];
      if (!BindValue(member.value(), *field.type, field.optional, fields[index])) {
        return Unwind(field.name);
      }
      next = index + 1;
    } else if (reserved != nullptr && key == "time") {
      if (std::exchange(time_seen, true)) return Fail(DuplicateKey(key));
      if (!BindTime(member.value(), reserved->time)) return Unwind("time");
    } else if (reserved != nullptr && key == "approval") {
      if (std::exchange(approval_seen, true)) return Fail(DuplicateKey(key));
      if (!BindApproval(member.value(), reserved->approval)) return Unwind("approval");
    } else {
      if (!undeclared.Insert(key)) return Fail(DuplicateKey(key));
      if (!SkipValue(member.value())) return Unwind(key);
    }
  }
  for (size_t i = 0; i < count; ++i) {
    if (!seen.Test(i) && !type.fields[i].optional) {
      Fail("missing required field");
      return Unwind(type.fields[i].name);
    }
  }
  return true;
}

bool Binder::BindMissing(const types::RecordType& type, Slot* fields) {
  std::fill(fields, fields + type.fields.size(), AbsentSlot());
  for (const types::Field& field : type.fields) {
    if (!field.optional) {
      Fail("missing required field");
      return Unwind(field.name);
    }
  }
  return true;
}

bool Binder::SkipValue(ondemand::value value) {
  // On-Demand would skip an unread value without checking it; walking it
  // instead rejects malformed JSON wherever it is. Recursion is bounded by
  // Enter().
  JsonType json_type;
  if (auto error = value.type().get(json_type)) return FailJson(error);
  switch (json_type) {
    case JsonType::object: {
      if (!Enter()) return false;
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return FailJson(error);
      KeySet keys(scratch_.keys);
      for (auto member_result : object) {
        ondemand::field member;
        if (auto error = std::move(member_result).get(member)) return FailJson(error);
        std::string_view key;
        if (auto error = member.unescaped_key().get(key)) return FailJson(error);
        if (!keys.Insert(key)) return Fail(DuplicateKey(key));
        if (!SkipValue(member.value())) return Unwind(key);
      }
      Leave();
      return true;
    }
    case JsonType::array: {
      if (!Enter()) return false;
      ondemand::array array;
      if (auto error = value.get_array().get(array)) return FailJson(error);
      size_t index = 0;
      for (auto element_result : array) {
        ondemand::value element;
        if (auto error = element_result.get(element)) return FailJson(error);
        if (!SkipValue(element)) return UnwindIndex(index);
        ++index;
      }
      Leave();
      return true;
    }
    case JsonType::string: {
      std::string_view text;
      return ReadString(value, text);
    }
    case JsonType::number: return SkipNumber(value);  // the parent's iterator steps over it
    case JsonType::boolean: {
      bool flag = false;
      return ReadBool(value, flag);
    }
    case JsonType::null: return ConsumeNull(value);
  }
  return FailJson(simdjson::TAPE_ERROR);
}

}  // namespace intent::runtime::bind_internal
