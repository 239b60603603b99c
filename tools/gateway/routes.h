// The decision point's endpoints (docs/gateway.md): requests in, responses
// out, on one shared intent::Engine. Pure request/response, so that tests
// and the fuzz target drive it without a socket.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "intent/intent.hpp"
#include "tools/gateway/approvals_api.h"
#include "tools/gateway/approvals_page.h"
#include "tools/gateway/authzen.h"
#include "tools/gateway/authzen_search.h"
#include "tools/gateway/http_types.h"
#include "tools/gateway/metrics.h"
#include "tools/gateway/search_config.h"

namespace intent::gateway {

// Reloads the bundle from its files; the diagnostics when it failed (the
// running bundle stays).
using Reload = std::function<std::vector<LoadDiagnostic>()>;

class Routes {
 public:
  // `admin_token` empty: the admin endpoints are off (403). `search_config`
  // (authzen.json), which must outlive the routes, may be null: then no
  // subject or resource type is searchable.
  Routes(const Engine& engine, Metrics& metrics, Reload reload, std::string admin_token,
         const SearchConfigStore* search_config = nullptr)
      : engine_(engine),
        metrics_(metrics),
        reload_(std::move(reload)),
        admin_token_(std::move(admin_token)),
        approvals_(engine, admin_token_),
        page_(engine, approvals_, admin_token_),
        authzen_(engine, metrics),
        search_(engine, authzen_, search_config) {}

  // Never throws; every answer is a response (4xx for what the client got
  // wrong, never 500 for a bad request).
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  HttpResponse Decide(const HttpRequest& request) const;
  HttpResponse AdminReload(const HttpRequest& request) const;
  HttpResponse Approvals(const HttpRequest& request, std::string_view path) const;
  // One decision, timed and counted.
  Decision Timed(std::string_view json, const DecideOptions& options) const;

  const Engine& engine_;
  Metrics& metrics_;
  Reload reload_;
  std::string admin_token_;
  ApprovalsApi approvals_;
  ApprovalsPage page_;  // after approvals_, which it decides through
  AuthZen authzen_;
  AuthZenSearch search_;  // after authzen_, which it decides through
};

}  // namespace intent::gateway
