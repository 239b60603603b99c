// `intent-gateway serve` (docs/gateway.md): the decision point. Loads the
// bundle, serves it over HTTP, reloads it on SIGHUP, /admin/reload and
// file changes, and stops cleanly on SIGTERM or SIGINT.
#include "tools/gateway/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "intent/intent.hpp"
#include "tools/gateway/file_watcher.h"
#include "tools/gateway/http_client.h"
#include "tools/gateway/http_server.h"
#include "tools/gateway/routes.h"
#include "tools/gateway/search_config.h"
#include "tools/gateway/webhook.h"

namespace intent::gateway {
namespace {

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

}  // namespace

bool ParseDurationOption(const std::string& text, int64_t& micros) {
  if (text.empty()) return false;
  int64_t unit = 1'000'000;
  std::string digits = text;
  switch (text.back()) {
    case 's': digits.pop_back(); break;
    case 'm': unit *= 60, digits.pop_back(); break;
    case 'h': unit *= 3600, digits.pop_back(); break;
    case 'd': unit *= 86400, digits.pop_back(); break;
    default: break;
  }
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  micros = std::stoll(digits) * unit;
  return micros > 0;
}

bool ReadSecretFile(const std::string& path, std::string& secret) {
  std::ifstream file(path);
  if (!file || !std::getline(file, secret)) return false;
  while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' ')) secret.pop_back();
  return !secret.empty();
}

int Serve(const ServeOptions& options) {
  HttpServerOptions http;
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
  SearchConfigStore search_config;
  {
    SearchConfig config;
    std::string error;
    if (!LoadSearchConfig(options.policies, config, error)) {
      std::cerr << "intent-gateway: " << error << "\n";
      return 2;
    }
    search_config.Set(std::move(config));
  }

  intent::EngineOptions engine_options;
  engine_options.schema_paths = options.schemas;
  engine_options.data_paths = options.data;
  if (!ParseDurationOption(options.approval_ttl, engine_options.approval_ttl)) {
    std::cerr << "intent-gateway: --approval-ttl takes a duration such as 15m, 1h or 900, not '"
              << options.approval_ttl << "'\n";
    return 2;
  }
  std::unique_ptr<Webhook> webhook;
  if (!options.webhook.empty()) {
    WebhookOptions hook;
    hook.url = options.webhook;
    HttpTarget target;
    std::string url_error;
    if (!ParseHttpUrl(hook.url, target, url_error)) {
      std::cerr << "intent-gateway: --webhook: " << url_error << "\n";
      return 2;
    }
    if (options.webhook_secret_file.empty() ||
        !ReadSecretFile(options.webhook_secret_file, hook.secret)) {
      std::cerr << "intent-gateway: --webhook needs --webhook-secret-file with the signing secret "
                   "as its first line\n";
      return 2;
    }
    webhook = std::make_unique<Webhook>(std::move(hook));
  }
  // Every approval transition is counted, and each new one posted.
  Metrics metrics;
  engine_options.on_approval = [&metrics, hook = webhook.get()](const Approval& approval) {
    metrics.Approval(approval.state);
    if (hook != nullptr) hook->Notify(approval);
  };
  intent::LoadResult loaded = intent::Engine::Load(options.policies, engine_options);
  for (const intent::LoadDiagnostic& diagnostic : loaded.diagnostics) std::cerr << diagnostic.text;
  if (!loaded.engine) return loaded.io_error ? 2 : 1;
  intent::Engine& engine = *loaded.engine;
  auto warn_search = [&engine, &search_config] {
    for (const std::string& warning : SearchConfigWarnings(*search_config.Get(), engine)) {
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
  if (!options.admin_token_file.empty() && !ReadSecretFile(options.admin_token_file, admin_token)) {
    std::cerr << "intent-gateway: cannot read an admin token from '" << options.admin_token_file
              << "' (its first line)\n";
    return 2;
  }
  // SIGHUP, POST /admin/reload and file changes: one reload at a time,
  // each logged and counted. authzen.json is part of the bundle: when it is
  // invalid the reload is refused whole, and the running bundle and
  // configuration stay.
  std::mutex reload_mutex;
  auto reload = [&engine, &options, &search_config, &reload_mutex, &warn_search]() {
    std::lock_guard lock(reload_mutex);
    SearchConfig config;
    std::string error;
    std::vector<intent::LoadDiagnostic> diagnostics;
    if (!LoadSearchConfig(options.policies, config, error)) {
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
  Routes routes(engine, metrics, reload, admin_token, &search_config);
  http.observe = [&metrics](int status, double seconds) { metrics.Response(status, seconds); };
  HttpServer server(http, [&routes](const HttpRequest& r) { return routes.Handle(r); });
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
  std::unique_ptr<FileWatcher> watcher;
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
    watcher = std::make_unique<FileWatcher>(
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

}  // namespace intent::gateway
