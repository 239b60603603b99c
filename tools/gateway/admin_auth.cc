#include "tools/gateway/admin_auth.h"

#include <strings.h>

namespace intent::gateway {

bool SameSecret(std::string_view presented, std::string_view token) {
  unsigned char difference = presented.size() == token.size() ? 0 : 1;
  for (size_t i = 0; i < token.size(); ++i) {
    char c = i < presented.size() ? presented[i] : '\0';
    difference |= static_cast<unsigned char>(c ^ token[i]);
  }
  return difference == 0 && !token.empty();
}

std::optional<HttpResponse> RequireAdmin(const HttpRequest& request, const std::string& token) {
  if (token.empty()) {
    return HttpResponse::Error(403, "no admin token is configured (--admin-token-file)");
  }
  std::string authorization = request.Header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  bool bearer = authorization.size() > kBearer.size() &&
                strncasecmp(authorization.data(), kBearer.data(), kBearer.size()) == 0;
  if (bearer && SameSecret(std::string_view(authorization).substr(kBearer.size()), token)) {
    return std::nullopt;
  }
  HttpResponse denied = HttpResponse::Error(401, "a valid admin bearer token is required");
  denied.headers.emplace_back("WWW-Authenticate", "Bearer");
  return denied;
}

}  // namespace intent::gateway
