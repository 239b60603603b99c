// The in-memory form of an API schema (docs/language.md §9): record and enum
// types, resources, operations with a verb and an input record, and the
// request-wide context fields.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source_file.h"
#include "compiler/types/type.h"

namespace intent::schema {

struct Operation {
  std::string id;        // full id: "gmail.messages.send"
  uint32_t index = 0;    // position in its schema's `operations`
  std::string resource;  // "messages"
  std::string name;      // "send"
  std::string verb;      // "send"
  types::RecordType input;
  bool destructive = false;
  std::string http;         // optional "POST /gmail/v1/..."
  std::string description;  // optional
  SourceSpan span;          // the operation's key in the schema file
};

struct Resource {
  std::string name;
  std::vector<const Operation*> operations;  // in file order
  SourceSpan span;
  const Operation* FindOperation(std::string_view name) const;
};

class Schema {
 public:
  std::string name;     // "gmail"
  std::string version;  // free text, may be empty
  const SourceFile* file = nullptr;
  SourceSpan name_span;

  // Owned declarations. Records and enums are referenced by Type objects in
  // the TypeArena the schema was loaded with, so they must not move: hence
  // unique_ptr.
  std::map<std::string, std::unique_ptr<types::RecordType>, std::less<>> records;
  std::map<std::string, std::unique_ptr<types::EnumType>, std::less<>> enums;
  std::vector<std::unique_ptr<Resource>> resources;    // in file order
  std::vector<std::unique_ptr<Operation>> operations;  // in file order
  types::RecordType context;                           // declared context fields, without "time"
  // Data documents (docs/data.md): facts loaded from data files, read by
  // policies as `data.NAME`; every one required (none is optional).
  types::RecordType data;

  const Resource* FindResource(std::string_view resource_name) const;
  // As a policy names an operation: "RESOURCE.OP" or the full
  // "SCHEMA.RESOURCE.OP" of this schema.
  const Operation* FindOperation(std::string_view dotted_id) const;
  // Every operation whose verb is `verb`, in file order.
  std::vector<const Operation*> OperationsWithVerb(std::string_view verb) const;
  std::vector<std::string> Verbs() const;          // distinct, sorted
  std::vector<std::string> ResourceNames() const;  // in file order
  std::vector<std::string> OperationIds() const;   // "RESOURCE.OP", in file order
};

// Every schema loaded for one compilation, by name.
class SchemaSet {
 public:
  // Takes ownership; returns the already-loaded schema of the same name (and
  // does not add) when there is one.
  const Schema* Add(std::unique_ptr<Schema> schema);
  const Schema* Find(std::string_view name) const;
  // The operation a request names: exactly "SCHEMA.RESOURCE.OP" (requests
  // carry the full id; "RESOURCE.OP" would let "mail.send" name a resource
  // "mail"). Null when nothing has that id; `schema`, if given, is set to
  // the operation's schema.
  const Operation* FindOperation(std::string_view full_id, const Schema** schema = nullptr) const;
  std::vector<std::string> Names() const;
  size_t size() const { return schemas_.size(); }
  // Names of schemas that were found but failed to load: policies naming
  // them are not reported again as naming an unknown schema.
  void MarkBroken(std::string name) { broken_.insert(std::move(name)); }
  bool IsBroken(std::string_view name) const { return broken_.count(std::string(name)) > 0; }

 private:
  std::set<std::string> broken_;
  std::map<std::string, std::unique_ptr<Schema>, std::less<>> schemas_;
};

}  // namespace intent::schema
