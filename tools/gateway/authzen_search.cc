// AuthZEN search by enumeration (see authzen_search.h).
#include "tools/gateway/authzen_search.h"

#include <limits>
#include <optional>

#include "tools/gateway/page_token.h"

namespace intent::gateway {
namespace {

using json = nlohmann::json;

// The string member `name` of `entity`, or "" when absent or not a string.
std::string Text(const json& entity, const char* name) {
  auto it = entity.find(name);
  return it != entity.end() && it->is_string() ? it->get<std::string>() : "";
}

// What a search request must hold (AuthZEN 1.0: a missing required member
// is a Bad Request); the empty string when it is well formed. The searched
// entity's id is not required (and is ignored), nor is the action of an
// action search.
std::string Malformed(const json& body, bool subject_id, bool action, bool resource_id) {
  auto entity = [&](const char* name) -> const json* {
    auto it = body.find(name);
    return it != body.end() && it->is_object() ? &*it : nullptr;
  };
  const json* subject = entity("subject");
  const json* resource = entity("resource");
  if (subject == nullptr) return "\"subject\" must be an object";
  if (Text(*subject, "type").empty()) return "subject.type must be a non-empty string";
  if (subject_id && Text(*subject, "id").empty()) return "subject.id must be a non-empty string";
  if (action) {
    const json* object = entity("action");
    if (object == nullptr) return "\"action\" must be an object";
    if (Text(*object, "name").empty()) return "action.name must be a non-empty string";
  }
  if (resource == nullptr) return "\"resource\" must be an object";
  if (Text(*resource, "type").empty()) return "resource.type must be a non-empty string";
  if (resource_id && Text(*resource, "id").empty()) return "resource.id must be a non-empty string";
  if (auto context = body.find("context");
      context != body.end() && !context->is_null() && !context->is_object()) {
    return "\"context\" must be an object";
  }
  return "";
}

struct Page {
  std::optional<std::string> token;
  size_t limit = std::numeric_limits<size_t>::max();  // none: every result
};

// The request's "page" (AuthZEN 1.0, "Pagination": token, limit); false
// with the 400 message.
bool ReadPage(const json& body, Page& page, std::string& error) {
  auto it = body.find("page");
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_object()) {
    error = "\"page\" must be an object: {\"token\": ..., \"limit\": N}";
    return false;
  }
  if (auto token = it->find("token"); token != it->end() && !token->is_null()) {
    if (!token->is_string()) {
      error = "page.token must be a string (a next_token this gateway returned)";
      return false;
    }
    page.token = token->get<std::string>();
  }
  if (auto limit = it->find("limit"); limit != it->end() && !limit->is_null()) {
    // 0 would answer nothing, and a token that starts where it started.
    if (!limit->is_number_integer() || limit->get<int64_t>() < 1) {
      error = "page.limit must be a positive integer";
      return false;
    }
    page.limit = static_cast<size_t>(limit->get<int64_t>());
  }
  return true;
}

// The fingerprint a page token carries: the request without its token,
// which AuthZEN requires to stay identical from page to page.
uint64_t Fingerprint(json body) {
  if (auto page = body.find("page"); page != body.end() && page->is_object()) {
    page->erase("token");
  }
  return RequestHash(Dump(body));
}

}  // namespace

HttpResponse AuthZenSearch::Subjects(const HttpRequest& request) const {
  return Search(request, Kind::kSubject);
}
HttpResponse AuthZenSearch::Resources(const HttpRequest& request) const {
  return Search(request, Kind::kResource);
}
HttpResponse AuthZenSearch::Actions(const HttpRequest& request) const {
  return Search(request, Kind::kAction);
}

bool AuthZenSearch::Candidates(const json& body, Kind kind, std::vector<std::string>& candidates,
                               uint64_t& generation, std::string& error) const {
  std::string type = Text(body.at(kind == Kind::kSubject ? "subject" : "resource"), "type");
  std::optional<DataRef> document;
  if (kind != Kind::kAction) {
    const char* what = kind == Kind::kSubject ? "subject" : "resource";
    if (std::shared_ptr<const SearchConfig> config = config_ ? config_->Get() : nullptr) {
      const auto& types = kind == Kind::kSubject ? config->subjects : config->resources;
      if (auto found = types.find(type); found != types.end()) document = found->second;
    }
    if (!document) {
      error = std::string(what) + " type '" + type +
              "' has no search configured: name the data document that lists its ids in "
              "authzen.json beside the policies, {\"search\": {\"" +
              what + "\": {\"" + type + "\": \"SCHEMA.DATA_NAME\"}}}";
      return false;
    }
  }
  // The candidates and the generation they belong to must agree: a reload
  // between reading one and the other is noticed, and read again.
  for (int attempt = 0; attempt < 3; ++attempt) {
    generation = engine_.generation();
    if (document) {
      candidates = engine_.DataKeys(document->schema, document->name);
    } else if (!authzen_.operations().Actions(engine_, type, candidates, error)) {
      return false;
    }
    if (engine_.generation() == generation) return true;
  }
  return true;  // reloading without pause: the token may go stale, which is reported then
}

HttpResponse AuthZenSearch::Search(const HttpRequest& request, Kind kind) const {
  json body;
  HttpResponse refused;
  if (!ParseObject(request, body, refused)) return refused;
  std::string error = Malformed(body, /*subject_id=*/kind != Kind::kSubject,
                                /*action=*/kind != Kind::kAction,
                                /*resource_id=*/kind != Kind::kResource);
  Page page;
  if (!error.empty() || !ReadPage(body, page, error)) return HttpResponse::Error(400, error);
  std::vector<std::string> candidates;
  uint64_t generation = 0;
  if (!Candidates(body, kind, candidates, generation, error)) {
    return HttpResponse::Error(400, error);
  }
  uint64_t fingerprint = Fingerprint(body);
  size_t offset = 0;
  if (page.token) {
    std::optional<PageToken> token = DecodePageToken(*page.token);
    if (!token) return HttpResponse::Error(400, "page.token is not a token this gateway made");
    if (token->generation != generation) {
      return HttpResponse::Error(400, "page.token belongs to bundle generation " +
                                          std::to_string(token->generation) + ", and generation " +
                                          std::to_string(generation) +
                                          " is serving; start the search again without a token");
    }
    if (token->request_hash != fingerprint) {
      return HttpResponse::Error(
          400,
          "page.token continues another request: send the same subject, action, resource, "
          "context and page.limit as the request that returned it");
    }
    if (token->offset > candidates.size()) {
      return HttpResponse::Error(400, "page.token is not a token this gateway made");
    }
    offset = static_cast<size_t>(token->offset);
  }

  // One evaluation, rewritten in place for each candidate.
  json evaluation = json::object();
  for (const char* member : {"subject", "action", "resource", "context"}) {
    if (kind == Kind::kAction && std::string_view(member) == "action") continue;
    if (auto it = body.find(member); it != body.end() && !it->is_null()) evaluation[member] = *it;
  }
  json& slot = kind == Kind::kSubject    ? evaluation["subject"]["id"]
               : kind == Kind::kResource ? evaluation["resource"]["id"]
                                         : evaluation["action"]["name"];
  std::string type =
      kind == Kind::kSubject ? Text(body["subject"], "type") : Text(body["resource"], "type");
  std::string request_id = request.Header("X-Request-ID");
  json results = json::array();
  size_t next = candidates.size();  // where the next page starts; the end: none
  size_t evaluated = 0;
  for (size_t i = offset; i < candidates.size(); ++i) {
    if (evaluated == kMaxSearchEvaluations) {
      next = i;
      break;
    }
    slot = candidates[i];
    ++evaluated;
    json answer = authzen_.Evaluate(evaluation, /*with_context=*/false, request_id);
    if (!answer.value("decision", false)) continue;
    // One result past the limit: a next page exists, and starts here.
    if (results.size() == page.limit) {
      next = i;
      break;
    }
    results.push_back(kind == Kind::kAction ? json{{"name", candidates[i]}}
                                            : json{{"type", type}, {"id", candidates[i]}});
  }
  json paging = {{"count", results.size()}, {"next_token", ""}};
  if (next < candidates.size()) {
    paging["next_token"] = EncodePageToken({generation, next, fingerprint});
  } else if (offset == 0) {
    paging["total"] = results.size();  // known only when one answer saw every candidate
  }
  // "page" first, as AuthZEN recommends (a json object's keys are sorted).
  return HttpResponse::Json(200, Dump(json{{"page", paging}, {"results", results}}));
}

}  // namespace intent::gateway
