// Helpers for unit tests: parse and check policy text against schema text
// in memory, and look at the resulting diagnostics.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/check/checker.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/parser.h"
#include "compiler/schema/schema_loader.h"

namespace intent::test_support {

// A gmail-like schema with an optional field, an enum, a list of records,
// two resources with different inputs and context fields.
inline const char* kTestSchema = R"json({
  "name": "mail",
  "types": {
    "Attachment": { "name": "string", "size": "int", "kind": "string?" },
    "Message": {
      "id": "string", "sender": "email", "to": "list<email>", "subject": "string?",
      "unread": "bool", "received": "timestamp", "labels": "list<string>", "size": "int",
      "attachments": "list<Attachment>", "priority": "Priority", "meta": "Meta?"
    },
    "Meta": { "thread": "string", "origin": "string?" },
    "Priority": ["low", "normal", "high"],
    "Draft": { "body": "string" }
  },
  "context": { "user_present": "bool", "session": "string?" },
  "resources": {
    "messages": { "operations": {
      "get": { "verb": "read", "input": { "message": "Message" } },
      "send": { "verb": "send", "input": { "message": "Message" } },
      "delete": { "verb": "delete", "input": { "message": "Message" }, "destructive": true }
    } },
    "drafts": { "operations": {
      "create": { "verb": "create", "input": { "draft": "Draft" } },
      "send": { "verb": "send", "input": { "message": "Message" } }
    } }
  }
})json";

struct CheckResult {
  std::unique_ptr<SourceFile> schema_file;
  std::unique_ptr<SourceFile> policy_file;
  types::TypeArena arena;
  schema::SchemaSet schemas;
  std::unique_ptr<ast::Module> module;
  check::CheckedModule checked;
  DiagnosticBag diagnostics;

  std::vector<std::string> Codes() const {
    std::vector<std::string> codes;
    for (const Diagnostic& d : diagnostics.all()) codes.emplace_back(InfoOf(d.kind).code);
    return codes;
  }
  // The text under the first diagnostic's span.
  std::string FirstSpanText() const {
    if (diagnostics.all().empty()) return "";
    const Diagnostic& d = diagnostics.all().front();
    return std::string(d.file->Slice(d.span));
  }
  std::string FirstMessage() const {
    return diagnostics.all().empty() ? "" : diagnostics.all().front().message;
  }
};

// Parses and checks `policy` (a whole file) against `schema_json`.
inline std::unique_ptr<CheckResult> CheckPolicy(const std::string& policy,
                                                const std::string& schema_json = kTestSchema) {
  auto result = std::make_unique<CheckResult>();
  result->schema_file = std::make_unique<SourceFile>("mail.schema.json", schema_json);
  if (auto loaded = schema::LoadSchema(*result->schema_file, result->arena, result->diagnostics)) {
    result->schemas.Add(std::move(loaded));
  }
  result->policy_file = std::make_unique<SourceFile>("test.intent", policy);
  result->module = parse::ParseModule(*result->policy_file, result->diagnostics);
  result->checked = check::CheckModule(*result->module, result->schemas, result->arena,
                                       "test.intent", result->diagnostics);
  result->diagnostics.SortByPosition({result->schema_file.get(), result->policy_file.get()});
  return result;
}

// Checks one rule (or several lines) under a standard header.
inline std::unique_ptr<CheckResult> CheckRules(const std::string& rules) {
  return CheckPolicy("policy \"test\" for mail\n" + rules + "\n");
}

}  // namespace intent::test_support
