// A request while it is being generated, and the ways to spoil one: as a
// JSON value, plus what plain JSON values cannot hold (duplicate keys,
// integers beyond 64 bits, deep nesting), spliced into its text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tests/differential/random.h"
#include "tests/differential/schema_model.h"

namespace intent::difftest {

using Json = nlohmann::ordered_json;

// A string value that Render() replaces with `raw`.
inline constexpr const char* kRawSentinel = "@@raw@@";

struct Draft {
  Json request = Json::object();  // members in the order they are written
  std::string raw;                // replaces the sentinel string value, if set
  std::string extra_member;       // `"key":value` appended to the top-level object
  bool ascii = false;             // write non-ASCII characters as \u escapes
  std::string Render() const;
};

// Spoils a valid request of `op` so that it is still JSON but does not
// conform to the schema or the request protocol.
void MakeInvalid(Rng& rng, const SchemaModel& model, const Operation& op, Draft& draft);

// Text that is not JSON, made from a valid request's text.
std::string MakeMalformed(Rng& rng, const std::string& text);

}  // namespace intent::difftest
