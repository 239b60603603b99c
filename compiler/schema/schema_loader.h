// Reads an API schema from JSON (docs/language.md §9). Every mistake becomes a
// diagnostic naming the file, the JSON path and, where it can, the line and
// column of the offending key or value.
#pragma once

#include <memory>

#include "compiler/diag/diagnostic.h"
#include "compiler/schema/schema.h"
#include "compiler/source/source_file.h"
#include "compiler/types/type.h"

namespace intent::schema {

// Parses `file` as a schema. Types are interned in `arena`, which must
// outlive the result. Returns null when the schema has errors (all of them
// are in `diagnostics`); warnings alone still return a schema.
// The result refers to `file`, which must outlive it. Never throws.
std::unique_ptr<Schema> LoadSchema(const SourceFile& file, types::TypeArena& arena,
                                   DiagnosticBag& diagnostics);

}  // namespace intent::schema
