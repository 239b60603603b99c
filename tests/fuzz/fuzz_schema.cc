// libFuzzer target: the schema loader. The input is the text of one
// *.schema.json file. Every diagnostic is rendered (text and JSON), since
// rendering reads the spans the loader computed. A schema that loads is
// then used as a bundle uses it: a policy over each of its operations, with
// a condition on each input field, is checked against it.
//
// Diagnostics are fine; crashes, sanitizer reports and hangs are findings.
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/diag/render.h"
#include "compiler/driver/compilation.h"
#include "compiler/schema/schema_loader.h"
#include "tests/fuzz/fuzz_support.h"

namespace intent::fuzz {
namespace {

// A policy naming every operation of `schema` (bounded, so that a schema of
// thousands of operations does not make one input slow).
std::string PolicyFor(const schema::Schema& schema) {
  constexpr size_t kMaxRules = 64;
  std::string policy = fmt::format("policy \"fuzz\" for {}\n", schema.name);
  size_t rules = 0;
  for (const auto& operation : schema.operations) {
    if (rules++ >= kMaxRules) break;
    policy += fmt::format("allow operation {}.{}\n", operation->resource, operation->name);
    policy += fmt::format("ask {} on {}\n", operation->verb, operation->resource);
    for (const types::Field& field : operation->input.fields) {
      if (rules++ >= kMaxRules) break;
      std::string condition = fmt::format("{0} == {0}", field.name);
      if (field.optional) condition = fmt::format("has {} and {}", field.name, condition);
      policy += fmt::format("forbid operation {}.{} when {}\n", operation->resource,
                            operation->name, condition);
    }
  }
  for (const types::Field& field : schema.context.fields) {
    if (rules++ >= kMaxRules) break;
    policy += fmt::format("ask anything when has context.{}\n", field.name);
  }
  return policy;
}

}  // namespace
}  // namespace intent::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace intent;
  std::string text(fuzz::AsText(data, size));
  SourceFile file("fuzz.schema.json", text);
  types::TypeArena arena;
  DiagnosticBag diagnostics;
  std::unique_ptr<schema::Schema> loaded = schema::LoadSchema(file, arena, diagnostics);
  for (const Diagnostic& d : diagnostics.all()) RenderText(d);
  RenderJson(diagnostics.all());
  if (loaded == nullptr) return 0;
  auto compilation = driver::CompileSources({{"fuzz.intent", fuzz::PolicyFor(*loaded)}},
                                            {{"fuzz.schema.json", text}});
  for (const Diagnostic& d : compilation->diagnostics.all()) RenderText(d);
  return 0;
}
