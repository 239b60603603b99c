// AuthZEN 1.0 search (docs/gateway.md, "Search"): which subjects, resources
// or actions a question would allow. Intent cannot invert a policy, so a
// search enumerates candidates and decides each one exactly as
// /access/v1/evaluation would (AuthZen::Evaluate): every result fed back to
// it is true, and no candidate that would be true is missing.
//
// Candidates: for actions, the operations of the resource type; for
// subjects and resources, the keys of the data document that the bundle's
// authzen.json names for that type (search_config.h). Each candidate costs
// one engine decision, so one request evaluates at most
// kMaxSearchEvaluations of them and continues with a page token.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "intent/intent.hpp"
#include "tools/gateway/authzen.h"
#include "tools/gateway/http_types.h"
#include "tools/gateway/search_config.h"

namespace intent::gateway {

// Decisions one search request may make before it answers with what it
// found and a page token for the rest: bounds a request's time (tens of
// milliseconds on one worker thread).
inline constexpr size_t kMaxSearchEvaluations = 10'000;

class AuthZenSearch {
 public:
  // `config` may be null: no subject or resource type is searchable.
  AuthZenSearch(const Engine& engine, const AuthZen& authzen, const SearchConfigStore* config)
      : engine_(engine), authzen_(authzen), config_(config) {}

  // POST /access/v1/search/subject, /resource and /action. Never throws;
  // a body that does not ask a search question is 400 saying why.
  HttpResponse Subjects(const HttpRequest& request) const;
  HttpResponse Resources(const HttpRequest& request) const;
  HttpResponse Actions(const HttpRequest& request) const;

 private:
  enum class Kind { kSubject, kResource, kAction };
  HttpResponse Search(const HttpRequest& request, Kind kind) const;
  // The candidates of `body`'s question and the generation they come from;
  // false with the 400 message.
  bool Candidates(const nlohmann::json& body, Kind kind, std::vector<std::string>& candidates,
                  uint64_t& generation, std::string& error) const;

  const Engine& engine_;
  const AuthZen& authzen_;
  const SearchConfigStore* config_;
};

}  // namespace intent::gateway
