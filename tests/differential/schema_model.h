// The generator's own model of the scenario schema ("diff"): the types,
// operations and context that policies are typed against and requests are
// filled from. It is printed as the schema file, so the compiler sees the
// same types the generator reasoned about.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/differential/random.h"

namespace intent::difftest {

inline constexpr const char* kSchemaName = "diff";

enum class Kind {
  kBool,
  kInt,
  kString,
  kEmail,
  kTimestamp,
  kDuration,
  kEnum,
  kList,
  kRecord,
  kMap
};

struct Type;

struct Field {
  std::string name;
  const Type* type = nullptr;
  bool optional = false;
};

struct Type {
  Kind kind = Kind::kBool;
  std::string name;                 // records and enums
  const Type* element = nullptr;    // lists; a map's values
  const Type* key = nullptr;        // maps: string, email or int
  std::vector<std::string> values;  // enums
  std::vector<Field> fields;        // records

  bool Is(Kind k) const { return kind == k; }
  // What `==` accepts and a limit key may be: every type but lists, records and maps.
  bool IsScalar() const {
    return kind != Kind::kList && kind != Kind::kRecord && kind != Kind::kMap;
  }
  // The schema's type string: "int", "Doc", "list<list<int>>", "map<string, Member>".
  std::string Spelling() const;
};

struct Operation {
  std::string resource;
  std::string name;
  std::string verb;
  std::vector<Field> input;
  bool declares_input = true;  // false: the schema has no "input" member
  bool destructive = false;
  std::string Id() const { return std::string(kSchemaName) + "." + resource + "." + name; }
  const Field* FindInput(const std::string& field) const;
};

// Owns every type; pointers stay valid for the model's lifetime (and moves).
class SchemaModel {
 public:
  SchemaModel();
  const Type* Primitive(Kind kind) const { return primitives_[static_cast<size_t>(kind)]; }
  const Type* ListOf(const Type* element);
  // Maps exist only in data documents: AllTypes() leaves them out, so that
  // no request value or literal is ever made of one.
  const Type* MapOf(const Type* key, const Type* value);
  Type* AddNamed(Kind kind, std::string name);

  std::vector<std::string> Resources() const;  // in declaration order
  std::vector<std::string> Verbs() const;      // distinct, in declaration order
  std::vector<const Type*> AllTypes() const;   // primitives, named types and lists
  std::string ToJson(Rng& rng) const;

  std::vector<const Type*> named;  // records and enums, in declaration order
  std::vector<Field> context;      // without the reserved "time"
  std::vector<Operation> operations;
  // The data documents (docs/data.md), in the schema's order; never optional.
  // Empty when the scenario declares none.
  std::vector<Field> data;
  const Field* FindData(const std::string& name) const;

 private:
  const Type* Own(std::unique_ptr<Type> type);
  std::vector<std::unique_ptr<Type>> owned_;
  std::vector<const Type*> primitives_;  // indexed by Kind, kBool to kDuration
  std::vector<const Type*> lists_;
  std::vector<const Type*> maps_;
};

// The scenario schema: a fixed skeleton (every scalar type, optional
// fields, nested and optional records, lists of scalars, records and lists,
// operations that share inputs and ones that do not) with random extra
// fields, field order, enum values and context requirements; and, in most
// scenarios, data documents: maps with string, int and email keys (records
// with optional fields, lists and maps as values; maps of maps), long and
// short lists, an empty map.
SchemaModel BuildSchema(Rng& rng);

}  // namespace intent::difftest
