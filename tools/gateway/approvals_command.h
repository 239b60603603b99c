// `intent-gateway approvals list|show|approve|deny` (docs/approvals.md): a
// person's terminal acting on the pending approvals of a running gateway,
// through its HTTP API.
#pragma once

#include <string>

namespace intent::gateway {

struct ApprovalsOptions {
  std::string action;  // "list", "show", "approve" or "deny"
  std::string id;      // show, approve, deny
  std::string gateway = "http://127.0.0.1:8181";
  std::string admin_token_file;  // list, approve, deny
  std::string by;                // approve, deny: who decides (default: $USER)
  bool all = false;              // list: decided ones too
  bool json = false;             // list: the API's JSON instead of a table
  int wait = 0;                  // show: seconds to wait while pending
};

// Exit status: 0 done; 1 the gateway refused (unknown id, no longer
// pending, bad token); 2 usage, configuration or connection error.
int RunApprovals(const ApprovalsOptions& options);

}  // namespace intent::gateway
