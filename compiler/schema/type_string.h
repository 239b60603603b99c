// Parses the type strings of a schema's fields ("email", "list<Message>",
// "string?"). Only the syntax is checked here; whether a type name is
// declared is the loader's business, since it depends on the whole file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace intent::schema {

// One level of "list<...>" or "map<KEY, ...>" around a type.
struct TypeWrapper {
  bool is_map = false;
  std::string key;  // a map's key type name ("string")
};

// A well-formed type string: `wrappers` (outermost first) around `base`.
struct TypeString {
  std::string base;                   // "email", "Message"
  std::vector<TypeWrapper> wrappers;  // "map<string, list<int>>": a map, then a list
  uint32_t list_depth = 0;            // levels of wrappers: "list<list<int>>" has 2
  bool optional = false;              // a trailing "?" at the top level
};

// Either a TypeString or, when `ok` is false, a reason fit to follow
// "malformed type 'TEXT': " in a diagnostic.
struct TypeStringResult {
  bool ok = false;
  TypeString type;
  std::string error;
};

// Deeper list nesting than this is rejected, so printing and checking types
// never has to deal with absurd depths.
inline constexpr uint32_t kMaxListDepth = 16;

// Grammar: TYPE = NAME | "list" "<" TYPE ">" | "map" "<" NAME "," TYPE ">" ;
// FIELD = TYPE ["?"], with
// NAME = [A-Za-z_][A-Za-z0-9_]* and spaces or tabs allowed around tokens.
TypeStringResult ParseTypeString(std::string_view text);

// True for [A-Za-z_][A-Za-z0-9_]*.
bool IsIdentifier(std::string_view text);

}  // namespace intent::schema
