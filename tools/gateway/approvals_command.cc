#include "tools/gateway/approvals_command.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "tools/gateway/http_client.h"
#include "tools/gateway/serve_command.h"

namespace intent::gateway {
namespace {

using json = nlohmann::json;

// "12m 30s left", "expired": for a person reading a table.
std::string TimeLeft(const std::string& expires) {
  std::tm parts{};
  if (strptime(expires.c_str(), "%Y-%m-%dT%H:%M:%S", &parts) == nullptr) return expires;
  int64_t left = static_cast<int64_t>(timegm(&parts)) - static_cast<int64_t>(std::time(nullptr));
  if (left <= 0) return "expired";
  if (left >= 3600)
    return std::to_string(left / 3600) + "h " + std::to_string(left % 3600 / 60) + "m left";
  return std::to_string(left / 60) + "m " + std::to_string(left % 60) + "s left";
}

std::string Text(const json& value, const char* key) {
  auto it = value.find(key);
  return it != value.end() && it->is_string() ? it->get<std::string>() : "";
}

void PrintTable(const json& approvals) {
  if (approvals.empty()) {
    std::cout << "no approvals\n";
    return;
  }
  for (const json& approval : approvals) {
    std::string reasons;
    for (const json& reason : approval.value("reasons", json::array())) {
      if (reason.is_string()) reasons += (reasons.empty() ? "" : "; ") + reason.get<std::string>();
    }
    std::cout
        << Text(approval, "id") << "  " << Text(approval, "state") << "  "
        << Text(approval, "principal") << "  " << Text(approval, "operation") << "  "
        << (Text(approval, "state") == "pending" ? TimeLeft(Text(approval, "expires")) : "")
        << "\n    input: "
        << approval.value("input", json()).dump(-1, ' ', false, json::error_handler_t::replace)
        << (reasons.empty() ? "" : "\n    because: " + reasons) << "\n";
  }
}

}  // namespace

int RunApprovals(const ApprovalsOptions& options) {
  std::string token;
  bool needs_token = options.action != "show";
  if (needs_token) {
    if (options.admin_token_file.empty() || !ReadSecretFile(options.admin_token_file, token)) {
      std::cerr << "intent-gateway approvals: " << options.action
                << " needs --admin-token-file with the gateway's admin token\n";
      return 2;
    }
  }
  std::string base = options.gateway;
  while (!base.empty() && base.back() == '/') base.pop_back();
  HttpCall call;
  call.timeout = std::chrono::seconds(10 + options.wait);
  if (!token.empty()) call.headers.emplace_back("Authorization", "Bearer " + token);
  if (options.action == "list") {
    call.url = base + "/v1/approvals" + (options.all ? "?state=all" : "");
  } else if (options.action == "show") {
    call.url = base + "/v1/approvals/" + options.id +
               (options.wait > 0 ? "?wait=" + std::to_string(options.wait) : "");
  } else {
    std::string by = options.by;
    if (by.empty()) by = std::getenv("USER") != nullptr ? std::getenv("USER") : "cli";
    call.method = "POST";
    call.url = base + "/v1/approvals/" + options.id;
    call.headers.emplace_back("Content-Type", "application/json");
    call.body =
        json{{"verdict", options.action == "approve" ? "approve" : "deny"}, {"by", by}}.dump();
  }
  HttpResult result = Fetch(call);
  if (result.status == 0) {
    std::cerr << "intent-gateway approvals: cannot reach " << base << ": " << result.error << "\n";
    return 2;
  }
  json body = json::parse(result.body, nullptr, false);
  if (result.status != 200) {
    std::string why = body.is_object() ? Text(body, "error") : "";
    std::cerr << "intent-gateway approvals: " << (why.empty() ? result.body : why) << " (HTTP "
              << result.status << ")\n";
    return 1;
  }
  if (options.action == "list" && !options.json && body.is_object()) {
    PrintTable(body.value("approvals", json::array()));
  } else if (options.action == "approve" || options.action == "deny") {
    std::cout << Text(body, "id") << " " << Text(body, "state") << " by "
              << Text(body, "decided_by") << "\n";
  } else {
    std::cout << (body.is_discarded() ? result.body
                                      : body.dump(2, ' ', false, json::error_handler_t::replace))
              << "\n";
  }
  return 0;
}

}  // namespace intent::gateway
