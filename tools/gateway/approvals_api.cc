#include "tools/gateway/approvals_api.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>

#include "tools/gateway/admin_auth.h"

namespace intent::gateway {
namespace {

using json = nlohmann::json;

// `text` as a whole number within [0, max], or -1.
int ParseBounded(const std::string& text, int max) {
  int value = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return -1;
  return std::min(value, max);
}

HttpResponse Found(const Approval& approval) {
  return HttpResponse::Json(200, ApprovalJson(approval));
}

HttpResponse Unknown(const std::string& id) {
  return HttpResponse::Error(404, "no approval has the id '" + id + "'");
}

}  // namespace

bool IsApprovalId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

HttpResponse ApprovalsApi::List(const HttpRequest& request) const {
  if (std::optional<HttpResponse> denied = RequireAdmin(request, admin_token_)) return *denied;
  std::string state = request.Query("state");
  if (!state.empty() && state != "pending" && state != "all") {
    return HttpResponse::Error(400, "?state= takes 'pending' (the default) or 'all'");
  }
  std::string limit_text = request.Query("limit");
  int limit = limit_text.empty() ? 100 : ParseBounded(limit_text, 1000);
  if (limit < 0) return HttpResponse::Error(400, "?limit= takes a whole number (at most 1000)");
  std::string out = R"({"approvals":[)";
  bool first = true;
  for (const Approval& approval :
       engine_.ListApprovals(state != "all", static_cast<size_t>(limit))) {
    if (!first) out += ',';
    first = false;
    out += ApprovalJson(approval);
  }
  out += "]}";
  return HttpResponse::Json(200, std::move(out));
}

HttpResponse ApprovalsApi::Show(const HttpRequest& request, const std::string& id) const {
  if (!IsApprovalId(id)) return Unknown(id);
  std::string wait_text = request.Query("wait");
  int wait = wait_text.empty() ? 0 : ParseBounded(wait_text, kMaxApprovalWaitSeconds);
  if (wait < 0) {
    return HttpResponse::Error(400, "?wait= takes whole seconds (at most " +
                                        std::to_string(kMaxApprovalWaitSeconds) + ")");
  }
  std::optional<Approval> approval = engine_.GetApproval(id);
  if (!approval) return Unknown(id);
  if (approval->state != ApprovalState::kPending || wait == 0) return Found(*approval);
  // Pending: answered when a person decides, it expires, or the wait ends.
  auto deferred = std::make_shared<DeferredResponse>();
  deferred->deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait);
  deferred->interval = std::chrono::milliseconds(100);
  deferred->poll = [this, id](bool last) -> std::optional<HttpResponse> {
    std::optional<Approval> now = engine_.GetApproval(id);
    if (!now) return last ? std::optional(Unknown(id)) : std::nullopt;
    if (now->state == ApprovalState::kPending && !last) return std::nullopt;
    return Found(*now);
  };
  HttpResponse response;
  response.deferred = std::move(deferred);
  return response;
}

HttpResponse ApprovalsApi::Resolve(const HttpRequest& request, const std::string& id) const {
  if (std::optional<HttpResponse> denied = RequireAdmin(request, admin_token_)) return *denied;
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return HttpResponse::Error(400, R"(send {"verdict": "approve" or "deny", "by": "NAME"})");
  }
  auto verdict = body.find("verdict");
  if (verdict == body.end() || !verdict->is_string() ||
      (*verdict != "approve" && *verdict != "deny")) {
    return HttpResponse::Error(400, R"("verdict" must be "approve" or "deny")");
  }
  std::string by = "admin";
  if (auto who = body.find("by"); who != body.end()) {
    if (!who->is_string() || who->get<std::string>().empty()) {
      return HttpResponse::Error(400, R"("by" must be a non-empty string: who decided)");
    }
    by = who->get<std::string>();
  }
  return ResolveAs(id, *verdict == "approve", by);
}

HttpResponse ApprovalsApi::ResolveAs(const std::string& id, bool approve,
                                     const std::string& by) const {
  if (!IsApprovalId(id)) return Unknown(id);
  ApprovalResult result = engine_.ResolveApproval(id, approve, by);
  switch (result.outcome) {
    case ApprovalOutcome::kOk: return Found(*result.approval);
    case ApprovalOutcome::kUnknown: return Unknown(id);
    case ApprovalOutcome::kError:
      return HttpResponse::Error(503, "the approval store failed: " + result.error);
    default: {
      std::string state = result.approval ? ApprovalStateName(result.approval->state) : "decided";
      return HttpResponse::Json(
          409,
          Dump({{"error", "the approval is no longer pending: it is " + state}, {"state", state}}));
    }
  }
}

}  // namespace intent::gateway
