// libFuzzer target: the policy front end. The input is the text of one
// .intent file, checked the way `intentc check` checks it against the gmail
// example's schema and the conformance suite's (whose policies use every
// type and operator: they are the richest seeds), every diagnostic rendered
// (text and JSON: rendering reads the spans every stage made). A policy that
// checks without errors then goes where a deployed policy goes: the
// interpreter prepares it (its constants are folded) and decides one
// example request per operation, and it is lowered to the JIT's IR, which
// must verify (no LLVM here: that keeps executions fast).
//
// Diagnostics are fine; crashes, sanitizer reports, hangs and IR that does
// not verify are findings.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "compiler/check/checker.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compilation.h"
#include "compiler/parse/parser.h"
#include "runtime/bind/bind_json.h"
#include "runtime/core/counter_store.h"
#include "runtime/interp/interpreter.h"
#include "runtime/native/ir/ir.h"
#include "tests/fuzz/fuzz_support.h"

namespace intent::fuzz {
namespace {

// The first request of each operation in the gmail example's cases and in
// some of the conformance suite's.
std::vector<std::string> ExampleRequests() {
  std::vector<std::string> requests;
  std::set<std::string> operations;
  for (const char* file :
       {"examples/gmail/gmail.cases.json", "tests/conformance/operators/cases.json",
        "tests/conformance/optional/cases.json", "tests/conformance/invalid/cases.json"}) {
    nlohmann::json cases = nlohmann::json::parse(ReadSourceFile(file));
    for (const nlohmann::json& c : cases.at("cases")) {
      const nlohmann::json& request = c.at("request");
      if (request.is_object() && request.contains("operation") &&
          request["operation"].is_string() &&
          operations.insert(request["operation"].get<std::string>()).second) {
        requests.push_back(request.dump());
      }
    }
  }
  return requests;
}

// The schemas, loaded once: loading them for every input would take most
// of its time. Checking interns types in their arena, but interned types are
// bounded (list nesting is), so the arena does not grow without end.
struct Schemas {
  Schemas() {
    base = driver::CompileSources({},
                                  {GmailSchemas()[0],
                                   {"schemas/conf.schema.json",
                                    ReadSourceFile("tests/conformance/schemas/conf.schema.json")}});
    if (base->diagnostics.HasErrors()) Fail("the fuzz target's schemas do not load");
    for (const std::string& request : ExampleRequests()) {
      // Some requests of invalid/cases.json are invalid on purpose.
      runtime::BindResult bound = runtime::BindRequestJson(request, base->schemas);
      if (bound.request) requests.push_back(std::move(*bound.request));
    }
  }
  std::unique_ptr<driver::Compilation> base;
  std::vector<runtime::BoundRequest> requests;  // bound against `base`'s schemas
};

// What happens to a policy that checks: decisions and lowering.
void RunCheckedPolicy(const check::CheckedModule& checked,
                      const std::vector<runtime::BoundRequest>& requests) {
  std::vector<const check::CheckedModule*> modules = {&checked};
  runtime::InProcessCounterStore counters;  // fresh: each input decides alone
  runtime::Interpreter interpreter(modules, counters);
  for (const runtime::BoundRequest& request : requests) {
    runtime::Explanation explain;
    interpreter.Decide(request, 0, &explain);
  }
  std::unique_ptr<ir::Program> program = ir::Lower(modules);
  if (runtime::Status status = ir::Verify(*program); !status.ok()) {
    Fail("the IR does not verify: " + status.message() + "\n" + ir::Dump(*program, true));
  }
}

}  // namespace
}  // namespace intent::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace intent;
  static fuzz::Schemas schemas;
  driver::Compilation& base = *schemas.base;
  // As the driver checks one file (driver/compilation.cc), against schemas
  // loaded before.
  SourceFile file("fuzz.intent", std::string(fuzz::AsText(data, size)));
  DiagnosticBag diagnostics;
  std::unique_ptr<ast::Module> module = parse::ParseModule(file, diagnostics);
  check::CheckedModule checked =
      check::CheckModule(*module, base.schemas, base.arena, "fuzz.intent", diagnostics);
  check::CheckBundle({&checked}, diagnostics);
  diagnostics.SortByPosition({&file});
  for (const Diagnostic& d : diagnostics.all()) RenderText(d);
  RenderJson(diagnostics.all());
  if (!diagnostics.HasErrors()) fuzz::RunCheckedPolicy(checked, schemas.requests);
  return 0;
}
