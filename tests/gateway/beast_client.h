// A small keep-alive HTTP/1.1 client on Boost.Beast for the gateway tests:
// one connection to the gateway on loopback, reused for every request (as
// an AuthZEN caller would), each request bounded in time.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "tests/gateway/gateway_process.h"

namespace intent::gateway_test {

class BeastClient {
 public:
  explicit BeastClient(uint16_t port,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(5'000));
  ~BeastClient();
  BeastClient(const BeastClient&) = delete;
  BeastClient& operator=(const BeastClient&) = delete;

  // POSTs `body` as application/json on the kept-alive connection
  // (reconnecting once if the server closed it). status 0: no answer.
  HttpAnswer Post(const std::string& target, const std::string& body);
  // How many connections were opened so far (1 while keep-alive holds).
  int connections() const { return connections_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int connections_ = 0;
};

}  // namespace intent::gateway_test
