// Decision serialisation (nlohmann keeps key order with ordered_json).
#include "runtime/decision_json.h"

#include <nlohmann/json.hpp>

namespace intent::runtime {

std::string DecisionToJson(const Decision& decision) {
  nlohmann::ordered_json json;
  json["decision"] = Spelling(decision.effect);
  json["rules"] = decision.rules;
  json["reasons"] = decision.reasons;
  json["errors"] = decision.errors;
  // Request text quoted in errors may hold invalid UTF-8: replace, not throw.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace intent::runtime
