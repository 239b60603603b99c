// `intentc test`: run policy test cases (tools.md "Test case files"). Cases
// of a file run in order against one engine, so count()/limit state carries
// from case to case. Prints a line per failure and "N passed, N failed".
// Exit status: 0 all passed, 1 a case failed or a policy does not compile,
// 2 usage or I/O error.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "tools/intentc/bundle.h"
#include "tools/intentc/commands.h"

namespace intent::tools {
namespace {

namespace fs = std::filesystem;

struct TestOptions {
  std::vector<std::string> schemas;
  std::vector<std::string> case_files;
  EngineChoice engine = EngineChoice::kDefault;
};

struct Tally {
  int passed = 0;
  int failed = 0;
  bool io_error = false;
};

// Runs one case file; a file that cannot be used at all is an I/O error.
void RunCaseFile(const std::string& path, const TestOptions& options, Tally& tally) {
  std::string text;
  if (!ReadInput(path, text)) {
    std::cerr << fmt::format("{}: cannot read the file\n", path);
    tally.io_error = true;
    return;
  }
  nlohmann::json file = nlohmann::json::parse(text, nullptr, false);
  if (file.is_discarded() || !file.is_object() || !file.contains("policy") ||
      !file["policy"].is_string() || !file.contains("cases") || !file["cases"].is_array()) {
    std::cerr << fmt::format(
        "{}: not a case file: expected {{\"policy\": PATH, \"schemas\": [PATH], \"cases\": "
        "[...]}}\n",
        path);
    tally.io_error = true;
    return;
  }
  fs::path base = fs::path(path).parent_path();
  std::vector<std::string> schemas = options.schemas;
  if (file.contains("schemas") && file["schemas"].is_array()) {
    for (const auto& schema : file["schemas"]) {
      if (schema.is_string()) schemas.push_back((base / schema.get<std::string>()).string());
    }
  }
  bool io_error = false;
  std::unique_ptr<Engine> engine = LoadEngine({(base / file["policy"].get<std::string>()).string()},
                                              schemas, options.engine, io_error);
  if (!engine) {
    std::cerr << fmt::format("{}: the policy does not compile; no case ran\n", path);
    tally.io_error = tally.io_error || io_error;
    tally.failed += static_cast<int>(file["cases"].size());
    return;
  }
  int index = 0;
  for (const auto& test : file["cases"]) {
    ++index;
    std::string name = test.contains("name") && test["name"].is_string()
                           ? test["name"].get<std::string>()
                           : fmt::format("case {}", index);
    if (!test.contains("request") || !test.contains("expect") || !test["expect"].is_string()) {
      std::cout << fmt::format("FAIL {}: {}: needs \"request\" and \"expect\"\n", path, name);
      ++tally.failed;
      continue;
    }
    Decision decision = engine->Decide(test["request"].dump());
    std::string expect = test["expect"].get<std::string>();
    std::string got = EffectName(decision.effect);
    bool ok = got == expect;
    if (ok && test.contains("expect_rules") && test["expect_rules"].is_array()) {
      std::set<std::string> expected_rules, actual(decision.rules.begin(), decision.rules.end());
      for (const auto& rule : test["expect_rules"]) {
        if (rule.is_string()) expected_rules.insert(rule.get<std::string>());
      }
      ok = expected_rules == actual;
    }
    if (ok) {
      ++tally.passed;
      continue;
    }
    ++tally.failed;
    std::cout << fmt::format("FAIL {}: {}: expected {}{}, got {}\n", path, name, expect,
                             test.contains("expect_rules") ? " " + test["expect_rules"].dump() : "",
                             DecisionJson(decision));
  }
}

int RunTest(const TestOptions& options) {
  Tally tally;
  for (const std::string& path : options.case_files) RunCaseFile(path, options, tally);
  std::cout << fmt::format("{} passed, {} failed\n", tally.passed, tally.failed);
  if (tally.io_error) return 2;
  return tally.failed > 0 ? 1 : 0;
}

}  // namespace

void AddTestCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* test = app.add_subcommand("test", "Run policy test cases");
  test->add_option("--schema", options->schemas,
                   "Schema file or folder of *.schema.json (repeatable)")
      ->allow_extra_args(false);
  AddEngineOption(*test, options->engine);
  test->add_option("cases", options->case_files, "Case files (JSON)")->required();
  test->callback([options, &run] { run = [options] { return RunTest(*options); }; });
}

}  // namespace intent::tools
