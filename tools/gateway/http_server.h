// The gateway's HTTP/1.1 server (Boost.Beast on Asio): a fixed pool of
// threads, keep-alive, limits on headers, bodies, time and connections, and
// a graceful stop. It knows nothing of Intent: each complete request goes
// to the handler, whose response is written back (docs/gateway.md,
// "Operations").
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "tools/gateway/http_types.h"

namespace intent::gateway {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8181;  // 0: any free port (see HttpServer::port)
  unsigned threads = 1;
  size_t header_limit = 16 * 1024;      // request line and headers: 431 beyond
  size_t body_limit = size_t{1} << 20;  // 413 beyond
  // From the first byte of a request to its last, and between requests on
  // a kept-alive connection: a slow or idle client loses its connection
  // (408 when a request was under way), and no worker waits for it.
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds idle_timeout{30'000};
  size_t max_connections = 4096;  // more are answered 503 and closed
  // How long a stop waits for requests in flight.
  std::chrono::milliseconds drain_timeout{5'000};
  // Called for every response written: its status, and the seconds from
  // the complete request to the response (0 for the server's own 4xx/503).
  std::function<void(int status, double seconds)> observe;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; false with `error` ("address in use", ...).
  bool Listen(std::string* error);
  // The port listened on (the one chosen, for port 0).
  uint16_t port() const;
  // Serves on the pool until Stop(), then returns once requests in flight
  // are answered (or the drain timeout passes).
  void Run();
  // Thread-safe and signal-handler-free: stops accepting, lets requests in
  // flight finish, closes idle connections.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace intent::gateway
