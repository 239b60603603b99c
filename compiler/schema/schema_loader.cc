// Turns a schema's JSON text into a Schema, reporting every mistake with its
// JSON path and, through the JsonLocator, the position of the key or value.
#include "compiler/schema/schema_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "compiler/schema/json_locator.h"
#include "compiler/schema/type_string.h"

namespace intent::schema {
namespace {

// ordered_json keeps members in file order, which resources and operations
// must preserve.
using Json = nlohmann::ordered_json;
using types::Field;
using types::RecordType;
using types::Type;
using types::TypeKind;

const std::vector<std::string>& PrimitiveNames() {
  static const std::vector<std::string> names = {"bool",  "int",       "string",
                                                 "email", "timestamp", "duration"};
  return names;
}

std::string_view KindOf(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::null: return "null";
    default: return "a value";
  }
}

// User text quoted in a message must keep the message on one short line.
std::string Printable(std::string_view text) {
  constexpr size_t kMaxBytes = 60;
  std::string out;
  for (char c : text) {
    // Cut only before a code point's first byte, so the result stays UTF-8.
    bool starts_code_point = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (out.size() >= kMaxBytes && starts_code_point) return out + "...";
    if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// "[json.exception.parse_error.101] parse error at line 1, column 9: syntax
// error while parsing value - invalid literal; last read: '...'" becomes
// "invalid literal": the position is shown by the span anyway, and the last
// read text may span lines.
std::string ShortParseReason(std::string what) {
  if (size_t column = what.find(", column "); column != std::string::npos) {
    if (size_t colon = what.find(": ", column); colon != std::string::npos) {
      what = what.substr(colon + 2);
    }
  }
  if (what.rfind("syntax error while parsing ", 0) == 0) {
    if (size_t dash = what.find(" - "); dash != std::string::npos) what = what.substr(dash + 3);
  }
  if (size_t last = what.find("; last read: "); last != std::string::npos) {
    size_t expected = what.find("'; expected ", last);
    what = what.substr(0, last) + (expected == std::string::npos ? "" : what.substr(expected + 1));
  }
  return Printable(what);
}

class Loader {
 public:
  Loader(const SourceFile& file, types::TypeArena& arena, DiagnosticBag& bag,
         const JsonLocator& locator)
      : file_(file), arena_(arena), bag_(bag), locator_(locator) {}

  std::unique_ptr<Schema> Load(const Json& root);

 private:
  struct PendingRecord {
    std::string path;
    const Json* body;
    RecordType* record;
  };

  SourceSpan ValueSpan(const std::string& path) const {
    const JsonLocation* location = locator_.Find(path);
    if (location != nullptr) return location->value;
    return {0, std::min<uint32_t>(1, static_cast<uint32_t>(file_.text().size()))};
  }
  SourceSpan KeySpan(const std::string& path) const {
    const JsonLocation* location = locator_.Find(path);
    return location != nullptr && location->has_key ? location->key : ValueSpan(path);
  }
  void Report(DiagKind kind, SourceSpan span, const std::string& path, std::string_view message,
              std::string help = {}) {
    bag_.Report(kind, &file_, span, fmt::format("{}: {}", path, message), std::move(help));
  }
  // Reports S0007 unless `value` is of `kind` ("a string", "an object", ...).
  bool Expect(const Json& value, std::string_view kind, const std::string& path) {
    if (KindOf(value) == kind) return true;
    Report(DiagKind::kSchemaWrongJsonType, ValueSpan(path), path,
           fmt::format("expected {}, found {}", kind, KindOf(value)));
    return false;
  }
  bool CheckName(std::string_view name, std::string_view what, const std::string& path,
                 SourceSpan span) {
    if (IsIdentifier(name)) return true;
    Report(DiagKind::kSchemaInvalidName, span, path,
           fmt::format("{} '{}' is not an identifier", what, Printable(name)),
           "names start with a letter or '_' and contain only letters, digits and '_'");
    return false;
  }
  void UnknownMember(const std::string& key, const std::string& path, std::string_view where,
                     std::string_view known) {
    Report(DiagKind::kSchemaUnknownMember, KeySpan(path), path,
           fmt::format("unknown member '{}' in {}", Printable(key), where),
           fmt::format("the known members are {}", known));
  }

  void ReportDuplicateKeys(const Json& root);
  void DeclareTypes(const Json& types);
  void LoadEnum(const std::string& name, const Json& values, const std::string& path);
  void LoadFields(const Json& object, const std::string& path, RecordType* record, bool is_context);
  const Type* ResolveType(const std::string& text, const std::string& path, bool* optional);
  void CheckRecursion();
  void LoadData(const Json& data);
  // Maps are for data only: requests are bound without them.
  void CheckNoMapsInRequests();
  void LoadResources(const Json& resources);
  void WarnReservedInputs(const RecordType& input, const std::string& path);
  void LoadOperation(Resource* resource, const std::string& name, const Json& body,
                     const std::string& path);

  const SourceFile& file_;
  types::TypeArena& arena_;
  DiagnosticBag& bag_;
  const JsonLocator& locator_;
  std::unique_ptr<Schema> schema_;
  std::vector<PendingRecord> pending_;  // record types in file order
};

std::unique_ptr<Schema> Loader::Load(const Json& root) {
  size_t errors_before = bag_.ErrorCount();
  if (!root.is_object()) {
    Report(DiagKind::kSchemaWrongJsonType, ValueSpan("$"), "$",
           fmt::format("expected an object, found {}", KindOf(root)),
           "a schema is a JSON object with a \"name\" and a \"resources\" member");
    return nullptr;
  }
  ReportDuplicateKeys(root);
  schema_ = std::make_unique<Schema>();
  schema_->file = &file_;
  SourceSpan open_brace = ValueSpan("$");
  open_brace.end = std::min(open_brace.end, open_brace.begin + 1);
  for (const auto& [key, value] : root.items()) {
    std::string path = JsonChildPath("$", key);
    if (key == "name") {
      if (!Expect(value, "a string", path)) continue;
      schema_->name = value.get<std::string>();
      schema_->name_span = ValueSpan(path);
      CheckName(schema_->name, "schema name", path, schema_->name_span);
    } else if (key == "version") {
      if (value.is_string()) {
        schema_->version = value.get<std::string>();
      } else if (value.is_number()) {
        // Keep the number as written: nlohmann would print 1.10 as "1.1".
        schema_->version = std::string(file_.Slice(ValueSpan(path)));
      } else {
        Expect(value, "a string or a number", path);
      }
    } else if (key == "description") {
      Expect(value, "a string", path);
    } else if (key == "types" || key == "resources" || key == "context" || key == "data") {
      Expect(value, "an object", path);  // loaded below, once all types are known
    } else {
      UnknownMember(key, path, "the schema",
                    "name, version, description, types, resources, context and data");
    }
  }
  for (std::string_view required : {"name", "resources"}) {
    if (root.contains(required)) continue;
    Report(DiagKind::kSchemaMissingMember, open_brace, "$",
           fmt::format("missing required member '{}'", required),
           "a schema needs at least a \"name\" and a \"resources\" object");
  }
  if (auto types = root.find("types"); types != root.end() && types->is_object()) {
    DeclareTypes(*types);
  }
  for (const PendingRecord& pending : pending_) {
    LoadFields(*pending.body, pending.path, pending.record, /*is_context=*/false);
  }
  CheckRecursion();
  if (auto context = root.find("context"); context != root.end() && context->is_object()) {
    LoadFields(*context, "$.context", &schema_->context, /*is_context=*/true);
  }
  if (auto data = root.find("data"); data != root.end() && data->is_object()) {
    LoadData(*data);
  }
  if (auto resources = root.find("resources"); resources != root.end() && resources->is_object()) {
    LoadResources(*resources);
  }
  CheckNoMapsInRequests();
  if (bag_.ErrorCount() > errors_before) return nullptr;
  return std::move(schema_);
}

void Loader::ReportDuplicateKeys(const Json& root) {
  // Operations deserve a message of their own; find their objects' paths.
  std::map<std::string, std::string> operation_objects;
  if (auto resources = root.find("resources"); resources != root.end() && resources->is_object()) {
    for (const auto& [name, resource] : resources->items()) {
      std::string path = JsonChildPath(JsonChildPath("$.resources", name), "operations");
      operation_objects.emplace(path, name);
    }
  }
  for (const JsonDuplicateKey& duplicate : locator_.duplicate_keys()) {
    std::string path = JsonChildPath(duplicate.object_path, duplicate.key);
    auto resource = operation_objects.find(duplicate.object_path);
    std::string message = resource != operation_objects.end()
                              ? fmt::format("operation '{}' is declared twice in resource '{}'",
                                            Printable(duplicate.key), Printable(resource->second))
                              : fmt::format("key '{}' appears twice in {}",
                                            Printable(duplicate.key), duplicate.object_path);
    Report(DiagKind::kSchemaDuplicateKey, duplicate.span, path, message,
           "JSON readers keep only the last one; remove or rename one of them");
  }
}

void Loader::DeclareTypes(const Json& types) {
  // Declare every name first so that records may refer to later ones.
  for (const auto& [name, body] : types.items()) {
    std::string path = JsonChildPath("$.types", name);
    if (CheckName(name, "type name", path, KeySpan(path)) &&
        (arena_.PrimitiveNamed(name) != nullptr || name == "list")) {
      Report(DiagKind::kSchemaInvalidName, KeySpan(path), path,
             fmt::format("type name '{}' is a built-in type", name), "choose another name");
    }
    if (body.is_object()) {
      auto record = std::make_unique<RecordType>();
      record->name = name;
      pending_.push_back({path, &body, record.get()});
      schema_->records.emplace(name, std::move(record));
    } else if (body.is_array()) {
      LoadEnum(name, body, path);
    } else {
      Report(DiagKind::kSchemaWrongJsonType, ValueSpan(path), path,
             fmt::format("expected an object (a record type) or an array of strings (an enum "
                         "type), found {}",
                         KindOf(body)));
    }
  }
}

void Loader::LoadEnum(const std::string& name, const Json& values, const std::string& path) {
  auto enumeration = std::make_unique<types::EnumType>();
  enumeration->name = name;
  if (values.empty()) {
    Report(DiagKind::kSchemaWrongJsonType, ValueSpan(path), path,
           fmt::format("enum type '{}' has no values", Printable(name)));
  }
  for (size_t i = 0; i < values.size(); ++i) {
    std::string value_path = JsonIndexPath(path, i);
    if (!Expect(values[i], "a string", value_path)) continue;
    std::string value = values[i].get<std::string>();
    if (value.empty()) {
      Report(DiagKind::kSchemaWrongJsonType, ValueSpan(value_path), value_path,
             "enum value is empty");
    } else if (enumeration->Contains(value)) {
      Report(DiagKind::kSchemaWrongJsonType, ValueSpan(value_path), value_path,
             fmt::format("enum value '{}' appears twice in enum type '{}'", Printable(value),
                         Printable(name)));
    } else {
      enumeration->values.push_back(std::move(value));
    }
  }
  schema_->enums.emplace(name, std::move(enumeration));
}

void Loader::LoadFields(const Json& object, const std::string& path, RecordType* record,
                        bool is_context) {
  for (const auto& [name, type_value] : object.items()) {
    std::string field_path = JsonChildPath(path, name);
    CheckName(name, is_context ? "context field name" : "field name", field_path,
              KeySpan(field_path));
    if (is_context && name == "time") {
      Report(DiagKind::kSchemaReservedContext, KeySpan(field_path), field_path,
             "context field 'time' is reserved for the request time",
             "policies can always read 'context.time' as a timestamp; remove this field");
      continue;
    }
    if (is_context && name == "approval") {
      // The gateway's and the engine's: the id of the approval a retried
      // call presents (docs/approvals.md).
      Report(DiagKind::kSchemaReservedContext, KeySpan(field_path), field_path,
             "context field 'approval' is reserved for the id of an approval a call presents",
             "the engine reads 'context.approval' itself to allow an approved call; rename "
             "this field");
      continue;
    }
    if (!type_value.is_string()) {
      Report(DiagKind::kSchemaWrongJsonType, ValueSpan(field_path), field_path,
             fmt::format("expected a type string, found {}", KindOf(type_value)),
             "field types are strings such as \"string\", \"list<email>\" or \"Message?\"");
      continue;
    }
    Field field;
    field.name = name;
    field.type = ResolveType(type_value.get<std::string>(), field_path, &field.optional);
    field.span = ValueSpan(field_path);
    record->fields.push_back(std::move(field));
  }
}

const Type* Loader::ResolveType(const std::string& text, const std::string& path, bool* optional) {
  TypeStringResult parsed = ParseTypeString(text);
  if (!parsed.ok) {
    Report(DiagKind::kSchemaMalformedType, ValueSpan(path), path,
           fmt::format("malformed type '{}': {}", Printable(text), parsed.error),
           "a type is bool, int, string, email, timestamp, duration, list<T> or a declared "
           "type name, optionally followed by '?'");
    return arena_.Error();
  }
  *optional = parsed.type.optional;
  const std::string& base = parsed.type.base;
  const Type* type = arena_.PrimitiveNamed(base);
  if (type == nullptr) {
    if (auto record = schema_->records.find(base); record != schema_->records.end()) {
      type = arena_.RecordOf(record->second.get());
    } else if (auto enumeration = schema_->enums.find(base); enumeration != schema_->enums.end()) {
      type = arena_.EnumOf(enumeration->second.get());
    }
  }
  if (type == nullptr) {
    std::vector<std::string> candidates = PrimitiveNames();
    for (const auto& [name, record] : schema_->records) candidates.push_back(name);
    for (const auto& [name, enumeration] : schema_->enums) candidates.push_back(name);
    std::string suggestion = SuggestName(base, candidates);
    std::string message = fmt::format("unknown type '{}'", base);
    if (!suggestion.empty()) message += fmt::format("; did you mean '{}'?", suggestion);
    Report(DiagKind::kSchemaUnknownType, ValueSpan(path), path, message,
           "declare it under \"types\", or use bool, int, string, email, timestamp or duration");
    return arena_.Error();
  }
  for (auto it = parsed.type.wrappers.rbegin(); it != parsed.type.wrappers.rend(); ++it) {
    if (!it->is_map) {
      type = arena_.ListOf(type);
      continue;
    }
    const Type* key = arena_.PrimitiveNamed(it->key);
    if (key == nullptr ||
        !(key->Is(TypeKind::kString) || key->Is(TypeKind::kEmail) || key->Is(TypeKind::kInt))) {
      Report(DiagKind::kSchemaMalformedType, ValueSpan(path), path,
             fmt::format("malformed type '{}': a map's keys must be string, email or int, not '{}'",
                         Printable(text), Printable(it->key)),
             "write the key type first, as in 'map<string, User>'");
      return arena_.Error();
    }
    type = arena_.MapOf(key, type);
  }
  return type;
}

void Loader::CheckRecursion() {
  // Iterative depth-first search: a long chain of record types must not
  // exhaust the call stack.
  std::map<const RecordType*, const PendingRecord*> pending_of;
  for (const PendingRecord& pending : pending_) pending_of[pending.record] = &pending;
  std::map<const RecordType*, size_t> depth_on_path;  // records on the current path
  std::set<const RecordType*> done;
  auto record_in = [](const Field& field) -> const RecordType* {
    const Type* type = field.type;
    while (type != nullptr && (type->Is(TypeKind::kList) || type->Is(TypeKind::kMap))) {
      type = type->element();
    }
    return type != nullptr && type->Is(TypeKind::kRecord) ? type->record() : nullptr;
  };
  for (const PendingRecord& start : pending_) {
    if (done.count(start.record) > 0) continue;
    std::vector<std::pair<const RecordType*, size_t>> path = {{start.record, 0}};
    depth_on_path[start.record] = 0;
    while (!path.empty()) {
      auto& [record, next_field] = path.back();
      if (next_field == record->fields.size()) {
        depth_on_path.erase(record);
        done.insert(record);
        path.pop_back();
        continue;
      }
      const RecordType* target = record_in(record->fields[next_field++]);
      if (target == nullptr || done.count(target) > 0) continue;
      auto on_path = depth_on_path.find(target);
      if (on_path == depth_on_path.end()) {
        depth_on_path[target] = path.size();
        path.emplace_back(target, 0);
        continue;
      }
      // The path from `target` back to it is a cycle; long ones are cut
      // short, the first steps being enough to show the shape.
      constexpr size_t kMaxSteps = 8;
      size_t length = path.size() - on_path->second;
      std::string cycle;
      for (size_t i = 0; i < std::min(length, kMaxSteps); ++i) {
        cycle += path[on_path->second + i].first->name + " -> ";
      }
      if (length > kMaxSteps) cycle += "... -> ";
      cycle += target->name;
      const std::string& type_path = pending_of[target]->path;
      Report(DiagKind::kSchemaRecursiveType, KeySpan(type_path), type_path,
             fmt::format("record type '{}' contains itself ({})", target->name, cycle),
             "a record cannot contain itself, not even through a list");
    }
  }
}

void Loader::LoadData(const Json& data) {
  LoadFields(data, "$.data", &schema_->data, /*is_context=*/false);
  for (Field& field : schema_->data.fields) {
    if (!field.optional) continue;
    std::string path = JsonChildPath("$.data", field.name);
    Report(DiagKind::kSchemaOptionalData, ValueSpan(path), path,
           fmt::format("data document '{}' cannot be optional", Printable(field.name)),
           "every declared data document must be loaded; use an empty list or map for none");
  }
}

namespace {
// Whether values of `type` hold a map somewhere (records visited once).
bool HoldsMap(const Type* type, std::set<const RecordType*>& seen) {
  while (type != nullptr && type->Is(TypeKind::kList)) type = type->element();
  if (type == nullptr) return false;
  if (type->Is(TypeKind::kMap)) return true;
  if (!type->Is(TypeKind::kRecord) || !seen.insert(type->record()).second) return false;
  for (const Field& field : type->record()->fields) {
    if (HoldsMap(field.type, seen)) return true;
  }
  return false;
}
}  // namespace

void Loader::CheckNoMapsInRequests() {
  auto check = [&](const RecordType& record, const std::string& path) {
    for (const Field& field : record.fields) {
      std::set<const RecordType*> seen;
      if (!HoldsMap(field.type, seen)) continue;
      std::string field_path = JsonChildPath(path, field.name);
      Report(DiagKind::kSchemaMapOutsideData, ValueSpan(field_path), field_path,
             fmt::format("field '{}' holds a map, but maps are only for data documents",
                         Printable(field.name)),
             "declare the facts under \"data\" and look them up with 'data.NAME[key]'; a "
             "request carries lists and records");
    }
  };
  check(schema_->context, "$.context");
  for (const auto& operation : schema_->operations) {
    check(
        operation->input,
        JsonChildPath(JsonChildPath(JsonChildPath(JsonChildPath("$.resources", operation->resource),
                                                  "operations"),
                                    operation->name),
                      "input"));
  }
}

void Loader::LoadResources(const Json& resources) {
  for (const auto& [name, body] : resources.items()) {
    std::string path = JsonChildPath("$.resources", name);
    CheckName(name, "resource name", path, KeySpan(path));
    if (!Expect(body, "an object", path)) continue;
    auto resource = std::make_unique<Resource>();
    resource->name = name;
    resource->span = KeySpan(path);
    for (const auto& [key, value] : body.items()) {
      std::string member_path = JsonChildPath(path, key);
      if (key == "operations") {
        if (!Expect(value, "an object", member_path)) continue;
        for (const auto& [operation_name, operation] : value.items()) {
          LoadOperation(resource.get(), operation_name, operation,
                        JsonChildPath(member_path, operation_name));
        }
      } else if (key == "description") {
        Expect(value, "a string", member_path);
      } else {
        UnknownMember(key, member_path, fmt::format("resource '{}'", Printable(name)),
                      "operations and description");
      }
    }
    if (!body.contains("operations")) {
      Report(DiagKind::kSchemaMissingMember, KeySpan(path), path,
             fmt::format("missing required member 'operations' in resource '{}'", Printable(name)),
             "a resource needs an \"operations\" object, even an empty one");
    }
    schema_->resources.push_back(std::move(resource));
  }
}

void Loader::WarnReservedInputs(const RecordType& input, const std::string& path) {
  // A bare name resolves to a built-in before an input field (language.md
  // §7.2), so such a field exists for the gateway but not for policies.
  // Context fields are not affected: they are read as `context.FIELD`.
  for (const Field& field : input.fields) {
    std::string_view meaning = field.name == "now"         ? "is the request time"
                               : field.name == "today"     ? "is the start of the current day"
                               : field.name == "principal" ? "is the calling agent's id"
                               : field.name == "context"   ? "holds the request's context fields"
                                                           : "";
    if (meaning.empty()) continue;
    std::string field_path = JsonChildPath(path, field.name);
    Report(DiagKind::kSchemaReservedInputName, KeySpan(field_path), field_path,
           fmt::format("input field '{}' cannot be read by policies: '{}' {}", field.name,
                       field.name, meaning),
           fmt::format("rename the field; in a policy, '{}' always means the built-in name",
                       field.name));
  }
}

void Loader::LoadOperation(Resource* resource, const std::string& name, const Json& body,
                           const std::string& path) {
  CheckName(name, "operation name", path, KeySpan(path));
  if (!Expect(body, "an object", path)) return;
  auto operation = std::make_unique<Operation>();
  operation->id = schema_->name + "." + resource->name + "." + name;
  operation->resource = resource->name;
  operation->name = name;
  operation->span = KeySpan(path);
  std::string display = Printable(resource->name + "." + name);
  for (const auto& [key, value] : body.items()) {
    std::string member_path = JsonChildPath(path, key);
    if (key == "verb") {
      if (!Expect(value, "a string", member_path)) continue;
      operation->verb = value.get<std::string>();
      CheckName(operation->verb, "verb", member_path, ValueSpan(member_path));
    } else if (key == "input") {
      if (Expect(value, "an object", member_path)) {
        LoadFields(value, member_path, &operation->input, /*is_context=*/false);
        WarnReservedInputs(operation->input, member_path);
      }
    } else if (key == "destructive") {
      if (Expect(value, "a boolean", member_path)) operation->destructive = value.get<bool>();
    } else if (key == "http" || key == "description") {
      if (!Expect(value, "a string", member_path)) continue;
      (key == "http" ? operation->http : operation->description) = value.get<std::string>();
    } else {
      UnknownMember(key, member_path, fmt::format("operation '{}'", display),
                    "verb, input, destructive, http and description");
    }
  }
  if (!body.contains("verb")) {
    Report(DiagKind::kSchemaMissingVerb, KeySpan(path), path,
           fmt::format("operation '{}' has no verb", display),
           "add a \"verb\", such as \"read\", \"list\", \"create\", \"update\", \"delete\" or "
           "\"send\"");
  }
  resource->operations.push_back(operation.get());
  operation->index = static_cast<uint32_t>(schema_->operations.size());
  schema_->operations.push_back(std::move(operation));
}

}  // namespace

std::unique_ptr<Schema> LoadSchema(const SourceFile& file, types::TypeArena& arena,
                                   DiagnosticBag& diagnostics) {
  std::string_view text = file.text();
  auto size = static_cast<uint32_t>(text.size());
  auto at = [&](uint32_t offset) {
    offset = std::min(offset, size);
    return SourceSpan{offset, std::min(offset + 1, size)};
  };
  try {
    // The locator runs first: it refuses absurd nesting before nlohmann
    // builds (and later destroys) a tree for it.
    JsonLocator locator(text);
    if (locator.too_deep()) {
      diagnostics.Report(
          DiagKind::kSchemaNotJson, &file, at(locator.error_offset()),
          fmt::format("schema is nested too deeply (more than {} levels)", JsonLocator::kMaxDepth));
      return nullptr;
    }
    Json root;
    try {
      root = Json::parse(text);
    } catch (const Json::parse_error& error) {
      uint32_t offset =
          error.byte > 0 ? static_cast<uint32_t>(std::min<size_t>(error.byte - 1, size)) : 0;
      diagnostics.Report(DiagKind::kSchemaNotJson, &file, at(offset),
                         "schema is not valid JSON: " + ShortParseReason(error.what()));
      return nullptr;
    }
    return Loader(file, arena, diagnostics, locator).Load(root);
  } catch (const std::exception& error) {
    // Only resource exhaustion should get here; still, never throw.
    diagnostics.Report(DiagKind::kSchemaNotJson, &file, at(0),
                       "schema could not be read: " + Printable(error.what()));
    return nullptr;
  }
}

}  // namespace intent::schema
