// AuthZEN 1.0 on Intent (see authzen.h; docs/gateway.md, "AuthZEN").
#include "tools/gateway/authzen.h"

#include <chrono>
#include <mutex>

#include "tools/gateway/authzen_plain.h"

namespace intent::gateway {
namespace {

using json = nlohmann::json;

// {"decision": false, "context": {"error": ...}}: what AuthZEN gets for a
// question Intent cannot map (fail closed; never a 5xx).
json Refused(const std::string& why) {
  return {{"decision", false}, {"context", {{"effect", "deny"}, {"error", why}}}};
}

json ContextOf(const Decision& decision) {
  json context = {{"effect", EffectName(decision.effect)}, {"rules", decision.rules}};
  if (!decision.reasons.empty()) {
    std::string text;
    for (const std::string& reason : decision.reasons) text += (text.empty() ? "" : "; ") + reason;
    context["reason_user"] = {{"en", text}};
  }
  if (!decision.errors.empty()) {
    std::string text;
    for (const std::string& error : decision.errors) text += (text.empty() ? "" : "; ") + error;
    context["reason_admin"] = {{"en", text}};
  }
  if (decision.approval) {
    // An ask's approval (docs/approvals.md): wait on it, or send the same
    // evaluation again with context.approval set to its id.
    // As /v1/decide shows it (times in RFC 3339).
    json shown = json::parse(DecisionJson(decision), nullptr, false);
    if (shown.is_object() && shown.contains("approval")) context["approval"] = shown["approval"];
  }
  return context;
}

}  // namespace

// The media type without parameters, lower-cased, must be JSON.
namespace {
bool IsJson(const HttpRequest& request) {
  std::string type = request.Header("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return type == "application/json";
}
}  // namespace

bool ParseObject(const HttpRequest& request, json& out, HttpResponse& error) {
  if (!IsJson(request)) {
    error = HttpResponse::Error(415, "send the request as application/json");
    return false;
  }
  out = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded() || !out.is_object()) {
    error = HttpResponse::Error(400, "the body is not a JSON object");
    return false;
  }
  return true;
}

void OperationMap::Refresh(const Engine& engine) const {
  if (generation_ == engine.generation()) return;
  by_id_.clear();
  schemas_by_resource_.clear();
  for (OperationInfo& info : engine.Operations()) {
    auto& schemas = schemas_by_resource_[info.resource];
    if (schemas.empty() || schemas.back() != info.schema) schemas.push_back(info.schema);
    std::string id = info.id;
    by_id_.emplace(std::move(id), std::move(info));
  }
  generation_ = engine.generation();
}

bool OperationMap::QualifiedResource(const std::string& resource_type, std::string& qualified,
                                     std::string& error) const {
  if (resource_type.find('.') != std::string::npos) {
    qualified = resource_type;  // SCHEMA.RESOURCE
    return true;
  }
  auto schemas = schemas_by_resource_.find(resource_type);
  if (schemas == schemas_by_resource_.end()) {
    error = "no schema of the bundle has a resource '" + resource_type + "'";
    return false;
  }
  if (schemas->second.size() > 1) {
    error = "resource '" + resource_type + "' is in several schemas; name it as SCHEMA." +
            resource_type;
    return false;
  }
  qualified = schemas->second.front() + "." + resource_type;
  return true;
}

bool OperationMap::Resolve(const Engine& engine, const std::string& resource_type,
                           const std::string& action_name, std::string& operation,
                           std::string& error) const {
  std::lock_guard lock(mutex_);
  Refresh(engine);
  if (by_id_.count(action_name) > 0) {
    operation = action_name;
    return true;
  }
  std::string qualified;
  if (!QualifiedResource(resource_type, qualified, error)) return false;
  std::string candidate = qualified + "." + action_name;
  if (by_id_.count(candidate) == 0) {
    error = "no operation '" + candidate + "' in the bundle";
    return false;
  }
  operation = candidate;
  return true;
}

bool OperationMap::Actions(const Engine& engine, const std::string& resource_type,
                           std::vector<std::string>& names, std::string& error) const {
  std::lock_guard lock(mutex_);
  Refresh(engine);
  names.clear();
  std::string qualified;
  if (!QualifiedResource(resource_type, qualified, error)) return false;
  // by_id_ is sorted, so the resource's operations are one run of it.
  std::string prefix = qualified + ".";
  for (auto it = by_id_.lower_bound(prefix); it != by_id_.end() && it->first.starts_with(prefix);
       ++it) {
    // Names are identifiers and ids have dots, so Resolve reads each name
    // back as this resource's operation.
    names.push_back(it->second.name);
  }
  if (names.empty()) {
    error = "no resource '" + qualified + "' in the bundle";
    return false;
  }
  return true;
}

json AuthZen::Evaluate(const json& evaluation, bool with_context,
                       std::string_view request_id) const {
  auto object = [&](const char* name) -> const json* {
    auto it = evaluation.find(name);
    return it != evaluation.end() && it->is_object() ? &*it : nullptr;
  };
  const json* subject = object("subject");
  const json* action = object("action");
  const json* resource = object("resource");
  if (subject == nullptr || action == nullptr || resource == nullptr) {
    return Refused("an evaluation needs subject, action and resource objects");
  }
  auto text = [](const json& of, const char* name) -> std::string {
    auto it = of.find(name);
    return it != of.end() && it->is_string() ? it->get<std::string>() : "";
  };
  std::string principal = text(*subject, "id");
  std::string action_name = text(*action, "name");
  std::string resource_type = text(*resource, "type");
  if (principal.empty()) return Refused("subject.id must be a non-empty string");
  if (action_name.empty()) return Refused("action.name must be a non-empty string");
  auto properties = resource->find("properties");
  std::string input = properties != resource->end() ? Dump(*properties) : "{}";
  // The resource's id is input `id` unless the properties give one: rules
  // look the resource up in data documents by it (docs/gateway.md). An
  // operation that declares no `id` ignores it, as any undeclared member.
  if (auto id = resource->find("id");
      id != resource->end() && id->is_string() &&
      (properties == resource->end() || (properties->is_object() && !properties->contains("id")))) {
    std::string member = R"("id":)" + Dump(*id);
    input = input == "{}" ? "{" + member + "}" : "{" + member + "," + input.substr(1);
  }
  std::string context;
  if (auto it = evaluation.find("context"); it != evaluation.end() && !it->is_null()) {
    context = Dump(*it);
  }
  return Decide(principal, action_name, resource_type, input, context, with_context, request_id);
}

json AuthZen::Decide(const std::string& principal, const std::string& action_name,
                     const std::string& resource_type, const std::string& input,
                     const std::string& context, bool with_context,
                     std::string_view request_id) const {
  std::string operation;
  std::string error;
  if (!operations_.Resolve(engine_, resource_type, action_name, operation, error)) {
    return Refused(error);
  }
  // The Intent request's text, written from the parts: copying the
  // properties into a new tree first cost 1.5 of the endpoint's 15 us.
  std::string request = R"({"principal":)" + Dump(principal) + R"(,"operation":)" +
                        Dump(operation) + R"(,"input":)" + input;
  if (!context.empty()) request += R"(,"context":)" + context;
  request += '}';
  auto started = std::chrono::steady_clock::now();
  DecideOptions options;
  options.request_id = request_id;
  Decision decision = engine_.Decide(request, options);
  metrics_.Decision(
      Metrics::Endpoint::kAuthZen, decision.effect,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  json answer = {{"decision", decision.effect == Effect::kAllow}};
  if (with_context) answer["context"] = ContextOf(decision);
  return answer;
}

HttpResponse AuthZen::Evaluation(const HttpRequest& request) const {
  json body;
  HttpResponse error;
  if (plain_reading_ && IsJson(request)) {
    if (std::optional<PlainEvaluation> plain = ReadPlainEvaluation(request.body)) {
      return HttpResponse::Json(
          200, Dump(Decide(plain->principal, plain->action, plain->resource_type, plain->input,
                           plain->context, /*with_context=*/true, request.Header("X-Request-ID"))));
    }
  }
  if (!ParseObject(request, body, error)) return error;
  return HttpResponse::Json(
      200, Dump(Evaluate(body, /*with_context=*/true, request.Header("X-Request-ID"))));
}

// Defaults at the top, items in "evaluations" overriding them member by
// member; "options.evaluations_semantic" may stop at the first deny or
// permit (that item is the last answered). Items are exactly
// {"decision": bool} unless "options.with_context" is true (callers compare
// them as text). Without items, it is one evaluation.
HttpResponse AuthZen::Evaluations(const HttpRequest& request) const {
  json body;
  HttpResponse error;
  if (!ParseObject(request, body, error)) return error;
  auto items = body.find("evaluations");
  if (items != body.end() && !items->is_null() && !items->is_array()) {
    return HttpResponse::Error(400, "\"evaluations\" must be an array");
  }
  std::string semantic = "execute_all";
  bool with_context = false;
  if (auto options = body.find("options"); options != body.end() && options->is_object()) {
    if (auto s = options->find("evaluations_semantic"); s != options->end()) {
      if (!s->is_string()) return HttpResponse::Error(400, "evaluations_semantic must be a string");
      semantic = s->get<std::string>();
    }
    if (auto c = options->find("with_context"); c != options->end() && c->is_boolean()) {
      with_context = c->get<bool>();
    }
  }
  if (semantic != "execute_all" && semantic != "deny_on_first_deny" &&
      semantic != "permit_on_first_permit") {
    return HttpResponse::Error(400, "unknown evaluations_semantic '" + semantic +
                                        "' (execute_all, deny_on_first_deny, "
                                        "permit_on_first_permit)");
  }
  std::string request_id = request.Header("X-Request-ID");
  if (items == body.end() || items->is_null() || items->empty()) {
    return HttpResponse::Json(200, Dump(Evaluate(body, /*with_context=*/true, request_id)));
  }
  json answers = json::array();
  for (const json& item : *items) {
    json evaluation = json::object();
    for (const char* member : {"subject", "action", "resource", "context"}) {
      if (item.is_object() && item.contains(member)) {
        evaluation[member] = item[member];
      } else if (body.contains(member)) {
        evaluation[member] = body[member];
      }
    }
    json answer = item.is_object() ? Evaluate(evaluation, with_context, request_id)
                                   : Refused("an evaluation must be an object");
    if (!with_context) answer.erase("context");
    bool decision = answer["decision"].get<bool>();
    answers.push_back(std::move(answer));
    if ((semantic == "deny_on_first_deny" && !decision) ||
        (semantic == "permit_on_first_permit" && decision)) {
      break;
    }
  }
  return HttpResponse::Json(200, Dump(json{{"evaluations", answers}}));
}

HttpResponse AuthZen::Configuration(const HttpRequest& request) const {
  std::string host = request.Header("Host");
  std::string base = "http://" + (host.empty() ? std::string("127.0.0.1") : host);
  json metadata = {
      {"policy_decision_point", base},
      {"access_evaluation_endpoint", base + "/access/v1/evaluation"},
      {"access_evaluations_endpoint", base + "/access/v1/evaluations"},
      {"search_subject_endpoint", base + "/access/v1/search/subject"},
      {"search_resource_endpoint", base + "/access/v1/search/resource"},
      {"search_action_endpoint", base + "/access/v1/search/action"},
  };
  return HttpResponse::Json(200, Dump(metadata));
}

}  // namespace intent::gateway
