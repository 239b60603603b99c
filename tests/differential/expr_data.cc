// Reading data documents (docs/data.md): `data.NAME`, entries `data.M[k]`
// keyed by request paths, variables and literals (missing keys are
// evaluation errors), `k in M`, `has M[k]`, `has M[k].field` guarding
// later reads, membership in data lists (hashed from 16 elements), and
// maps inside values. Lets never read data (E0211): LetGen makes no paths.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "tests/differential/expr_gen.h"

namespace intent::difftest {
namespace {

constexpr const char* kDataPrefix = "data.";

bool IsData(const Path& path) { return path.text.starts_with(kDataPrefix); }

// The document a path is ("data.members" -> "members"), or "" for
// anything else, entries included.
std::string DocumentOf(const std::string& text) {
  if (!text.starts_with(kDataPrefix)) return "";
  std::string name = text.substr(std::string_view(kDataPrefix).size());
  bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  return plain ? name : "";
}

// A string literal whose text is its value: the checker names a map entry
// by the key's value (`data.m["a"]`), the generator by its text, and the
// two must agree for `has data.m["a"].f` to guard `data.m["a"].f`.
std::optional<std::string> PlainLiteral(const std::string& value) {
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || u < 0x20 || u == 0x7F) return std::nullopt;
  }
  return "\"" + value + "\"";
}

// The digit a variable's name ends with: entries keyed by variables are
// made from it, so that every call of AllPaths() gives the same paths.
int VariableDigit(const std::string& name) {
  return name.empty() || !std::isdigit(static_cast<unsigned char>(name.back())) ? 1
                                                                                : name.back() - '0';
}

}  // namespace

void ExprGen::AddDataPaths(std::vector<Path>& paths) {
  // Made apart and appended at the end: keys are read from `paths`.
  std::vector<Path> data;
  for (const Field& document : model_.data) {
    Path root{kDataPrefix + document.name, document.type, {}};
    data.push_back(root);
    if (!document.type->Is(Kind::kMap)) continue;
    // Reads of `empty` always fail: mostly behind `has`.
    int guard_odds = document.name == "empty" ? 85 : 50;
    int entries = static_cast<int>(rng_.Weighted({30, 45, 25}));
    for (int i = 0; i < entries; ++i) {
      Expr key = Key(root, 0, true);
      AddEntry(root, key.text, rng_.Chance(guard_odds), *PlainLiteral(rng_.Pick(NestedKeys())),
               data);
    }
  }
  paths.insert(paths.end(), data.begin(), data.end());
}

// `map[key]` and the paths below it. A guarded entry must be proved present
// by `has` before it is read; an unguarded one is read as it is, and a
// missing key is an evaluation error.
void ExprGen::AddEntry(const Path& map, const std::string& key, bool guarded,
                       const std::string& nested_key, std::vector<Path>& paths) const {
  std::string entry = map.text + "[" + key + "]";
  std::vector<std::string> steps = map.optional_steps;
  if (guarded) steps.push_back(entry);
  size_t first = paths.size();
  AddPaths(entry, map.type->element, steps, 0, paths);
  // One entry of each map in the value (Member.limits). Its own guard only
  // when the map is a required field: `has m[k].quota["x"]` does not guard
  // `m[k].quota` (prefixes end at dots), so an optional map is guarded
  // with `has m[k].quota` and its entry read unguarded.
  for (size_t i = first, end = paths.size(); i < end; ++i) {
    if (!paths[i].type->Is(Kind::kMap)) continue;
    Path nested = paths[i];
    std::string nested_entry = nested.text + "[" + nested_key + "]";
    bool field_optional =
        !nested.optional_steps.empty() && nested.optional_steps.back() == nested.text;
    if (guarded && !field_optional) nested.optional_steps.push_back(nested_entry);
    AddPaths(nested_entry, nested.type->element, nested.optional_steps, 0, paths);
  }
}

void ExprGen::AddVariableEntries(const Variable& variable, std::vector<Path>& paths) const {
  int digit = VariableDigit(variable.name);
  if (digit % 3 != 0) return;
  for (const Field& document : model_.data) {
    if (!document.type->Is(Kind::kMap) || document.type->key != variable.type) continue;
    const std::string& nested = NestedKeys()[static_cast<size_t>(digit) % NestedKeys().size()];
    bool guarded = digit % 2 == 0 || document.name == "empty";
    AddEntry(Path{kDataPrefix + document.name, document.type, {}}, variable.name, guarded,
             *PlainLiteral(nested), paths);
  }
}

std::vector<Path> ExprGen::MapPaths(bool readable_only) {
  std::vector<Path> maps;
  for (Path& path : AllPaths()) {
    if (path.type->Is(Kind::kMap) && (!readable_only || scope_->IsReadable(path))) {
      maps.push_back(path);
    }
  }
  return maps;
}

std::vector<Path> ExprGen::DataPaths(bool readable) {
  std::vector<Path> out;
  for (Path& path : Paths()) {
    if (IsData(path) && scope_->IsReadable(path) == readable) out.push_back(path);
  }
  return out;
}

const ConstantSet* ExprGen::KeyPool(const Path& map) {
  std::string document = DocumentOf(map.text);
  if (document.empty()) return nullptr;  // a map in a value: NestedKeys()
  return &constants_.data_keys[document];
}

// Files a few of `pool`'s values under `field`, for requests to fill it
// with: lookups by request values then hit as well as miss.
void ExprGen::FileDataValues(const ConstantSet& pool, const std::string& field) {
  if (field.empty()) return;
  for (int i = 0; i < 2; ++i) {
    if (!pool.strings.empty())
      constants_.Add(&ConstantSet::strings, rng_.Pick(pool.strings), field);
    if (!pool.emails.empty()) constants_.Add(&ConstantSet::emails, rng_.Pick(pool.emails), field);
    if (!pool.ints.empty()) constants_.Add(&ConstantSet::ints, rng_.Pick(pool.ints), field);
  }
}

// A key for `map`: a request path, a variable, `principal`, a literal that
// is (or is not) a key, or with `path_like` false any value of the key
// type. A path-like key names the entry in `has` guards: a path or a plain
// literal (a negative int is `-N`, an expression, so it is not one).
Expr ExprGen::Key(const Path& map, int depth, bool path_like) {
  const Type* type = map.type->key;
  const ConstantSet* pool = KeyPool(map);
  ConstantSet nested;
  if (pool == nullptr) {
    nested.strings = NestedKeys();
    pool = &nested;
  }
  std::vector<Path> paths = Readable(type);
  std::vector<Path> emails;
  if (type->Is(Kind::kString)) emails = Readable(model_.Primitive(Kind::kEmail));
  bool is_string = type->Is(Kind::kString);
  switch (rng_.Weighted({paths.empty() ? 0 : 35, is_string ? 15 : 0, emails.empty() ? 0 : 8, 30,
                         path_like ? 0 : 35})) {
    case 0: {
      const Path& path = rng_.Pick(paths);
      FileDataValues(*pool, FieldOf(path.text));
      return Expr{path.text};
    }
    case 1: FileDataValues(*pool, "principal"); return Expr{"principal"};
    case 2: return Expr{rng_.Pick(emails).text + (rng_.Chance(50) ? ".local" : ".domain")};
    case 3: break;
    default: return Value(type, depth, true);
  }
  if (type->Is(Kind::kInt)) {
    int64_t value =
        !pool->ints.empty() && rng_.Chance(70) ? rng_.Pick(pool->ints) : rng_.Pick(BoundaryInts());
    if (path_like && value < 0) value = 0;
    return Expr{IntLiteral(value), IsAtomicIntLiteral(value) ? kAtomLevel : kNegateLevel};
  }
  std::string text = KeyText(type, *pool);
  if (!path_like) return Expr{StringLiteral(text, rng_)};
  // Keys with quotes or backslashes are written with escapes: another try.
  std::optional<std::string> plain = PlainLiteral(text);
  for (int tries = 0; !plain && tries < 8; ++tries) plain = PlainLiteral(KeyText(type, *pool));
  if (plain) return Expr{*plain};
  return Expr{type->Is(Kind::kEmail) ? "\"alice@example.com\"" : "\"alpha\""};
}

// The text of a string or email key literal: mostly a key of the map (an
// email with the domain's or the local part's case changed now and then),
// else a value from the pools.
std::string ExprGen::KeyText(const Type* type, const ConstantSet& pool) {
  if (!type->Is(Kind::kEmail)) {
    return !pool.strings.empty() && rng_.Chance(70) ? rng_.Pick(pool.strings) : rng_.Pick(Words());
  }
  std::string text = !pool.emails.empty() && rng_.Chance(70)
                         ? rng_.Pick(pool.emails)
                         : rng_.Pick(Locals()) + "@" + rng_.Pick(Domains());
  size_t at = text.rfind('@');
  if (rng_.Chance(25)) text = text.substr(0, at) + FlipCase(text.substr(at), rng_);
  if (rng_.Chance(15)) text = FlipCase(text.substr(0, at), rng_) + text.substr(at);
  return text;
}

// A condition about the data: most about their maps and lists, the rest
// about what the entries hold.
Expr ExprGen::DataCondition(int depth) {
  std::vector<Path> maps = MapPaths(true);
  std::vector<Path> all_maps = MapPaths(false);
  std::vector<Path> lists;
  for (Path& path : DataPaths(true)) {
    if (path.type->Is(Kind::kList) && path.type->element->IsScalar()) lists.push_back(path);
  }
  std::vector<Path> readable = DataPaths(true);
  bool guardable = !DataPaths(false).empty();
  switch (rng_.Weighted({maps.empty() ? 0 : 30, lists.empty() ? 0 : 20, readable.empty() ? 0 : 30,
                         guardable ? 15 : 0, all_maps.empty() ? 0 : 15})) {
    case 0: return MapPredicate(rng_.Pick(maps), depth);
    case 1: return DataListMembership(rng_.Pick(lists), depth);
    case 2: return PredicateOn(rng_.Pick(readable), depth - 1);
    case 4: {
      // `has` needs no guard on its path, only a readable key: a map in a
      // missing entry or an absent optional field, looked up by any key
      // (which is read, errors and cost included, whatever is absent).
      const Path& map = rng_.Pick(all_maps);
      Expr has{"has " + map.text + "[" + Key(map, depth - 1, false).text + "]"};
      return rng_.Chance(30) ? Not(has) : has;
    }
    default: {
      // Guarded() on a data path: `has data.m[k].f and data.m[k].f ...`.
      std::vector<Path> unguarded = DataPaths(false);
      const Path& path = rng_.Pick(unguarded);
      const std::string& deepest = path.optional_steps.back();
      size_t guards_before = scope_->guards.size();
      AddGuards(deepest, scope_->guards);
      Expr body = scope_->IsReadable(path) ? PredicateOn(path, depth - 1) : Expr{"true"};
      scope_->guards.resize(guards_before);
      bool negated = rng_.Chance(30);
      return negated ? Binary(Not(Expr{"has " + deepest}), "or", body)
                     : Binary(Expr{"has " + deepest}, "and", body);
    }
  }
}

// `x in data.L`, `x not in data.L`, `data.L contains x`; x is mostly a
// request value, with some of the list's elements filed for its field.
Expr ExprGen::DataListMembership(const Path& list, int depth) {
  const Type* element = list.type->element;
  Expr value = Value(element, depth - 1, true);
  std::string document = DocumentOf(list.text);
  if (!document.empty()) FileDataValues(constants_.data_keys[document], FieldOf(value.text));
  switch (rng_.Weighted({40, 20, 40})) {
    case 0: return Binary(value, "in", Expr{list.text});
    case 1: return Binary(value, "not in", Expr{list.text});
    default: return Binary(Expr{list.text}, "contains", value);
  }
}

// About a readable map: whether it has a key, and what is at it.
Expr ExprGen::MapPredicate(const Path& map, int depth) {
  const Type* value_type = map.type->element;
  int kind = static_cast<int>(rng_.Weighted({25, 10, 10, 20, 35}));
  // A record's optional fields are guarded by `has m[k].f`: a key for
  // reading a record must name the entry.
  bool path_like = kind >= 3 && value_type->Is(Kind::kRecord);
  Expr key = Key(map, std::max(depth - 1, 0), path_like);
  std::string entry = map.text + "[" + key.text + "]";
  switch (kind) {
    case 0: return Binary(key, "in", Expr{map.text});
    case 1: return Binary(key, "not in", Expr{map.text});
    case 2: return Expr{"has " + entry};
    case 3: {
      // `has m[k]` guarding a read of the entry.
      Expr has{"has " + entry};
      size_t guards_before = scope_->guards.size();
      scope_->guards.push_back(entry);
      Expr body = PredicateOn(Path{entry, value_type, {}}, depth - 1);
      scope_->guards.resize(guards_before);
      return Binary(has, "and", body);
    }
    default:
      // Read unguarded: a missing key is an evaluation error.
      return PredicateOn(Path{entry, value_type, {}}, depth - 1);
  }
}

}  // namespace intent::difftest
