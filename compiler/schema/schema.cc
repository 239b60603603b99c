// Look-ups over a loaded schema, and the set of schemas of a compilation.
#include "compiler/schema/schema.h"

#include <algorithm>
#include <set>

namespace intent::schema {

const Operation* Resource::FindOperation(std::string_view name) const {
  for (const Operation* operation : operations) {
    if (operation->name == name) return operation;
  }
  return nullptr;
}

const Resource* Schema::FindResource(std::string_view resource_name) const {
  for (const auto& resource : resources) {
    if (resource->name == resource_name) return resource.get();
  }
  return nullptr;
}

const Operation* Schema::FindOperation(std::string_view dotted_id) const {
  size_t last_dot = dotted_id.rfind('.');
  if (last_dot == std::string_view::npos) return nullptr;
  std::string_view operation_name = dotted_id.substr(last_dot + 1);
  std::string_view prefix = dotted_id.substr(0, last_dot);
  std::string_view resource_name = prefix;
  if (size_t dot = prefix.find('.'); dot != std::string_view::npos) {
    // The full form must name this schema; anything with more dots than
    // SCHEMA.RESOURCE.OP names nothing, since names contain no dots.
    if (prefix.substr(0, dot) != name) return nullptr;
    resource_name = prefix.substr(dot + 1);
    if (resource_name.find('.') != std::string_view::npos) return nullptr;
  }
  const Resource* resource = FindResource(resource_name);
  return resource == nullptr ? nullptr : resource->FindOperation(operation_name);
}

std::vector<const Operation*> Schema::OperationsWithVerb(std::string_view verb) const {
  std::vector<const Operation*> result;
  for (const auto& operation : operations) {
    if (operation->verb == verb) result.push_back(operation.get());
  }
  return result;
}

std::vector<std::string> Schema::Verbs() const {
  std::set<std::string> verbs;
  for (const auto& operation : operations) verbs.insert(operation->verb);
  return {verbs.begin(), verbs.end()};
}

std::vector<std::string> Schema::ResourceNames() const {
  std::vector<std::string> names;
  for (const auto& resource : resources) names.push_back(resource->name);
  return names;
}

std::vector<std::string> Schema::OperationIds() const {
  std::vector<std::string> ids;
  for (const auto& operation : operations)
    ids.push_back(operation->resource + "." + operation->name);
  return ids;
}

const Schema* SchemaSet::Add(std::unique_ptr<Schema> schema) {
  if (schema == nullptr) return nullptr;
  auto it = schemas_.find(schema->name);
  if (it != schemas_.end()) return it->second.get();
  std::string name = schema->name;
  return schemas_.emplace(std::move(name), std::move(schema)).first->second.get();
}

const Schema* SchemaSet::Find(std::string_view name) const {
  auto it = schemas_.find(name);
  return it == schemas_.end() ? nullptr : it->second.get();
}

const Operation* SchemaSet::FindOperation(std::string_view full_id, const Schema** schema) const {
  const size_t first = full_id.find('.');
  if (first == std::string_view::npos) return nullptr;
  const Schema* found = Find(full_id.substr(0, first));
  // Schema::FindOperation checks the rest: one resource, one operation.
  if (found == nullptr || full_id.find('.', first + 1) == std::string_view::npos) return nullptr;
  const Operation* operation = found->FindOperation(full_id);
  if (operation != nullptr && schema != nullptr) *schema = found;
  return operation;
}

std::vector<std::string> SchemaSet::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, schema] : schemas_) names.push_back(name);
  return names;
}

}  // namespace intent::schema
