// Tests for loading API schemas: a valid gmail-like schema, every S-code with
// its message and position, and the JSON locator and type-string parser the
// loader is built on.
#include "compiler/schema/schema_loader.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "compiler/schema/json_locator.h"
#include "compiler/schema/type_string.h"

namespace intent::schema {
namespace {

// A diagnostic reduced to what users see: code, position and message.
struct Seen {
  std::string code;
  uint32_t line;
  uint32_t column;
  std::string message;
  bool operator==(const Seen&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Seen& seen) {
  return out << seen.code << " " << seen.line << ":" << seen.column << " " << seen.message;
}

class SchemaLoaderTest : public ::testing::Test {
 protected:
  const Schema* Load(std::string text) {
    // A fresh arena per load: TypeArena interns by address, and a failed
    // load frees records whose addresses a later load may reuse.
    schema_.reset();
    arena_ = std::make_unique<types::TypeArena>();
    file_ = std::make_unique<SourceFile>("test.json", std::move(text));
    schema_ = LoadSchema(*file_, *arena_, bag_);
    return schema_.get();
  }
  std::vector<Seen> Diagnostics() {
    bag_.SortByPosition({file_.get()});
    std::vector<Seen> seen;
    for (const Diagnostic& d : bag_.all()) {
      LineColumn at = file_->Locate(d.span.begin);
      seen.push_back({std::string(InfoOf(d.kind).code), at.line, at.column, d.message});
    }
    return seen;
  }
  // Loads `text`, expects it to fail with exactly `expected`.
  void ExpectErrors(std::string text, const std::vector<Seen>& expected) {
    EXPECT_EQ(Load(std::move(text)), nullptr);
    EXPECT_EQ(Diagnostics(), expected);
  }

  std::unique_ptr<types::TypeArena> arena_;
  DiagnosticBag bag_;
  std::unique_ptr<SourceFile> file_;
  std::unique_ptr<Schema> schema_;
};

// Wraps operations in a schema named "gmail" with one resource "messages";
// the operations start on line 4.
std::string WithOperations(const std::string& operations) {
  return "{\n  \"name\": \"gmail\",\n  \"resources\": {\"messages\": {\"operations\": {\n" +
         operations + "\n  }}}\n}";
}

const char kGmail[] = R"({
  "name": "gmail",
  "version": 2.10,
  "description": "a mailbox",
  "types": {
    "Message": {
      "id": "string",
      "sender": "email",
      "to": "list<email>",
      "subject": "string?",
      "thread": "Thread",
      "priority": "Priority",
      "received": "timestamp",
      "labels": "list< string >"
    },
    "Thread": {"id": "string", "snooze": "duration?", "size": "int", "muted": "bool"},
    "Priority": ["low", "normal", "high"]
  },
  "context": {"client_ip": "string", "user_present": "bool?"},
  "resources": {
    "messages": {
      "description": "mail",
      "operations": {
        "get":    { "verb": "read",   "input": { "message": "Message" } },
        "send":   { "verb": "send",   "input": { "message": "Message", "cc": "list<email>?" },
                    "http": "POST /gmail/v1/users/{userId}/messages/send" },
        "trash":  { "verb": "trash",  "input": { "message": "Message" } },
        "delete": { "verb": "delete", "input": { "message": "Message" }, "destructive": true }
      }
    },
    "threads": {"operations": {"list": {"verb": "list", "description": "all threads"},
                               "read": {"verb": "read"}}},
    "drafts": {"operations": {}}
  }
})";

TEST_F(SchemaLoaderTest, LoadsGmailSchema) {
  const Schema* schema = Load(kGmail);
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(Diagnostics(), std::vector<Seen>{});
  EXPECT_EQ(schema->name, "gmail");
  EXPECT_EQ(schema->version, "2.10");
  EXPECT_EQ(schema->file, file_.get());
  EXPECT_EQ(file_->Slice(schema->name_span), "\"gmail\"");

  const types::RecordType& message = *schema->records.at("Message");
  EXPECT_EQ(message.FieldNames(),
            (std::vector<std::string>{"id", "sender", "to", "subject", "thread", "priority",
                                      "received", "labels"}));
  EXPECT_EQ(message.FindField("to")->type, arena_->ListOf(arena_->Email()));
  EXPECT_EQ(message.FindField("labels")->type->ToString(), "list<string>");
  EXPECT_TRUE(message.FindField("subject")->optional);
  EXPECT_FALSE(message.FindField("sender")->optional);
  EXPECT_EQ(message.FindField("subject")->type, arena_->String());
  EXPECT_EQ(file_->Slice(message.FindField("subject")->span), "\"string?\"");
  EXPECT_EQ(file_->Locate(message.FindField("subject")->span.begin).line, 10u);
  // Thread is declared after Message and still resolves.
  const types::Type* thread = message.FindField("thread")->type;
  ASSERT_TRUE(thread->Is(types::TypeKind::kRecord));
  EXPECT_EQ(thread->record(), schema->records.at("Thread").get());
  EXPECT_EQ(thread, arena_->RecordOf(schema->records.at("Thread").get()));
  EXPECT_EQ(thread->record()->FindField("snooze")->type, arena_->Duration());

  const types::Type* priority = message.FindField("priority")->type;
  ASSERT_TRUE(priority->Is(types::TypeKind::kEnum));
  EXPECT_EQ(priority->enumeration()->values, (std::vector<std::string>{"low", "normal", "high"}));
  EXPECT_EQ(priority->ToString(), "Priority");

  EXPECT_EQ(schema->context.FieldNames(), (std::vector<std::string>{"client_ip", "user_present"}));
  EXPECT_TRUE(schema->context.FindField("user_present")->optional);
  EXPECT_EQ(schema->context.FindField("time"), nullptr);

  EXPECT_EQ(schema->ResourceNames(), (std::vector<std::string>{"messages", "threads", "drafts"}));
  EXPECT_EQ(schema->OperationIds(),
            (std::vector<std::string>{"messages.get", "messages.send", "messages.trash",
                                      "messages.delete", "threads.list", "threads.read"}));
  EXPECT_EQ(schema->Verbs(), (std::vector<std::string>{"delete", "list", "read", "send", "trash"}));

  const Operation* send = schema->FindOperation("messages.send");
  ASSERT_NE(send, nullptr);
  EXPECT_EQ(schema->FindOperation("gmail.messages.send"), send);
  EXPECT_EQ(schema->FindOperation("drive.messages.send"), nullptr);
  EXPECT_EQ(schema->FindOperation("messages.forward"), nullptr);
  EXPECT_EQ(schema->FindOperation("send"), nullptr);
  EXPECT_EQ(schema->FindOperation("gmail.x.messages.send"), nullptr);
  EXPECT_EQ(send->id, "gmail.messages.send");
  EXPECT_EQ(send->resource, "messages");
  EXPECT_EQ(send->verb, "send");
  EXPECT_EQ(send->http, "POST /gmail/v1/users/{userId}/messages/send");
  EXPECT_FALSE(send->destructive);
  EXPECT_TRUE(send->input.name.empty());
  EXPECT_EQ(send->input.FindField("message")->type, arena_->RecordOf(&message));
  EXPECT_TRUE(send->input.FindField("cc")->optional);
  EXPECT_EQ(file_->Slice(send->span), "\"send\"");
  LineColumn at = file_->Locate(send->span.begin);
  EXPECT_EQ(at.line, 25u);
  EXPECT_EQ(at.column, 9u);

  EXPECT_TRUE(schema->FindOperation("gmail.messages.delete")->destructive);
  EXPECT_EQ(schema->FindOperation("threads.list")->description, "all threads");
  EXPECT_TRUE(schema->FindOperation("threads.read")->input.fields.empty());

  std::vector<const Operation*> reads = schema->OperationsWithVerb("read");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0]->id, "gmail.messages.get");
  EXPECT_EQ(reads[1]->id, "gmail.threads.read");
  EXPECT_TRUE(schema->OperationsWithVerb("pay").empty());

  const Resource* messages = schema->FindResource("messages");
  ASSERT_NE(messages, nullptr);
  EXPECT_EQ(messages->operations.size(), 4u);
  EXPECT_EQ(messages->FindOperation("trash")->verb, "trash");
  EXPECT_EQ(messages->FindOperation("list"), nullptr);
  EXPECT_TRUE(schema->FindResource("drafts")->operations.empty());
  EXPECT_EQ(schema->FindResource("labels"), nullptr);
}

TEST_F(SchemaLoaderTest, MinimalSchemaAndNestedLists) {
  const Schema* schema = Load(R"({"name": "n", "resources": {}, "version": "v1",
      "types": {"Grid": {"cells": "list<list<int>>?"}}})");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->version, "v1");
  const types::Field* cells = schema->records.at("Grid")->FindField("cells");
  EXPECT_EQ(cells->type->ToString(), "list<list<int>>");
  EXPECT_TRUE(cells->optional);
  EXPECT_TRUE(schema->OperationIds().empty());
}

TEST_F(SchemaLoaderTest, S0001NotJson) {
  ExpectErrors(
      "{\n  \"name\": \"gmail\",\n  \"resources\": {,}\n}",
      {{"S0001", 3, 17, "schema is not valid JSON: unexpected ','; expected string literal"}});
}

TEST_F(SchemaLoaderTest, S0001EmptyAndTruncated) {
  ExpectErrors("", {{"S0001", 1, 1,
                     "schema is not valid JSON: unexpected end of input; expected '[', '{', or "
                     "a literal"}});
  bag_ = DiagnosticBag();
  ExpectErrors("{\"name\": tru}", {{"S0001", 1, 13, "schema is not valid JSON: invalid literal"}});
}

TEST_F(SchemaLoaderTest, S0001TooDeep) {
  ExpectErrors(std::string(300, '['),
               {{"S0001", 1, 257, "schema is nested too deeply (more than 256 levels)"}});
}

TEST_F(SchemaLoaderTest, S0002UnknownType) {
  ExpectErrors(
      R"({"name": "gmail", "resources": {},
  "types": {"Mesage": {"id": "string"},
            "Thread": {"first": "Message", "all": "list<Frobnicator>?"}}})",
      {{"S0002", 3, 33, "$.types.Thread.first: unknown type 'Message'; did you mean 'Mesage'?"},
       {"S0002", 3, 51, "$.types.Thread.all: unknown type 'Frobnicator'"}});
}

TEST_F(SchemaLoaderTest, S0002UnknownTypeInOperationInput) {
  ExpectErrors(WithOperations(R"(    "send": {"verb": "send", "input": {"to": "list<emails>"}})"),
               {{"S0002", 4, 46,
                 "$.resources.messages.operations.send.input.to: unknown type 'emails'; did you "
                 "mean 'email'?"}});
}

TEST_F(SchemaLoaderTest, S0003MalformedType) {
  ExpectErrors(
      R"({"name": "gmail", "resources": {},
  "types": {"M": {
    "a": "list<string?>",
    "b": "string??",
    "c": "list<string",
    "d": "",
    "e": "list",
    "f": "string<int>"}}})",
      {{"S0003", 3, 10,
        "$.types.M.a: malformed type 'list<string?>': '?' is only allowed at the end of "
        "a field's type"},
       {"S0003", 4, 10,
        "$.types.M.b: malformed type 'string?\?': a type can be marked optional only once"},
       {"S0003", 5, 10,
        "$.types.M.c: malformed type 'list<string': expected '>', found the end of the "
        "type"},
       {"S0003", 6, 10, "$.types.M.d: malformed type '': the type is empty"},
       {"S0003", 7, 10,
        "$.types.M.e: malformed type 'list': 'list' needs an element type, as in "
        "'list<string>'"},
       {"S0003", 8, 10,
        "$.types.M.f: malformed type 'string<int>': 'string' takes no type arguments"}});
}

TEST_F(SchemaLoaderTest, S0004DuplicateOperation) {
  ExpectErrors(WithOperations("    \"send\": {\"verb\": \"send\"},\n"
                              "    \"send\": {\"verb\": \"share\"}"),
               {{"S0004", 5, 5,
                 "$.resources.messages.operations.send: operation 'send' is declared twice in "
                 "resource 'messages'"}});
}

TEST_F(SchemaLoaderTest, S0004DuplicateKey) {
  ExpectErrors(R"({"name": "gmail", "resources": {},
  "types": {"A": {"x": "int", "x": "bool"},
            "A": {"y": "int"}}})",
               {{"S0004", 2, 31, "$.types.A.x: key 'x' appears twice in $.types.A"},
                {"S0004", 3, 13, "$.types.A: key 'A' appears twice in $.types"}});
}

TEST_F(SchemaLoaderTest, S0005MissingVerb) {
  ExpectErrors(WithOperations(R"(    "send": {"input": {}, "destructive": false})"),
               {{"S0005", 4, 5,
                 "$.resources.messages.operations.send: operation 'messages.send' has no verb"}});
}

TEST_F(SchemaLoaderTest, S0006MissingMembers) {
  ExpectErrors("\n  {\"types\": {}}", {{"S0006", 2, 3, "$: missing required member 'name'"},
                                       {"S0006", 2, 3, "$: missing required member 'resources'"}});
}

TEST_F(SchemaLoaderTest, S0006ResourceWithoutOperations) {
  ExpectErrors(R"({"name": "gmail", "resources": {
  "labels": {"description": "tags"}}})",
               {{"S0006", 2, 3,
                 "$.resources.labels: missing required member 'operations' in resource 'labels'"}});
}

TEST_F(SchemaLoaderTest, S0007TopLevelNotObject) {
  ExpectErrors("  [\"gmail\"]", {{"S0007", 1, 3, "$: expected an object, found an array"}});
}

TEST_F(SchemaLoaderTest, S0007WrongJsonTypes) {
  ExpectErrors(
      R"({"name": 7, "version": {}, "resources": {"r": [], "s": {"operations": {
    "op": {"verb": "read", "destructive": "yes", "input": ["x"], "http": null}}}},
  "types": {"T": 5, "E": [], "F": ["a", "a", "", 1], "R": {"x": {"y": "int"}}},
  "context": "none"})",
      {{"S0007", 1, 10, "$.name: expected a string, found a number"},
       {"S0007", 1, 24, "$.version: expected a string or a number, found an object"},
       {"S0007", 1, 47, "$.resources.r: expected an object, found an array"},
       {"S0007", 2, 43,
        "$.resources.s.operations.op.destructive: expected a boolean, found a string"},
       {"S0007", 2, 59, "$.resources.s.operations.op.input: expected an object, found an array"},
       {"S0007", 2, 74, "$.resources.s.operations.op.http: expected a string, found null"},
       {"S0007", 3, 18,
        "$.types.T: expected an object (a record type) or an array of strings (an enum "
        "type), found a number"},
       {"S0007", 3, 26, "$.types.E: enum type 'E' has no values"},
       {"S0007", 3, 41, "$.types.F[1]: enum value 'a' appears twice in enum type 'F'"},
       {"S0007", 3, 46, "$.types.F[2]: enum value is empty"},
       {"S0007", 3, 50, "$.types.F[3]: expected a string, found a number"},
       {"S0007", 3, 65, "$.types.R.x: expected a type string, found an object"},
       {"S0007", 4, 14, "$.context: expected an object, found a string"}});
}

TEST_F(SchemaLoaderTest, S0008InvalidNames) {
  ExpectErrors(
      R"({"name": "g mail", "resources": {"my-res": {"operations": {
    "1op": {"verb": "do it"}}}},
  "types": {"email": {"bad field": "int"}, "list": ["a"]}})",
      {{"S0008", 1, 10, "$.name: schema name 'g mail' is not an identifier"},
       {"S0008", 1, 34, "$.resources[\"my-res\"]: resource name 'my-res' is not an identifier"},
       {"S0008", 2, 5,
        "$.resources[\"my-res\"].operations[\"1op\"]: operation name '1op' is not an "
        "identifier"},
       {"S0008", 2, 21,
        "$.resources[\"my-res\"].operations[\"1op\"].verb: verb 'do it' is not an "
        "identifier"},
       {"S0008", 3, 13, "$.types.email: type name 'email' is a built-in type"},
       {"S0008", 3, 23,
        "$.types.email[\"bad field\"]: field name 'bad field' is not an identifier"},
       {"S0008", 3, 44, "$.types.list: type name 'list' is a built-in type"}});
}

TEST_F(SchemaLoaderTest, S0010RecursiveTypes) {
  ExpectErrors(
      R"({"name": "g", "resources": {}, "types": {
  "Node": {"child": "Child?"},
  "Child": {"parents": "list<Node>"},
  "Tree": {"kids": "list<list<Tree>>"},
  "Leaf": {"node": "Node"}}})",
      {{"S0010", 2, 3, "$.types.Node: record type 'Node' contains itself (Node -> Child -> Node)"},
       {"S0010", 4, 3, "$.types.Tree: record type 'Tree' contains itself (Tree -> Tree)"}});
}

TEST_F(SchemaLoaderTest, S0011UnknownMembersAreWarnings) {
  const Schema* schema = Load(R"({"name": "g", "owner": "me", "resources": {
  "r": {"operations": {"op": {"verb": "read", "idempotent": true}}, "path": "/r"}}})");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(bag_.ErrorCount(), 0u);
  EXPECT_EQ(Diagnostics(),
            (std::vector<Seen>{
                {"S0011", 1, 15, "$.owner: unknown member 'owner' in the schema"},
                {"S0011", 2, 47,
                 "$.resources.r.operations.op.idempotent: unknown member 'idempotent' in operation "
                 "'r.op'"},
                {"S0011", 2, 69, "$.resources.r.path: unknown member 'path' in resource 'r'"}}));
  EXPECT_NE(schema->FindOperation("g.r.op"), nullptr);
}

TEST_F(SchemaLoaderTest, S0012ReservedContextTime) {
  ExpectErrors(
      R"({"name": "g", "resources": {},
  "context": {"session": "string", "time": "timestamp"}})",
      {{"S0012", 2, 36, "$.context.time: context field 'time' is reserved for the request time"}});
}

TEST_F(SchemaLoaderTest, ReportsEveryProblemInOneFile) {
  EXPECT_EQ(Load(R"({"name": "g", "resources": {"r": {"operations": {"a": {}, "b": {"verb": 1}}}},
    "types": {"T": {"x": "strng", "y": "list<>"}}, "context": {"time": "int"}})"),
            nullptr);
  std::vector<std::string> codes;
  for (const Seen& seen : Diagnostics()) codes.push_back(seen.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"S0005", "S0007", "S0002", "S0003", "S0012"}));
}

TEST_F(SchemaLoaderTest, EarlierDiagnosticsDoNotFailALaterSchema) {
  bag_.Report(DiagKind::kSyntaxError, nullptr, {}, "unrelated");
  EXPECT_NE(Load(R"({"name": "g", "resources": {}})"), nullptr);
}

TEST_F(SchemaLoaderTest, GarbageNeverCrashes) {
  // Mutations of a valid schema: every outcome is fine except a crash, a
  // throw, or a null result without an error.
  std::mt19937 random(42);
  const std::string base = kGmail;
  const std::string alphabet = "{}[]\":,? <>\\x0e-";
  for (int round = 0; round < 300; ++round) {
    std::string text = base;
    for (int edit = 0; edit < 1 + round % 4; ++edit) {
      size_t at = random() % text.size();
      switch (random() % 3) {
        case 0: text.erase(at, 1 + random() % 8); break;
        case 1: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
        default: text[at] = alphabet[random() % alphabet.size()]; break;
      }
    }
    bag_ = DiagnosticBag();
    const Schema* schema = Load(text);
    EXPECT_EQ(schema == nullptr, bag_.HasErrors()) << text;
  }
}

TEST(JsonLocatorTest, RecordsKeysValuesAndDuplicates) {
  std::string text =
      "\xEF\xBB\xBF{\"a\": {\"b c\": [1, {\"d\": true}], \"\\u0041\": null},\n \"a\": \"x\"}";
  JsonLocator locator(text);
  ASSERT_TRUE(locator.ok());
  auto slice = [&](SourceSpan span) { return text.substr(span.begin, span.end - span.begin); };
  ASSERT_NE(locator.Find("$"), nullptr);
  EXPECT_FALSE(locator.Find("$")->has_key);
  // The later "a" wins, as in nlohmann, so the earlier subtree is gone.
  EXPECT_EQ(slice(locator.Find("$.a")->key), "\"a\"");
  EXPECT_EQ(slice(locator.Find("$.a")->value), "\"x\"");
  EXPECT_EQ(locator.Find("$.a[\"b c\"]"), nullptr);
  ASSERT_EQ(locator.duplicate_keys().size(), 1u);
  EXPECT_EQ(locator.duplicate_keys()[0].object_path, "$");
  EXPECT_EQ(locator.duplicate_keys()[0].key, "a");
  EXPECT_EQ(locator.duplicate_keys()[0].span.begin, text.rfind("\"a\""));

  JsonLocator nested("{\"a\": {\"b c\": [1, {\"d\": true}], \"\\u0041\": null}}");
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(JsonChildPath("$.a", "b c"), "$.a[\"b c\"]");
  ASSERT_NE(nested.Find("$.a[\"b c\"][1].d"), nullptr);
  EXPECT_EQ(nested.Find("$.a[\"b c\"][1].d")->value.begin, 24u);
  EXPECT_FALSE(nested.Find("$.a[\"b c\"][1]")->has_key);
  EXPECT_NE(nested.Find("$.a.A"), nullptr);
  EXPECT_EQ(nested.Find("$.a[\"b c\"][2]"), nullptr);
  EXPECT_EQ(nested.Find("$.a["), nullptr);
  EXPECT_EQ(nested.Find("a"), nullptr);
}

TEST(JsonLocatorTest, StopsOnGarbageAndDepth) {
  for (const char* text : {"", "{", "{\"a\" 1}", "[1,]", "\"\\u12\"", "{\"a\":1}}", "nul"}) {
    EXPECT_FALSE(JsonLocator(text).ok()) << text;
  }
  std::string deep = std::string(256, '[') + std::string(256, ']');
  EXPECT_TRUE(JsonLocator(deep).ok());
  JsonLocator too_deep(std::string(257, '[') + std::string(257, ']'));
  EXPECT_FALSE(too_deep.ok());
  EXPECT_TRUE(too_deep.too_deep());
  EXPECT_EQ(too_deep.error_offset(), 256u);
}

TEST(TypeStringTest, ParsesAndRejects) {
  TypeStringResult spaced = ParseTypeString("  list < list<Message> > ? ");
  ASSERT_TRUE(spaced.ok) << spaced.error;
  EXPECT_EQ(spaced.type.base, "Message");
  EXPECT_EQ(spaced.type.list_depth, 2u);
  EXPECT_TRUE(spaced.type.optional);
  EXPECT_FALSE(ParseTypeString("list<>").ok);
  EXPECT_FALSE(ParseTypeString("a b").ok);
  EXPECT_FALSE(ParseTypeString("?").ok);
  std::string deep;
  for (int i = 0; i < 17; ++i) deep += "list<";
  EXPECT_EQ(ParseTypeString(deep + "int" + std::string(17, '>')).error,
            "lists are nested more than 16 levels deep");
}

TEST(SchemaSetTest, KeepsTheFirstSchemaOfAName) {
  SchemaSet set;
  auto first = std::make_unique<Schema>();
  first->name = "gmail";
  const Schema* kept = set.Add(std::move(first));
  auto second = std::make_unique<Schema>();
  second->name = "gmail";
  EXPECT_EQ(set.Add(std::move(second)), kept);
  auto drive = std::make_unique<Schema>();
  drive->name = "drive";
  set.Add(std::move(drive));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.Find("gmail"), kept);
  EXPECT_EQ(set.Find("mail"), nullptr);
  EXPECT_EQ(set.Names(), (std::vector<std::string>{"drive", "gmail"}));
}

}  // namespace
}  // namespace intent::schema
