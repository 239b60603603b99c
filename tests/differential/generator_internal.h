// The stages of GenerateScenario, shared between its source files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/differential/expr_gen.h"
#include "tests/differential/generator.h"
#include "tests/differential/pools.h"
#include "tests/differential/random.h"
#include "tests/differential/schema_model.h"

namespace intent::difftest {

// The data files of the schema's data documents (none when it declares
// none), drawn from the value pools; records each map's keys in
// `constants.data_keys`.
std::vector<DataFile> GenerateData(Rng& rng, const SchemaModel& model, Constants& constants);

// Constants of one policy file: literals, lists, lets of lets, computed
// values. Every let records its type and what its strings convert to.
std::vector<Let> GenerateLets(Rng& rng, SchemaModel& model, Constants& constants);

// One policy file; `file_index` keeps its @ids unique in the bundle.
std::string GeneratePolicy(Rng& rng, SchemaModel& model, Constants& constants, size_t file_index);

struct GeneratedRequest {
  std::string text;
  RequestKind kind = RequestKind::kValid;
  int64_t now = 0;  // the scenario clock, microseconds since the epoch
};

// The requests of a scenario, in the order they are to be decided.
std::vector<GeneratedRequest> GenerateRequests(Rng& rng, const SchemaModel& model,
                                               const Constants& constants);

}  // namespace intent::difftest
