// The type checker (docs/language.md §6, §7): names, types, targets, literals and
// structure of every policy in a bundle, against the loaded schemas.
#pragma once

#include <memory>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/check/checked_module.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/schema/schema.h"
#include "compiler/types/type.h"

namespace intent::check {

// Checks one module. `arena` must be the arena the schemas were loaded with.
// `rule_id_prefix` is used for rules without @id ("PREFIX:LINE").
CheckedModule CheckModule(const ast::Module& module, const schema::SchemaSet& schemas,
                          types::TypeArena& arena, const std::string& rule_id_prefix,
                          DiagnosticBag& diagnostics);

// Bundle-wide checks across modules (duplicate @id).
void CheckBundle(const std::vector<const CheckedModule*>& modules, DiagnosticBag& diagnostics);

}  // namespace intent::check
