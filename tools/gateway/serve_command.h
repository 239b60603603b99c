// `intent-gateway serve`: its options and the command (docs/gateway.md).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace intent::gateway {

struct ServeOptions {
  std::vector<std::string> policies;
  std::vector<std::string> schemas;
  std::vector<std::string> data;
  std::string listen = "127.0.0.1:8181";
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::string decision_log;
  std::string admin_token_file;
  bool watch = true;
  size_t max_connections = 4096;
  size_t body_limit = size_t{1} << 20;
  double request_timeout = 10;
  double idle_timeout = 30;
  // How long an approval stays open when its rule gives no `approve
  // within`: "15m", "1h", "90s" or plain seconds.
  std::string approval_ttl = "15m";
  std::string webhook;              // POST each new approval here
  std::string webhook_secret_file;  // its HMAC key, the file's first line
};

// Serves until SIGTERM or SIGINT; the exit status (0 clean stop, 1 the
// bundle does not compile, 2 usage, configuration or I/O error).
int Serve(const ServeOptions& options);

// "15m", "1h", "90s", "2d" or whole seconds, into microseconds; false for
// anything else or a duration that is not positive.
bool ParseDurationOption(const std::string& text, int64_t& micros);

// The first line of `path`, trailing blanks removed; false when the file
// cannot be read or the line is empty. For tokens and secrets.
bool ReadSecretFile(const std::string& path, std::string& secret);

}  // namespace intent::gateway
