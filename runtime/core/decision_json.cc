// Decision serialisation (nlohmann keeps key order with ordered_json).
#include "runtime/core/decision_json.h"

#include <nlohmann/json.hpp>

#include "stdlib/timestamp.h"

namespace intent::runtime {

std::string DecisionToJson(const Decision& decision) {
  return DecisionToJson(decision, decision.explanation ? &*decision.explanation : nullptr);
}

std::string DecisionToJson(const Decision& decision, const Explanation* explain) {
  nlohmann::ordered_json json;
  json["decision"] = Spelling(decision.effect);
  json["rules"] = decision.rules;
  json["reasons"] = decision.reasons;
  json["errors"] = decision.errors;
  if (decision.approval) {
    const ApprovalTicket& approval = *decision.approval;
    json["approval"] = {{"id", approval.id},
                        {"digest", approval.digest},
                        {"expires", stdlib::FormatTimestamp(approval.expires)},
                        {"state", approval.state}};
  }
  if (explain != nullptr) {
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    for (const RuleTrace& trace : explain->rules) {
      rules.push_back({{"rule", trace.rule},
                       {"effect", trace.effect},
                       {"outcome", trace.outcome},
                       {"detail", trace.detail}});
    }
    json["explain"]["rules"] = std::move(rules);
    if (!explain->fallback.empty()) json["explain"]["default"] = explain->fallback;
  }
  // Request text quoted in errors may hold invalid UTF-8: replace, not throw.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace intent::runtime
