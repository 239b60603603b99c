// A fast reading of the usual AuthZEN evaluation body (simdjson, no
// intermediate tree): the AuthZEN endpoint spent most of its time parsing
// with nlohmann. Only "plain" bodies are read this way — every member it
// reads present with the expected JSON type, no key given twice anywhere,
// no floating-point number — and those are exactly the bodies for which
// the result equals the general reading (authzen.cc); anything else is
// left to the general reading, which also words the errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace intent::gateway {

struct PlainEvaluation {
  std::string principal;      // subject.id
  std::string action;         // action.name
  std::string resource_type;  // resource.type
  std::string input;          // the Intent input's JSON text (properties, and id)
  std::string context;        // the context's JSON text, or empty for none
};

// The evaluation in `body`, or nullopt when the body is not plain.
std::optional<PlainEvaluation> ReadPlainEvaluation(std::string_view body);

}  // namespace intent::gateway
