// What a condition can read: targets and the inputs they share, paths
// through records, `has` guards, and the types that can be produced.
#include <algorithm>
#include <cctype>

#include "tests/differential/expr_gen.h"

namespace intent::difftest {

// Records nest at most this many fields below a root (doc.meta.extra.flag).
constexpr int kMaxPathDepth = 3;

void AddPaths(const std::string& text, const Type* type,
              const std::vector<std::string>& optional_steps, int depth, std::vector<Path>& out) {
  out.push_back(Path{text, type, optional_steps});
  if (!type->Is(Kind::kRecord) || depth >= kMaxPathDepth) return;
  for (const Field& field : type->fields) {
    std::string child = text + "." + field.name;
    std::vector<std::string> steps = optional_steps;
    if (field.optional) steps.push_back(child);
    AddPaths(child, field.type, steps, depth + 1, out);
  }
}

namespace {

std::vector<const Operation*> OperationsWhere(const SchemaModel& model,
                                              const std::vector<std::string>& resources,
                                              const std::vector<std::string>& verbs) {
  std::vector<const Operation*> ops;
  for (const Operation& op : model.operations) {
    bool resource_ok =
        resources.empty() || std::count(resources.begin(), resources.end(), op.resource) > 0;
    if (resource_ok && std::count(verbs.begin(), verbs.end(), op.verb) > 0) ops.push_back(&op);
  }
  return ops;
}

std::vector<std::string> VerbsOf(const SchemaModel& model, const std::string& resource) {
  std::vector<std::string> verbs;
  for (const Operation& op : model.operations) {
    if (op.resource == resource && std::count(verbs.begin(), verbs.end(), op.verb) == 0) {
      verbs.push_back(op.verb);
    }
  }
  return verbs;
}

// One or two distinct items of `items`.
std::vector<std::string> OneOrTwo(Rng& rng, std::vector<std::string> items) {
  rng.Shuffle(items);
  items.resize(std::min<size_t>(items.size(), rng.Chance(70) ? 1 : 2));
  return items;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// `VERB[, VERB] on RESOURCE[, RESOURCE]`: every verb must exist on every
// resource, so the verbs are drawn from those the resources share.
Target VerbsOnResources(Rng& rng, const SchemaModel& model) {
  std::vector<std::string> resources = OneOrTwo(rng, model.Resources());
  std::vector<std::string> shared = VerbsOf(model, resources[0]);
  for (const std::string& resource : resources) {
    std::vector<std::string> verbs = VerbsOf(model, resource);
    std::erase_if(shared, [&](const std::string& v) {
      return std::count(verbs.begin(), verbs.end(), v) == 0;
    });
  }
  if (shared.empty()) {
    resources.resize(1);
    shared = VerbsOf(model, resources[0]);
  }
  std::vector<std::string> verbs = OneOrTwo(rng, shared);
  return Target{Join(verbs) + " on " + Join(resources), OperationsWhere(model, resources, verbs)};
}

Target NamedOperations(Rng& rng, const SchemaModel& model) {
  std::vector<const Operation*> all;
  for (const Operation& op : model.operations) all.push_back(&op);
  rng.Shuffle(all);
  all.resize(rng.Chance(75) ? 1 : 2);
  std::vector<std::string> names;
  names.reserve(all.size());
  for (const Operation* op : all) {
    names.push_back(rng.Chance(30) ? op->Id() : op->resource + "." + op->name);
  }
  return Target{"operation " + Join(names), all};
}

}  // namespace

Target RandomTarget(Rng& rng, const SchemaModel& model) {
  switch (rng.Weighted({40, 15, 35, 10})) {
    case 0: return VerbsOnResources(rng, model);
    case 1: {
      std::vector<std::string> verbs = OneOrTwo(rng, model.Verbs());
      return Target{Join(verbs), OperationsWhere(model, {}, verbs)};
    }
    case 2: return NamedOperations(rng, model);
    default: {
      std::vector<const Operation*> all;
      for (const Operation& op : model.operations) all.push_back(&op);
      return Target{"anything", all};
    }
  }
}

std::vector<Field> SharedInputs(const std::vector<const Operation*>& ops) {
  std::vector<Field> shared;
  for (const Field& field : ops.front()->input) {
    Field merged = field;
    bool everywhere = true;
    for (const Operation* op : ops) {
      const Field* other = op->FindInput(field.name);
      everywhere = everywhere && other != nullptr && other->type == field.type;
      merged.optional = merged.optional || (other != nullptr && other->optional);
    }
    if (everywhere) shared.push_back(merged);
  }
  return shared;
}

bool Scope::IsReadable(const Path& path) const {
  return std::all_of(path.optional_steps.begin(), path.optional_steps.end(),
                     [&](const std::string& step) {
                       return std::find(guards.begin(), guards.end(), step) != guards.end();
                     });
}

void ExprGen::Enter(Scope& scope) {
  scope_ = &scope;
  std::vector<Path>& paths = root_paths_;
  paths.clear();
  for (const Field& field : scope.inputs) {
    AddPaths(field.name, field.type,
             field.optional ? std::vector{field.name} : std::vector<std::string>{}, 0, paths);
  }
  for (const Field& field : model_.context) {
    std::string text = "context." + field.name;
    AddPaths(text, field.type, field.optional ? std::vector{text} : std::vector<std::string>{}, 0,
             paths);
  }
  paths.push_back(Path{"context.time", model_.Primitive(Kind::kTimestamp), {}});
  AddDataPaths(paths);
}

std::vector<Path> ExprGen::AllPaths() {
  std::vector<Path> paths = root_paths_;
  for (const Variable& variable : scope_->variables) {
    AddPaths(variable.name, variable.type, {}, 0, paths);
    AddVariableEntries(variable, paths);
  }
  return paths;
}

std::vector<Path> ExprGen::Paths() {
  std::vector<Path> paths = AllPaths();
  std::erase_if(paths, [](const Path& path) { return path.type->Is(Kind::kMap); });
  return paths;
}

std::vector<Path> ExprGen::Readable(const Type* type) {
  std::vector<Path> out;
  for (Path& path : Paths()) {
    if ((type == nullptr || path.type == type) && scope_->IsReadable(path)) out.push_back(path);
  }
  return out;
}

std::vector<Path> ExprGen::Unreadable() {
  std::vector<Path> out;
  for (Path& path : Paths()) {
    if (!scope_->IsReadable(path)) out.push_back(path);
  }
  return out;
}

std::vector<Path> ExprGen::ReadableListsOf(const Type* element) {
  return Readable(model_.ListOf(element));
}

// Readable lists of records that have a required field of `field_type`:
// `doc.items[0].name` may read only required fields (an optional one
// behind an index cannot be guarded).
std::vector<Path> ExprGen::RecordListsWithField(const Type* field_type) {
  std::vector<Path> out;
  for (Path& path : Readable(nullptr)) {
    if (!path.type->Is(Kind::kList) || !path.type->element->Is(Kind::kRecord)) continue;
    for (const Field& field : path.type->element->fields) {
      if (!field.optional && field.type == field_type) {
        out.push_back(path);
        break;
      }
    }
  }
  return out;
}

// Names that no let, input field or outer variable has (E0219): lets and
// fields never end in a digit after a single letter.
std::string ExprGen::NewVariable(const Type* element) {
  const char* stem = element->Is(Kind::kRecord)   ? "it"
                     : element->Is(Kind::kEmail)  ? "e"
                     : element->Is(Kind::kList)   ? "row"
                     : element->Is(Kind::kString) ? "s"
                                                  : "v";
  return stem + std::to_string(++variables_made_);
}

// A scalar type of which a value can be made here (with `convert` false,
// one that is not a constant string).
const Type* ExprGen::PickScalarType(bool convert) {
  std::vector<const Type*> types;
  for (const Type* type : model_.AllTypes()) {
    if (type->IsScalar() && CanMake(type, convert)) types.push_back(type);
  }
  return rng_.Pick(types);
}

// Mostly the type of something readable in the request, so that
// comparisons are about the request rather than between constants.
const Type* ExprGen::PickSubjectType() {
  std::vector<const Type*> types;
  for (Path& path : Readable(nullptr)) {
    if (path.type->IsScalar() && !path.type->Is(Kind::kBool)) types.push_back(path.type);
  }
  if (!types.empty() && rng_.Chance(75)) return rng_.Pick(types);
  // A bool, compared with `==`, is mostly a roundabout condition.
  const Type* type = PickScalarType(false);
  return type->Is(Kind::kBool) && rng_.Chance(80) ? model_.Primitive(Kind::kInt) : type;
}

std::string ExprGen::FieldOf(const std::string& text) const {
  std::string path = text;
  while (!path.empty() && path.back() == ']') path.resize(path.rfind('['));
  bool is_path = !path.empty() && std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  });
  if (!is_path) return "";
  if (auto it = variable_fields_.find(path); it != variable_fields_.end()) return it->second;
  return path.substr(path.rfind('.') + 1);
}

}  // namespace intent::difftest
