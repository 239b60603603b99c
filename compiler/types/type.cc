// Type interning and printing.
#include "compiler/types/type.h"

#include <algorithm>
#include <functional>

namespace intent::types {

std::string Type::ToString() const {
  switch (kind_) {
    case TypeKind::kError: return "<error>";
    case TypeKind::kUnknown: return "nothing";
    case TypeKind::kBool: return "bool";
    case TypeKind::kInt: return "int";
    case TypeKind::kString: return "string";
    case TypeKind::kEmail: return "email";
    case TypeKind::kTimestamp: return "timestamp";
    case TypeKind::kDuration: return "duration";
    case TypeKind::kList: return "list<" + element_->ToString() + ">";
    case TypeKind::kRecord: return record_->name.empty() ? "<input>" : record_->name;
    case TypeKind::kEnum: return enum_->name;
    case TypeKind::kMap: return "map<" + key_->ToString() + ", " + element_->ToString() + ">";
  }
  return "<error>";
}

const Field* RecordType::FindField(std::string_view field_name) const {
  for (const Field& field : fields) {
    if (field.name == field_name) return &field;
  }
  return nullptr;
}

std::vector<std::string> RecordType::FieldNames() const {
  std::vector<std::string> names;
  for (const Field& field : fields) names.push_back(field.name);
  return names;
}

bool EnumType::Contains(std::string_view value) const {
  return std::find(values.begin(), values.end(), value) != values.end();
}

TypeArena::TypeArena() {
  for (TypeKind kind :
       {TypeKind::kError, TypeKind::kUnknown, TypeKind::kBool, TypeKind::kInt, TypeKind::kString,
        TypeKind::kEmail, TypeKind::kTimestamp, TypeKind::kDuration}) {
    Type& type = storage_.emplace_back();
    type.kind_ = kind;
    primitives_[kind] = &type;
  }
}

const Type* TypeArena::Primitive(TypeKind kind) const {
  auto it = primitives_.find(kind);
  return it == primitives_.end() ? primitives_.at(TypeKind::kError) : it->second;
}

const Type* TypeArena::Derived(TypeKind kind, const void* key,
                               const std::function<void(Type&)>& fill, const void* second_key) {
  auto [it, inserted] = derived_.emplace(std::tuple{kind, key, second_key}, nullptr);
  if (inserted) {
    Type& type = storage_.emplace_back();
    type.kind_ = kind;
    fill(type);
    it->second = &type;
  }
  return it->second;
}

const Type* TypeArena::ListOf(const Type* element) {
  return Derived(TypeKind::kList, element, [&](Type& type) { type.element_ = element; });
}

const Type* TypeArena::MapOf(const Type* key, const Type* value) {
  return Derived(
      TypeKind::kMap, value,
      [&](Type& type) {
        type.key_ = key;
        type.element_ = value;
      },
      key);
}

const Type* TypeArena::RecordOf(const RecordType* record) {
  return Derived(TypeKind::kRecord, record, [&](Type& type) { type.record_ = record; });
}

const Type* TypeArena::EnumOf(const EnumType* enumeration) {
  return Derived(TypeKind::kEnum, enumeration, [&](Type& type) { type.enum_ = enumeration; });
}

const Type* TypeArena::PrimitiveNamed(std::string_view name) const {
  static const std::pair<std::string_view, TypeKind> kNames[] = {
      {"bool", TypeKind::kBool},           {"int", TypeKind::kInt},
      {"string", TypeKind::kString},       {"email", TypeKind::kEmail},
      {"timestamp", TypeKind::kTimestamp}, {"duration", TypeKind::kDuration},
  };
  for (const auto& [type_name, kind] : kNames) {
    if (type_name == name) return Primitive(kind);
  }
  return nullptr;
}

}  // namespace intent::types
