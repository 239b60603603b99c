// Starts the real intent-gateway binary on a free loopback port for a test
// and stops it (SIGTERM, then SIGKILL after a deadline) when the test ends,
// even when it fails. HTTP helpers talk to it over loopback only, each
// bounded in time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace intent::gateway_test {

struct HttpAnswer {
  int status = 0;                              // 0: no answer (closed, or timed out)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

class GatewayProcess {
 public:
  // `args` follow "intent-gateway serve"; --listen 127.0.0.1:0 is added
  // unless they give --listen.
  explicit GatewayProcess(std::vector<std::string> args);
  ~GatewayProcess();
  GatewayProcess(const GatewayProcess&) = delete;
  GatewayProcess& operator=(const GatewayProcess&) = delete;

  bool started() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  // What the process wrote to stderr so far (for failure messages).
  std::string Stderr() const;
  // SIGTERM and wait; the exit status, or -1 if it had to be killed.
  int Stop(std::chrono::milliseconds deadline = std::chrono::milliseconds(10'000));

  // One request on a fresh connection.
  HttpAnswer Request(const std::string& method, const std::string& target,
                     const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {}) const;
  // Raw bytes on a fresh connection; reads until the server closes or
  // `timeout` passes, and parses the first response in what came back.
  HttpAnswer Raw(const std::string& bytes,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(5'000)) const;
  // A connected socket to the gateway (the caller closes it), or -1.
  int Connect() const;
  // Sends `signal` (SIGHUP: reload) to the running gateway.
  void Signal(int signal) const;

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string stderr_path_;
  int exit_status_ = -2;
};

// Parses one HTTP/1.1 response from `text` (Content-Length bodies).
HttpAnswer ParseResponse(const std::string& text);

}  // namespace intent::gateway_test
