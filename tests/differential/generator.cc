#include "tests/differential/generator.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "tests/differential/generator_internal.h"

namespace intent::difftest {

Scenario GenerateScenario(uint64_t seed) {
  // Separate streams: a change in how policies are made does not reshuffle
  // the schema of the same seed.
  Rng seeds(seed);
  Rng schema_rng(seeds.Next());
  Rng policy_rng(seeds.Next());
  Rng request_rng(seeds.Next());
  Rng data_rng(seeds.Next());

  Scenario scenario;
  SchemaModel model = BuildSchema(schema_rng);
  scenario.schema_json = model.ToJson(schema_rng);
  Constants constants;
  constants.base_time = policy_rng.Pick(BaseTimes());
  // Before the policies: they look the data's keys up (and file them for
  // requests to reuse).
  scenario.data_files = GenerateData(data_rng, model, constants);
  size_t policy_count = static_cast<size_t>(policy_rng.Range(1, 4));
  for (size_t i = 0; i < policy_count; ++i) {
    scenario.policies.push_back(GeneratePolicy(policy_rng, model, constants, i));
  }
  for (GeneratedRequest& request : GenerateRequests(request_rng, model, constants)) {
    scenario.requests.push_back(std::move(request.text));
    scenario.request_kinds.push_back(request.kind);
    scenario.request_now.push_back(request.now);
  }
  return scenario;
}

std::string PolicyFileName(size_t index) { return "p" + std::to_string(index) + ".intent"; }

namespace {

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

void WriteScenario(const Scenario& scenario, const std::string& dir) {
  std::filesystem::path root(dir);
  std::filesystem::create_directories(root / "schemas");
  WriteFile(root / "schemas" / (std::string(kSchemaName) + ".schema.json"), scenario.schema_json);
  for (size_t i = 0; i < scenario.policies.size(); ++i) {
    WriteFile(root / PolicyFileName(i), scenario.policies[i]);
  }
  if (!scenario.data_files.empty()) std::filesystem::create_directories(root / "data");
  for (const DataFile& file : scenario.data_files) WriteFile(root / "data" / file.name, file.text);
  std::string lines;
  for (const std::string& request : scenario.requests) lines += request + "\n";
  WriteFile(root / "requests.jsonl", lines);
}

}  // namespace intent::difftest
