// List values (request lists, literals of constants, literals mixing
// request values, nested lists), indexing, and the use of lets.
#include <algorithm>

#include "tests/differential/expr_gen.h"

namespace intent::difftest {
namespace {

// Whether `let` can stand where a `type` is expected: it has that type, or
// (with `convert`) its constant strings convert to it.
bool LetFits(const Let& let, const Type* type, bool convert) {
  if (let.type == type) return true;
  if (!convert || let.converts_to == nullptr) return false;
  return type->Is(Kind::kList) ? let.type->Is(Kind::kList) && let.converts_to == type->element
                               : !let.type->Is(Kind::kList) && let.converts_to == type;
}

}  // namespace

bool ExprGen::HasLet(const Type* type, bool convert) const {
  return std::any_of(lets_.begin(), lets_.end(),
                     [&](const Let& let) { return LetFits(let, type, convert); });
}

Expr ExprGen::FromLet(const Type* type, bool convert) {
  std::vector<Let*> usable;
  for (Let& let : lets_) {
    if (LetFits(let, type, convert)) usable.push_back(&let);
  }
  Let* let = rng_.Pick(usable);
  RememberLet(*let);
  return Expr{let->name};
}

// Files a let's values under the field it is compared with.
void ExprGen::RememberLet(const Let& let) {
  if (hint_field_.empty()) return;
  ConstantSet& set = constants_.by_field[hint_field_];
  for (const std::string& text : let.texts) {
    if (let.converts_to == model_.Primitive(Kind::kEmail)) {
      set.emails.push_back(text);
    } else if (let.converts_to == model_.Primitive(Kind::kTimestamp)) {
      set.timestamps.push_back(ParseInstant(text));
    } else {
      set.strings.push_back(text);
    }
  }
  if (let.type == model_.Primitive(Kind::kInt)) set.ints.push_back(let.number);
  if (let.type == model_.Primitive(Kind::kDuration)) set.durations.push_back(let.number);
  if (let.type == model_.Primitive(Kind::kTimestamp)) set.timestamps.push_back(let.number);
}

// A list<element>. With `convert`, a list of constant strings stands for
// emails, timestamps or enum values.
Expr ExprGen::List(const Type* element, int depth, bool convert) {
  const Type* list_type = model_.ListOf(element);
  std::vector<Path> paths = ReadableListsOf(element);
  // At the bottom, a request list ends the recursion (index -> list -> ...).
  if (depth <= 0 && !paths.empty()) return Expr{rng_.Pick(paths).text};
  std::vector<Path> nested = Readable(model_.ListOf(list_type));
  bool constant_ok = HasOwnLiterals(element) || (convert && Convertible(element));
  bool mixed_ok = element->IsScalar() && CanMake(element, false);
  switch (rng_.Weighted({paths.empty() ? 0 : 40, constant_ok ? 25 : 0,
                         HasLet(list_type, convert) ? 10 : 0, mixed_ok ? 15 : 0,
                         nested.empty() ? 0 : 10})) {
    case 0: return Expr{rng_.Pick(paths).text};
    case 1: return ConstantList(element);
    case 2: return FromLet(list_type, convert);
    case 3: return MixedList(element, std::max(depth - 1, 0));
    default: return Index(list_type, std::max(depth - 1, 0));
  }
}

Expr ExprGen::ConstantList(const Type* element) {
  std::string text = "[";
  int size = static_cast<int>(rng_.Range(1, 4));
  for (int i = 0; i < size; ++i) text += (i ? ", " : "") + Constant(element).text;
  return Expr{text + (rng_.Chance(10) ? ",]" : "]")};
}

// A list literal with request values in it. Its element type is that of
// the first element that is not a string literal, so that one is a real
// value of the element type; constants after it are string literals
// (converted) or the type's own literals.
Expr ExprGen::MixedList(const Type* element, int depth) {
  std::string text = "[" + Value(element, depth, false).text;
  int more = static_cast<int>(rng_.Range(1, 3));
  for (int i = 0; i < more; ++i) {
    bool constant = rng_.Chance(60);
    text += ", " + (constant ? Constant(element) : Value(element, depth, false)).text;
  }
  return Expr{text + "]"};
}

// `list[i]`, with indexes that are sometimes out of range.
Expr ExprGen::Index(const Type* element, int depth) {
  std::vector<Path> lists = ReadableListsOf(element);
  Expr list = !lists.empty() && rng_.Chance(75) ? Expr{rng_.Pick(lists).text}
                                                : List(element, std::max(depth, 0), false);
  Expr index;
  switch (rng_.Weighted({60, 15, 15, 10})) {
    case 0: index = Expr{std::to_string(rng_.Weighted({55, 25, 12, 8}))}; break;
    case 1: index = Expr{"size(" + list.text + ") - 1", kAddLevel}; break;
    case 2: index = IntValue(std::max(depth - 1, 0)); break;
    default: index = Expr{"-1", kNegateLevel}; break;
  }
  return Expr{Operand(list, kAtomLevel) + "[" + index.text + "]"};
}

// `doc.items[0].name`: a required field of an indexed record.
Expr ExprGen::IndexedField(const Type* type, int depth) {
  std::vector<Path> lists = RecordListsWithField(type);
  if (lists.empty()) return Value(type, 0, false);
  const Path& list = rng_.Pick(lists);
  std::vector<std::string> fields;
  for (const Field& field : list.type->element->fields) {
    if (!field.optional && field.type == type) fields.push_back(field.name);
  }
  std::string index = rng_.Chance(80) ? std::to_string(rng_.Range(0, 2)) : IntValue(depth).text;
  return Expr{list.text + "[" + index + "]." + rng_.Pick(fields)};
}

}  // namespace intent::difftest
