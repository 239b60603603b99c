// libFuzzer target: bytes off the network into intent-gateway serve's
// HTTP parsing and endpoints (tools/gateway), response out. Any input must
// give a response or a parse error, never a crash, a hang or a 500.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "intent/intent.hpp"
#include "tools/gateway/routes.h"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;

const intent::Engine& Gmail() {
  static std::unique_ptr<intent::Engine> engine = [] {
    intent::EngineOptions options;
    options.jit = false;  // the interpreter: no LLVM start-up per fuzzing process
    intent::LoadResult loaded =
        intent::Engine::Load({INTENT_SOURCE_DIR "/examples/gmail"}, options);
    if (!loaded.engine) std::abort();
    return std::move(loaded.engine);
  }();
  return *engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static intent::gateway::Metrics metrics;
  static const intent::gateway::Routes routes(
      Gmail(), metrics, [] { return std::vector<intent::LoadDiagnostic>{}; }, "fuzz-admin-token");
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);  // the server's defaults (http_server.h)
  parser.body_limit(1 << 20);
  parser.eager(true);
  beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return 0;  // the server answers 4xx or waits for more
  http::request<http::string_body> request = parser.release();
  intent::gateway::HttpRequest plain;
  plain.method = std::string(request.method_string());
  plain.target = std::string(request.target());
  for (const auto& field : request) {
    plain.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  plain.body = std::move(request.body());
  intent::gateway::HttpResponse response = routes.Handle(plain);
  if (response.status >= 500 || response.status < 200) std::abort();
  return 0;
}
