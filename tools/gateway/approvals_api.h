// The approvals endpoints (docs/approvals.md): list, show (and wait for),
// approve or deny. Showing one needs only its id, the capability the
// asking agent holds; listing (every agent's arguments) and deciding need
// the admin token.
#pragma once

#include <string>
#include <string_view>

#include "intent/intent.hpp"
#include "tools/gateway/http_types.h"

namespace intent::gateway {

// The longest ?wait= a show may ask for, in seconds.
inline constexpr int kMaxApprovalWaitSeconds = 60;

// Whether `id` has the shape of an approval id (hex, at most 64 digits).
bool IsApprovalId(std::string_view id);

class ApprovalsApi {
 public:
  ApprovalsApi(const Engine& engine, std::string admin_token)
      : engine_(engine), admin_token_(std::move(admin_token)) {}

  // GET /v1/approvals[?state=pending|all&limit=N]
  HttpResponse List(const HttpRequest& request) const;
  // GET /v1/approvals/{id}[?wait=SECONDS]: waits (without holding a worker)
  // while the approval is pending, up to the seconds asked.
  HttpResponse Show(const HttpRequest& request, const std::string& id) const;
  // POST /v1/approvals/{id} {"verdict": "approve"|"deny", "by": "..."}
  HttpResponse Resolve(const HttpRequest& request, const std::string& id) const;
  // The same decision from the approvals page, whose caller is signed in.
  HttpResponse ResolveAs(const std::string& id, bool approve, const std::string& by) const;

 private:
  const Engine& engine_;
  std::string admin_token_;
};

}  // namespace intent::gateway
