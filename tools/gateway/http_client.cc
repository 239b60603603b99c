#include "tools/gateway/http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace intent::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Runs one exchange on `stream` (a tcp_stream or an ssl_stream over one),
// with the io_context bounded by the deadline.
template <typename Stream>
HttpResult Exchange(asio::io_context& ioc, Stream& stream, const HttpTarget& target,
                    const HttpCall& call, std::chrono::steady_clock::time_point deadline) {
  HttpResult result;
  http::request<http::string_body> request{http::string_to_verb(call.method), target.path, 11};
  request.set(http::field::host, target.host);
  request.set(http::field::user_agent, "intent-gateway");
  for (const auto& [name, value] : call.headers) request.set(name, value);
  request.body() = call.body;
  request.prepare_payload();
  request.keep_alive(false);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::size_t{8} << 20);
  beast::error_code failure;
  http::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
    if (ec) {
      failure = ec;
      return;
    }
    http::async_read(stream, buffer, parser,
                     [&](beast::error_code read_ec, std::size_t) { failure = read_ec; });
  });
  ioc.run_until(deadline);
  if (!ioc.stopped()) {
    result.error = "timed out";
    return result;
  }
  if (failure) {
    result.error = failure.message();
    return result;
  }
  result.status = static_cast<int>(parser.get().result_int());
  result.body = std::move(parser.get().body());
  return result;
}

}  // namespace

bool ParseHttpUrl(const std::string& url, HttpTarget& out, std::string& error) {
  std::string rest;
  if (url.starts_with("http://")) {
    out.tls = false;
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    out.tls = true;
    rest = url.substr(8);
  } else {
    error = "'" + url + "' is not an http:// or https:// URL";
    return false;
  }
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  out.path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.find('@') != std::string::npos) {
    error = "URLs with credentials are refused: give secrets in files";
    return false;
  }
  size_t colon = authority.rfind(':');
  bool bracketed = !authority.empty() && authority.front() == '[';
  if (colon != std::string::npos && (!bracketed || colon > authority.find(']'))) {
    out.host = authority.substr(0, colon);
    out.port = authority.substr(colon + 1);
  } else {
    out.host = authority;
    out.port = out.tls ? "443" : "80";
  }
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  if (out.host.empty() || out.port.empty() ||
      out.port.find_first_not_of("0123456789") != std::string::npos) {
    error = "'" + url + "' has no valid host and port";
    return false;
  }
  return true;
}

HttpResult Fetch(const HttpCall& call) {
  HttpResult result;
  HttpTarget target;
  if (!ParseHttpUrl(call.url, target, result.error)) return result;
  try {
    auto deadline = std::chrono::steady_clock::now() + call.timeout;
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    std::optional<tcp::resolver::results_type> endpoints;
    resolver.async_resolve(target.host, target.port,
                           [&](beast::error_code resolve_ec, tcp::resolver::results_type found) {
                             ec = resolve_ec;
                             endpoints = std::move(found);
                           });
    ioc.run_until(deadline);
    if (!ioc.stopped() || ec || !endpoints) {
      result.error = ec ? "cannot resolve " + target.host + ": " + ec.message() : "timed out";
      return result;
    }
    ioc.restart();
    if (!target.tls) {
      beast::tcp_stream stream(ioc);
      stream.async_connect(
          *endpoints, [&](beast::error_code connect_ec, const tcp::endpoint&) { ec = connect_ec; });
      ioc.run_until(deadline);
      if (!ioc.stopped() || ec) {
        result.error = ec ? "cannot connect: " + ec.message() : "timed out";
        return result;
      }
      ioc.restart();
      return Exchange(ioc, stream, target, call, deadline);
    }
    // TLS: the system's trust store, and the host name checked.
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str())) {
      result.error = "cannot set the TLS server name";
      return result;
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
    beast::get_lowest_layer(stream).async_connect(
        *endpoints, [&](beast::error_code connect_ec, const tcp::endpoint&) {
          if (connect_ec) {
            ec = connect_ec;
            return;
          }
          stream.async_handshake(asio::ssl::stream_base::client,
                                 [&](beast::error_code handshake_ec) { ec = handshake_ec; });
        });
    ioc.run_until(deadline);
    if (!ioc.stopped() || ec) {
      result.error = ec ? "cannot connect over TLS: " + ec.message() : "timed out";
      return result;
    }
    ioc.restart();
    return Exchange(ioc, stream, target, call, deadline);
  } catch (const std::exception& error) {
    result.error = error.what();
    return result;
  }
}

}  // namespace intent::gateway
