// libFuzzer target: the request binder and both engines. The input is the
// JSON text of one request, bound both ways the runtime binds
// (BindRequestJson for the interpreter, BindRequestSlots for native code)
// against each bundle: the gmail example (its schema and both policies) and
// each single-policy folder of the conformance suite (the `conf` schema:
// every type and operator, so fuzzed values reach every operator of both
// engines; a folder with its own schemas/ and data/, such as data/, uses
// those, so data documents are decided by both engines too). A request that binds is decided, twice
// so that counting shows, by the bundle's interpreter and its JIT (compiled once, for the run).
//
// Findings: crashes, sanitizer reports and hangs; the two binders
// disagreeing (they promise the same checks and the same errors); the two
// engines' decisions or explanations differing (the interpreter defines
// the semantics, the JIT must agree on every input).
#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "runtime/bind/bind_data.h"
#include "runtime/bind/bind_json.h"
#include "runtime/core/counter_store.h"
#include "runtime/core/decision_json.h"
#include "runtime/interp/interpreter.h"
#include "runtime/native/jit/jit_engine.h"
#include "tests/fuzz/fuzz_support.h"

namespace intent::fuzz {
namespace {

// Each input starts from empty counters, so a finding does not depend on
// the inputs before it; the engines keep their reference to this store.
class FreshCounterStore : public runtime::CounterStore {
 public:
  void Reset() { store_ = std::make_unique<runtime::InProcessCounterStore>(); }
  int64_t Count(const std::string& key, int64_t window, int64_t now) override {
    return store_->Count(key, window, now);
  }
  void Record(const std::string& key, int64_t now, int64_t retain) override {
    store_->Record(key, now, retain);
  }
  bool Reserve(const std::string& key, int64_t limit, int64_t window, int64_t now) override {
    return store_->Reserve(key, limit, window, now);
  }
  void Commit(const std::string& key, int64_t now) override { store_->Commit(key, now); }
  void Release(const std::string& key) override { store_->Release(key); }

 private:
  std::unique_ptr<runtime::InProcessCounterStore> store_ =
      std::make_unique<runtime::InProcessCounterStore>();
};

// One compiled bundle with an engine of each kind, each with its counters.
struct Bundle {
  Bundle(std::string bundle_name, const std::vector<driver::SourceText>& policies,
         const std::vector<driver::SourceText>& schemas,
         const std::vector<std::string>& data_paths = {})
      : name(std::move(bundle_name)) {
    compilation = driver::CompileSources(policies, schemas);
    driver::Compilation& c = *compilation;
    data = runtime::LoadData(data_paths, c.schemas, c.sources, c.diagnostics);
    if (c.diagnostics.HasErrors() || !data) Fail(name + " does not compile");
    const std::vector<const check::CheckedModule*>& modules = compilation->bundle;
    interpreter = std::make_unique<runtime::Interpreter>(modules, interpreter_counters);
    std::string error;
    jit = runtime::JitEngine::Create(modules, jit_counters, {}, &error);
    if (!jit) Fail(name + ": the JIT failed: " + error);
  }
  std::string name;
  std::unique_ptr<driver::Compilation> compilation;
  std::shared_ptr<const runtime::DataSet> data;
  FreshCounterStore interpreter_counters;
  FreshCounterStore jit_counters;
  std::unique_ptr<runtime::Interpreter> interpreter;
  std::unique_ptr<runtime::JitEngine> jit;
};

// The gmail example, then tests/conformance/*/policy.intent in name order.
std::vector<std::unique_ptr<Bundle>> AllBundles() {
  std::vector<std::unique_ptr<Bundle>> bundles;
  bundles.push_back(std::make_unique<Bundle>("examples/gmail", GmailPolicies(), GmailSchemas()));
  const driver::SourceText conf = {"schemas/conf.schema.json",
                                   ReadSourceFile("tests/conformance/schemas/conf.schema.json")};
  std::vector<std::string> folders;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(INTENT_SOURCE_DIR) + "/tests/conformance")) {
    if (std::filesystem::exists(entry.path() / "policy.intent")) {
      folders.push_back(entry.path().filename().string());
    }
  }
  std::sort(folders.begin(), folders.end());
  for (const std::string& folder : folders) {
    std::string dir = "tests/conformance/" + folder;
    std::string path = dir + "/policy.intent";
    std::vector<driver::SourceText> schemas = {conf};
    std::vector<std::string> data_paths;
    std::string root = std::string(INTENT_SOURCE_DIR) + "/" + dir;
    std::error_code ec;
    if (std::filesystem::is_directory(root + "/schemas", ec)) {
      std::vector<std::string> names;
      for (const auto& entry : std::filesystem::directory_iterator(root + "/schemas")) {
        names.push_back(entry.path().filename().string());
      }
      std::sort(names.begin(), names.end());
      for (const std::string& file : names) {
        schemas.push_back({"schemas/" + file, ReadSourceFile(dir + "/schemas/" + file)});
      }
    }
    if (std::filesystem::is_directory(root + "/data", ec)) data_paths.push_back(root + "/data");
    bundles.push_back(std::make_unique<Bundle>(
        path, std::vector<driver::SourceText>{{"policy.intent", ReadSourceFile(path)}}, schemas,
        data_paths));
  }
  return bundles;
}

// 2026-11-28T10:00:00Z, for requests without context.time.
constexpr int64_t kNow = 1795860000LL * 1000000;

void BindAndDecide(Bundle& bundle, std::string_view json, runtime::SlotRequest& slots) {
  const schema::SchemaSet& schemas = bundle.compilation->schemas;
  runtime::BindResult bound = runtime::BindRequestJson(json, schemas);
  std::optional<runtime::BindError> slot_error = runtime::BindRequestSlots(json, schemas, slots);
  if (bound.request.has_value() == slot_error.has_value()) {
    Fail(fmt::format("{}: BindRequestJson {}, BindRequestSlots {}", bundle.name,
                     bound.request ? "binds" : "says " + bound.error->ToString(),
                     slot_error ? "says " + slot_error->ToString() : "binds"));
  }
  if (!bound.request) {
    if (bound.error->ToString() != slot_error->ToString()) {
      Fail(fmt::format("{}: the binders' errors differ: '{}' and '{}'", bundle.name,
                       bound.error->ToString(), slot_error->ToString()));
    }
    return;
  }
  // Both engines read the bundle's data documents, as the Engine attaches them.
  const schema::Schema* schema = slots.schema;
  slots.data_set = bundle.data.get();
  slots.data = bundle.data->SlotsOf(schema);
  slots.data_record = bundle.data->RecordOf(schema);
  bound.request->data = slots.data_record;
  bound.request->data_set = slots.data_set;
  bundle.interpreter_counters.Reset();
  bundle.jit_counters.Reset();
  for (int round = 1; round <= 2; ++round) {
    runtime::Explanation interpreter_why;
    runtime::Explanation jit_why;
    std::string want = runtime::DecisionToJson(
        bundle.interpreter->Decide(*bound.request, kNow, &interpreter_why), &interpreter_why);
    std::string got = runtime::DecisionToJson(bundle.jit->Decide(slots, kNow, &jit_why), &jit_why);
    if (want != got) {
      Fail(fmt::format("{}: the engines disagree (decision {}):\n  interpreter: {}\n  jit: {}",
                       bundle.name, round, want, got));
    }
  }
}

}  // namespace
}  // namespace intent::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::vector<std::unique_ptr<intent::fuzz::Bundle>> bundles = intent::fuzz::AllBundles();
  static intent::runtime::SlotRequest slots;  // reused, as intentc reuses it
  for (const auto& bundle : bundles)
    intent::fuzz::BindAndDecide(*bundle, intent::fuzz::AsText(data, size), slots);
  return 0;
}
