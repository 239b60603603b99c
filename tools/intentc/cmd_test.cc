// `intentc test`: run policy test cases (tools.md "Test case files"). Cases
// of a file run in order against one engine, so count()/limit state carries
// from case to case. Prints a line per failure and "N passed, N failed".
// Exit status: 0 all passed, 1 a case failed or a policy does not compile,
// 2 usage or I/O error.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "tools/intentc/bundle.h"
#include "tools/intentc/commands.h"

namespace intent::tools {
namespace {

namespace fs = std::filesystem;

struct TestOptions {
  std::vector<std::string> schemas;
  std::vector<std::string> data;
  std::vector<std::string> case_files;
  EngineChoice engine = EngineChoice::kDefault;
  int64_t evaluation_budget = kDefaultEvaluationBudget;
};

struct Tally {
  int passed = 0;
  int failed = 0;
  bool io_error = false;
};

// A case file, read and checked whole before any of its cases runs.
struct CaseFile {
  std::string path;
  nlohmann::json json;
};

// What is wrong with a case file's shape, or nothing: every member is
// checked, so that a typo ("expect_rule") or a value outside the language
// ("maybe") is an error, never a case that quietly tests something else.
std::optional<std::string> CaseFileError(const nlohmann::json& file) {
  if (!file.is_object()) {
    return "not a case file: expected {\"policy\": PATH, \"schemas\": [PATH], \"cases\": [...]}";
  }
  for (const auto& [key, value] : file.items()) {
    if (key != "policy" && key != "schemas" && key != "data" && key != "cases" &&
        key != "evaluation_budget") {
      return fmt::format(
          "unknown member \"{}\" (the members are policy, schemas, data, cases and "
          "evaluation_budget)",
          key);
    }
  }
  if (!file.contains("policy") || !file["policy"].is_string()) {
    return "\"policy\" must be the path of a policy file or folder";
  }
  if (file.contains("schemas")) {
    const auto& schemas = file["schemas"];
    if (!schemas.is_array() ||
        !std::all_of(schemas.begin(), schemas.end(), [](const auto& s) { return s.is_string(); })) {
      return "\"schemas\" must be a list of paths";
    }
  }
  if (file.contains("data")) {
    const auto& data = file["data"];
    if (!data.is_array() ||
        !std::all_of(data.begin(), data.end(), [](const auto& d) { return d.is_string(); })) {
      return "\"data\" must be a list of paths";
    }
  }
  if (file.contains("evaluation_budget") && (!file["evaluation_budget"].is_number_integer() ||
                                             file["evaluation_budget"].get<int64_t>() < 1)) {
    return "\"evaluation_budget\" must be a whole number of at least 1";
  }
  if (!file.contains("cases") || !file["cases"].is_array()) return "\"cases\" must be a list";
  int index = 0;
  for (const auto& test : file["cases"]) {
    ++index;
    std::string which =
        test.is_object() && test.contains("name") && test["name"].is_string()
            ? fmt::format("case {} (\"{}\")", index, test["name"].get<std::string>())
            : fmt::format("case {}", index);
    if (!test.is_object()) return which + ": must be an object";
    for (const auto& [key, value] : test.items()) {
      if (key != "name" && key != "request" && key != "expect" && key != "expect_rules") {
        return fmt::format(
            "{}: unknown member \"{}\" (the members are name, request, expect and expect_rules)",
            which, key);
      }
    }
    if (test.contains("name") && !test["name"].is_string())
      return which + ": \"name\" must be a string";
    if (!test.contains("request")) return which + ": needs \"request\"";
    if (!test.contains("expect")) return which + ": needs \"expect\"";
    const auto& expect = test["expect"];
    if (!expect.is_string() || (expect != "allow" && expect != "ask" && expect != "deny")) {
      return fmt::format("{}: \"expect\" must be \"allow\", \"ask\" or \"deny\", not {}", which,
                         expect.dump());
    }
    if (test.contains("expect_rules")) {
      const auto& rules = test["expect_rules"];
      if (!rules.is_array() ||
          !std::all_of(rules.begin(), rules.end(), [](const auto& r) { return r.is_string(); })) {
        return which + ": \"expect_rules\" must be a list of rule ids";
      }
    }
  }
  return std::nullopt;
}

// Runs one checked case file.
void RunCaseFile(const CaseFile& case_file, const TestOptions& options, Tally& tally) {
  const std::string& path = case_file.path;
  const nlohmann::json& file = case_file.json;
  fs::path base = fs::path(path).parent_path();
  std::vector<std::string> schemas = options.schemas;
  std::vector<std::string> data = options.data;
  if (file.contains("data")) {
    for (const auto& path : file["data"]) data.push_back((base / path.get<std::string>()).string());
  }
  if (file.contains("schemas")) {
    for (const auto& schema : file["schemas"]) {
      schemas.push_back((base / schema.get<std::string>()).string());
    }
  }
  bool io_error = false;
  std::unique_ptr<Engine> engine =
      LoadEngine({(base / file["policy"].get<std::string>()).string()}, schemas, options.engine,
                 io_error, file.value("evaluation_budget", options.evaluation_budget), data);
  if (!engine) {
    std::cerr << fmt::format("{}: the policy does not compile; no case ran\n", path);
    tally.io_error = tally.io_error || io_error;
    tally.failed += static_cast<int>(file["cases"].size());
    return;
  }
  int index = 0;
  for (const auto& test : file["cases"]) {
    ++index;
    std::string name =
        test.contains("name") ? test["name"].get<std::string>() : fmt::format("case {}", index);
    Decision decision = engine->Decide(test["request"].dump());
    std::string expect = test["expect"].get<std::string>();
    std::string got = EffectName(decision.effect);
    bool ok = got == expect;
    if (ok && test.contains("expect_rules")) {
      std::set<std::string> expected_rules, actual(decision.rules.begin(), decision.rules.end());
      for (const auto& rule : test["expect_rules"]) expected_rules.insert(rule.get<std::string>());
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
  // Every file is read and checked before any case runs: a malformed file
  // is a usage error (exit 2), not a run that counts some cases.
  std::vector<CaseFile> files;
  bool malformed = false;
  for (const std::string& path : options.case_files) {
    std::string text;
    if (auto error = ReadInput(path, text)) {
      std::cerr << fmt::format("intentc: {}\n", *error);
      malformed = true;
      continue;
    }
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded()) {
      std::cerr << fmt::format("{}: not JSON: a case file is one JSON object\n", path);
      malformed = true;
      continue;
    }
    if (auto error = CaseFileError(json)) {
      std::cerr << fmt::format("{}: {}\n", path, *error);
      malformed = true;
      continue;
    }
    files.push_back({path, std::move(json)});
  }
  if (malformed) {
    std::cerr << "intentc: no case ran\n";
    return 2;
  }
  Tally tally;
  for (const CaseFile& file : files) RunCaseFile(file, options, tally);
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
  AddBudgetOption(*test, options->evaluation_budget);
  AddDataOption(*test, options->data);
  test->add_option("cases", options->case_files, "Case files (JSON)")->required();
  test->callback([options, &run] { run = [options] { return RunTest(*options); }; });
}

}  // namespace intent::tools
