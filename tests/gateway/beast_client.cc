// The Beast test client: synchronous, one tcp_stream with a deadline per
// request.
#include "tests/gateway/beast_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace intent::gateway_test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

struct BeastClient::Impl {
  Impl(uint16_t p, std::chrono::milliseconds t) : port(p), timeout(t), stream(io) {}
  uint16_t port;
  std::chrono::milliseconds timeout;
  asio::io_context io;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool connected = false;
};

BeastClient::BeastClient(uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(port, timeout)) {}

BeastClient::~BeastClient() {
  beast::error_code ignored;
  impl_->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

HttpAnswer BeastClient::Post(const std::string& target, const std::string& body) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code error;
    if (!impl_->connected) {
      impl_->stream.close();
      impl_->buffer.clear();
      impl_->stream.expires_after(impl_->timeout);
      impl_->stream.connect(
          asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), impl_->port), error);
      if (error) return {};
      impl_->connected = true;
      ++connections_;
    }
    http::request<http::string_body> request(http::verb::post, target, 11);
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    request.set(http::field::authorization, "Bearer interop");
    request.keep_alive(true);
    request.body() = body;
    request.prepare_payload();
    impl_->stream.expires_after(impl_->timeout);
    http::write(impl_->stream, request, error);
    http::response<http::string_body> response;
    if (!error) http::read(impl_->stream, impl_->buffer, response, error);
    if (error) {
      impl_->connected = false;  // closed by the server meanwhile: once more
      continue;
    }
    HttpAnswer answer;
    answer.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      answer.headers[name] = std::string(field.value());
    }
    answer.body = std::move(response.body());
    if (!response.keep_alive()) impl_->connected = false;
    return answer;
  }
  return {};
}

}  // namespace intent::gateway_test
