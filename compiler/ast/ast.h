// The abstract syntax tree of one policy file. Every node has a source span
// and a module-unique id; later stages attach their results in side tables
// keyed by that id instead of mutating the tree.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source/source_file.h"

namespace intent::ast {

using NodeId = uint32_t;

// A name as written, with where it was written.
struct Name {
  std::string text;
  SourceSpan span;
};

enum class ExprKind {
  kBool,
  kInt,
  kString,
  kDuration,
  kList,
  kName,        // a let, a quantifier variable, an input field or a built-in
  kField,       // base.field
  kIndex,       // base[index]
  kCall,        // f(args)
  kUnary,       // not x, -x
  kBinary,      // x op y
  kQuantifier,  // all/any/none x in list: body
  kHas,         // has path
  kCount,       // count(target within duration)
  kError,       // stands in for a part that did not parse
};

enum class UnaryOp { kNot, kNegate };

enum class BinaryOp {
  kOr,
  kAnd,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kNotIn,
  kContains,
  kStartsWith,
  kEndsWith,
  kMatches,
  kAdd,
  kSub,
};
const char* Spelling(BinaryOp op);

enum class QuantifierKind { kAll, kAny, kNone };
const char* Spelling(QuantifierKind kind);

struct Expr {
  Expr(ExprKind k, NodeId i, SourceSpan s) : kind(k), id(i), span(s) {}
  virtual ~Expr() = default;
  const ExprKind kind;
  const NodeId id;
  SourceSpan span;
  // 1 + the height of the tallest child; the parser bounds it, so passes
  // may recurse over expressions.
  uint32_t height = 1;
};
using ExprPtr = std::unique_ptr<Expr>;

struct BoolLiteral : Expr {
  BoolLiteral(NodeId i, SourceSpan s, bool v) : Expr(ExprKind::kBool, i, s), value(v) {}
  bool value;
};

struct IntLiteral : Expr {
  IntLiteral(NodeId i, SourceSpan s, int64_t v) : Expr(ExprKind::kInt, i, s), value(v) {}
  int64_t value;
};

struct StringLiteral : Expr {
  StringLiteral(NodeId i, SourceSpan s, std::string v)
      : Expr(ExprKind::kString, i, s), value(std::move(v)) {}
  std::string value;  // escapes already decoded
};

struct DurationLiteral : Expr {
  DurationLiteral(NodeId i, SourceSpan s, int64_t us)
      : Expr(ExprKind::kDuration, i, s), microseconds(us) {}
  int64_t microseconds;
};

struct ListLiteral : Expr {
  ListLiteral(NodeId i, SourceSpan s) : Expr(ExprKind::kList, i, s) {}
  std::vector<ExprPtr> elements;
};

struct NameRef : Expr {
  NameRef(NodeId i, SourceSpan s, std::string n)
      : Expr(ExprKind::kName, i, s), name(std::move(n)) {}
  std::string name;
};

struct FieldAccess : Expr {
  FieldAccess(NodeId i, SourceSpan s, ExprPtr b, Name f)
      : Expr(ExprKind::kField, i, s), base(std::move(b)), field(std::move(f)) {}
  ExprPtr base;
  Name field;
};

struct IndexAccess : Expr {
  IndexAccess(NodeId i, SourceSpan s, ExprPtr b, ExprPtr x)
      : Expr(ExprKind::kIndex, i, s), base(std::move(b)), index(std::move(x)) {}
  ExprPtr base;
  ExprPtr index;
};

struct Call : Expr {
  Call(NodeId i, SourceSpan s, Name c) : Expr(ExprKind::kCall, i, s), callee(std::move(c)) {}
  Name callee;
  std::vector<ExprPtr> args;
};

struct Unary : Expr {
  Unary(NodeId i, SourceSpan s, UnaryOp o, ExprPtr x)
      : Expr(ExprKind::kUnary, i, s), op(o), operand(std::move(x)) {}
  UnaryOp op;
  ExprPtr operand;
};

struct Binary : Expr {
  Binary(NodeId i, SourceSpan s, BinaryOp o, SourceSpan os, ExprPtr l, ExprPtr r)
      : Expr(ExprKind::kBinary, i, s), op(o), op_span(os), lhs(std::move(l)), rhs(std::move(r)) {}
  BinaryOp op;
  SourceSpan op_span;
  ExprPtr lhs;
  ExprPtr rhs;
};

struct Quantifier : Expr {
  Quantifier(NodeId i, SourceSpan s, QuantifierKind k, Name v, ExprPtr l, ExprPtr b)
      : Expr(ExprKind::kQuantifier, i, s),
        quantifier(k),
        variable(std::move(v)),
        list(std::move(l)),
        body(std::move(b)) {}
  QuantifierKind quantifier;
  Name variable;
  ExprPtr list;
  ExprPtr body;
};

// `has a.b.c`: the path is a NameRef followed by FieldAccess nodes.
struct Has : Expr {
  Has(NodeId i, SourceSpan s, ExprPtr p) : Expr(ExprKind::kHas, i, s), path(std::move(p)) {}
  ExprPtr path;
};

struct ErrorExpr : Expr {
  ErrorExpr(NodeId i, SourceSpan s) : Expr(ExprKind::kError, i, s) {}
};

enum class TargetKind {
  kVerbs,       // VERB[, VERB]... [on RESOURCE[, RESOURCE]...]
  kOperations,  // operation OP[, OP]...
  kAnything,    // anything
};

struct Target {
  TargetKind kind = TargetKind::kAnything;
  std::vector<Name> verbs;       // kVerbs
  std::vector<Name> resources;   // kVerbs; empty means every resource
  std::vector<Name> operations;  // kOperations: "messages.send" or "gmail.messages.send"
  SourceSpan span;
};

struct Count : Expr {
  Count(NodeId i, SourceSpan s, Target t, ExprPtr w)
      : Expr(ExprKind::kCount, i, s), target(std::move(t)), window(std::move(w)) {}
  Target target;
  ExprPtr window;  // a DurationLiteral (or ErrorExpr)
};

enum class Effect { kAllow, kAsk, kForbid };
const char* Spelling(Effect effect);

struct Annotation {
  Name name;                    // without the '@'
  std::vector<Name> arguments;  // decoded string arguments
  SourceSpan span;
};

struct Limit {
  ExprPtr count;   // an IntLiteral (or ErrorExpr)
  ExprPtr window;  // a DurationLiteral (or ErrorExpr)
  ExprPtr key;     // null without `per KEY`
  SourceSpan span;
};

struct Rule {
  NodeId id = 0;
  std::vector<Annotation> annotations;
  Effect effect = Effect::kAllow;
  SourceSpan effect_span;
  Target target;
  std::vector<ExprPtr> when;    // every one must hold
  std::vector<ExprPtr> unless;  // none may hold
  std::vector<Limit> limits;    // at most one is valid; more is a checker error
  std::vector<Name> because;    // at most one is valid
  // `approve within D` (ask rules): how long the approval it asks for
  // stays open. DurationLiterals (or ErrorExprs); at most one is valid.
  std::vector<ExprPtr> approve_within;
  SourceSpan span;
  // True when part of the rule did not parse; the checker skips such rules
  // so that one typo does not produce a cascade of follow-on errors.
  bool has_syntax_error = false;
};

struct Let {
  NodeId id = 0;
  Name name;
  ExprPtr value;
  SourceSpan span;
  bool has_syntax_error = false;
};

enum class DefaultEffect { kDeny, kAsk };

struct Header {
  Name policy_name;  // decoded
  Name schema;
  std::vector<Name> agents;               // decoded ids from `applies to agent "ID"`, ...
  std::vector<SourceSpan> applies_items;  // one per `applies to` clause
  std::vector<Name> timezones;
  struct DefaultItem {
    DefaultEffect effect;
    SourceSpan span;
  };
  std::vector<DefaultItem> defaults;
  SourceSpan span;
};

struct Module {
  const SourceFile* file = nullptr;
  std::optional<Header> header;  // absent when the file has none (an error)
  std::vector<Let> lets;
  std::vector<Rule> rules;
  NodeId node_count = 0;  // ids are 0 .. node_count-1
};

// Calls `visit` on each direct child of `expr`, in source order.
void ForEachChild(const Expr& expr, const std::function<void(const Expr&)>& visit);

// The largest height among an expression's direct children (0 for a leaf).
uint32_t ChildHeight(const Expr& expr);

// A readable, indented dump of the tree (`intentc compile --emit ast`, tests).
// With `annotate`, each expression's line is followed by " : " and its text
// (the checker's types, for `intentc compile --emit typed-ast`).
std::string Dump(const Module& module,
                 const std::function<std::string(const Expr&)>& annotate = nullptr);

}  // namespace intent::ast
