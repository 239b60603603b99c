// Resolves a rule's (or count's) target to schema operations, reporting
// unknown verbs, resources and operations with suggestions.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/checker_impl.h"

namespace intent::check {
namespace {

std::string Suggest(const std::string& message, std::string_view name,
                    const std::vector<std::string>& candidates) {
  std::string suggestion = SuggestName(name, candidates);
  return suggestion.empty() ? message : fmt::format("{}; did you mean '{}'?", message, suggestion);
}

std::string JoinQuoted(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "'" : ", '") + name + "'";
  return out;
}

}  // namespace

std::vector<const schema::Operation*> Checker::ResolveTarget(const ast::Target& target) {
  const schema::Schema& schema = *out_.schema;
  std::vector<const schema::Operation*> result;
  auto add = [&](const schema::Operation* op) {
    if (std::find(result.begin(), result.end(), op) == result.end()) result.push_back(op);
  };

  switch (target.kind) {
    case ast::TargetKind::kAnything:
      for (const auto& op : schema.operations) add(op.get());
      break;

    case ast::TargetKind::kOperations:
      for (const ast::Name& name : target.operations) {
        if (const schema::Operation* op = schema.FindOperation(name.text)) {
          add(op);
          continue;
        }
        Report(DiagKind::kUnknownOperation, name.span,
               Suggest(fmt::format("schema '{}' has no operation '{}'", schema.name, name.text),
                       name.text, schema.OperationIds()),
               schema.operations.empty()
                   ? std::string("operations are written RESOURCE.OPERATION")
                   : fmt::format("operations are written RESOURCE.OPERATION, e.g. '{}.{}'",
                                 schema.operations.front()->resource,
                                 schema.operations.front()->name));
      }
      break;

    case ast::TargetKind::kVerbs: {
      std::vector<const schema::Resource*> resources;
      for (const ast::Name& name : target.resources) {
        if (const schema::Resource* resource = schema.FindResource(name.text)) {
          resources.push_back(resource);
        } else {
          Report(DiagKind::kUnknownResource, name.span,
                 Suggest(fmt::format("schema '{}' has no resource '{}'", schema.name, name.text),
                         name.text, schema.ResourceNames()),
                 fmt::format("its resources are {}", JoinQuoted(schema.ResourceNames())));
        }
      }
      for (const ast::Name& verb : target.verbs) {
        std::vector<const schema::Operation*> with_verb = schema.OperationsWithVerb(verb.text);
        if (with_verb.empty()) {
          Report(DiagKind::kUnknownVerb, verb.span,
                 Suggest(fmt::format("no operation of schema '{}' has the verb '{}'", schema.name,
                                     verb.text),
                         verb.text, schema.Verbs()),
                 fmt::format("its verbs are {}", JoinQuoted(schema.Verbs())));
          continue;
        }
        if (target.resources.empty()) {
          for (const schema::Operation* op : with_verb) add(op);
          continue;
        }
        for (const schema::Resource* resource : resources) {
          bool found = false;
          for (const schema::Operation* op : resource->operations) {
            if (op->verb == verb.text) {
              add(op);
              found = true;
            }
          }
          if (found) continue;
          std::vector<std::string> verbs;
          for (const schema::Operation* op : resource->operations) {
            if (std::find(verbs.begin(), verbs.end(), op->verb) == verbs.end()) {
              verbs.push_back(op->verb);
            }
          }
          Report(DiagKind::kVerbNotOnResource, verb.span,
                 fmt::format("resource '{}' has no operation with the verb '{}'", resource->name,
                             verb.text),
                 verbs.empty()
                     ? fmt::format("'{}' has no operations", resource->name)
                     : fmt::format("'{}' supports {}", resource->name, JoinQuoted(verbs)));
        }
      }
      break;
    }
  }
  return result;
}

}  // namespace intent::check
