// The decision point's endpoints (docs/gateway.md): requests in, responses
// out, on one shared intent::Engine. Pure request/response, so that tests
// and the fuzz target drive it without a socket.
#pragma once

#include <atomic>
#include <cstdint>

#include "intent/intent.hpp"
#include "tools/gateway/authzen.h"
#include "tools/gateway/http_types.h"

namespace intent::gateway {

class Routes {
 public:
  explicit Routes(const Engine& engine) : engine_(engine), authzen_(engine) {}

  // Never throws; every answer is a response (4xx for what the client got
  // wrong, never 500 for a bad request).
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  HttpResponse Decide(const HttpRequest& request) const;

  const Engine& engine_;
  AuthZen authzen_;
};

}  // namespace intent::gateway
