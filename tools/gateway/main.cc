// intent-gateway: Intent where an agent's calls pass (docs/gateway.md).
//
//   intent-gateway serve --policy DIR [--schema PATH]... [--listen HOST:PORT] ...
//   intent-gateway approvals list|show|approve|deny [ID] [--gateway URL] ...
//
// Exit status: 0 success (serve: a clean stop on SIGTERM or SIGINT), 1 the
// bundle does not compile (approvals: the gateway refused), 2 usage,
// configuration or I/O error.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "tools/gateway/approvals_command.h"
#include "tools/gateway/serve_command.h"

namespace {

int Main(int argc, char** argv) {
  CLI::App app{"intent-gateway: decides every call an agent makes (docs/gateway.md)"};
  app.require_subcommand(1);
  intent::gateway::ServeOptions serve;
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
  serve_command->add_option("--approval-ttl", serve.approval_ttl,
                            "how long an approval stays open when its rule gives no 'approve "
                            "within' (15m, 1h, or seconds)");
  serve_command->add_option("--webhook", serve.webhook,
                            "POST each new approval to this http(s) URL, signed");
  serve_command->add_option("--webhook-secret-file", serve.webhook_secret_file,
                            "a file whose first line is the webhook's HMAC-SHA256 secret");

  intent::gateway::ApprovalsOptions approvals;
  CLI::App* approvals_command = app.add_subcommand(
      "approvals", "list, show, approve or deny the approvals of a running gateway");
  approvals_command->add_option("action", approvals.action, "list, show, approve or deny")
      ->required()
      ->check(CLI::IsMember({"list", "show", "approve", "deny"}));
  approvals_command->add_option("id", approvals.id, "the approval's id (show, approve, deny)");
  approvals_command->add_option("--gateway", approvals.gateway,
                                "the gateway's URL (default http://127.0.0.1:8181)");
  approvals_command->add_option("--admin-token-file", approvals.admin_token_file,
                                "a file whose first line is the gateway's admin token");
  approvals_command->add_option("--by", approvals.by, "who decides (default: $USER)");
  approvals_command->add_flag("--all", approvals.all, "list decided approvals too");
  approvals_command->add_flag("--json", approvals.json, "list as the API's JSON");
  approvals_command->add_option("--wait", approvals.wait, "show: seconds to wait while pending")
      ->check(CLI::Range(0, 60));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  try {
    if (serve_command->parsed()) return intent::gateway::Serve(serve);
    if (approvals_command->parsed()) {
      if (approvals.action != "list" && approvals.id.empty()) {
        std::cerr << "intent-gateway approvals " << approvals.action
                  << ": give the approval's id\n";
        return 2;
      }
      return intent::gateway::RunApprovals(approvals);
    }
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
