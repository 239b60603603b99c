// Endpoints of `intent-gateway serve` (see routes.h; docs/gateway.md).
#include "tools/gateway/routes.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <string_view>

#include "tools/gateway/admin_auth.h"

namespace intent::gateway {
namespace {

// The media type without parameters, lower-cased: "application/json".
std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  for (char& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return type;
}

bool IsJsonLines(const std::string& type) {
  return type == "application/x-ndjson" || type == "application/jsonl" ||
         type == "application/jsonlines";
}

HttpResponse MethodNotAllowed(std::string_view allowed) {
  HttpResponse response =
      HttpResponse::Error(405, std::string("this path accepts ") + std::string(allowed));
  response.headers.emplace_back("Allow", std::string(allowed));
  return response;
}

}  // namespace

HttpResponse Routes::Handle(const HttpRequest& request) const {
  try {
    std::string_view path = request.Path();
    if (path == "/healthz") {
      if (request.method != "GET" && request.method != "HEAD") return MethodNotAllowed("GET");
      return HttpResponse::Json(200, R"({"status":"ok"})");
    }
    if (path == "/readyz") {
      if (request.method != "GET" && request.method != "HEAD") return MethodNotAllowed("GET");
      nlohmann::json ready = {
          {"status", "ready"}, {"generation", engine_.generation()}, {"native", engine_.native()}};
      return HttpResponse::Json(200, Dump(ready));
    }
    if (path == "/v1/decide") {
      if (request.method != "POST") return MethodNotAllowed("POST");
      return Decide(request);
    }
    if (path == "/approvals" || path.starts_with("/approvals/")) return page_.Handle(request);
    if (path == "/v1/approvals" || path.starts_with("/v1/approvals/")) {
      return Approvals(request, path);
    }
    if (path == "/access/v1/evaluation") {
      if (request.method != "POST") return MethodNotAllowed("POST");
      return authzen_.Evaluation(request);
    }
    if (path == "/access/v1/evaluations") {
      if (request.method != "POST") return MethodNotAllowed("POST");
      return authzen_.Evaluations(request);
    }
    if (path == "/access/v1/search/subject") {
      if (request.method != "POST") return MethodNotAllowed("POST");
      return search_.Subjects(request);
    }
    if (path == "/access/v1/search/resource") {
      if (request.method != "POST") return MethodNotAllowed("POST");
      return search_.Resources(request);
    }
    if (path == "/access/v1/search/action") {
      if (request.method != "POST") return MethodNotAllowed("POST");
      return search_.Actions(request);
    }
    if (path == "/metrics") {
      if (request.method != "GET" && request.method != "HEAD") return MethodNotAllowed("GET");
      HttpResponse response = HttpResponse::Json(200, metrics_.Text(engine_));
      response.content_type = "text/plain; version=0.0.4; charset=utf-8";
      return response;
    }
    if (path == "/admin/reload") {
      if (request.method != "POST") return MethodNotAllowed("POST");
      return AdminReload(request);
    }
    if (path == "/.well-known/authzen-configuration") {
      if (request.method != "GET" && request.method != "HEAD") return MethodNotAllowed("GET");
      return authzen_.Configuration(request);
    }
    return HttpResponse::Error(404, "no such endpoint: " + std::string(path));
  } catch (const std::exception& error) {
    return HttpResponse::Error(500, std::string("internal error: ") + error.what());
  }
}

// POST /v1/decide: one Intent request (docs/language.md §10), or one per
// line with a JSON-lines content type; ?explain=true adds explanations.
// A request that does not bind is a deny naming the problem, as in intentc.
HttpResponse Routes::Decide(const HttpRequest& request) const {
  std::string type = MediaType(request.Header("Content-Type"));
  bool lines = IsJsonLines(type);
  if (type != "application/json" && !lines) {
    return HttpResponse::Error(
        415, "send the request as application/json (or application/x-ndjson, one per line)");
  }
  DecideOptions options;
  std::string explain = request.Query("explain");
  options.explain = explain == "true" || explain == "1";
  std::string request_id = request.Header("X-Request-ID");  // for the decision log
  options.request_id = request_id;
  if (!lines) return HttpResponse::Json(200, DecisionJson(Timed(request.body, options)));
  std::string out;
  std::string_view body = request.body;
  while (!body.empty()) {
    size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    out += DecisionJson(Timed(line, options));
    out += '\n';
  }
  HttpResponse response = HttpResponse::Json(200, std::move(out));
  response.content_type = "application/x-ndjson";
  return response;
}

Decision Routes::Timed(std::string_view json, const DecideOptions& options) const {
  auto started = std::chrono::steady_clock::now();
  Decision decision = engine_.Decide(json, options);
  metrics_.Decision(
      Metrics::Endpoint::kDecide, decision.effect,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return decision;
}

// /v1/approvals and /v1/approvals/{id} (docs/approvals.md).
HttpResponse Routes::Approvals(const HttpRequest& request, std::string_view path) const {
  if (path == "/v1/approvals") {
    if (request.method != "GET" && request.method != "HEAD") return MethodNotAllowed("GET");
    return approvals_.List(request);
  }
  std::string id(path.substr(std::string_view("/v1/approvals/").size()));
  if (request.method == "GET" || request.method == "HEAD") return approvals_.Show(request, id);
  if (request.method == "POST") {
    if (MediaType(request.Header("Content-Type")) != "application/json") {
      return HttpResponse::Error(415, "send the verdict as application/json");
    }
    return approvals_.Resolve(request, id);
  }
  return MethodNotAllowed("GET, POST");
}

// POST /admin/reload with "Authorization: Bearer ADMIN-TOKEN": the bundle
// from its files again; on errors the running one stays and the
// diagnostics are returned (422).
HttpResponse Routes::AdminReload(const HttpRequest& request) const {
  if (std::optional<HttpResponse> denied = RequireAdmin(request, admin_token_)) return *denied;
  std::vector<LoadDiagnostic> diagnostics = reload_();
  metrics_.Reload(diagnostics.empty());
  if (diagnostics.empty()) {
    return HttpResponse::Json(200,
                              Dump({{"reloaded", true}, {"generation", engine_.generation()}}));
  }
  nlohmann::json lines = nlohmann::json::array();
  for (const LoadDiagnostic& d : diagnostics) lines.push_back(d.text);
  return HttpResponse::Json(
      422,
      Dump({{"reloaded", false}, {"generation", engine_.generation()}, {"diagnostics", lines}}));
}

}  // namespace intent::gateway
