// intent-gateway: Intent where an agent's calls pass (docs/gateway.md).
// This is the `serve` subcommand: a policy decision point over HTTP.
//
//   intent-gateway serve --policy DIR [--schema PATH]... [--listen HOST:PORT]
//                        [--threads N] [--decision-log FILE|-]
//
// Exit status: 0 after a clean stop (SIGTERM or SIGINT: stop accepting,
// answer the calls in flight, flush the decision log), 1 the bundle does not
// compile, 2 usage, configuration or I/O error.
#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "intent/intent.hpp"
#include "tools/gateway/file_watcher.h"
#include "tools/gateway/http_server.h"
#include "tools/gateway/routes.h"
#include "tools/gateway/search_config.h"

namespace {

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
};

// "HOST:PORT" (IPv6 in brackets: "[::1]:8181").
bool SplitListen(const std::string& listen, std::string& host, uint16_t& port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) return false;
  host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  try {
    size_t used = 0;
    unsigned long value = std::stoul(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || value > 65535) return false;
    port = static_cast<uint16_t>(value);
  } catch (const std::exception&) {
    return false;
  }
  return !host.empty();
}

// Whether `file` is a data file (docs/data.md): a *.json in a folder named
// data/, or in (or named by) a --data path.
bool IsDataFile(const std::string& file, const std::vector<std::string>& data_paths) {
  std::filesystem::path path(file);
  if (path.extension() != ".json") return false;
  if (path.parent_path().filename() == "data") return true;
  return std::any_of(data_paths.begin(), data_paths.end(), [&](const std::string& data) {
    std::filesystem::path root = std::filesystem::path(data).lexically_normal();
    std::filesystem::path normal = path.lexically_normal();
    return normal == root || normal.parent_path() == root;
  });
}

int Serve(const ServeOptions& options) {
  intent::gateway::HttpServerOptions http;
  if (!SplitListen(options.listen, http.address, http.port)) {
    std::cerr << "intent-gateway: --listen takes HOST:PORT, not '" << options.listen << "'\n";
    return 2;
  }
  http.threads = options.threads;
  http.max_connections = options.max_connections;
  http.body_limit = options.body_limit;
  http.request_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.request_timeout * 1000));
  http.idle_timeout = std::chrono::milliseconds(static_cast<int64_t>(options.idle_timeout * 1000));

  // Signals are taken by one thread (sigwait), not by handlers: blocked
  // here, before any other thread exists, so every thread inherits it.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // authzen.json is configuration: a bad one is exit 2, before compiling.
  intent::gateway::SearchConfigStore search_config;
  {
    intent::gateway::SearchConfig config;
    std::string error;
    if (!intent::gateway::LoadSearchConfig(options.policies, config, error)) {
      std::cerr << "intent-gateway: " << error << "\n";
      return 2;
    }
    search_config.Set(std::move(config));
  }

  intent::EngineOptions engine_options;
  engine_options.schema_paths = options.schemas;
  engine_options.data_paths = options.data;
  intent::LoadResult loaded = intent::Engine::Load(options.policies, engine_options);
  for (const intent::LoadDiagnostic& diagnostic : loaded.diagnostics) std::cerr << diagnostic.text;
  if (!loaded.engine) return loaded.io_error ? 2 : 1;
  intent::Engine& engine = *loaded.engine;
  auto warn_search = [&engine, &search_config] {
    for (const std::string& warning :
         intent::gateway::SearchConfigWarnings(*search_config.Get(), engine)) {
      std::cerr << "intent-gateway: warning: " << warning << "\n";
    }
  };
  warn_search();
  if (!options.decision_log.empty()) {
    intent::DecisionLogOptions log;
    if (options.decision_log == "-") {
      log.stream = &std::cout;
    } else {
      log.path = options.decision_log;
    }
    std::string error;
    if (!engine.SetDecisionLog(log, &error)) {
      std::cerr << "intent-gateway: " << error << "\n";
      return 2;
    }
  }

  std::string admin_token;
  if (!options.admin_token_file.empty()) {
    std::ifstream file(options.admin_token_file);
    if (!file || !std::getline(file, admin_token) || admin_token.empty()) {
      std::cerr << "intent-gateway: cannot read an admin token from '" << options.admin_token_file
                << "' (its first line)\n";
      return 2;
    }
    while (!admin_token.empty() && (admin_token.back() == '\r' || admin_token.back() == ' ')) {
      admin_token.pop_back();
    }
  }
  intent::gateway::Metrics metrics;
  // SIGHUP, POST /admin/reload and file changes: one reload at a time,
  // each logged and counted. authzen.json is part of the bundle: when it is
  // invalid the reload is refused whole, and the running bundle and
  // configuration stay.
  std::mutex reload_mutex;
  auto reload = [&engine, &options, &search_config, &reload_mutex, &warn_search]() {
    std::lock_guard lock(reload_mutex);
    intent::gateway::SearchConfig config;
    std::string error;
    std::vector<intent::LoadDiagnostic> diagnostics;
    if (!intent::gateway::LoadSearchConfig(options.policies, config, error)) {
      intent::LoadDiagnostic diagnostic;
      diagnostic.severity = "error";
      diagnostic.message = error;
      diagnostic.text = error + "\n";
      diagnostics.push_back(std::move(diagnostic));
    } else {
      diagnostics = engine.Reload(options.policies);
      bool failed =
          std::any_of(diagnostics.begin(), diagnostics.end(),
                      [](const intent::LoadDiagnostic& d) { return d.severity == "error"; });
      if (!failed) {
        // A bundle with warnings only is in service: they are shown, and
        // the reload is a success (Reload's contract: no diagnostics).
        for (const intent::LoadDiagnostic& d : diagnostics) std::cerr << d.text;
        diagnostics.clear();
        search_config.Set(std::move(config));
        warn_search();
      }
    }
    for (const intent::LoadDiagnostic& d : diagnostics) std::cerr << d.text;
    std::cerr << "intent-gateway: reload " << (diagnostics.empty() ? "done" : "failed")
              << ", serving generation " << engine.generation() << "\n";
    return diagnostics;
  };
  intent::gateway::Routes routes(engine, metrics, reload, admin_token, &search_config);
  http.observe = [&metrics](int status, double seconds) { metrics.Response(status, seconds); };
  intent::gateway::HttpServer server(
      http, [&routes](const intent::gateway::HttpRequest& r) { return routes.Handle(r); });
  std::string error;
  if (!server.Listen(&error)) {
    std::cerr << "intent-gateway: " << error << "\n";
    return 2;
  }
  std::thread signal_thread([&] {
    for (;;) {
      int signal = 0;
      if (sigwait(&signals, &signal) != 0) continue;
      if (signal == SIGHUP) {
        metrics.Reload(reload().empty());
        continue;
      }
      server.Stop();
      return;
    }
  });
  signal_thread.detach();
  // Editing a policy or schema reloads the bundle; editing only data files
  // reloads the data, without recompiling (docs/data.md).
  std::unique_ptr<intent::gateway::FileWatcher> watcher;
  if (options.watch) {
    std::vector<std::string> watched = options.policies;
    watched.insert(watched.end(), options.data.begin(), options.data.end());
    auto reload_data = [&engine, &reload_mutex, &warn_search]() {
      std::lock_guard lock(reload_mutex);
      std::vector<intent::LoadDiagnostic> diagnostics = engine.ReloadData();
      if (diagnostics.empty()) warn_search();
      for (const intent::LoadDiagnostic& d : diagnostics) std::cerr << d.text;
      std::cerr << "intent-gateway: data reload " << (diagnostics.empty() ? "done" : "failed")
                << ", serving generation " << engine.generation() << "\n";
      return diagnostics;
    };
    watcher = std::make_unique<intent::gateway::FileWatcher>(
        watched, [&, reload_data](const std::vector<std::string>& files) {
          bool data_only = !files.empty() &&
                           std::all_of(files.begin(), files.end(), [&](const std::string& file) {
                             return IsDataFile(file, options.data);
                           });
          metrics.Reload((data_only ? reload_data() : reload()).empty());
        });
    if (!watcher->Start(&error)) {
      std::cerr << "intent-gateway: " << error << "; reload with SIGHUP or /admin/reload\n";
      watcher.reset();
    }
  }
  std::cout << "intent-gateway: serving on http://"
            << (http.address.find(':') != std::string::npos ? "[" + http.address + "]"
                                                            : http.address)
            << ":" << server.port() << std::endl;
  server.Run();
  watcher.reset();  // no reload once stopping
  engine.StopDecisionLog();
  std::cerr << "intent-gateway: stopped\n";
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{"intent-gateway: decides every call an agent makes (docs/gateway.md)"};
  app.require_subcommand(1);
  ServeOptions serve;
  CLI::App* serve_command =
      app.add_subcommand("serve", "a policy decision point over HTTP (AuthZEN and /v1/decide)");
  serve_command->add_option("--policy", serve.policies, "Policy file or folder (repeatable)")
      ->required();
  serve_command->add_option("--schema", serve.schemas, "Schema file or folder (repeatable)");
  serve_command->add_option("--data", serve.data,
                            "Data file or folder of *.json data files (repeatable; docs/data.md), "
                            "besides the data/ folder beside each policy");
  serve_command->add_option("--listen", serve.listen,
                            "HOST:PORT to listen on (port 0: any free port, printed)");
  serve_command->add_option("--threads", serve.threads, "worker threads")
      ->check(CLI::Range(1u, 1024u));
  serve_command->add_option("--decision-log", serve.decision_log,
                            "append one JSON line per decision to FILE (- for stdout)");
  serve_command->add_flag("!--no-watch", serve.watch,
                          "do not reload when a policy, schema or data file changes");
  serve_command->add_option("--admin-token-file", serve.admin_token_file,
                            "a file whose first line is the bearer token of POST /admin/reload");
  serve_command
      ->add_option("--max-connections", serve.max_connections,
                   "connections served at once; more are answered 503")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  serve_command->add_option("--body-limit", serve.body_limit, "largest request body, in bytes")
      ->check(CLI::Range(size_t{1}, size_t{64} << 20));
  serve_command
      ->add_option("--request-timeout", serve.request_timeout,
                   "seconds a request may take to arrive, once started")
      ->check(CLI::Range(0.001, 3600.0));
  serve_command
      ->add_option("--idle-timeout", serve.idle_timeout,
                   "seconds a kept-alive connection may wait for its next request")
      ->check(CLI::Range(0.001, 3600.0));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  try {
    if (serve_command->parsed()) return Serve(serve);
  } catch (const std::exception& e) {
    std::cerr << "intent-gateway: " << e.what() << "\n";
    return 2;
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // Nothing escapes as an exception: a one-line message and exit status 2.
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "intent-gateway: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "intent-gateway: internal error\n";
  }
  return 2;
}
