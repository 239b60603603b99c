// Files and folders -> a checked bundle: finds policy and schema files,
// loads, parses and checks them, and keeps everything the diagnostics and
// later stages refer to alive in one object.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/check/checked_module.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/schema/schema.h"
#include "compiler/source/source_file.h"
#include "compiler/types/type.h"

namespace intent::driver {

struct CompileOptions {
  // Schema files or folders of *.schema.json, in addition to the `schemas/`
  // folder beside each policy file.
  std::vector<std::string> schema_paths;
  // Data files or folders of *.json (docs/data.md), in addition to the
  // `data/` folder beside each policy file.
  std::vector<std::string> data_paths;
};

// Everything one compilation produced. Not copyable: the checked modules
// point into the ASTs, schemas and sources owned here.
struct Compilation {
  std::vector<std::unique_ptr<SourceFile>> sources;
  types::TypeArena arena;
  schema::SchemaSet schemas;
  std::vector<std::unique_ptr<ast::Module>> modules;
  std::vector<check::CheckedModule> checked;  // parallel to `modules`
  // The checked modules in bundle order, as the checker's bundle pass and
  // both engines take them (pointers into `checked`).
  std::vector<const check::CheckedModule*> bundle;
  // Where the bundle's data documents come from: the `data/` folders beside
  // the policies, then CompileOptions::data_paths. Read and bound by the
  // runtime (runtime/bind/bind_data.h), again on each data reload.
  std::vector<std::string> data_paths;
  DiagnosticBag diagnostics;
  // True when a file could not be read at all (exit status 2, not 1).
  bool io_error = false;
  size_t RuleCount() const;
};

// Compiles the policy files and folders in `inputs` (folders are searched
// recursively for *.intent). Never throws; problems are in `diagnostics`.
std::unique_ptr<Compilation> CompileBundle(const std::vector<std::string>& inputs,
                                           const CompileOptions& options);

// A file's name (as diagnostics and rule ids show it) and its text.
struct SourceText {
  std::string path;
  std::string text;
};

// The same pipeline on text already in memory, without the file system
// (for embedding and for the fuzz targets): the schemas are loaded first,
// then each policy is parsed and checked, its path serving as the rule id
// prefix. Never throws.
std::unique_ptr<Compilation> CompileSources(const std::vector<SourceText>& policies,
                                            const std::vector<SourceText>& schemas);

}  // namespace intent::driver
