// Data files (docs/data.md) -> a DataSet: each file is read, bound to the
// types its schema declares under "data" (the request binder's rules and
// errors, with maps and no size limits of requests), and hashed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/schema/schema.h"
#include "compiler/source/source_file.h"
#include "runtime/core/data.h"

namespace intent::runtime {

// The most entries of one map or list in a data file.
inline constexpr size_t kMaxDataEntries = 50'000'000;

// Binds `files` (already read; their paths name them in diagnostics)
// against the data declarations of `schemas`. A file named NAME.json or
// SCHEMA.NAME.json holds that document; any other file is an object
// whose members are documents ("NAME" or "SCHEMA.NAME"). Every declared
// document must be given exactly once. Problems are reported into
// `diagnostics` (D00xx codes); the result is null when there were any.
// Never throws.
std::shared_ptr<const DataSet> BindData(const std::vector<const SourceFile*>& files,
                                        const schema::SchemaSet& schemas,
                                        DiagnosticBag& diagnostics);

// Reads the data files of `paths` (files, or folders whose *.json files
// are read in name order) into `sources` and binds them as BindData does.
// A path that cannot be read is reported (E0001) and sets `io_error`.
std::shared_ptr<const DataSet> LoadData(const std::vector<std::string>& paths,
                                        const schema::SchemaSet& schemas,
                                        std::vector<std::unique_ptr<SourceFile>>& sources,
                                        DiagnosticBag& diagnostics, bool* io_error = nullptr);

}  // namespace intent::runtime
