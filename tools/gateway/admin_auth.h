// The admin bearer token (--admin-token-file): what guards reloads and
// approving. Compared in time independent of where a guess differs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tools/gateway/http_types.h"

namespace intent::gateway {

// Whether `presented` equals `token`, in time independent of their bytes.
bool SameSecret(std::string_view presented, std::string_view token);

// Nothing when `request` carries "Authorization: Bearer TOKEN"; else the
// answer: 403 when no token is configured (the endpoint is off), 401 with
// WWW-Authenticate when the token is missing or wrong.
std::optional<HttpResponse> RequireAdmin(const HttpRequest& request, const std::string& token);

}  // namespace intent::gateway
