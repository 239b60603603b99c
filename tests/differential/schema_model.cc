#include "tests/differential/schema_model.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace intent::difftest {

std::string Type::Spelling() const {
  switch (kind) {
    case Kind::kBool: return "bool";
    case Kind::kInt: return "int";
    case Kind::kString: return "string";
    case Kind::kEmail: return "email";
    case Kind::kTimestamp: return "timestamp";
    case Kind::kDuration: return "duration";
    case Kind::kList: return "list<" + element->Spelling() + ">";
    case Kind::kMap: return "map<" + key->Spelling() + ", " + element->Spelling() + ">";
    case Kind::kEnum:
    case Kind::kRecord: return name;
  }
  return "?";
}

const Field* Operation::FindInput(const std::string& field) const {
  for (const Field& f : input) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

SchemaModel::SchemaModel() {
  for (Kind kind :
       {Kind::kBool, Kind::kInt, Kind::kString, Kind::kEmail, Kind::kTimestamp, Kind::kDuration}) {
    auto type = std::make_unique<Type>();
    type->kind = kind;
    primitives_.push_back(Own(std::move(type)));
  }
}

const Type* SchemaModel::Own(std::unique_ptr<Type> type) {
  owned_.push_back(std::move(type));
  return owned_.back().get();
}

const Type* SchemaModel::ListOf(const Type* element) {
  for (const Type* list : lists_) {
    if (list->element == element) return list;
  }
  auto list = std::make_unique<Type>();
  list->kind = Kind::kList;
  list->element = element;
  lists_.push_back(Own(std::move(list)));
  return lists_.back();
}

const Type* SchemaModel::MapOf(const Type* key, const Type* value) {
  for (const Type* map : maps_) {
    if (map->key == key && map->element == value) return map;
  }
  auto map = std::make_unique<Type>();
  map->kind = Kind::kMap;
  map->key = key;
  map->element = value;
  maps_.push_back(Own(std::move(map)));
  return maps_.back();
}

const Field* SchemaModel::FindData(const std::string& name) const {
  for (const Field& field : data) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

Type* SchemaModel::AddNamed(Kind kind, std::string name) {
  auto type = std::make_unique<Type>();
  type->kind = kind;
  type->name = std::move(name);
  Type* raw = type.get();
  named.push_back(Own(std::move(type)));
  return raw;
}

std::vector<std::string> SchemaModel::Resources() const {
  std::vector<std::string> names;
  for (const Operation& op : operations) {
    if (std::find(names.begin(), names.end(), op.resource) == names.end()) {
      names.push_back(op.resource);
    }
  }
  return names;
}

std::vector<std::string> SchemaModel::Verbs() const {
  std::vector<std::string> verbs;
  for (const Operation& op : operations) {
    if (std::find(verbs.begin(), verbs.end(), op.verb) == verbs.end()) verbs.push_back(op.verb);
  }
  return verbs;
}

std::vector<const Type*> SchemaModel::AllTypes() const {
  std::vector<const Type*> all = primitives_;
  all.insert(all.end(), named.begin(), named.end());
  all.insert(all.end(), lists_.begin(), lists_.end());
  return all;
}

namespace {

using Json = nlohmann::ordered_json;

Json FieldsJson(const std::vector<Field>& fields) {
  Json object = Json::object();
  for (const Field& field : fields) {
    object[field.name] = field.type->Spelling() + (field.optional ? "?" : "");
  }
  return object;
}

}  // namespace

std::string SchemaModel::ToJson(Rng& rng) const {
  Json schema = Json::object();
  schema["name"] = kSchemaName;
  schema["version"] = "1";
  Json types = Json::object();
  for (const Type* type : named) {
    types[type->name] = type->Is(Kind::kEnum) ? Json(type->values) : FieldsJson(type->fields);
  }
  schema["types"] = types;
  if (!context.empty()) schema["context"] = FieldsJson(context);
  if (!data.empty()) schema["data"] = FieldsJson(data);
  Json resources = Json::object();
  for (const Operation& op : operations) {
    Json entry = Json::object();
    entry["verb"] = op.verb;
    if (op.declares_input) entry["input"] = FieldsJson(op.input);
    if (op.destructive) entry["destructive"] = true;
    if (rng.Chance(20)) entry["description"] = "generated operation " + op.Id();
    resources[op.resource]["operations"][op.name] = entry;
  }
  schema["resources"] = resources;
  return schema.dump(2) + "\n";
}

namespace {

// Builds the fixed skeleton, then varies it: extra fields, field order.
class SchemaBuilder {
 public:
  SchemaBuilder(Rng& rng, SchemaModel& model) : rng_(rng), m_(model) {}

  void Build() {
    DeclareEnums();
    DeclareRecords();
    DeclareOperations();
    DeclareContext();
    AddExtraFields();
    ShuffleLayouts();
    DeclareData();
  }

 private:
  const Type* P(Kind kind) { return m_.Primitive(kind); }
  const Type* L(const Type* element) { return m_.ListOf(element); }
  static Field F(std::string name, const Type* type, bool optional = false) {
    return Field{std::move(name), type, optional};
  }

  void DeclareEnums() {
    level_ = m_.AddNamed(Kind::kEnum, "Level");
    level_->values = {"low", "normal", "high", "urgent"};
    if (rng_.Chance(50)) level_->values.push_back(rng_.Chance(50) ? "Critical" : "very high");
    color_ = m_.AddNamed(Kind::kEnum, "Color");
    color_->values = {"red", "green", "blue"};
    if (rng_.Chance(50)) color_->values.push_back(rng_.Chance(50) ? "dark blue" : "grün");
  }

  void DeclareRecords() {
    Type* extra = extra_ = Record("Extra");
    Type* meta = Record("Meta");
    Type* item = item_ = Record("Item");
    Type* contact = Record("Contact");
    doc_ = Record("Doc");
    job_ = Record("Job");
    const Type* b = P(Kind::kBool);
    const Type* i = P(Kind::kInt);
    const Type* s = P(Kind::kString);
    const Type* e = P(Kind::kEmail);
    const Type* t = P(Kind::kTimestamp);
    const Type* d = P(Kind::kDuration);
    // An optional record whose fields are all optional; `default` is a soft
    // keyword, usable as a field name.
    extra->fields = {F("flag", b, true),     F("hits", i, true),    F("note", s, true),
                     F("deadline", t, true), F("wait", d, true),    F("default", level_, true),
                     F("mail", e, true),     F("words", L(s), true)};
    // `count` is a keyword: after a dot it is still a field name.
    meta->fields = {F("origin", s),    F("created", t),         F("owner", e),
                    F("labels", L(s)), F("extra", extra, true), F("count", i, true)};
    item->fields = {F("name", s),        F("n", i),          F("tags", L(s)),  F("note", s, true),
                    F("price", i, true), F("color", color_), F("at", t, true), F("ttl", d, true)};
    contact->fields = {F("name", s), F("addr", e), F("alt", e, true), F("level", level_),
                       F("phones", L(s))};
    doc_->fields = {F("id", s),
                    F("title", s),
                    F("body", s, true),
                    F("author", e),
                    F("to", L(e)),
                    F("cc", L(e), true),
                    F("size", i),
                    F("score", i, true),
                    F("public", b),
                    F("draft", b, true),
                    F("created", t),
                    F("due", t, true),
                    F("ttl", d),
                    F("grace", d, true),
                    F("level", level_),
                    F("color", color_, true),
                    F("labels", L(s)),
                    F("ints", L(i)),
                    F("items", L(item)),
                    F("matrix", L(L(i))),
                    F("words", L(L(s))),
                    F("stamps", L(t)),
                    F("spans", L(d)),
                    F("flags", L(b)),
                    F("levels", L(level_)),
                    F("meta", meta),
                    F("contact", contact, true),
                    F("contacts", L(contact))};
    job_->fields = {F("name", s),       F("owner", e),         F("cmd", s),
                    F("env", L(s)),     F("timeout", d),       F("retries", i),
                    F("level", level_), F("tags", L(s), true), F("after", t, true)};
  }

  Type* Record(std::string name) {
    records_.push_back(m_.AddNamed(Kind::kRecord, std::move(name)));
    return records_.back();
  }

  void Op(std::string resource, std::string name, std::string verb, std::vector<Field> input,
          bool destructive = false) {
    Operation op{std::move(resource), std::move(name), std::move(verb), std::move(input), true,
                 destructive};
    m_.operations.push_back(std::move(op));
  }

  void DeclareOperations() {
    const Type* b = P(Kind::kBool);
    const Type* s = P(Kind::kString);
    const Type* e = P(Kind::kEmail);
    const Type* t = P(Kind::kTimestamp);
    // docs.*: `doc` is shared with one type; `notify` is required in some
    // operations and optional in others; `to` is list<email> in docs.share
    // and mail.send but a single email in mail.get.
    Op("docs", "get", "read", {F("doc", doc_), F("fields", L(s), true)});
    Op("docs", "list", "list",
       {F("query", s), F("max", P(Kind::kInt)), F("owner", e, true), F("level", level_, true)});
    Op("docs", "create", "create", {F("doc", doc_), F("notify", b)});
    Op("docs", "update", "update", {F("doc", doc_), F("notify", b), F("reason", s, true)});
    Op("docs", "delete", "delete", {F("doc", doc_), F("notify", b, true)}, true);
    Op("docs", "share", "share",
       {F("doc", doc_), F("to", L(e)), F("role", level_), F("until", t, true)});
    Op("mail", "send", "send", {F("doc", doc_), F("to", L(e)), F("priority", level_)});
    Op("mail", "get", "read", {F("id", s), F("to", e)});
    Op("mail", "delete", "delete", {F("id", s), F("notify", b)});
    Op("jobs", "run", "execute", {F("job", job_), F("args", L(s)), F("dry", b)});
    Op("jobs", "schedule", "create",
       {F("job", job_), F("at", t), F("every", P(Kind::kDuration), true)});
    Op("jobs", "delete", "delete", {F("job", job_)}, true);
    Op("admin", "update", "update",
       {F("setting", s), F("value", P(Kind::kInt)), F("note", s, true)});
    Op("admin", "ping", "ping", {});
    m_.operations.back().declares_input = false;
    Op("admin", "reset", "reset", {});
  }

  void DeclareContext() {
    // Required context fields make a request without "context" invalid;
    // most scenarios keep every field optional so that it stays valid.
    bool required = rng_.Chance(25);
    m_.context = {F("ip", P(Kind::kString), !required),
                  F("user", P(Kind::kEmail), true),
                  F("present", P(Kind::kBool), !required),
                  F("session", P(Kind::kString), true),
                  F("region", level_, true),
                  F("attempts", P(Kind::kInt), true),
                  F("since", P(Kind::kTimestamp), true),
                  F("budget", P(Kind::kDuration), true),
                  F("groups", L(P(Kind::kString)), true)};
  }

  // A few random scalar or list fields in random records: layouts differ
  // from seed to seed.
  void AddExtraFields() {
    std::vector<const Type*> types = {P(Kind::kBool),
                                      P(Kind::kInt),
                                      P(Kind::kString),
                                      P(Kind::kEmail),
                                      P(Kind::kTimestamp),
                                      P(Kind::kDuration),
                                      level_,
                                      color_,
                                      L(P(Kind::kInt)),
                                      L(P(Kind::kString)),
                                      L(L(P(Kind::kString))),
                                      L(P(Kind::kEmail))};
    int count = static_cast<int>(rng_.Range(0, 3));
    for (int n = 0; n < count; ++n) {
      rng_.Pick(records_)->fields.push_back(
          F("extra_" + std::to_string(n + 1), rng_.Pick(types), rng_.Chance(50)));
    }
  }

  void ShuffleLayouts() {
    for (Type* record : records_) rng_.Shuffle(record->fields);
    for (Operation& op : m_.operations) rng_.Shuffle(op.input);
    rng_.Shuffle(m_.context);
  }

  // After the request types are laid out, so that data do not reshuffle
  // them. Member is a record only data hold: it may have maps as fields.
  void DeclareData() {
    if (!rng_.Chance(85)) return;  // the engines without data stay covered
    const Type* b = P(Kind::kBool);
    const Type* i = P(Kind::kInt);
    const Type* s = P(Kind::kString);
    const Type* e = P(Kind::kEmail);
    const Type* t = P(Kind::kTimestamp);
    const Type* d = P(Kind::kDuration);
    const Type* counts = m_.MapOf(s, i);
    Type* member = m_.AddNamed(Kind::kRecord, "Member");
    member->fields = {F("name", s),
                      F("n", i),
                      F("tags", L(s)),
                      F("note", s, true),
                      F("score", i, true),
                      F("level", level_),
                      F("mail", e, true),
                      F("since", t, true),
                      F("ttl", d),
                      F("active", b),
                      F("limits", counts),
                      F("quota", counts, true),
                      F("extra", extra_, true),
                      F("friends", L(e), true),
                      F("items", L(item_)),
                      F("aliases", L(s), true)};
    rng_.Shuffle(member->fields);
    m_.data = {F("members", m_.MapOf(s, member)),
               F("names", m_.MapOf(i, s)),
               F("owners", m_.MapOf(e, s)),
               F("blocked", L(s)),
               F("few", L(s)),
               F("mails", L(e)),
               F("numbers", L(i)),
               F("grades", L(level_)),
               F("nested", m_.MapOf(s, counts)),
               F("empty", m_.MapOf(s, s))};
    rng_.Shuffle(m_.data);
  }

  Rng& rng_;
  SchemaModel& m_;
  std::vector<Type*> records_;
  Type* level_ = nullptr;
  Type* color_ = nullptr;
  Type* doc_ = nullptr;
  Type* job_ = nullptr;
  Type* extra_ = nullptr;
  Type* item_ = nullptr;
};

}  // namespace

SchemaModel BuildSchema(Rng& rng) {
  SchemaModel model;
  SchemaBuilder(rng, model).Build();
  return model;
}

}  // namespace intent::difftest
