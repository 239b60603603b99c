// Runtime values of the Intent language, as the reference interpreter sees
// them (docs/language.md §7.1). Lists and records are immutable and shared, so copying a
// Value is cheap.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "compiler/types/type.h"

namespace intent::runtime {

// An optional field that is not present in the request.
struct Absent {
  bool operator==(const Absent&) const = default;
};

struct Email {
  std::string local;
  std::string domain;  // lower case
  // Equal when the local parts are equal and the domains equal ignoring case
  // (domains are stored lower-cased, so plain comparison suffices).
  bool operator==(const Email&) const = default;
};

struct Timestamp {
  int64_t micros;  // since the Unix epoch, UTC
  auto operator<=>(const Timestamp&) const = default;
};

struct Duration {
  int64_t micros;
  auto operator<=>(const Duration&) const = default;
};

struct EnumValue {
  const types::EnumType* type;
  uint32_t index;  // into type->values
  bool operator==(const EnumValue&) const = default;
};

class Value;
class DataMap;  // runtime/core/data.h
using List = std::vector<Value>;
using ListPtr = std::shared_ptr<const List>;

// A record: one Value per field of `type`, in declaration order; an absent
// optional field holds Absent.
struct Record {
  const types::RecordType* type = nullptr;
  std::vector<Value> fields;
};
using RecordPtr = std::shared_ptr<const Record>;

// A map of a data document (runtime/core/data.h), owned by its DataSet,
// which outlives every decision that reads it.
struct MapRef {
  const DataMap* map = nullptr;
  bool operator==(const MapRef&) const = default;
};

class Value {
 public:
  using Storage = std::variant<Absent, bool, int64_t, std::string, Email, Timestamp, Duration,
                               EnumValue, ListPtr, RecordPtr, MapRef>;

  Value() = default;
  template <typename T>
  Value(T value) : storage_(std::move(value)) {}  // NOLINT: implicit by design

  template <typename T>
  bool Is() const {
    return std::holds_alternative<T>(storage_);
  }
  template <typename T>
  const T& As() const {
    return std::get<T>(storage_);
  }
  const Storage& storage() const { return storage_; }

 private:
  Storage storage_;
};

}  // namespace intent::runtime
