// Random scenarios for differential testing of the decision engines: a
// schema, a bundle of policies that checks without errors, and a sequence
// of requests to decide in order against one engine (so that count() and
// limit state carries from request to request).
//
// A scenario is a pure function of its seed: the same seed gives the same
// texts on every platform.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace intent::difftest {

// What a request was generated to be.
enum class RequestKind {
  kValid,           // binds to the schema
  kMalformedJson,   // not JSON at all
  kInvalidRequest,  // JSON, but does not conform to the schema or protocol
};

// A data file of a scenario: its name in the bundle's `data/` folder.
struct DataFile {
  std::string name;  // "members.json", "diff.names.json", "facts.json"
  std::string text;
};

struct Scenario {
  std::string schema_json;                 // one schema file's text (schema name "diff")
  std::vector<std::string> policies;       // .intent file texts; together they check with no errors
  std::vector<DataFile> data_files;        // every data document the schema declares, bound cleanly
  std::vector<std::string> requests;       // request JSON texts, one per request, without newlines
  std::vector<RequestKind> request_kinds;  // parallel to `requests`
  // Parallel to `requests`: the scenario's clock at each request, in
  // microseconds since the epoch. Decide each request at this `now`; it is
  // the request's own time too, when it has a context.time (which wins).
  std::vector<int64_t> request_now;
};

// Deterministic for a seed.
Scenario GenerateScenario(uint64_t seed);

// Writes the scenario as a bundle folder: `p0.intent` ... `pN.intent`,
// `schemas/diff.schema.json`, the data files in `data/` (which intentc and
// the engines find beside the policies) and `requests.jsonl` (one request
// a line), so that `intentc check DIR` and `intentc eval DIR
// DIR/requests.jsonl` work on it. Creates `dir` if needed; throws std::filesystem::filesystem_error
// or std::runtime_error on I/O failure.
void WriteScenario(const Scenario& scenario, const std::string& dir);

// The file name of policy `index` in a written scenario ("p0.intent").
std::string PolicyFileName(size_t index);

}  // namespace intent::difftest
