// `intentc eval`: decide one request, or one per line of a JSON-lines file,
// printing one decision JSON per request. Exit status: 0 decided (whatever
// the decision), 1 the policy does not compile, 2 usage or I/O error (a
// folder or a file without any request is a usage error).
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tools/intentc/bundle.h"
#include "tools/intentc/commands.h"

namespace intent::tools {
namespace {

struct EvalOptions {
  std::vector<std::string> schemas;
  std::vector<std::string> data;
  std::string policy;
  std::string requests;
  bool explain = false;
  EngineChoice engine = EngineChoice::kDefault;
  int64_t evaluation_budget = kDefaultEvaluationBudget;
};

void PrintDecision(const Engine& engine, std::string_view request, bool explain) {
  std::cout << DecisionJson(engine.Decide(request, {.explain = explain})) << "\n";
}

int RunEval(const EvalOptions& options) {
  std::string text;
  if (auto error = ReadInput(options.requests, text)) {
    std::cerr << "intentc: " << *error << "\n";
    return 2;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::cerr << "intentc: '" << options.requests
              << "' holds no request; give one JSON request, or one per line\n";
    return 2;
  }
  bool io_error = false;
  std::unique_ptr<Engine> engine = LoadEngine({options.policy}, options.schemas, options.engine,
                                              io_error, options.evaluation_budget, options.data);
  if (!engine) return io_error ? 2 : 1;
  // One JSON document is one request; anything else is read as JSON lines
  // (a line that is not JSON is then denied with its parse error).
  if (nlohmann::json::accept(text)) {
    PrintDecision(*engine, text, options.explain);
    return 0;
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    PrintDecision(*engine, line, options.explain);
  }
  return 0;
}

}  // namespace

void AddEvalCommand(CLI::App& app, std::function<int()>& run) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* eval = app.add_subcommand("eval", "Decide requests with a policy bundle");
  eval->add_option("--schema", options->schemas,
                   "Schema file or folder of *.schema.json (repeatable)")
      ->allow_extra_args(false);
  AddEngineOption(*eval, options->engine);
  AddBudgetOption(*eval, options->evaluation_budget);
  AddDataOption(*eval, options->data);
  eval->add_flag("--explain", options->explain,
                 "Show, per applicable rule, whether it matched and what decided it");
  eval->add_option("policy", options->policy, "Policy file or folder")->required();
  eval->add_option("requests", options->requests,
                   "Request JSON, a JSON-lines file, or - for standard input")
      ->required();
  eval->callback([options, &run] { run = [options] { return RunEval(*options); }; });
}

}  // namespace intent::tools
