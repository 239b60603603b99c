// The types of the Intent language (docs/language.md §7.1). Types are interned in
// a TypeArena, so two types are equal exactly when their pointers are equal.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "compiler/source/source_file.h"

namespace intent::types {

enum class TypeKind {
  kError,    // the type of an expression that already failed to check
  kUnknown,  // the element type of an empty list literal; fits any element
  kBool,
  kInt,
  kString,
  kEmail,
  kTimestamp,
  kDuration,
  kList,
  kRecord,
  kEnum,
  kMap,  // map<K, V>: only in data documents (docs/data.md)
};

struct RecordType;
struct EnumType;

class Type {
 public:
  TypeKind kind() const { return kind_; }
  // Element type of a list, value type of a map; null otherwise.
  const Type* element() const { return element_; }
  // Key type of a map (string, email or int); null otherwise.
  const Type* key() const { return key_; }
  const RecordType* record() const { return record_; }
  const EnumType* enumeration() const { return enum_; }
  bool Is(TypeKind kind) const { return kind_ == kind; }
  bool IsScalar() const {
    return kind_ != TypeKind::kList && kind_ != TypeKind::kRecord && kind_ != TypeKind::kMap;
  }
  // How users write it: "list<email>", "map<string, User>", "Message".
  std::string ToString() const;

 private:
  friend class TypeArena;
  TypeKind kind_ = TypeKind::kError;
  const Type* element_ = nullptr;
  const Type* key_ = nullptr;
  const RecordType* record_ = nullptr;
  const EnumType* enum_ = nullptr;
};

struct Field {
  std::string name;
  const Type* type = nullptr;
  bool optional = false;  // declared "T?" in the schema
  SourceSpan span;        // where the field is declared in its schema file
};

struct RecordType {
  std::string name;  // empty for an operation's anonymous input record
  std::vector<Field> fields;
  const Field* FindField(std::string_view field_name) const;
  std::vector<std::string> FieldNames() const;
};

struct EnumType {
  std::string name;
  std::vector<std::string> values;
  bool Contains(std::string_view value) const;
};

// Owns and interns types. Not thread-safe; owned by one compilation.
class TypeArena {
 public:
  TypeArena();
  TypeArena(const TypeArena&) = delete;
  TypeArena& operator=(const TypeArena&) = delete;

  const Type* Primitive(TypeKind kind) const;  // any kind except list/record/enum
  const Type* Error() const { return Primitive(TypeKind::kError); }
  const Type* Bool() const { return Primitive(TypeKind::kBool); }
  const Type* Int() const { return Primitive(TypeKind::kInt); }
  const Type* String() const { return Primitive(TypeKind::kString); }
  const Type* Email() const { return Primitive(TypeKind::kEmail); }
  const Type* Timestamp() const { return Primitive(TypeKind::kTimestamp); }
  const Type* Duration() const { return Primitive(TypeKind::kDuration); }
  const Type* ListOf(const Type* element);
  // `key` must be string, email or int (the schema loader checks).
  const Type* MapOf(const Type* key, const Type* value);
  const Type* RecordOf(const RecordType* record);
  const Type* EnumOf(const EnumType* enumeration);

  // Returns the primitive named by a schema type string ("email"), or null.
  const Type* PrimitiveNamed(std::string_view name) const;

 private:
  // The interned type of `kind` keyed by `key`, made with `fill` on first use.
  const Type* Derived(TypeKind kind, const void* key, const std::function<void(Type&)>& fill,
                      const void* second_key = nullptr);

  std::deque<Type> storage_;
  std::map<TypeKind, const Type*> primitives_;
  // Keyed by kind and element/record/enum address: a record freed by a
  // failed schema load may share its address with a later enum.
  std::map<std::tuple<TypeKind, const void*, const void*>, const Type*> derived_;
};

}  // namespace intent::types
