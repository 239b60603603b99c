#include "tools/gateway/approvals_page.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tools/gateway/admin_auth.h"

namespace intent::gateway {
namespace {

using json = nlohmann::json;

constexpr std::string_view kCookie = "intent_session";
constexpr auto kSessionLife = std::chrono::hours(8);
constexpr size_t kMaxSessions = 1000;

std::string RandomToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness");
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
  return out;
}

// The value of cookie `name` in a Cookie header.
std::string CookieValue(const std::string& header, std::string_view name) {
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string_view pair(header.data() + at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    at = end + 1;
  }
  return "";
}

HttpResponse Html(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  // No script may run, nothing may frame the page, forms post only here.
  response.headers = {{"Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
                      {"X-Content-Type-Options", "nosniff"},
                      {"X-Frame-Options", "DENY"},
                      {"Referrer-Policy", "no-referrer"},
                      {"Cache-Control", "no-store"}};
  return response;
}

HttpResponse SeeOther(const std::string& location) {
  HttpResponse response = Html(303, "");
  response.headers.emplace_back("Location", location);
  return response;
}

constexpr std::string_view kStyle = R"(
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1d232a; }
header { display: flex; justify-content: space-between; align-items: center; border-bottom: 1px solid #d0d7de; }
h1 { font-size: 1.4rem; }
article { border: 1px solid #d0d7de; border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
article h2 { font-size: 1.05rem; margin: 0 0 .4rem; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.left { color: #9a6700; } .reasons { font-style: italic; }
.flash { background: #ddf4ff; padding: .5rem 1rem; border-radius: 6px; }
.error { background: #ffebe9; padding: .5rem 1rem; border-radius: 6px; }
form.decide { display: inline; } button { font-size: 1rem; padding: .35rem 1rem; margin-right: .5rem; cursor: pointer; }
button.approve { background: #1f883d; color: white; border: 0; border-radius: 6px; }
button.deny { background: #cf222e; color: white; border: 0; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eaeef2; }
label { display: block; margin: .5rem 0; } input { font-size: 1rem; padding: .3rem; }
)";

std::string Page(std::string_view title, const std::string& body) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         HtmlEscape(title) + "</title><style>" + std::string(kStyle) + "</style></head><body>" +
         body + "</body></html>\n";
}

std::string SignInForm(const std::string& error) {
  std::string body = "<header><h1>Intent approvals</h1></header>";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + HtmlEscape(error) + "</p>";
  body +=
      "<form method=\"post\" action=\"/approvals/login\" id=\"sign-in\">"
      "<p>Sign in with the gateway's admin token. Your decisions are recorded under your "
      "name.</p>"
      "<label>Your name <input name=\"name\" id=\"name\" required maxlength=\"100\" "
      "autocomplete=\"username\"></label>"
      "<label>Admin token <input name=\"token\" id=\"token\" type=\"password\" required "
      "autocomplete=\"current-password\"></label>"
      "<button type=\"submit\">Sign in</button></form>";
  return Page("Sign in: Intent approvals", body);
}

std::string TimeLeft(int64_t expires_micros) {
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  int64_t left = (expires_micros - now) / 1'000'000;
  if (left <= 0) return "expired";
  if (left >= 3600) {
    return std::to_string(left / 3600) + "h " + std::to_string(left % 3600 / 60) + "m left";
  }
  return std::to_string(left / 60) + "m " + std::to_string(left % 60) + "s left";
}

std::string Pretty(const std::string& canonical) {
  json value = json::parse(canonical, nullptr, false);
  return value.is_discarded() ? canonical
                              : value.dump(2, ' ', false, json::error_handler_t::replace);
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string FormValue(std::string_view body, std::string_view name) {
  size_t at = 0;
  while (at <= body.size()) {
    size_t end = body.find('&', at);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(at, end - at);
    size_t equals = pair.find('=');
    if (pair.substr(0, equals) == name && equals != std::string_view::npos) {
      std::string value;
      std::string_view raw = pair.substr(equals + 1);
      for (size_t i = 0; i < raw.size(); ++i) {
        auto hex = [](char c) {
          return c >= '0' && c <= '9'   ? c - '0'
                 : c >= 'a' && c <= 'f' ? c - 'a' + 10
                 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                        : -1;
        };
        if (raw[i] == '+') {
          value += ' ';
        } else if (raw[i] == '%' && i + 2 < raw.size() && hex(raw[i + 1]) >= 0 &&
                   hex(raw[i + 2]) >= 0) {
          value += static_cast<char>(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
          i += 2;
        } else {
          value += raw[i];
        }
      }
      return value;
    }
    at = end + 1;
  }
  return "";
}

std::optional<ApprovalsPage::Session> ApprovalsPage::SessionOf(const HttpRequest& request) const {
  std::string id = CookieValue(request.Header("Cookie"), kCookie);
  if (id.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires <= std::chrono::steady_clock::now()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

HttpResponse ApprovalsPage::Handle(const HttpRequest& request) const {
  std::string_view path = request.Path();
  if (path == "/approvals/login") {
    if (request.method == "GET") return Html(200, SignInForm(""));
    if (request.method != "POST") return HttpResponse::Error(405, "sign in with POST");
    return SignIn(request);
  }
  std::optional<Session> session = SessionOf(request);
  if (path == "/approvals/logout" && request.method == "POST") return SignOut(request);
  if (!session) {
    if (admin_token_.empty()) {
      return Html(403, Page("Intent approvals",
                            "<p class=\"error\">No admin token is configured "
                            "(--admin-token-file): nobody can approve here.</p>"));
    }
    if (request.method == "GET" || request.method == "HEAD") return Html(200, SignInForm(""));
    return SeeOther("/approvals");
  }
  if (path == "/approvals" || path == "/approvals/") {
    if (request.method != "GET" && request.method != "HEAD") {
      return HttpResponse::Error(405, "the page is read with GET");
    }
    return List(*session, request);
  }
  // /approvals/{id}/approve or /approvals/{id}/deny
  std::string_view rest = path.substr(std::string_view("/approvals/").size());
  size_t slash = rest.find('/');
  std::string_view action = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  if (request.method == "POST" && (action == "approve" || action == "deny")) {
    return Decide(*session, request, std::string(rest.substr(0, slash)), action == "approve");
  }
  return Html(404, Page("Not found", "<p class=\"error\">No such page.</p>"));
}

HttpResponse ApprovalsPage::SignIn(const HttpRequest& request) const {
  if (admin_token_.empty()) return SeeOther("/approvals");
  std::string name = FormValue(request.body, "name");
  std::string token = FormValue(request.body, "token");
  name.erase(0, name.find_first_not_of(' '));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (name.empty() || name.size() > 100) {
    return Html(400, SignInForm("Give your name (at most 100 characters)."));
  }
  if (!SameSecret(token, admin_token_)) return Html(401, SignInForm("That token is not valid."));
  std::string id = RandomToken();
  {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    std::erase_if(sessions_, [&](const auto& entry) { return entry.second.expires <= now; });
    if (sessions_.size() >= kMaxSessions) sessions_.erase(sessions_.begin());
    sessions_[id] = {name, RandomToken(), now + kSessionLife};
  }
  HttpResponse response = SeeOther("/approvals");
  response.headers.emplace_back("Set-Cookie",
                                std::string(kCookie) + "=" + id +
                                    "; Path=/approvals; HttpOnly; SameSite=Strict; Max-Age=" +
                                    std::to_string(std::chrono::seconds(kSessionLife).count()));
  return response;
}

HttpResponse ApprovalsPage::SignOut(const HttpRequest& request) const {
  std::string id = CookieValue(request.Header("Cookie"), kCookie);
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    // Signing out is a form too: only with the session's CSRF token.
    if (it != sessions_.end() && SameSecret(FormValue(request.body, "csrf"), it->second.csrf)) {
      sessions_.erase(it);
    }
  }
  HttpResponse response = SeeOther("/approvals");
  response.headers.emplace_back(
      "Set-Cookie",
      std::string(kCookie) + "=; Path=/approvals; HttpOnly; SameSite=Strict; Max-Age=0");
  return response;
}

HttpResponse ApprovalsPage::List(const Session& session, const HttpRequest& request) const {
  std::string csrf = "<input type=\"hidden\" name=\"csrf\" value=\"" + session.csrf + "\">";
  std::string body =
      "<header><h1>Intent approvals</h1><form method=\"post\" action=\"/approvals/logout\">" +
      csrf + "<span>Signed in as <b id=\"who\">" + HtmlEscape(session.name) +
      "</b></span> <button type=\"submit\">Sign out</button></form></header>";
  std::string done = request.Query("done");
  if (done == "approved" || done == "denied") {
    body += "<p class=\"flash\" role=\"status\">" +
            std::string(done == "approved" ? "Approved" : "Denied") + " " +
            HtmlEscape(request.Query("id")) + ".</p>";
  } else if (done == "stale") {
    body += "<p class=\"error\" role=\"alert\">That approval was no longer pending.</p>";
  }
  std::vector<Approval> all = engine_.ListApprovals(/*pending_only=*/false, 200);
  std::string pending;
  std::string recent;
  size_t recent_count = 0;
  for (const Approval& approval : all) {
    std::string id = HtmlEscape(approval.id);
    if (approval.state == ApprovalState::kPending) {
      pending += fmt::format(
          R"(<article class="approval" id="approval-{0}" data-id="{0}"><h2><span class="agent">{1}</span> wants <code class="operation">{2}</code></h2>)",
          id, HtmlEscape(approval.principal), HtmlEscape(approval.operation));
      if (!approval.reasons.empty()) {
        pending += "<p class=\"reasons\">because " + HtmlEscape(Joined(approval.reasons)) + "</p>";
      }
      pending += "<pre class=\"arguments\">" + HtmlEscape(Pretty(approval.input)) + "</pre>";
      if (approval.context != "{}") {
        pending += "<p>context</p><pre class=\"context\">" + HtmlEscape(Pretty(approval.context)) +
                   "</pre>";
      }
      pending += "<p class=\"left\">" + TimeLeft(approval.expires) + " &middot; rules " +
                 HtmlEscape(Joined(approval.rules)) + " &middot; id <code>" + id + "</code></p>";
      for (const char* verdict : {"approve", "deny"}) {
        pending += fmt::format(
            R"(<form class="decide" method="post" action="/approvals/{0}/{1}">{2}<button type="submit" class="{1}" name="verdict" value="{1}">{3}</button></form>)",
            id, verdict, csrf, std::string_view(verdict) == "approve" ? "Approve" : "Deny");
      }
      pending += "</article>";
    } else if (recent_count++ < 20) {
      recent += "<tr><td>" + HtmlEscape(ApprovalStateName(approval.state)) + "</td><td>" +
                HtmlEscape(approval.principal) + "</td><td><code>" +
                HtmlEscape(approval.operation) + "</code></td><td>" +
                HtmlEscape(approval.decided_by) + "</td><td><code>" + id + "</code></td></tr>";
    }
  }
  body += "<section id=\"pending\"><h2>Waiting for you</h2>";
  body += pending.empty() ? "<p id=\"none\">Nothing is waiting.</p>" : pending;
  body += "</section>";
  if (!recent.empty()) {
    body +=
        "<section id=\"recent\"><h2>Recently</h2><table><tr><th>state</th><th>agent</th>"
        "<th>operation</th><th>by</th><th>id</th></tr>" +
        recent + "</table></section>";
  }
  // Refreshes by itself (no script): new asks appear within seconds.
  std::string page = Page("Intent approvals", body);
  page.insert(page.find("<title>"), "<meta http-equiv=\"refresh\" content=\"15\">");
  return Html(200, std::move(page));
}

HttpResponse ApprovalsPage::Decide(const Session& session, const HttpRequest& request,
                                   const std::string& id, bool approve) const {
  if (!SameSecret(FormValue(request.body, "csrf"), session.csrf)) {
    return Html(403, Page("Intent approvals",
                          "<p class=\"error\">This form is stale or was not sent by this page. "
                          "<a href=\"/approvals\">Reload the page</a> and try again.</p>"));
  }
  HttpResponse result = api_.ResolveAs(id, approve, session.name);
  if (result.status == 200) {
    return SeeOther(std::string("/approvals?done=") + (approve ? "approved" : "denied") +
                    "&id=" + (IsApprovalId(id) ? id : ""));
  }
  if (result.status == 409) return SeeOther("/approvals?done=stale");
  return Html(result.status,
              Page("Intent approvals", "<p class=\"error\">" + HtmlEscape(result.body) + "</p>"));
}

}  // namespace intent::gateway
