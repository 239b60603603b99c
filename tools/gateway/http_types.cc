// Request accessors and response helpers (see http_types.h).
#include "tools/gateway/http_types.h"

#include <strings.h>

#include <nlohmann/json.hpp>

namespace intent::gateway {

std::string HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return "";
}

std::string_view HttpRequest::Path() const {
  std::string_view path = target;
  return path.substr(0, path.find('?'));
}

std::string HttpRequest::Query(std::string_view name) const {
  size_t question = target.find('?');
  if (question == std::string::npos) return "";
  std::string_view query = std::string_view(target).substr(question + 1);
  while (!query.empty()) {
    std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    std::string_view key = pair.substr(0, pair.find('='));
    if (key == name)
      return std::string(pair.size() > key.size() ? pair.substr(key.size() + 1) : "");
  }
  return "";
}

std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

HttpResponse HttpResponse::Error(int status, std::string_view message) {
  return Json(status, Dump(nlohmann::json{{"error", message}}));
}

}  // namespace intent::gateway
