// The page for the person who approves (docs/approvals.md, "The page"):
// GET /approvals lists pending approvals (agent, operation, arguments,
// reasons, time left) with approve and deny buttons. Server-rendered HTML,
// no script, no external asset; works without JavaScript.
//
// Signing in takes the admin token once, with the name decisions are
// recorded under; the session is an HttpOnly, SameSite=Strict cookie, and
// every form carries the session's CSRF token. Every value shown is
// HTML-escaped: arguments come from agents and are hostile.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "intent/intent.hpp"
#include "tools/gateway/approvals_api.h"
#include "tools/gateway/http_types.h"

namespace intent::gateway {

// `text` safe inside HTML text and quoted attributes.
std::string HtmlEscape(std::string_view text);

// The value of `name` in an application/x-www-form-urlencoded body ("" when
// absent), percent- and plus-decoded.
std::string FormValue(std::string_view body, std::string_view name);

class ApprovalsPage {
 public:
  ApprovalsPage(const Engine& engine, const ApprovalsApi& api, std::string admin_token)
      : engine_(engine), api_(api), admin_token_(std::move(admin_token)) {}

  // Every path under /approvals.
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  struct Session {
    std::string name;  // who decisions are recorded under
    std::string csrf;
    std::chrono::steady_clock::time_point expires;
  };

  HttpResponse SignIn(const HttpRequest& request) const;
  HttpResponse SignOut(const HttpRequest& request) const;
  HttpResponse List(const Session& session, const HttpRequest& request) const;
  HttpResponse Decide(const Session& session, const HttpRequest& request, const std::string& id,
                      bool approve) const;
  // The signed-in session of `request`, if any (a copy: sessions may go).
  std::optional<Session> SessionOf(const HttpRequest& request) const;

  const Engine& engine_;
  const ApprovalsApi& api_;
  std::string admin_token_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, Session> sessions_;  // by cookie value
};

}  // namespace intent::gateway
