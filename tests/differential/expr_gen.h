// Well-typed random expressions for rule conditions and limit keys. The
// generator tracks what the checker tracks: the type of everything it
// writes, which constant strings may be converted (to email, timestamp or
// an enum), and which optional paths a `has` guards at each point, so that
// every condition it writes checks without errors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/differential/pools.h"
#include "tests/differential/random.h"
#include "tests/differential/schema_model.h"

namespace intent::difftest {

// How tightly an expression binds, loosest first (docs/language.md 3.5).
// An operand looser than its place is parenthesised. A quantifier's body
// extends as far right as it can, so a quantifier is always parenthesised
// when it is an operand.
enum Level : int {
  kQuantifierLevel,
  kOrLevel,
  kAndLevel,
  kNotLevel,
  kCompareLevel,
  kAddLevel,
  kNegateLevel,
  kAtomLevel,  // literals, names, paths, calls, indexing, parentheses
};

struct Expr {
  std::string text;
  int level = kAtomLevel;
};

// `operand` where at least `level` is needed.
std::string Operand(const Expr& operand, int level);
// `lhs OP rhs` with the parentheses the operator's precedence needs.
Expr Binary(const Expr& lhs, const std::string& op, const Expr& rhs);
Expr Not(const Expr& operand);
Expr Negate(const Expr& operand);

// Whether constant strings convert to values of `type`: email, timestamp, enums.
bool Convertible(const Type* type);
// Whether `type` has literals of its own: bool, int, string, duration.
bool HasOwnLiterals(const Type* type);

// A named constant of the policy file being generated.
struct Let {
  std::string name;
  std::string value;  // the expression after '='
  const Type* type = nullptr;
  // The type its constant strings convert to where one is expected (the
  // element type for a list); null when it is not a chain of string
  // literals or its strings are plain text.
  const Type* converts_to = nullptr;
  bool is_pattern = false;         // a string literal that is a valid RE2 pattern
  int64_t number = 0;              // int value, or microseconds of a duration or instant
  std::vector<std::string> texts;  // the strings of a string let or list (regex: sample matches)
};

// A target: its text and the operations it covers.
struct Target {
  std::string text;
  std::vector<const Operation*> operations;
};
Target RandomTarget(Rng& rng, const SchemaModel& model);

// A value a condition can read: a path from an input field, a context
// field or a quantifier variable.
struct Path {
  std::string text;  // "doc.meta.extra.note", "context.user", "v2.name"
  const Type* type = nullptr;
  std::vector<std::string> optional_steps;  // prefixes (or itself) that may be absent
};

struct Variable {
  std::string name;
  const Type* type = nullptr;
};

// Adds `text` (of `type`) and, for a record, the paths through its fields
// to `out`, down to a few fields below it.
void AddPaths(const std::string& text, const Type* type,
              const std::vector<std::string>& optional_steps, int depth, std::vector<Path>& out);

// `has a.b.c` guards a, a.b and a.b.c (as the checker splits paths: at
// dots, so `has m[k].f` guards m, m[k] and m[k].f).
void AddGuards(const std::string& path, std::vector<std::string>& guards);

// What a condition can read at one point of a rule.
struct Scope {
  std::vector<Field> inputs;        // fields every covered operation has, with one type
  std::vector<Variable> variables;  // quantifier variables, innermost last
  std::vector<std::string> guards;  // optional paths a `has` proved present
  bool IsReadable(const Path& path) const;
};

// The input fields every operation in `ops` has with the same type; a
// field optional in any of them is optional.
std::vector<Field> SharedInputs(const std::vector<const Operation*>& ops);

// Files the constants generated while it lives under `field` (Constants).
class FieldHint {
 public:
  FieldHint(std::string& slot, std::string field)
      : slot_(slot), saved_(std::exchange(slot, std::move(field))) {}
  ~FieldHint() { slot_ = std::move(saved_); }
  FieldHint(const FieldHint&) = delete;
  FieldHint& operator=(const FieldHint&) = delete;

 private:
  std::string& slot_;
  std::string saved_;
};

class ExprGen {
 public:
  ExprGen(Rng& rng, SchemaModel& model, std::vector<Let>& lets, Constants& constants)
      : rng_(rng), model_(model), lets_(lets), constants_(constants) {}

  // A bool condition, at most about `depth` operators deep.
  std::string Condition(Scope& scope, int depth);
  // `has P` for an optional path not yet guarded (empty when there is none);
  // adds P to the scope's guards.
  std::string GuardingHas(Scope& scope, bool negated);
  // A scalar expression for `limit ... per KEY`.
  std::string LimitKey(Scope& scope);

 private:
  // expr_bool.cc: conditions.
  Expr Bool(int depth);
  Expr BoolLeaf();
  Expr Logical(int depth);
  Expr Compare(int depth);
  Expr CompareWith(const Expr& lhs, const Type* type, int depth);
  Expr Membership(int depth);
  Expr MembershipWith(const Expr& value, const Type* type, int depth);
  Expr StringOp(const Expr& lhs, int depth);
  Expr Quantifier(int depth);
  Expr QuantifierOver(const Expr& list, const Type* element, int depth);
  Expr RelateToRequest(const Expr& variable, const Type* type, int depth);
  Expr BodyAbout(const Variable& bound, int depth);
  Expr Guarded(int depth);
  Expr PredicateOn(const Path& path, int depth);
  Expr CountCompare();
  Expr WeekdayTest(const Expr& timestamp);

  // expr_data.cc: data documents (docs/data.md).
  void AddDataPaths(std::vector<Path>& paths);
  void AddEntry(const Path& map, const std::string& key, bool guarded,
                const std::string& nested_key, std::vector<Path>& paths) const;
  void AddVariableEntries(const Variable& variable, std::vector<Path>& paths) const;
  std::vector<Path> MapPaths(bool readable_only);
  std::vector<Path> DataPaths(bool readable);
  Expr DataCondition(int depth);
  Expr DataListMembership(const Path& list, int depth);
  Expr MapPredicate(const Path& map, int depth);
  Expr Key(const Path& map, int depth, bool path_like);
  std::string KeyText(const Type* type, const ConstantSet& pool);
  const ConstantSet* KeyPool(const Path& map);
  void FileDataValues(const ConstantSet& pool, const std::string& field);

  // expr_value.cc: values of a given type.
  Expr Value(const Type* type, int depth, bool convert);
  Expr Subject(const Type* type, int depth);
  std::optional<Expr> DerivedFromRequest(const Type* type);
  Expr IntValue(int depth);
  Expr StringValue(int depth);
  Expr EmailValue(int depth, bool convert);
  Expr TimestampValue(int depth, bool convert);
  Expr DurationValue(int depth);
  Expr EnumValue(const Type* type, int depth, bool convert);
  Expr Constant(const Type* type);
  Expr Count();
  bool CanMake(const Type* type, bool convert);

  // expr_lists.cc: lists, indexing, lets.
  Expr List(const Type* element, int depth, bool convert);
  Expr ConstantList(const Type* element);
  Expr MixedList(const Type* element, int depth);
  Expr Index(const Type* element, int depth);
  Expr IndexedField(const Type* type, int depth);
  bool HasLet(const Type* type, bool convert) const;
  Expr FromLet(const Type* type, bool convert);
  void RememberLet(const Let& let);

  // expr_paths.cc: what can be read.
  void Enter(Scope& scope);      // makes `scope` current
  std::vector<Path> AllPaths();  // every path, readable or not, maps included
  std::vector<Path> Paths();     // every path but maps (which only data hold)
  std::vector<Path> Readable(const Type* type);
  std::vector<Path> Unreadable();
  std::vector<Path> ReadableListsOf(const Type* element);
  std::vector<Path> RecordListsWithField(const Type* field_type);
  std::string NewVariable(const Type* element);
  const Type* PickScalarType(bool convert);
  const Type* PickSubjectType();
  // The field name of a path ("doc.items[0].name" -> "name"; a quantifier
  // variable -> the field of the list it ranges over); "" for other text.
  std::string FieldOf(const std::string& text) const;

  Rng& rng_;
  SchemaModel& model_;
  std::vector<Let>& lets_;
  Constants& constants_;
  Scope* scope_ = nullptr;
  std::vector<Path> root_paths_;  // from the scope's inputs and the context
  int variables_made_ = 0;
  std::string hint_field_;  // where Constant() files what it makes
  std::map<std::string, std::string> variable_fields_;
};

}  // namespace intent::difftest
