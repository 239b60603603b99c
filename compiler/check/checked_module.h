// The checker's output: the AST plus side tables keyed by node id (types,
// name resolutions, literal conversions, compiled regexes, target
// operations, resolved builtins). Later stages read these; nobody mutates the AST.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/schema/schema.h"
#include "compiler/types/type.h"
#include "stdlib/builtins.h"

namespace re2 {
class RE2;
}

namespace intent::check {

// What a NameRef refers to.
enum class NameKind {
  kLet,        // a `let` of the same file
  kVariable,   // a quantifier variable
  kInput,      // an input field of the targeted operations
  kNow,        // request time
  kToday,      // start of the request's day in the policy timezone
  kPrincipal,  // the calling agent's id
  kContext,    // `context` (only as the base of `context.FIELD`)
  kData,       // `data` (only as the base of `data.NAME`, docs/data.md)
};

struct NameResolution {
  NameKind kind = NameKind::kInput;
  const ast::Let* let = nullptr;            // kLet
  const ast::Quantifier* binder = nullptr;  // kVariable
  std::string input_field;                  // kInput: the field name
};

struct CheckedRule {
  const ast::Rule* rule = nullptr;
  std::string id;  // the @id, or "FILE:LINE"
  bool has_explicit_id = false;
  std::vector<const schema::Operation*> operations;  // what the target covers
  // `approve within D` in microseconds; 0 when the rule gives none (the
  // engine's default applies).
  int64_t approve_within = 0;
};

// One checked policy file.
struct CheckedModule {
  const ast::Module* module = nullptr;
  const schema::Schema* schema = nullptr;  // null when the header's schema is unknown
  std::string timezone = "UTC";
  ast::DefaultEffect default_effect = ast::DefaultEffect::kDeny;
  std::vector<std::string> agents;  // empty: applies to every principal
  std::vector<CheckedRule> rules;   // every rule that parsed, in file order

  // Side tables, keyed by ast::NodeId of this module.
  std::vector<const types::Type*> types;  // type of every expression node
  std::unordered_map<ast::NodeId, NameResolution> names;
  // A string literal expression (or a let/list of them) used where an
  // email, timestamp or enum is expected: the type it converts to.
  std::unordered_map<ast::NodeId, const types::Type*> conversions;
  std::unordered_map<ast::NodeId, std::shared_ptr<const re2::RE2>> regexes;  // `matches` nodes
  std::unordered_map<ast::NodeId, std::vector<const schema::Operation*>> count_targets;
  // Call nodes: the builtin overload they resolved to (by argument type).
  std::unordered_map<ast::NodeId, stdlib::Builtin> builtins;

  const types::Type* TypeOf(const ast::Expr& expr) const { return types[expr.id]; }
};

}  // namespace intent::check
