// What the gateway's HTTP layer hands to a handler and takes back: plain
// structs, so that handlers (and the fuzz target) know nothing of Boost.
#pragma once

#include <nlohmann/json.hpp>
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

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones
  bool close = false;  // close the connection after this response

  static HttpResponse Json(int status, std::string body);
  // {"error": message}, with that status.
  static HttpResponse Error(int status, std::string_view message);
};

}  // namespace intent::gateway
