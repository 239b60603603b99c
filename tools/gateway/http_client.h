// A small synchronous HTTP/1.1 client (Boost.Beast; TLS through OpenSSL
// for https): what the gateway sends out, the webhook's POSTs and the
// `approvals` subcommand's calls to a running gateway. Every call is
// bounded by its timeout; nothing throws.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace intent::gateway {

struct HttpTarget {
  bool tls = false;
  std::string host;
  std::string port;  // "80", "443" or as given
  std::string path;  // "/..." with the query; "/" when the URL has none
};

// "http://HOST[:PORT][/PATH]" or "https://...": false with `error` for any
// other shape (credentials in the URL are refused: they would be logged).
bool ParseHttpUrl(const std::string& url, HttpTarget& out, std::string& error);

struct HttpCall {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};  // the whole call: resolve, connect, write, read
};

struct HttpResult {
  int status = 0;  // 0: no answer (see error)
  std::string body;
  std::string error;  // empty when an answer arrived
};

// Makes the call; the answer (any status) or why there was none.
HttpResult Fetch(const HttpCall& call);

}  // namespace intent::gateway
