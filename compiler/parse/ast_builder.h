// Converts ANTLR's parse tree into our AST (private to compiler/parse).
// Split by construct: build_header.cc, build_rule.cc, build_expr.cc.
// Contexts may be incomplete after a syntax error, so every accessor result
// is checked; missing parts become ErrorExpr nodes.
#pragma once

#include <memory>

#include "IntentParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace intent::parse {

using P = intent_grammar::IntentParser;

class AstBuilder {
 public:
  // `syntax_error_offsets`: where the parser reported errors; an item whose
  // extent (up to the next item) holds one is marked as not parsed cleanly.
  AstBuilder(const SourceFile& file, DiagnosticBag& diagnostics,
             std::vector<uint32_t> syntax_error_offsets)
      : file_(file), diagnostics_(diagnostics), error_offsets_(std::move(syntax_error_offsets)) {}

  std::unique_ptr<ast::Module> Build(P::Module_Context* tree);

 private:
  // build_header.cc
  ast::Header BuildHeader(P::HeaderContext* ctx);
  // build_rule.cc
  void BuildLet(P::LetDeclContext* ctx, ast::Module& module);
  void BuildRule(P::Rule_Context* ctx, ast::Module& module);
  ast::Target BuildTarget(P::TargetContext* ctx);
  ast::Annotation BuildAnnotation(P::AnnotationContext* ctx);
  void BuildClause(P::ClauseContext* ctx, ast::Rule& rule);
  // build_expr.cc
  ast::ExprPtr BuildExpr(P::ExprContext* ctx);
  template <typename Operand, typename BuildOperand>
  ast::ExprPtr BuildChain(antlr4::ParserRuleContext* ctx, const std::vector<Operand*>& operands,
                          const std::vector<antlr4::tree::TerminalNode*>& operators,
                          ast::BinaryOp op, BuildOperand build);
  ast::ExprPtr BuildOr(P::OrExprContext* ctx);
  ast::ExprPtr BuildAnd(P::AndExprContext* ctx);
  ast::ExprPtr BuildNot(P::NotExprContext* ctx);
  ast::ExprPtr BuildQuantifier(P::QuantifierContext* ctx);
  ast::ExprPtr BuildComparison(P::ComparisonContext* ctx);
  ast::ExprPtr BuildAdditive(P::AdditiveContext* ctx);
  ast::ExprPtr BuildUnary(P::UnaryContext* ctx);
  ast::ExprPtr BuildPostfix(P::PostfixContext* ctx);
  ast::ExprPtr BuildPostfixSteps(ast::ExprPtr result,
                                 const std::vector<P::PostfixOperatorContext*>& ops);
  ast::ExprPtr BuildPrimary(P::PrimaryContext* ctx);
  ast::ExprPtr BuildLiteral(P::LiteralContext* ctx);
  ast::ExprPtr BuildDuration(P::DurationLiteralContext* ctx);
  ast::ExprPtr BuildCount(P::NumberContext* ctx);
  ast::ExprPtr BuildString(antlr4::Token* token);
  ast::ExprPtr BuildIntToken(antlr4::Token* token);
  ast::ExprPtr BuildDurationToken(antlr4::Token* token);
  ast::ExprPtr BadNumber(antlr4::Token* token);

  // Helpers.
  // Sets the node's height; replaces a node beyond kMaxExprHeight by an
  // ErrorExpr (reported once per item).
  ast::ExprPtr Finish(ast::ExprPtr expr);
  ast::NodeId NextId() { return next_id_++; }
  ast::ExprPtr Error(SourceSpan span);
  SourceSpan Span(antlr4::Token* token) const;
  SourceSpan Span(antlr4::ParserRuleContext* ctx) const;
  ast::Name NameOf(antlr4::ParserRuleContext* ctx) const;  // ident/targetName/fieldName
  // Decodes a STRING token, reporting bad escapes.
  ast::Name DecodeString(antlr4::Token* token);

  bool HasErrorBetween(uint32_t begin, uint32_t end) const;

  const SourceFile& file_;
  DiagnosticBag& diagnostics_;
  std::vector<uint32_t> error_offsets_;
  ast::NodeId next_id_ = 0;
  bool too_deep_reported_ = false;
};

// True when the context or anything below it failed to parse.
bool ContainsSyntaxError(antlr4::tree::ParseTree* tree);

}  // namespace intent::parse
