// What the gateway's HTTP layer hands to a handler and takes back: plain
// structs, so that handlers (and the fuzz target) know nothing of Boost.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace intent::gateway {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header of that name (case-insensitive), or "".
  std::string Header(std::string_view name) const;
  // The path without the query.
  std::string_view Path() const;
  // The value of query parameter `name` ("" when absent; no decoding
  // beyond what the gateway's own parameters need).
  std::string Query(std::string_view name) const;
};

// JSON text of `value`; invalid UTF-8 (from a request's path or headers)
// is replaced, never thrown on.
std::string Dump(const nlohmann::json& value);

struct HttpResponse;

// A response that is not ready yet (a long poll): the server calls `poll`
// every `interval` on the connection's own strand, never blocking a
// worker, until it returns a response; at `deadline` (or when the server
// stops) it calls it with `last` true, and that answer must be final.
struct DeferredResponse {
  std::function<std::optional<HttpResponse>(bool last)> poll;
  std::chrono::steady_clock::time_point deadline;
  std::chrono::milliseconds interval{100};
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones
  bool close = false;  // close the connection after this response
  // Set: the answer comes later, from the deferral; the rest is unused.
  std::shared_ptr<DeferredResponse> deferred;

  static HttpResponse Json(int status, std::string body);
  // {"error": message}, with that status.
  static HttpResponse Error(int status, std::string_view message);
};

}  // namespace intent::gateway
