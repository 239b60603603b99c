// OpenID AuthZEN Authorization API 1.0 on Intent (docs/gateway.md,
// "AuthZEN"): evaluation and batch evaluations mapped onto Intent requests,
// and the PDP's metadata.
#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "intent/intent.hpp"
#include "tools/gateway/http_types.h"
#include "tools/gateway/metrics.h"

namespace intent::gateway {

// The body of an AuthZEN request as a JSON object; false with the response
// to give instead (415 for another media type, 400 for anything but an
// object).
bool ParseObject(const HttpRequest& request, nlohmann::json& out, HttpResponse& error);

// How AuthZEN's (subject, action, resource) name an Intent operation: the
// bundle's operations by id and by resource, rebuilt when the bundle
// changes (its generation).
class OperationMap {
 public:
  // The full operation id for `action_name` on `resource_type`, or an
  // error text. `action_name` may itself be a full operation id.
  bool Resolve(const Engine& engine, const std::string& resource_type,
               const std::string& action_name, std::string& operation, std::string& error) const;
  // The names of the operations of `resource_type` (as Resolve reads it),
  // sorted, each one an `action_name` that Resolve maps back to that
  // operation; false with an error text when there is no such resource.
  bool Actions(const Engine& engine, const std::string& resource_type,
               std::vector<std::string>& names, std::string& error) const;

 private:
  // Rebuilds the maps when the bundle changed. Holds `mutex_`.
  void Refresh(const Engine& engine) const;
  // "SCHEMA.RESOURCE" of `resource_type`, or false with an error text.
  bool QualifiedResource(const std::string& resource_type, std::string& qualified,
                         std::string& error) const;

  mutable std::mutex mutex_;
  mutable uint64_t generation_ = 0;
  mutable std::map<std::string, OperationInfo> by_id_;
  // "messages" -> the schemas that have a resource of that name.
  mutable std::map<std::string, std::vector<std::string>> schemas_by_resource_;
};

class AuthZen {
 public:
  // `plain_reading`: read the usual single evaluation with simdjson
  // (authzen_plain.h); off only to compare the two readings in tests.
  AuthZen(const Engine& engine, Metrics& metrics, bool plain_reading = true)
      : engine_(engine), metrics_(metrics), plain_reading_(plain_reading) {}

  // POST /access/v1/evaluation
  HttpResponse Evaluation(const HttpRequest& request) const;
  // POST /access/v1/evaluations
  HttpResponse Evaluations(const HttpRequest& request) const;
  // GET /.well-known/authzen-configuration
  HttpResponse Configuration(const HttpRequest& request) const;

  // One evaluation: the decision, with its Intent context when
  // `with_context`; `request_id` goes to the decision log. Every endpoint
  // decides through it, search included, so a search result fed back to
  // /access/v1/evaluation is decided the same way.
  nlohmann::json Evaluate(const nlohmann::json& evaluation, bool with_context,
                          std::string_view request_id) const;
  const OperationMap& operations() const { return operations_; }

 private:
  // Maps and decides one evaluation given as its parts (`input` and
  // `context` as JSON text; `context` empty for none).
  nlohmann::json Decide(const std::string& principal, const std::string& action_name,
                        const std::string& resource_type, const std::string& input,
                        const std::string& context, bool with_context,
                        std::string_view request_id) const;

  const Engine& engine_;
  Metrics& metrics_;
  bool plain_reading_;
  OperationMap operations_;
};

}  // namespace intent::gateway
