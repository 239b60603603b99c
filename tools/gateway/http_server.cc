// The HTTP server (see http_server.h). One Session per connection, on its
// own strand; reads are bounded in size (Beast's parser limits) and in time
// (tcp_stream's expiry), so neither a large nor a slow client can hold a
// worker.
#include "tools/gateway/http_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "tools/gateway/request_id.h"

namespace intent::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Shared {
  HttpServerOptions options;
  HttpHandler handler;
  std::atomic<size_t> connections{0};
  std::atomic<bool> stopping{false};
  // Set by Stop(): called when the last connection closes while stopping.
  std::function<void()> drained;
  // Set when the drain timed out and the io_context was stopped: sessions
  // destroyed from then on (with the io_context's pending handlers) must
  // not post to it any more.
  std::atomic<bool> abandoned{false};
};

http::response<http::string_body> ToBeast(const HttpResponse& response, unsigned version,
                                          bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(response.status), version};
  out.set(http::field::server, "intent-gateway");
  out.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) out.set(name, value);
  out.body() = response.body;
  out.keep_alive(keep_alive && !response.close);
  out.prepare_payload();
  return out;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), shared_(std::move(shared)) {}
  ~Session() {
    if (shared_->connections.fetch_sub(1) == 1 && shared_->stopping.load() &&
        !shared_->abandoned.load() && shared_->drained) {
      shared_->drained();
    }
  }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

  // Answers 503 and closes: the server is at its connection limit.
  void Refuse() {
    HttpResponse busy = HttpResponse::Error(503, "too many connections; try again later");
    busy.close = true;
    Write(busy, 11);
  }

  // Closes the connection if it waits for a request (a stop).
  void CloseIfIdle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        self->stream_.close();
      }
    });
  }

 private:
  // Reads are timed by `timer_`, not by the stream's own expiry: that one
  // closes the socket, and a client whose request timed out is owed a 408.
  void Arm(std::chrono::milliseconds timeout) {
    timed_out_ = false;
    timer_.expires_after(timeout);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the read finished first
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
  }

  void Read() {
    // Stopping: no further request on this connection. (A connection busy
    // answering when the stop began was not closed as idle; it closes here.)
    if (shared_->stopping.load()) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(shared_->options.header_limit));
    parser_->body_limit(shared_->options.body_limit);
    stream_.expires_never();
    busy_ = false;
    if (buffer_.size() > 0) {
      ReadRequest();
      return;
    }
    // Waiting for a request on a kept-alive connection is idle time; once
    // bytes arrive, the request must be complete within request_timeout.
    Arm(shared_->options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                              self->timer_.cancel();
                              if (ec) return self->Close();
                              self->buffer_.commit(bytes);
                              self->ReadRequest();
                            });
  }

  void ReadRequest() {
    busy_ = true;
    Arm(shared_->options.request_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t /*bytes*/) {
    timer_.cancel();
    if (ec && timed_out_) {
      HttpResponse late = HttpResponse::Error(408, "the request did not arrive in time");
      late.close = true;
      return Write(late, 11);
    }
    if (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec) {
      HttpResponse answer;
      if (ec == http::error::header_limit) {
        answer = HttpResponse::Error(431, "the request line and headers are too large");
      } else if (ec == http::error::body_limit) {
        answer = HttpResponse::Error(413, "the body is larger than the limit");
      } else if (ec == http::error::partial_message) {
        return Close();  // the client went away mid-request
      } else {
        answer = HttpResponse::Error(400, std::string("malformed HTTP request: ") + ec.message());
      }
      answer.close = true;
      return Write(answer, 11);
    }
    http::request<http::string_body> request = parser_->release();
    HttpRequest plain;
    plain.method = std::string(request.method_string());
    plain.target = std::string(request.target());
    for (const auto& field : request) {
      plain.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    plain.body = std::move(request.body());
    // Every request has an id: the client's, or one made here, which the
    // handler sees like a client's (for the decision log) and the response
    // returns.
    std::string id = plain.Header("X-Request-ID");
    if (id.empty()) {
      id = NewRequestId();
      // First, so that it wins over an empty X-Request-ID the client sent.
      plain.headers.emplace(plain.headers.begin(), "X-Request-ID", id);
    }
    HttpResponse answer;
    auto started = std::chrono::steady_clock::now();
    try {
      answer = shared_->handler(plain);
    } catch (...) {
      // A handler must not throw; if one does, the client still gets an answer.
      answer = HttpResponse::Error(500, "internal error");
    }
    handled_seconds_ =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (answer.deferred) {
      deferred_ = {std::move(answer.deferred), request.keep_alive(), request.version(), id};
      return Poll();
    }
    Finish(std::move(answer), request.keep_alive(), request.version(), id);
  }

  void Finish(HttpResponse answer, bool keep_alive, unsigned version, const std::string& id) {
    if (!keep_alive || shared_->stopping.load()) answer.close = true;
    answer.headers.emplace_back("X-Request-ID", id);
    Write(answer, version);
  }

  // A long poll: asks the deferral again every interval on this strand (a
  // timer, not a sleeping worker) until it answers, its deadline passes or
  // the server stops.
  void Poll() {
    DeferredResponse& deferral = *deferred_.response;
    bool last = shared_->stopping.load() || std::chrono::steady_clock::now() >= deferral.deadline;
    std::optional<HttpResponse> answer;
    try {
      answer = deferral.poll(last);
    } catch (...) {
      answer = HttpResponse::Error(500, "internal error");
    }
    if (!answer && last) answer = HttpResponse::Error(500, "internal error: no final answer");
    if (answer) {
      Pending pending = std::move(deferred_);
      deferred_ = {};
      return Finish(std::move(*answer), pending.keep_alive, pending.version, pending.id);
    }
    auto wait = std::min<std::chrono::steady_clock::duration>(
        deferral.interval, deferral.deadline - std::chrono::steady_clock::now());
    timer_.expires_after(std::max<std::chrono::steady_clock::duration>(wait, {}));
    timer_.async_wait([self = shared_from_this()](beast::error_code) { self->Poll(); });
  }

  void Write(const HttpResponse& answer, unsigned version) {
    busy_ = true;
    if (shared_->options.observe) shared_->options.observe(answer.status, handled_seconds_);
    handled_seconds_ = 0;
    auto response = std::make_shared<http::response<http::string_body>>(
        ToBeast(answer, version, !answer.close));
    // A client that does not read its answer loses the connection.
    stream_.expires_after(shared_->options.request_timeout);
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](beast::error_code ec, size_t) {
                        if (ec || !response->keep_alive()) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    busy_ = false;
    timer_.cancel();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  bool timed_out_ = false;
  beast::flat_buffer buffer_;
  std::shared_ptr<Shared> shared_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool busy_ = false;  // a request is being read, handled or answered
  double handled_seconds_ = 0;
  // The request waiting on a deferred response, if any.
  struct Pending {
    std::shared_ptr<DeferredResponse> response;
    bool keep_alive = false;
    unsigned version = 11;
    std::string id;
  };
  Pending deferred_;
};

}  // namespace

struct HttpServer::Impl {
  explicit Impl(HttpServerOptions options, HttpHandler handler)
      : ioc(static_cast<int>(std::max(1u, options.threads))),
        control(asio::make_strand(ioc)),
        acceptor(control),
        shared(std::make_shared<Shared>()) {
    shared->options = std::move(options);
    shared->handler = std::move(handler);
  }

  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (acceptor.is_open()) Accept();  // e.g. too many open files: keep serving
        return;
      }
      size_t open = shared->connections.fetch_add(1, std::memory_order_relaxed) + 1;
      auto session = std::make_shared<Session>(std::move(socket), shared);
      if (open > shared->options.max_connections) {
        session->Refuse();
      } else {
        Track(session);
        session->Start();
      }
      Accept();
    });
  }

  void Track(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(mutex);
    std::erase_if(sessions, [](const std::weak_ptr<Session>& s) { return s.expired(); });
    sessions.push_back(session);
  }

  asio::io_context ioc;
  // The acceptor, the stop and the drain timer act on this strand only.
  asio::strand<asio::io_context::executor_type> control;
  tcp::acceptor acceptor;
  std::atomic<bool> stop_started{false};
  std::shared_ptr<Shared> shared;
  std::mutex mutex;  // guards sessions
  std::vector<std::weak_ptr<Session>> sessions;
  std::optional<asio::steady_timer> drain;
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() = default;

bool HttpServer::Listen(std::string* error) {
  beast::error_code ec;
  const HttpServerOptions& options = impl_->shared->options;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) {
    *error = "invalid listen address '" + options.address + "'";
    return false;
  }
  tcp::endpoint endpoint(address, options.port);
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    *error = "cannot listen on " + options.address + ":" + std::to_string(options.port) + ": " +
             ec.message();
    return false;
  }
  return true;
}

uint16_t HttpServer::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void HttpServer::Run() {
  asio::post(impl_->control, [impl = impl_.get()] { impl->Accept(); });
  std::vector<std::thread> pool;
  unsigned threads = std::max(1u, impl_->shared->options.threads);
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (std::thread& thread : pool) thread.join();
}

void HttpServer::Stop() {
  asio::post(impl_->control, [impl = impl_.get()] {
    if (impl->stop_started.exchange(true)) return;
    // Requests in flight finish (their connections then close); past the
    // drain timeout, whatever is left is dropped. The callback is set
    // before `stopping` is, so a session that sees one sees the other.
    impl->drain.emplace(impl->control, impl->shared->options.drain_timeout);
    impl->drain->async_wait([impl](beast::error_code ec) {
      if (ec == asio::error::operation_aborted) return;
      impl->shared->abandoned.store(true);
      impl->ioc.stop();
    });
    impl->shared->drained = [impl] {
      asio::post(impl->control, [impl] { impl->drain->cancel(); });
    };
    impl->shared->stopping.store(true);
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    {
      std::lock_guard lock(impl->mutex);
      for (const auto& weak : impl->sessions) {
        if (auto session = weak.lock()) session->CloseIfIdle();
      }
    }
    if (impl->shared->connections.load() == 0) impl->drain->cancel();
  });
}

}  // namespace intent::gateway
